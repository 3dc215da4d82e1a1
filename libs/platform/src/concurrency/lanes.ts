/**
 * Runs `work` on each item, at most `concurrency` at a time, in order of the items. Once a
 * `work` has thrown, or `halt()` answers true, no further item is started; the first error is
 * thrown once the items already under way have finished (none is abandoned mid-flight).
 */
export async function inLanes<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
  halt: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (next < items.length && !failure && !halt()) {
      try {
        await work(items[next++]);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  if (failure) throw failure.error;
}
