import type { DataSource } from 'typeorm';
import type { EventStore } from '@casebook/event-store';
import type { Projection } from '@casebook/projections';
import { ProjectionWorker } from './projection-worker';

const projection = (name: string): Projection => ({ name, version: 1, types: [], apply: async () => undefined });
const deps = { dataSource: { options: {} } as DataSource, store: {} as EventStore };

describe('ProjectionWorker', () => {
  it('refuses a projection listed twice', () => {
    expect(() => new ProjectionWorker(deps, [projection('a'), projection('b'), projection('a')])).toThrow(
      'projection a is listed twice',
    );
  });

  it('has an idle runner per projection until started', () => {
    expect(new ProjectionWorker(deps, [projection('a'), projection('b')]).states()).toEqual({ a: 'idle', b: 'idle' });
  });
});
