import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { DEFAULT_POLICIES, firstReplyBy, resolutionBy, type ComplaintLogged } from '@casebook/domain';
import { PostgresEventStore, type NewEvent } from '@casebook/event-store';
import { CLOCK, loadConfig } from '@casebook/platform';
import { casesProjection } from '@casebook/projections/cases/cases.projection';
import { CaseCommandService, CommandsModule, createDataSource, infrastructure, ProcessingModule, SlaWatcher } from '@casebook/application';
import { benchDatabase } from './database';

/**
 * `npm run bench:sla`: how long the SLA watcher takes to find and breach N clocks that are all
 * past due (default 10,000; target under 60 s). N cases received 3 h ago are seeded straight
 * into the event store and the cases projection (so their first_reply clocks, due 1 h ago, are
 * in case_clocks), then:
 *   (b) found by a whole worker as it starts (as after a downtime): the watcher beside the
 *       projections and the process managers that react to each breach (escalation,
 *       penalties), until every clock is breached and every breach escalated;
 *   (a) N more, the watcher alone: one sweep through the one command path, default options.
 * Bounded (BENCH_SLA_TIMEOUT seconds per part, default 180) and self-cleaning (its own database).
 */
const CASES = Number(process.env.BENCH_SLA_CASES ?? 10_000);
const TIMEOUT_MS = Number(process.env.BENCH_SLA_TIMEOUT ?? 180) * 1000;
const SEED_CONCURRENCY = 32;

const config = (url: string) =>
  loadConfig({ ...process.env, NODE_ENV: 'development', DATABASE_URL: url, LOG_LEVEL: 'warn', CASEBOOK_CLOCK_START: undefined });

/** N ComplaintLogged received 3 h ago (first reply due 1 h ago), appended and projected; answers the last position. */
async function seed(url: string, count: number, site: string): Promise<bigint> {
  const store = new PostgresEventStore({ connectionString: url, poolSize: SEED_CONCURRENCY });
  const sla = DEFAULT_POLICIES.sla.policy;
  const month = `${Date.now()}`.slice(-6);
  let next = 0;
  const append = async () => {
    while (next < count) {
      const i = next++;
      const caseId = randomUUID();
      const receivedAt = new Date(Date.now() - 3 * 3600_000 - i).toISOString();
      const data: ComplaintLogged['data'] = {
        caseId,
        caseNumber: `CP-${site}-${month}-${i}`,
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
        deadlines: { firstReplyBy: firstReplyBy(receivedAt, sla), resolutionBy: resolutionBy(receivedAt, 'domestic', sla) },
      };
      const commandId = randomUUID();
      const event: NewEvent = {
        eventId: randomUUID(),
        type: 'ComplaintLogged',
        version: 1,
        data: data as unknown as Record<string, unknown>,
        metadata: { actorId: 'agent-1', actorRole: 'agent', commandId, correlationId: commandId, causationId: commandId, policyVersions: { sla: 1 } },
        recordedAt: new Date().toISOString(),
      };
      await store.append(`case-${caseId}`, [event], { expectedRevision: 'no_stream' });
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, append));

  // Project them (and whatever the cases runner left) with the cases projection itself, as its
  // runner would, and move its checkpoint.
  const db = await createDataSource(url, { poolSize: 2 }).initialize();
  const [checkpoint]: { position: string }[] = await db.query(`SELECT position FROM projection_checkpoints WHERE name = 'cases'`);
  let position = BigInt(checkpoint?.position ?? 0);
  for (;;) {
    const events = await store.readAll({ from: position, max: 1000 });
    if (events.length === 0) break;
    await db.transaction((manager) => casesProjection.apply(events, manager));
    position = events[events.length - 1].position;
  }
  await db.query(
    `INSERT INTO projection_checkpoints (name, version, position, status) VALUES ('cases', $1, $2, 'running')
     ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position`,
    [casesProjection.version, position.toString()],
  );
  const [{ due }] = await db.query(`SELECT count(*)::int AS due FROM case_clocks WHERE site_id = $1 AND due_at < now()`, [site]);
  await db.destroy();
  await store.close();
  if (due !== count) throw new Error(`seeded ${count} cases but case_clocks has ${due} clocks past due`);
  return position;
}

/** Counts of SlaBreached and of breach escalations after `position`. */
async function reactions(db: DataSource, position: bigint): Promise<{ breached: number; escalated: number }> {
  const [row] = await db.query(
    `SELECT count(*) FILTER (WHERE type = 'SlaBreached')::int AS breached,
            count(*) FILTER (WHERE type = 'CaseEscalated' AND data->>'reason' LIKE 'sla_breach:%')::int AS escalated
       FROM events WHERE position > $1`,
    [position.toString()],
  );
  return row;
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const rate = (n: number, ms: number) => (n / (ms / 1000)).toFixed(0);

async function watcherAlone(url: string): Promise<string> {
  const seeded = await seed(url, CASES, 'bench-a');
  @Module({ imports: [...infrastructure({ config: config(url), databaseUrl: url }), CommandsModule] })
  class CommandsAppModule {}
  const app = await NestFactory.createApplicationContext(CommandsAppModule, { logger: ['warn', 'error'] });
  try {
    const watcher = new SlaWatcher(
      { dataSource: app.get(DataSource), commands: app.get(CaseCommandService), clock: app.get(CLOCK) },
      { exclusive: false },
    );
    const started = Date.now();
    const result = await Promise.race([watcher.sweep(), sleep(TIMEOUT_MS).then(() => undefined)]);
    const elapsed = Date.now() - started;
    if (!result) throw new Error(`(a) the sweep did not end within ${TIMEOUT_MS / 1000} s`);
    const { breached } = await reactions(app.get(DataSource), seeded);
    if (breached !== CASES) throw new Error(`(a) ${breached} SlaBreached recorded for ${CASES} clocks (${JSON.stringify(result)})`);
    return `(a) the watcher alone: ${breached} clocks found and breached in ${seconds(elapsed)} s, ${rate(breached, elapsed)} breaches/s (${result.failed} failed)`;
  } finally {
    await app.close();
  }
}

async function wholeWorker(url: string): Promise<string> {
  const seeded = await seed(url, CASES, 'bench-b');
  @Module({ imports: [...infrastructure({ config: config(url), databaseUrl: url }), ProcessingModule] })
  class WorkerAppModule {}
  const started = Date.now();
  const app: INestApplicationContext = await NestFactory.createApplicationContext(WorkerAppModule, { logger: ['warn', 'error'] });
  try {
    const db = app.get(DataSource);
    let allBreached: number | undefined;
    let counts = { breached: 0, escalated: 0 };
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
    if (counts.breached !== CASES || counts.escalated !== CASES) throw new Error(`(b) recorded twice: ${JSON.stringify(counts)}`);
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
    console.log(`SLA watcher benchmark: ${CASES} cases whose first_reply clock is past due`);
    console.log(await wholeWorker(database.url));
    console.log(await watcherAlone(database.url));
    console.log('target: (a) under 60 s');
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
