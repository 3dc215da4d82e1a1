const NOTHING_READY = Symbol('nothing ready');

/** Resolves after the pending microtasks, so that an item the source already holds wins the race. */
const nothingReadyNow = () => new Promise<typeof NOTHING_READY>((resolve) => setImmediate(resolve, NOTHING_READY));

/** Resolves after `ms`, one timer that lets the process exit. */
const idle = (ms: number) =>
  new Promise<typeof NOTHING_READY>((resolve) => setTimeout(resolve, ms, NOTHING_READY).unref());

/**
 * Groups an async iterable's items into batches of at most `max`. A batch ends when the
 * source has had nothing ready for `lingerMs` since the batch's first item: during catch-up
 * the source has plenty ready and batches fill up; live, a lone event waits at most
 * `lingerMs` for company, so that a steady trickle is applied in a few transactions rather
 * than one per event. One timer per batch, not per item: a catch-up passes millions of items.
 * `lingerMs` may be a function, asked at each batch's first item. With `idleMs`, an empty batch
 * is yielded whenever the source has had nothing for that long.
 */
export async function* batches<T>(
  source: AsyncIterable<T>,
  max: number,
  lingerMs: number | (() => number) = 0,
  idleMs?: number,
): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  // A pull still pending when the consumer stops must not become an unhandled rejection.
  const pull = () => {
    const pending = iterator.next();
    pending.catch(() => undefined);
    return pending;
  };
  let next = pull();
  for (;;) {
    const first = idleMs === undefined ? await next : await Promise.race([next, idle(idleMs)]);
    if (first === NOTHING_READY) {
      yield [];
      continue;
    }
    if (first.done) return;
    const batch = [first.value];
    let timer: NodeJS.Timeout | undefined;
    const wait = typeof lingerMs === 'number' ? lingerMs : lingerMs();
    let lingering = wait > 0;
    const linger = new Promise<typeof NOTHING_READY>((resolve) => {
      if (lingering) timer = setTimeout(() => resolve(NOTHING_READY), wait);
    }).finally(() => (lingering = false));
    next = pull();
    try {
      while (batch.length < max) {
        const result = await Promise.race([next, lingering ? linger : nothingReadyNow()]);
        if (result === NOTHING_READY || result.done) break;
        batch.push(result.value);
        next = pull();
      }
    } finally {
      clearTimeout(timer);
    }
    yield batch;
  }
}
