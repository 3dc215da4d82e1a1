const NOTHING_READY = Symbol('nothing ready');

/** Resolves after `ms`, or after the pending microtasks when `ms` is 0, so an item the source already holds wins the race. */
const nothingReadyWithin = (ms: number) =>
  new Promise<typeof NOTHING_READY>((resolve) =>
    ms > 0 ? setTimeout(resolve, ms, NOTHING_READY) : setImmediate(resolve, NOTHING_READY),
  );

/**
 * Groups an async iterable's items into batches of at most `max`. A batch ends when the
 * source has had nothing ready for `lingerMs` since the batch's first item: during catch-up
 * the source has plenty ready and batches fill up; live, a lone event waits at most
 * `lingerMs` for company, so that a steady trickle is applied in a few transactions rather
 * than one per event.
 */
export async function* batches<T>(source: AsyncIterable<T>, max: number, lingerMs = 0): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  // A pull still pending when the consumer stops must not become an unhandled rejection.
  const pull = () => {
    const pending = iterator.next();
    pending.catch(() => undefined);
    return pending;
  };
  let next = pull();
  for (;;) {
    const first = await next;
    if (first.done) return;
    const batch = [first.value];
    const deadline = Date.now() + lingerMs;
    next = pull();
    while (batch.length < max) {
      const result = await Promise.race([next, nothingReadyWithin(Math.max(0, deadline - Date.now()))]);
      if (result === NOTHING_READY || result.done) break;
      batch.push(result.value);
      next = pull();
    }
    yield batch;
  }
}
