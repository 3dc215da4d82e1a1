import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The README's quick start, as a newcomer runs it: `npm start` with no DATABASE_URL builds,
 * starts an embedded PostgreSQL, migrates, and serves the API, the docs and a dev token; and a
 * process manager's SIGTERM to the process it started (npm) stops the server cleanly.
 */
describe('npm start (e2e)', () => {
  mkdirSync(join(process.cwd(), '.casebook'), { recursive: true });
  const dataDir = mkdtempSync(join(process.cwd(), '.casebook', 'quick-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves the API on an embedded PostgreSQL and prints the URL, the docs and a token', async () => {
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: port, CASEBOOK_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    delete env.CASEBOOK_JWT_SECRET;
    const app = spawn('npm', ['start', '--silent'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    app.stdout.on('data', (chunk) => (output += chunk));
    app.stderr.on('data', (chunk) => (output += chunk));
    try {
      const started = Date.now();
      while (!output.includes('Casebook is running')) {
        if (Date.now() - started > 150_000 || app.exitCode !== null) throw new Error(`npm start did not come up:\n${output}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(output).toContain(`http://localhost:${port}/api/v1`);
      expect(output).toContain(`http://localhost:${port}/docs`);
      const token = /Development admin token.*\n\s+(\S+)/.exec(output)?.[1];
      expect(token).toBeDefined();

      const base = `http://127.0.0.1:${port}`;
      // Ready once the worker has started its projections.
      let ready = 0;
      for (let i = 0; i < 40 && ready !== 200; i++) {
        ready = (await fetch(`${base}/health/ready`)).status;
        if (ready !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(ready).toBe(200);
      const docs = (await (await fetch(`${base}/docs-json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(docs.paths)).toContain('/api/v1/cases');
      const sites = await fetch(`${base}/api/v1/admin/sites`, { headers: { authorization: `Bearer ${token}` } });
      expect(sites.status).toBe(200);

      const exited = new Promise((resolve) => app.once('exit', resolve));
      app.kill('SIGTERM');
      await exited;
      await expect(fetch(`${base}/health/live`)).rejects.toThrow();
      // A clean shutdown is not news: no warning about connections going away.
      expect(output).not.toMatch(/connection lost|terminat/i);
    } finally {
      if (app.exitCode === null) process.kill(-app.pid!, 'SIGKILL');
    }
  }, 180_000);
});
