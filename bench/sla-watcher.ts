import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { DEFAULT_POLICIES, resolutionBy, type ComplaintLogged } from '@casebook/domain';
import { PostgresEventStore, type NewEvent } from '@casebook/event-store';
import { CLOCK, loadConfig } from '@casebook/platform';
import { casesProjection } from '@casebook/projections/cases/cases.projection';
import { CaseCommandService, CommandsModule, createDataSource, infrastructure, ProcessingModule, SlaWatcher } from '@casebook/application';
import { benchDatabase } from './database';

/**
 * `npm run bench:sla`: how long the SLA watcher takes to find and breach N clocks that are all
 * past due (default 10,000; target under 60 s), and to warn N clocks whose warning time has come
 * (target under 30 s). N cases are seeded straight into the event store and the cases projection,
 * each with a rectification clock: a third of them ran as they started, a third were paused and
 * resumed (their due time moved by the time paused), a third extended (moved by an approval);
 * beside them, N/3 clocks still paused past their first due time, which must never be breached.
 * Then:
 *   (b) found by a whole worker as it starts (as after a downtime): the watcher beside the
 *       projections and the process managers that react to each breach (escalation,
 *       penalties), until every clock is breached and every breach escalated;
 *   (a) N more past due, the watcher alone: one breach sweep through the one command path;
 *   (c) N more at 90% of their time, the watcher alone: one warning sweep.
 * Bounded (BENCH_SLA_TIMEOUT seconds per part, default 180) and self-cleaning (its own database).
 */
const CASES = Number(process.env.BENCH_SLA_CASES ?? 10_000);
const TIMEOUT_MS = Number(process.env.BENCH_SLA_TIMEOUT ?? 180) * 1000;
const SEED_CONCURRENCY = 32;
const HOUR = 3600_000;

const config = (url: string) =>
  loadConfig({ ...process.env, NODE_ENV: 'development', DATABASE_URL: url, LOG_LEVEL: 'warn', CASEBOOK_CLOCK_START: undefined });

const iso = (ms: number) => new Date(ms).toISOString();

/** How a seeded rectification clock came to its due time. */
type Mix = 'ran' | 'paused' | 'extended' | 'still_paused';
const mixOf = (i: number): Mix => (['ran', 'paused', 'extended'] as const)[i % 3];

/**
 * The events of a case whose rectification clock started at `startedAt` and is due at `dueAt`
 * after its pauses and extensions (a clock `still_paused` was due at `dueAt` when it was paused,
 * a minute after its start, for a week). No first_reply clock: the case was logged without one.
 */
function caseEvents(caseId: string, caseNumber: string, site: string, mix: Mix, startedAt: number, dueAt: number) {
  const receivedAt = iso(startedAt - HOUR);
  const sla = DEFAULT_POLICIES.sla.policy;
  const logged: ComplaintLogged['data'] = {
    caseId,
    caseNumber,
    kind: 'complaint',
    siteId: site,
    channel: 'phone',
    category: 'repair_delay',
    severity: 'general',
    market: 'domestic',
    subject: 'Water leaking',
    description: 'Bathroom ceiling',
    complainant: { name: 'sealed', phone: 'sealed' },
    complainantKeyId: randomUUID(),
    receivedAt,
    firstResponderId: 'agent-1',
    firstResponderDepartmentId: 'front',
    deadlines: { resolutionBy: resolutionBy(receivedAt, 'domestic', sla) },
  };
  const moved = 30 * 60_000;
  const firstDue = mix === 'ran' || mix === 'still_paused' ? dueAt : dueAt - moved;
  const events: { type: string; data: object; at: number }[] = [
    { type: 'ComplaintLogged', data: logged, at: startedAt - HOUR },
    { type: 'ResponsibilityAssigned', data: { departmentId: 'eng', assigneeId: 'eng-1', assignedBy: 'sup-1', rectificationBy: iso(firstDue) }, at: startedAt },
  ];
  const pausedAt = startedAt + 60_000;
  if (mix === 'paused') {
    events.push(
      { type: 'ClockPaused', data: { clock: 'rectification', reason: 'awaiting_supplier', resumeAt: iso(pausedAt + moved), pausedBy: 'sup-1' }, at: pausedAt },
      { type: 'ClockResumed', data: { clock: 'rectification', resumedBy: 'system', pausedMs: moved, dueAt: iso(dueAt), previousDueAt: iso(firstDue) }, at: pausedAt + moved },
    );
  } else if (mix === 'extended') {
    const requestId = randomUUID();
    events.push(
      { type: 'ExtensionRequested', data: { clock: 'rectification', requestId, dueAt: iso(dueAt), reason: 'parts', requestedBy: 'eng-1' }, at: pausedAt },
      {
        type: 'ExtensionApproved',
        data: { clock: 'rectification', requestId, decidedBy: 'sup-1', decidedByRole: 'supervisor', dueAt: iso(dueAt), previousDueAt: iso(firstDue) },
        at: pausedAt + 1,
      },
    );
  } else if (mix === 'still_paused') {
    events.push({ type: 'ClockPaused', data: { clock: 'rectification', reason: 'no_access', resumeAt: iso(pausedAt + 7 * 24 * HOUR), pausedBy: 'sup-1' }, at: pausedAt });
  }
  return events.map(({ type, data, at }): NewEvent => {
    const commandId = randomUUID();
    return {
      eventId: randomUUID(),
      type,
      version: 1,
      data: data as Record<string, unknown>,
      metadata: { actorId: 'sup-1', actorRole: 'supervisor', commandId, correlationId: commandId, causationId: commandId },
      recordedAt: iso(at),
    };
  });
}

/**
 * N cases (and N/3 still paused beside them) whose rectification clock started at `startedAt`
 * and is due at `dueAt`, appended and projected; answers the last position.
 */
async function seed(url: string, count: number, site: string, { startedAt, dueAt }: { startedAt: number; dueAt: number }): Promise<bigint> {
  const store = new PostgresEventStore({ connectionString: url, poolSize: SEED_CONCURRENCY });
  const stillPaused = Math.floor(count / 3);
  let next = 0;
  let last = 0n;
  const append = async () => {
    while (next < count + stillPaused) {
      const i = next++;
      const caseId = randomUUID();
      const mix = i < count ? mixOf(i) : 'still_paused';
      const { position } = await store.append(`case-${caseId}`, caseEvents(caseId, `CP-${site}-${i}`, site, mix, startedAt - i, dueAt - i), {
        expectedRevision: 'no_stream',
      });
      if (position > last) last = position;
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, append));
  // Project them (and whatever the cases runner left) with the cases projection itself, as its
  // runner would, and move its checkpoint.
  const db = await createDataSource(url, { poolSize: 2 }).initialize();
  const [checkpoint]: { position: string }[] = await db.query(`SELECT position FROM projection_checkpoints WHERE name = 'cases'`);
  let position = BigInt(checkpoint?.position ?? 0);
  // Up to the last append: readers see an event only once every transaction older than its own
  // has ended, anywhere on the server, so a read may come back empty before then.
  while (position < last) {
    const events = await store.readAll({ from: position, max: 1000 });
    if (events.length === 0) {
      await sleep(50);
      continue;
    }
    await db.transaction((manager) => casesProjection.apply(events, manager));
    position = events[events.length - 1].position;
  }
  await db.query(
    `INSERT INTO projection_checkpoints (name, version, position, status) VALUES ('cases', $1, $2, 'running')
     ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position`,
    [casesProjection.version, position.toString()],
  );
  const [{ watched }] = await db.query(`SELECT count(*)::int AS watched FROM case_clocks WHERE site_id = $1 AND clock = 'rectification'`, [site]);
  await db.destroy();
  await store.close();
  if (watched !== count + stillPaused) throw new Error(`seeded ${count + stillPaused} cases but case_clocks watches ${watched} of their clocks`);
  return position;
}

/** Counts of SlaBreached, of breach escalations and of SlaAtRisk after `position`. */
async function reactions(db: DataSource, position: bigint): Promise<{ breached: number; escalated: number; warned: number }> {
  const [row] = await db.query(
    `SELECT count(*) FILTER (WHERE type = 'SlaBreached')::int AS breached,
            count(*) FILTER (WHERE type = 'CaseEscalated' AND data->>'reason' LIKE 'sla_breach:%')::int AS escalated,
            count(*) FILTER (WHERE type = 'SlaAtRisk')::int AS warned
       FROM events WHERE position > $1`,
    [position.toString()],
  );
  return row;
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const rate = (n: number, ms: number) => (n / (ms / 1000)).toFixed(0);

/** Rectification clocks due 1 h ago, started 3 h ago: to breach. */
const pastDue = () => ({ startedAt: Date.now() - 3 * HOUR, dueAt: Date.now() - HOUR });
/** Rectification clocks at 90% of their 10 h: to warn (at 80%), not yet due. */
const atRisk = () => ({ startedAt: Date.now() - 9 * HOUR, dueAt: Date.now() + HOUR });

/** One sweep of `duty` by a watcher alone (no projections, no process managers) over N freshly seeded clocks. */
async function watcherAlone(url: string, duty: 'breach' | 'warning'): Promise<string> {
  const part = duty === 'breach' ? '(a)' : '(c)';
  const seeded = await seed(url, CASES, `bench-${duty}`, duty === 'breach' ? pastDue() : atRisk());
  @Module({ imports: [...infrastructure({ config: config(url), databaseUrl: url }), CommandsModule] })
  class CommandsAppModule {}
  const app = await NestFactory.createApplicationContext(CommandsAppModule, { logger: ['warn', 'error'] });
  try {
    const watcher = new SlaWatcher(
      { dataSource: app.get(DataSource), commands: app.get(CaseCommandService), clock: app.get(CLOCK) },
      { exclusive: false },
    );
    const started = Date.now();
    const result = await Promise.race([watcher.sweepOf(duty), sleep(TIMEOUT_MS).then(() => undefined)]);
    const elapsed = Date.now() - started;
    if (!result) throw new Error(`${part} the sweep did not end within ${TIMEOUT_MS / 1000} s`);
    const counts = await reactions(app.get(DataSource), seeded);
    const done = duty === 'breach' ? counts.breached : counts.warned;
    if (done !== CASES) throw new Error(`${part} ${done} ${duty === 'breach' ? 'SlaBreached' : 'SlaAtRisk'} recorded for ${CASES} clocks (${JSON.stringify(result)})`);
    const what = duty === 'breach' ? 'found past due and breached' : 'found at risk and warned';
    return `${part} the watcher alone: ${done} clocks ${what} in ${seconds(elapsed)} s, ${rate(done, elapsed)}/s (${result.failed} failed)`;
  } finally {
    await app.close();
  }
}

async function wholeWorker(url: string): Promise<string> {
  const seeded = await seed(url, CASES, 'bench-worker', pastDue());
  @Module({ imports: [...infrastructure({ config: config(url), databaseUrl: url }), ProcessingModule] })
  class WorkerAppModule {}
  const started = Date.now();
  const app: INestApplicationContext = await NestFactory.createApplicationContext(WorkerAppModule, { logger: ['warn', 'error'] });
  try {
    const db = app.get(DataSource);
    let allBreached: number | undefined;
    let counts = { breached: 0, escalated: 0, warned: 0 };
    while (Date.now() - started < TIMEOUT_MS) {
      counts = await reactions(db, seeded);
      if (allBreached === undefined && counts.breached >= CASES) allBreached = Date.now() - started;
      if (counts.escalated >= CASES) break;
      await sleep(100);
    }
    const allEscalated = Date.now() - started;
    if (allBreached === undefined || counts.escalated < CASES) {
      throw new Error(`(b) after ${seconds(allEscalated)} s: ${counts.breached} breached, ${counts.escalated} escalated of ${CASES}`);
    }
    if (counts.breached !== CASES || counts.escalated !== CASES) {
      throw new Error(`(b) a breach recorded twice, or a paused clock breached: ${JSON.stringify(counts)}`);
    }
    return (
      `(b) a whole worker starting on them: all ${CASES} breached ${seconds(allBreached)} s after its start (${rate(CASES, allBreached)}/s), ` +
      `all escalated after ${seconds(allEscalated)} s`
    );
  } finally {
    await app.close();
  }
}

async function main() {
  const database = await benchDatabase();
  try {
    console.log(
      `SLA watcher benchmark: ${CASES} rectification clocks (a third as started, a third paused and resumed, a third extended), ` +
        `beside ${Math.floor(CASES / 3)} still paused`,
    );
    console.log(await wholeWorker(database.url));
    console.log(await watcherAlone(database.url, 'breach'));
    console.log(await watcherAlone(database.url, 'warning'));
    console.log('targets: (a) under 60 s, (c) under 30 s');
  } finally {
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
