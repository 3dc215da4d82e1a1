import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { StoredEvent } from './event-store.port';
import { GENESIS_HASH, canonicalJson, hashEvent, sealEvents, verifyChain } from './hash-chain';
import { newEvent, newEvents } from './testing/event-store.contract';

const stored = (streamId: string, count: number): StoredEvent[] =>
  sealEvents(streamId, undefined, newEvents(count)).map((event, i) => ({ ...event, position: BigInt(i + 1) }));

describe('canonicalJson', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('sorts integer-like keys as text and leaves out undefined fields', () => {
    expect(canonicalJson({ 10: 'a', 9: 'b', x: undefined })).toBe('{"10":"a","9":"b"}');
  });

  it('writes any JSON value exactly as the first version of the chain did (so stored hashes stay valid)', () => {
    const firstVersion = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(firstVersion).join(',')}]`;
      if (value !== null && typeof value === 'object') {
        const fields = Object.entries(value)
          .filter(([, field]) => field !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, field]) => `${JSON.stringify(key)}:${firstVersion(field)}`);
        return `{${fields.join(',')}}`;
      }
      return JSON.stringify(value);
    };
    fc.assert(fc.property(fc.jsonValue(), (value) => canonicalJson(value) === firstVersion(value)), { numRuns: 2000 });
  });
});

describe('sealEvents', () => {
  it('numbers a new stream from 0 and chains from the genesis hash', () => {
    const [first, second] = sealEvents('case-1', undefined, newEvents(2));
    expect([first.revision, second.revision]).toEqual([0n, 1n]);
    expect(first.metadata.prevHash).toBe(GENESIS_HASH);
    expect(second.metadata.prevHash).toBe(first.metadata.hash);
  });

  it('continues after the head of an existing stream', () => {
    const [event] = sealEvents('case-1', { revision: 6n, hash: 'abc' }, newEvents(1));
    expect(event.revision).toBe(7n);
    expect(event.metadata.prevHash).toBe('abc');
  });

  it('hashes the documented content: canonical JSON of the event, metadata without hash', () => {
    const input = newEvent({ recordedAt: '2026-03-01T08:00:00Z', data: { b: 1, a: 2 } });
    const [event] = sealEvents('case-1', undefined, [input]);
    const { hash, ...metadata } = event.metadata;
    const content = {
      streamId: 'case-1',
      revision: '0',
      eventId: input.eventId,
      type: input.type,
      version: 1,
      recordedAt: '2026-03-01T08:00:00.000Z',
      data: { a: 2, b: 1 },
      metadata,
    };
    expect(hash).toBe(createHash('sha256').update(canonicalJson(content)).digest('hex'));
    expect(hashEvent(event)).toBe(hash);
  });

  it('normalizes content to what a JSON store reads back', () => {
    const [event] = sealEvents('case-1', undefined, [
      newEvent({ recordedAt: '2026-03-01T16:00:00+08:00', data: { at: new Date('2026-03-01T00:00:00Z'), gone: undefined } }),
    ]);
    expect(event.recordedAt).toBe('2026-03-01T08:00:00.000Z');
    expect(event.data).toEqual({ at: '2026-03-01T00:00:00.000Z' });
  });
});

describe('verifyChain', () => {
  it('accepts an intact stream, and an empty one', () => {
    expect(verifyChain(stored('case-1', 3))).toEqual({ valid: true, events: 3 });
    expect(verifyChain([])).toEqual({ valid: true, events: 0 });
  });

  it('names a changed event', () => {
    const events = stored('case-1', 3);
    events[1].data = { note: 'changed' };
    expect(verifyChain(events)).toEqual({ valid: false, events: 3, brokenAt: 1n });
  });

  it('names the event after a removed one', () => {
    const events = stored('case-1', 3);
    expect(verifyChain([events[0], events[2]])).toEqual({ valid: false, events: 2, brokenAt: 2n });
  });

  it('names the event after one whose hash was recomputed to hide a change', () => {
    const events = stored('case-1', 3);
    events[0].metadata.actorId = 'someone-else';
    events[0].metadata.hash = hashEvent(events[0]);
    expect(verifyChain(events)).toEqual({ valid: false, events: 3, brokenAt: 1n });
  });
});
