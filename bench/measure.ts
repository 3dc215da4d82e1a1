/** Small measuring tools shared by the benchmarks. */

export interface Figures {
  operations: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export const percentile = (sortedMs: number[], p: number): number =>
  sortedMs.length === 0 ? NaN : sortedMs[Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1)];

/**
 * Runs `operation` from `concurrency` loops for `seconds` (after an unmeasured warm-up) and
 * reports throughput and latency percentiles. Bounded in time: it stops by itself.
 */
/** One figure from several measurements of the same operation. */
export function combine(parts: (Figures & { latencies?: number[] })[]): Figures {
  const latencies = parts.flatMap((p) => p.latencies ?? []).sort((a, b) => a - b);
  const operations = parts.reduce((n, p) => n + p.operations, 0);
  const seconds = parts.reduce((n, p) => n + p.seconds, 0);
  return { operations, seconds, perSecond: operations / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

export async function load(
  operation: (i: number) => Promise<unknown>,
  { concurrency, seconds, warmupSeconds = 2 }: { concurrency: number; seconds: number; warmupSeconds?: number },
): Promise<Figures & { latencies: number[] }> {
  let counter = 0;
  const run = async (until: number, latencies?: number[]) => {
    while (Date.now() < until) {
      const started = process.hrtime.bigint();
      await operation(counter++);
      latencies?.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  };
  const loops = (until: number, latencies?: number[]) => Promise.all(Array.from({ length: concurrency }, () => run(until, latencies)));
  await loops(Date.now() + warmupSeconds * 1000);
  const latencies: number[] = [];
  const started = Date.now();
  await loops(started + seconds * 1000, latencies);
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    operations: latencies.length,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    latencies,
  };
}

export const format = (f: Figures, unit: string) =>
  `${f.perSecond.toFixed(0)} ${unit}/s (${f.operations} in ${f.seconds.toFixed(1)} s), p50 ${f.p50Ms.toFixed(2)} ms, p99 ${f.p99Ms.toFixed(2)} ms`;
