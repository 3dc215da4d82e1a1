import { setTimeout as sleep } from 'node:timers/promises';
import { Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModule } from '@nestjs/testing';
import { infrastructure, ProcessingModule, SLA_WATCHER_OPTIONS, type SlaWatcherOptions } from '@casebook/application';
import type { Role } from '@casebook/domain';
import { EsdbEventStore } from '@casebook/event-store';
import { CLOCK, loadConfig, signToken, type CasebookConfig } from '@casebook/platform';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/http/configure-app';
import { startEsdbTarget, type EsdbTarget } from '../../libs/event-store/src/esdb/testing/esdb-target';
import { createTestDatabase, type TestDatabase } from './database';

export interface Response<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export type Caller = { sub: string; role: Role; sites?: string[] };

/** Polls `probe` until it answers something truthy, or fails after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** An event of GET /cases/{id}/history. */
export interface HistoryEvent {
  eventId: string;
  type: string;
  position: string;
  recordedAt: string;
  data: Record<string, any>;
  metadata: Record<string, any>;
}

export interface StartOptions {
  /** Run the worker inside the api's process, as `npm start` does (default true). */
  withWorker?: boolean;
}

/** A worker on its own (`npm run start:worker`), on the same database as the api. */
export interface Worker {
  readonly app: TestingModule;
  stop(): Promise<void>;
}

/** The event stores Casebook runs on: what the end-to-end specs that must hold on both run on. */
export const EVENT_STORES = ['postgres', 'esdb'] as const;

/**
 * The whole service on a fresh database: api + in-process worker, listening on a free local
 * port, driven through real HTTP. `withWorker: false` starts the api alone, and `startWorker()`
 * starts workers of their own beside it, as production runs them.
 *
 * `CASEBOOK_EVENT_STORE: 'esdb'` without a connection string puts the events on an EventStoreDB
 * test server of this Casebook's own, or on the server in EVENTSTORE_CONNECTION_STRING when that
 * is set (docs/event-stores.md); the read models stay on the fresh PostgreSQL database.
 */
export class Casebook {
  private readonly workers = new Set<Worker>();

  private constructor(
    private running: { url: string; config: CasebookConfig; app: NestExpressApplication },
    /** The database this Casebook drops when it stops; undefined for a second api on another's. */
    private readonly db: TestDatabase | undefined,
    /** The environment it was started with, which a restart changes. */
    private readonly env: Record<string, string>,
    /** The EventStoreDB test server this Casebook stops when it stops, if it started one. */
    private readonly esdb?: EsdbTarget,
  ) {}

  get url(): string {
    return this.running.url;
  }

  get config(): CasebookConfig {
    return this.running.config;
  }

  static async start(env: Record<string, string> = {}, options: StartOptions = {}): Promise<Casebook> {
    const esdb = env.CASEBOOK_EVENT_STORE === 'esdb' && !env.EVENTSTORE_CONNECTION_STRING ? await startEsdbTarget() : undefined;
    if (esdb && process.env.EVENTSTORE_CONNECTION_STRING) await refuseAnEarlierRun(esdb.connectionString);
    const db = await createTestDatabase();
    const started = { ...env, ...(esdb ? { EVENTSTORE_CONNECTION_STRING: esdb.connectionString } : {}) };
    const config = testConfig(db.url, started);
    return new Casebook({ ...(await listeningApp(config, options.withWorker ?? true)), config }, db, started, esdb);
  }

  /**
   * Another api on this Casebook's database, as a second process would be (its own turns on the
   * streams, its own memory of cases), without a worker. Stopped by its own stop().
   */
  async startApi(): Promise<Casebook> {
    return new Casebook({ ...(await listeningApp(this.config, false)), config: this.config }, undefined, { ...this.env });
  }

  /**
   * Stops the service and starts it again on the same database with `env` changed, e.g. the
   * clock started later (CASEBOOK_CLOCK_START), as an operator restarting it would.
   */
  async restart(env: Record<string, string>, options: StartOptions = {}): Promise<void> {
    for (const worker of [...this.workers]) await worker.stop();
    await this.running.app.close();
    Object.assign(this.env, env);
    const config = testConfig(this.config.databaseUrl!, this.env);
    this.running = { ...(await listeningApp(config, options.withWorker ?? true)), config };
  }

  async stop(): Promise<void> {
    for (const worker of [...this.workers]) await worker.stop();
    await this.running.app.close();
    await this.db?.drop();
    await this.esdb?.stop();
  }

  /** Starts a worker of its own (projections, process managers, SLA watcher) on this database. */
  async startWorker(watcher: SlaWatcherOptions = {}): Promise<Worker> {
    // Small pools: several workers and the api share one test server's connections.
    @Module({ imports: [...infrastructure({ config: this.config, databaseUrl: this.config.databaseUrl!, poolSize: 6 }), ProcessingModule] })
    class WorkerAppModule {}
    // The api's clock: an injected clock (CASEBOOK_CLOCK_START) starts when its process starts, and
    // a worker started later must not run behind the api, as processes on one machine share its time.
    const app = await Test.createTestingModule({ imports: [WorkerAppModule] })
      .overrideProvider(SLA_WATCHER_OPTIONS)
      .useValue(watcher)
      .overrideProvider(CLOCK)
      .useValue(this.running.app.get(CLOCK))
      .compile();
    app.useLogger(false);
    await app.init();
    const worker: Worker = {
      app,
      stop: async () => {
        if (!this.workers.delete(worker)) return;
        await app.close();
      },
    };
    this.workers.add(worker);
    return worker;
  }

  token(caller: Caller, expiresIn: string | number = '1h'): string {
    return signToken(this.config.jwtSecret, caller, expiresIn as never);
  }

  /** A request to `/api/v1{path}` (or `path` as is when it starts with `//`). */
  async request<T = any>(
    method: string,
    path: string,
    options: { as?: Caller; token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<Response<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token ?? (options.as ? this.token(options.as) : undefined);
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const target = path.startsWith('//') ? `${this.url}${path.slice(1)}` : `${this.url}/api/v1${path}`;
    const res = await fetch(target, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  get = <T = any>(path: string, as: Caller, headers?: Record<string, string>) => this.request<T>('GET', path, { as, headers });
  post = <T = any>(path: string, as: Caller, body: unknown, headers?: Record<string, string>) =>
    this.request<T>('POST', path, { as, body, headers });
}

/** The configuration of a test Casebook on the database at `databaseUrl`. */
const testConfig = (databaseUrl: string, env: Record<string, string>) =>
  loadConfig({ NODE_ENV: 'test', CASEBOOK_JWT_SECRET: 'test-secret-test-secret-test-secret', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, ...env });

/** The api (and, asked, the worker) on a free local port. */
async function listeningApp(config: CasebookConfig, withWorker: boolean) {
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ config, databaseUrl: config.databaseUrl!, withWorker })],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

/**
 * A real EventStoreDB keeps what earlier runs wrote, and no test can drop it as it drops its
 * PostgreSQL database: a Casebook there would meet the directory it is about to seed, and the
 * cases of every run in its read models. Other suites' streams (the store's contract) are no trouble.
 */
async function refuseAnEarlierRun(connectionString: string): Promise<void> {
  const store = new EsdbEventStore({ connectionString });
  try {
    const [earlier] = await store.readAll({ filter: { streamPrefixes: ['case-', 'directory-'] }, max: 1 });
    if (earlier) {
      throw new Error(
        `EVENTSTORE_CONNECTION_STRING's server holds an earlier run's Casebook (${earlier.streamId}): ` +
          'the end-to-end specs need one without (docker compose down -v, then up eventstore)',
      );
    }
  } finally {
    await store.close();
  }
}

export const ADMIN: Caller = { sub: 'admin', role: 'admin' };

/** A small directory: one site (and a second), three departments, staff in every role. */
export async function seedDirectory(cb: Casebook) {
  const ok = async (res: Promise<Response>) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`seed failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };
  await ok(cb.post('/admin/sites', ADMIN, { id: 'site-a', code: 'A', name: 'Garden Court' }));
  await ok(cb.post('/admin/sites', ADMIN, { id: 'site-b', code: 'B', name: 'River View' }));
  for (const [id, code, name, nameZh] of [
    ['front', 'FD', 'Front desk', '客服中心'],
    ['eng', 'ENG', 'Engineering', '工程部'],
    ['sec', 'SEC', 'Security', '保安部'],
    ['qa', 'QA', 'Quality', '质量管理部'],
  ]) {
    await ok(cb.post('/admin/departments', ADMIN, { id, code, name, nameZh }));
  }
  const staff: [string, string, Role, string][] = [
    ['agent-1', '李客服', 'agent', 'front'],
    ['sup-1', '王主管', 'supervisor', 'front'],
    ['eng-1', '赵工', 'handler', 'eng'],
    ['sec-1', '钱保安', 'handler', 'sec'],
    ['qa-1', '孙质检', 'quality', 'qa'],
    ['mgr-1', '周经理', 'manager', 'front'],
    ['dgm-1', '吴副总', 'deputy_gm', 'front'],
    ['gm-1', '郑总', 'gm', 'front'],
    ['aud-1', '冯审计', 'auditor', 'qa'],
  ];
  for (const [id, name, role, departmentId] of staff) {
    await ok(cb.post('/admin/staff', ADMIN, { id, name, role, departmentId, siteIds: ['site-a'] }));
  }
}

/** Callers of the seeded directory, scoped to site-a. */
export const as = (sub: string, role: Role, sites: string[] = ['site-a']): Caller => ({ sub, role, sites });
export const AGENT = as('agent-1', 'agent');
export const SUPERVISOR = as('sup-1', 'supervisor');
export const ENGINEER = as('eng-1', 'handler');
export const SECURITY = as('sec-1', 'handler');
export const QUALITY = as('qa-1', 'quality');
export const MANAGER = as('mgr-1', 'manager');
export const DEPUTY_GM = as('dgm-1', 'deputy_gm');
export const GM = as('gm-1', 'gm');
export const AUDITOR = as('aud-1', 'auditor');

export const complaint = (overrides: Record<string, unknown> = {}) => ({
  kind: 'complaint',
  siteId: 'site-a',
  channel: 'phone',
  category: 'repair_delay',
  severity: 'general',
  subject: 'Water leaking from the ceiling',
  description: 'Leak in the bathroom ceiling since yesterday',
  complainant: { name: '张三', phone: '13812345678', unit: '3-1201', email: 'zhang@example.com' },
  ...overrides,
});
