import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

/**
 * A bad event store configuration stops the api and the worker at start-up with a clear message
 * and exit code 1, never a stack trace: EventStoreDB chosen without a connection string, a
 * server refusing connections, a server that accepts them but never answers. The entries run
 * as in production (`node dist/apps/…/main.js`), built into a directory of this file's own so
 * as not to race another build of dist/.
 */
describe('start-up with a bad event store configuration (e2e)', () => {
  mkdirSync(join(process.cwd(), '.casebook'), { recursive: true });
  const outDir = mkdtempSync(join(process.cwd(), '.casebook', 'entries-'));
  const listeners: net.Server[] = [];
  const connections = new Set<net.Socket>();

  beforeAll(() => {
    const bin = (name: string) => join(process.cwd(), 'node_modules', '.bin', name);
    execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', outDir]);
    execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json', '--outDir', outDir]);
  }, 180_000);
  afterAll(async () => {
    connections.forEach((connection) => connection.destroy());
    await Promise.all(listeners.map((listener) => new Promise((resolve) => listener.close(resolve))));
    rmSync(outDir, { recursive: true, force: true });
  });

  /** Runs an entry to its end (20 s at most); what it printed, its exit code and how long it took. */
  function start(entry: 'api' | 'worker', env: Record<string, string>) {
    const started = Date.now();
    const app = spawn(process.execPath, [join(outDir, 'apps', entry, 'src', 'main.js'), ...(entry === 'api' ? ['--no-worker'] : [])], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        DATABASE_URL: process.env.DATABASE_URL,
        CASEBOOK_JWT_SECRET: 'test-secret',
        PORT: '0',
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    app.stdout.on('data', (chunk) => (output += chunk));
    app.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => app.kill('SIGKILL'), 20_000);
    return new Promise<{ code: number | null; output: string; ms: number }>((resolve) =>
      app.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output, ms: Date.now() - started });
      }),
    );
  }

  /** A local port: free (nothing listens, connections are refused) or with a listener that never answers. */
  async function port({ silent }: { silent: boolean }): Promise<number> {
    const listener = net.createServer((connection) => connections.add(connection));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const { port } = listener.address() as net.AddressInfo;
    if (silent) listeners.push(listener);
    else await new Promise((resolve) => listener.close(resolve));
    return port;
  }

  describe.each(['api', 'worker'] as const)('%s', (entry) => {
    it('esdb without a connection string: the configuration error', async () => {
      const { code, output } = await start(entry, { CASEBOOK_EVENT_STORE: 'esdb' });
      expect({ code, output }).toEqual({
        code: 1,
        output: 'Invalid configuration:\n  - EVENTSTORE_CONNECTION_STRING: is required when CASEBOOK_EVENT_STORE=esdb\n',
      });
    });

    it('a server refusing connections: one line naming it, at once', async () => {
      const refusing = await port({ silent: false });
      const { code, output, ms } = await start(entry, {
        CASEBOOK_EVENT_STORE: 'esdb',
        EVENTSTORE_CONNECTION_STRING: `esdb://admin:changeit@127.0.0.1:${refusing}?tls=false`,
      });
      expect(code).toBe(1);
      expect(output).toMatch(
        new RegExp(`^Cannot start: EventStoreDB at 127\\.0\\.0\\.1:${refusing} is unavailable: [^\\n]*ECONNREFUSED[^\\n]*; check EVENTSTORE_CONNECTION_STRING\\n$`),
      );
      expect(output).not.toContain('changeit');
      expect(ms).toBeLessThan(5000);
    });

    it('a server that never answers: one line naming it, within a few seconds', async () => {
      const silent = await port({ silent: true });
      const { code, output, ms } = await start(entry, {
        CASEBOOK_EVENT_STORE: 'esdb',
        EVENTSTORE_CONNECTION_STRING: `esdb://127.0.0.1:${silent}?tls=false`,
      });
      expect({ code, output }).toEqual({
        code: 1,
        output: `Cannot start: EventStoreDB at 127.0.0.1:${silent} did not answer within 5 s; check EVENTSTORE_CONNECTION_STRING\n`,
      });
      expect(ms).toBeLessThan(9000);
    });
  });
});
