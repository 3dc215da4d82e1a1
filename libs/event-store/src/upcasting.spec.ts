import type { StoredEvent } from './event-store.port';
import { upcastEvent, upcasterFrom } from './upcasting';

const upcaster = upcasterFrom([
  { type: 'Renamed', from: 1, upcast: ({ name }) => ({ title: name }) },
  { type: 'Renamed', from: 2, upcast: (data) => ({ ...data, language: 'zh' }) },
]);

describe('upcasterFrom', () => {
  it('raises an event one version at a time to the latest', () => {
    expect(upcaster('Renamed', 1, { name: 'x' })).toEqual({ version: 3, data: { title: 'x', language: 'zh' } });
    expect(upcaster('Renamed', 2, { title: 'x' })).toEqual({ version: 3, data: { title: 'x', language: 'zh' } });
  });

  it('leaves current versions and other types alone', () => {
    const data = { title: 'x', language: 'en' };
    expect(upcaster('Renamed', 3, data)).toEqual({ version: 3, data });
    expect(upcaster('Other', 1, data)).toEqual({ version: 1, data });
  });

  it('refuses two steps from the same version', () => {
    const step = { type: 'Renamed', from: 1, upcast: (data: Record<string, unknown>) => data };
    expect(() => upcasterFrom([step, step])).toThrow('two upcast steps from Renamed@1');
  });
});

describe('upcastEvent', () => {
  const event = { type: 'Renamed', version: 1, data: { name: 'x' }, revision: 4n } as unknown as StoredEvent;

  it('replaces version and data, keeping the rest', () => {
    expect(upcastEvent(event, upcaster)).toEqual({ ...event, version: 3, data: { title: 'x', language: 'zh' } });
  });

  it('returns the event itself when nothing applies', () => {
    expect(upcastEvent(event, upcasterFrom([]))).toBe(event);
  });
});
