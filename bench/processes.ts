import { spawn, type ChildProcess } from 'node:child_process';
import { request, type Agent } from 'node:http';

/** The JWT secret the benchmarks' api and worker processes are started with. */
export const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret';

/** Starts a built app (`dist/…`) as in production; BENCH_NODE_FLAGS adds node flags (e.g. --cpu-prof). */
export function startProcess(script: string, env: Record<string, string>, args: string[] = []): ChildProcess {
  return spawn(process.execPath, [...(process.env.BENCH_NODE_FLAGS?.split(' ') ?? []), script, ...args], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', CASEBOOK_JWT_SECRET: BENCH_SECRET, CASEBOOK_CLOCK_START: '', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export const stop = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((exited) => child.once('exit', exited).kill('SIGTERM'));

/** Ready: the api answers and the worker's projections run (so admin writes become visible). */
export async function waitUntilReady(base: string, tries = 1200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the api and worker did not become ready');
}

/** A keep-alive HTTP/1.1 call: lighter than fetch, so the load generator takes less of the CPU it shares. */
export function call(agent: Agent, method: string, url: string, token: string, body?: unknown): Promise<{ status: number; body: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method,
      agent,
      headers: {
        authorization: `Bearer ${token}`,
        ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
      },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}
