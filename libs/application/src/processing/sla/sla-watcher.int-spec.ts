import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError, type CaseCommand } from '@casebook/domain';
import { systemClock, type Clock } from '@casebook/platform';
import type { CaseCommandService } from '../../cases/case-command.service';
import type { CommandRequest } from '../../commands/command-request';
import { useTestDatabase } from '../../../../../test/support/database';
import { SlaWatcher, type SlaWatcherOptions } from './sla-watcher';

const pg = useTestDatabase();

beforeEach(() => pg.db.query('TRUNCATE case_clocks'));

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

/**
 * A clock in case_clocks, due `dueInMs` from now (negative: past due); paused until `resumeInMs`
 * from now, or to be warned `warnInMs` from now.
 */
async function clock(dueInMs: number, name = 'first_reply', { resumeInMs, warnInMs }: { resumeInMs?: number; warnInMs?: number } = {}) {
  const row = { caseId: randomUUID(), clock: name, dueAt: inMs(dueInMs), startedAt: inMs(-3 * 3600_000), pausedAt: inMs(-3600_000) };
  await pg.db.query(
    `INSERT INTO case_clocks (case_id, clock, started_at, due_at, accountable_staff_id, site_id, paused, paused_at, resume_at, warn_at)
     VALUES ($1, $2, $3, $4, 'agent-1', 'site-1', $5, $6, $7, $8)`,
    [
      row.caseId,
      row.clock,
      row.startedAt,
      row.dueAt,
      resumeInMs !== undefined,
      resumeInMs !== undefined ? row.pausedAt : null,
      resumeInMs !== undefined ? inMs(resumeInMs) : null,
      warnInMs !== undefined ? inMs(warnInMs) : null,
    ],
  );
  return row;
}

interface Sent {
  caseId: string;
  request: CommandRequest;
  command: CaseCommand;
}

const RECORDS: Partial<Record<CaseCommand['type'], string>> = { MarkSlaBreached: 'SlaBreached', ResumeClock: 'ClockResumed', MarkSlaAtRisk: 'SlaAtRisk' };

/** Commands that answer as `outcome` says for each case (default: the command's event is recorded). */
function fakeCommands(outcome: (caseId: string) => 'recorded' | Error = () => 'recorded') {
  const sent: Sent[] = [];
  const service = {
    async execute(caseId: string, request: CommandRequest, build: (state: never) => CaseCommand) {
      const command = build(undefined as never);
      sent.push({ caseId, request, command });
      await sleep(5);
      const result = outcome(caseId);
      if (result instanceof Error) throw result;
      return { caseId, caseNumber: 'CP-1', version: 1, position: '1', events: [RECORDS[command.type]] };
    },
  };
  return { sent, commands: service as unknown as CaseCommandService };
}

const watcher = (commands: CaseCommandService, options: SlaWatcherOptions = {}, clock: Clock = systemClock) =>
  new SlaWatcher({ dataSource: pg.db, commands, clock }, { exclusive: false, logger: silent, ...options });

async function until(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('SlaWatcher', () => {
  it('sends MarkSlaBreached once for every clock past due, page after page, and none for a clock not due', async () => {
    const due: Awaited<ReturnType<typeof clock>>[] = [];
    for (let i = 0; i < 7; i++) due.push(await clock(-60_000 * (i + 1)));
    const notDue = await clock(60_000);
    const { sent, commands } = fakeCommands();
    const result = await watcher(commands, { pageSize: 3, concurrency: 2 }).sweep();

    expect(result.breach).toEqual({ sent: 7, recorded: 7, settled: 0, failed: 0 });
    expect(sent.map((s) => s.caseId).sort()).toEqual(due.map((c) => c.caseId).sort());
    expect(sent.map((s) => s.caseId)).not.toContain(notDue.caseId);
    const one = sent.find((s) => s.caseId === due[0].caseId)!;
    expect(one.command).toEqual({ type: 'MarkSlaBreached', clock: 'first_reply', dueAt: due[0].dueAt });
    expect(one.request).toMatchObject({ actor: { id: 'system', role: 'system' }, sites: 'all', idempotent: true });
    // The longest overdue first.
    expect(sent[0].caseId).toBe(due[6].caseId);
  });

  it('derives the command id from the clock: the same for the same clock, another for a clock restarted with the same due time', async () => {
    const a = await clock(-1000);
    const { sent, commands } = fakeCommands();
    await watcher(commands).sweep();
    await watcher(commands).sweep();
    expect(sent).toHaveLength(2);
    expect(sent[0].request.commandId).toBe(sent[1].request.commandId);

    await pg.db.query('UPDATE case_clocks SET started_at = started_at + interval \'1 minute\' WHERE case_id = $1', [a.caseId]);
    await watcher(commands).sweep();
    expect(sent[2].request.commandId).not.toBe(sent[0].request.commandId);
  });

  it('counts a refusal of a clock no longer running as settled, retries other failures on the next sweep', async () => {
    const [breached, gone, refused, broken] = [await clock(-4000), await clock(-3000), await clock(-2000), await clock(-1000)];
    let failing = true;
    const { sent, commands } = fakeCommands((caseId) => {
      if (caseId === gone.caseId) return new DomainError('NOT_FOUND', 'case not found');
      if (caseId === refused.caseId) return new DomainError('PRECONDITION_NOT_MET', 'the first_reply clock is not running');
      if (caseId === broken.caseId && failing) return new Error('Connection terminated unexpectedly');
      return 'recorded';
    });
    const w = watcher(commands);
    expect(await w.sweepOf('breach')).toEqual({ sent: 4, recorded: 1, settled: 2, failed: 1 });

    // Until the cases projection drops their rows, settled clocks are not sent again; the failed one is.
    failing = false;
    expect(await w.sweepOf('breach')).toEqual({ sent: 1, recorded: 1, settled: 0, failed: 0 });
    expect(sent.slice(4).map((s) => s.caseId)).toEqual([broken.caseId]);
    expect(sent.filter((s) => s.caseId === breached.caseId)).toHaveLength(1);
  });

  it('resumes a paused clock once its resume time has come, and never breaches it while paused', async () => {
    const paused = await clock(-60_000, 'rectification', { resumeInMs: -1000 });
    const later = await clock(-60_000, 'resolution', { resumeInMs: 60_000 });
    const { sent, commands } = fakeCommands();
    const result = await watcher(commands).sweep();

    expect(result).toEqual({
      resume: { sent: 1, recorded: 1, settled: 0, failed: 0 },
      breach: { sent: 0, recorded: 0, settled: 0, failed: 0 },
      warning: { sent: 0, recorded: 0, settled: 0, failed: 0 },
    });
    expect(sent).toEqual([{ caseId: paused.caseId, request: expect.objectContaining({ actor: { id: 'system', role: 'system' } }), command: { type: 'ResumeClock', clock: 'rectification' } }]);
    expect(sent.map((s) => s.caseId)).not.toContain(later.caseId);
  });

  it('warns a running clock once its warning time has come and before it is due, a command id per clock and due time', async () => {
    const atRisk = await clock(60_000, 'rectification', { warnInMs: -1000 });
    await clock(60_000, 'resolution', { warnInMs: 30_000 });
    await clock(-1000, 'investigation', { warnInMs: -60_000 }); // past due: breached instead
    const { sent, commands } = fakeCommands();
    const first = await watcher(commands).sweep();
    expect(first.warning).toEqual({ sent: 1, recorded: 1, settled: 0, failed: 0 });
    expect(sent.find((s) => s.command.type === 'MarkSlaAtRisk')).toEqual({
      caseId: atRisk.caseId,
      request: expect.objectContaining({ actor: { id: 'system', role: 'system' }, idempotent: true }),
      command: { type: 'MarkSlaAtRisk', clock: 'rectification', dueAt: atRisk.dueAt },
    });

    // Another watcher (or this one after a restart) derives the same command id; the breach of the same clock another.
    await watcher(commands).sweepOf('warning');
    const warnings = sent.filter((s) => s.command.type === 'MarkSlaAtRisk');
    expect(warnings).toHaveLength(2);
    expect(warnings[1].request.commandId).toBe(warnings[0].request.commandId);
    await pg.db.query('UPDATE case_clocks SET due_at = now() - interval \'1 second\' WHERE case_id = $1', [atRisk.caseId]);
    await watcher(commands).sweepOf('breach');
    const breach = sent.filter((s) => s.caseId === atRisk.caseId && s.command.type === 'MarkSlaBreached');
    expect(breach).toHaveLength(1);
    expect(breach[0].request.commandId).not.toBe(warnings[0].request.commandId);
  });

  it('wakes up when the next clock falls due, well before its interval', async () => {
    const { sent, commands } = fakeCommands();
    const soon = await clock(400);
    const w = watcher(commands, { intervalMs: 60_000 });
    w.start();
    try {
      await until('the breach of a clock due in 400 ms', () => sent.length === 1, 3000);
      expect(sent[0].caseId).toBe(soon.caseId);
    } finally {
      await w.stop();
    }
    expect(w.state).toBe('stopped');
  });

  it('with exclusive on, one watcher sweeps and another stands by, taking over when the first stops', async () => {
    const { sent, commands } = fakeCommands();
    const [first, second] = [watcher(commands, { exclusive: true, intervalMs: 100 }), watcher(commands, { exclusive: true, intervalMs: 100 })];
    first.start();
    await until('the first to sweep', () => first.state === 'sweeping');
    second.start();
    await until('the second to stand by', () => second.state === 'standby');

    await first.stop();
    await until('the second to take over', () => second.state === 'sweeping');
    const late = await clock(-1);
    await until('the second to breach', () => sent.some((s) => s.caseId === late.caseId));
    await second.stop();
  });
});
