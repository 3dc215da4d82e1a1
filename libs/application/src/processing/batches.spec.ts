import { batches } from './batches';

/** A source that yields `ready` at once, then each of `later` only when released. */
function source(ready: number[], later: number[]) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  async function* items() {
    yield* ready;
    await released;
    yield* later;
  }
  return { items: items(), release };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of iterable) all.push(item);
  return all;
}

describe('batches', () => {
  it('fills batches up to the maximum from what is ready', async () => {
    const { items, release } = source([1, 2, 3, 4, 5], []);
    release();
    expect(await collect(batches(items, 2))).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('hands over what has arrived without waiting for a full batch', async () => {
    const { items, release } = source([1, 2], [3]);
    const iterator = batches(items, 500);
    expect(await iterator.next()).toEqual({ done: false, value: [1, 2] });
    release();
    expect(await iterator.next()).toEqual({ done: false, value: [3] });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('lets a live batch wait up to lingerMs after its first item for company', async () => {
    async function* trickle() {
      yield 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      yield 2;
      await new Promise((resolve) => setTimeout(resolve, 150));
      yield 3;
    }
    expect(await collect(batches(trickle(), 500, 80))).toEqual([[1, 2], [3]]);
  });

  it('ends with the source', async () => {
    const { items, release } = source([], []);
    release();
    expect(await collect(batches(items, 10))).toEqual([]);
  });

  it('with idleMs, yields an empty batch each time the source has had nothing for that long', async () => {
    async function* pause() {
      yield 1;
      await new Promise((resolve) => setTimeout(resolve, 130));
      yield 2;
    }
    const seen = await collect(batches(pause(), 500, 0, 50));
    expect(seen[0]).toEqual([1]);
    expect(seen.slice(1, -1).every((batch) => batch.length === 0) && seen.length >= 3).toBe(true);
    expect(seen[seen.length - 1]).toEqual([2]);
  });
});
