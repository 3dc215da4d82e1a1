import { randomUUID } from 'node:crypto';
import { DEFAULT_POLICIES, type CaseEvent, type Recorded } from '@casebook/domain';
import type { StoredEvent } from '@casebook/event-store';
import { CaseClocks1795444470010 } from '@casebook/read-models/migrations/1795444470010-case-clocks';
import {
  addDays,
  addHours,
  assigned,
  clockPaused,
  clockResumed,
  extensionApproved,
  extensionRequested,
  logged,
  plusMinutes,
  RECEIVED_AT,
  recorded,
  replied,
  shanghai,
  slaAtRisk,
  slaBreached,
} from '@casebook/domain/case/testing/decider-spec';
import { useTestDatabase } from '../../test/support/database';
import { dueClocks, nextDutyAt } from './case-clocks.queries';
import { casesProjection } from './cases.projection';

const pg = useTestDatabase();

beforeEach(() => pg.db.query('TRUNCATE cases, case_clocks, case_clocks_policy'));

type GivenEvent = CaseEvent | Recorded<CaseEvent>;

let position = 0n;
/** A case's stream as stored: its events from `revision` on, at increasing positions. */
function stream(caseId: string, events: GivenEvent[], revision = 0): StoredEvent[] {
  return recorded(events).map((e, i) => ({
    eventId: randomUUID(),
    type: e.type,
    version: 1,
    streamId: `case-${caseId}`,
    revision: BigInt(revision + i),
    position: ++position,
    recordedAt: e.recordedAt,
    data: e.data as unknown as Record<string, unknown>,
    metadata: { actorId: 'a', actorRole: 'agent', commandId: 'c', correlationId: 'c', causationId: 'c', hash: 'h', prevHash: 'p' },
  }));
}
const project = (events: StoredEvent[]) => pg.db.transaction((manager) => casesProjection.apply(events, manager));
const newCase = (o: Parameters<typeof logged>[0] = {}): CaseEvent =>
  logged({ caseId: randomUUID(), complainantKeyId: randomUUID(), caseNumber: `CP-${randomUUID()}`, ...o });
const caseIdOf = (e: CaseEvent) => (e as ReturnType<typeof logged>).data.caseId;

interface ClockRow {
  clock: string;
  startedAt: string;
  dueAt: string;
  accountable: string;
  site: string;
}
const clocksOf = async (caseId: string): Promise<ClockRow[]> =>
  (
    await pg.db.query(
      `SELECT clock, started_at, due_at, accountable_staff_id, site_id FROM case_clocks WHERE case_id = $1 ORDER BY due_at`,
      [caseId],
    )
  ).map((r: { clock: string; started_at: Date; due_at: Date; accountable_staff_id: string; site_id: string }) => ({
    clock: r.clock,
    startedAt: r.started_at.toISOString(),
    dueAt: r.due_at.toISOString(),
    accountable: r.accountable_staff_id,
    site: r.site_id,
  }));

const FIRST_REPLY_DUE = addHours(RECEIVED_AT, 2);
const RESOLUTION_DUE = addHours(RECEIVED_AT, 15 * 24);

describe('case_clocks (cases projection)', () => {
  it('holds the running clocks of a logged case, with what MarkSlaBreached needs', async () => {
    const log = newCase();
    await project(stream(caseIdOf(log), [log]));
    expect(await clocksOf(caseIdOf(log))).toEqual([
      { clock: 'first_reply', startedAt: RECEIVED_AT, dueAt: FIRST_REPLY_DUE, accountable: 'agent-1', site: 'site-1' },
      { clock: 'resolution', startedAt: RECEIVED_AT, dueAt: RESOLUTION_DUE, accountable: 'agent-1', site: 'site-1' },
    ]);
  });

  it('drops a clock once stopped or breached, and follows a clock a reassignment moves', async () => {
    const log = newCase();
    const id = caseIdOf(log);
    const events = stream(id, [log, replied(), assigned({ rectificationBy: shanghai('2026-11-25T16:00') })]);
    await project(events);
    expect((await clocksOf(id)).map((c) => c.clock)).toEqual(['rectification', 'resolution']);

    const later = shanghai('2026-11-26T16:00');
    await project(
      stream(id, [{ ...slaBreached('resolution', RESOLUTION_DUE, 'eng-lead'), recordedAt: shanghai('2026-12-06T16:01') }], 3).concat(
        stream(id, [{ ...assigned({ assigneeId: 'eng-2', rectificationBy: later }), recordedAt: shanghai('2026-12-06T16:02') }], 4),
      ),
    );
    expect(await clocksOf(id)).toEqual([expect.objectContaining({ clock: 'rectification', dueAt: later, accountable: 'eng-2' })]);
  });

  it('changes nothing when a batch is applied again', async () => {
    const log = newCase();
    const events = stream(caseIdOf(log), [log, replied()]);
    await project(events);
    const before = await clocksOf(caseIdOf(log));
    await project(events);
    await project(events.slice(0, 1));
    expect(await clocksOf(caseIdOf(log))).toEqual(before);
  });

  it('answers the clocks due before now, longest overdue first, a page at a time, and the next due time', async () => {
    const cases = [0, 1, 2, 3, 4].map((i) => newCase({ receivedAt: addHours(RECEIVED_AT, i) }));
    await project(cases.flatMap((c) => stream(caseIdOf(c), [c])));
    const now = new Date(Date.parse(addHours(RECEIVED_AT, 5)) + 1); // first_reply of cases 0–3 past due
    const first = await dueClocks(pg.db, 'breach', { now, limit: 3 });
    expect(first.map((c) => [c.caseId, c.clock])).toEqual(cases.slice(0, 3).map((c) => [caseIdOf(c), 'first_reply']));
    expect(first[0]).toEqual({
      caseId: caseIdOf(cases[0]),
      clock: 'first_reply',
      startedAt: RECEIVED_AT,
      dueAt: FIRST_REPLY_DUE,
      accountableStaffId: 'agent-1',
      siteId: 'site-1',
      at: FIRST_REPLY_DUE,
    });
    const second = await dueClocks(pg.db, 'breach', { now, after: first[2], limit: 3 });
    expect(second.map((c) => c.caseId)).toEqual([caseIdOf(cases[3])]);
    expect(await dueClocks(pg.db, 'breach', { now, after: second[0], limit: 3 })).toEqual([]);
    // Past due, cases 0–3 are not warned: their breach comes instead. Case 4's warning (80% of its
    // 2 h, at 4 h 96 min) comes before its breach (at 6 h).
    expect(await dueClocks(pg.db, 'warning', { now, limit: 10 })).toEqual([]);
    expect((await nextDutyAt(pg.db, now))?.toISOString()).toBe(plusMinutes(addHours(RECEIVED_AT, 4), 96));
    const warned = await dueClocks(pg.db, 'warning', { now: new Date(plusMinutes(addHours(RECEIVED_AT, 4), 96)), limit: 10 });
    expect(warned.map((c) => [c.caseId, c.clock, c.at])).toEqual([[caseIdOf(cases[4]), 'first_reply', plusMinutes(addHours(RECEIVED_AT, 4), 96)]]);
  });

  interface Watched {
    clock: string;
    due_at: Date;
    paused: boolean;
    paused_at: Date | null;
    resume_at: Date | null;
    paused_ms: string;
    warn_at: Date | null;
  }
  const watchedOf = async (caseId: string, clock: string): Promise<Watched[]> =>
    pg.db.query('SELECT clock, due_at, paused, paused_at, resume_at, paused_ms, warn_at FROM case_clocks WHERE case_id = $1 AND clock = $2', [caseId, clock]);
  const iso = (d: Date | null) => d?.toISOString() ?? null;

  it('keeps a paused clock from its breach and its warning until it resumes, then moves both by the time paused', async () => {
    const log = newCase();
    const id = caseIdOf(log);
    const due = shanghai('2026-11-25T16:00');
    const pausedAt = shanghai('2026-11-21T10:00');
    const resumeAt = shanghai('2026-11-24T10:00');
    await project(stream(id, [log, replied(), assigned({ rectificationBy: due }), { ...clockPaused('rectification', { resumeAt }), recordedAt: pausedAt }]));
    const [paused] = await watchedOf(id, 'rectification');
    expect({ ...paused, due_at: iso(paused.due_at), paused_at: iso(paused.paused_at), resume_at: iso(paused.resume_at) }).toEqual({
      clock: 'rectification',
      due_at: due,
      paused: true,
      paused_at: pausedAt,
      resume_at: resumeAt,
      paused_ms: '0',
      warn_at: null,
    });
    const afterDue = new Date(Date.parse(due) + 60_000);
    expect((await dueClocks(pg.db, 'breach', { now: afterDue, limit: 10 })).map((c) => c.caseId)).not.toContain(id);
    expect(await dueClocks(pg.db, 'resume', { now: new Date(Date.parse(resumeAt) - 1), limit: 10 })).toEqual([]);
    expect(await dueClocks(pg.db, 'resume', { now: new Date(resumeAt), limit: 10 })).toEqual([
      expect.objectContaining({ caseId: id, clock: 'rectification', dueAt: due, pausedAt, at: resumeAt }),
    ]);

    const pausedMs = Date.parse(resumeAt) - Date.parse(pausedAt);
    const moved = new Date(Date.parse(due) + pausedMs).toISOString();
    await project(stream(id, [{ ...clockResumed('rectification', { resumedBy: 'system', pausedMs, dueAt: moved, previousDueAt: due }), recordedAt: resumeAt }], 4));
    const [resumed] = await watchedOf(id, 'rectification');
    expect({ due_at: iso(resumed.due_at), paused: resumed.paused, resume_at: resumed.resume_at, paused_ms: resumed.paused_ms }).toEqual({
      due_at: moved,
      paused: false,
      resume_at: null,
      paused_ms: String(pausedMs),
    });
    // 80% of the time it ran, from its start, the 3 days paused left out.
    const assignedAt = plusMinutes(RECEIVED_AT, 2);
    const running = Date.parse(moved) - Date.parse(assignedAt) - pausedMs;
    expect(iso(resumed.warn_at)).toBe(new Date(Date.parse(assignedAt) + pausedMs + Math.ceil(0.8 * running)).toISOString());
  });

  it('warns a clock once per due time: no warning left once warned, a new one when an extension moves the due time', async () => {
    const log = newCase();
    const id = caseIdOf(log);
    const due = shanghai('2026-11-25T16:00');
    await project(stream(id, [log, replied(), assigned({ rectificationBy: due }), slaAtRisk('rectification', due)]));
    expect((await watchedOf(id, 'rectification'))[0].warn_at).toBeNull();

    const later = addDays(due, 2);
    await project(stream(id, [extensionRequested('rectification', later), extensionApproved('rectification', { dueAt: later, previousDueAt: due })], 4));
    const [extended] = await watchedOf(id, 'rectification');
    expect(iso(extended.due_at)).toBe(later);
    expect(extended.warn_at).not.toBeNull();
  });

  it('moves every pending warning when the SLA policy changes its warnAtFraction, and warns new clocks with it', async () => {
    const log = newCase();
    const id = caseIdOf(log);
    await project(stream(id, [log]));
    const fractionOf = (fraction: number) => new Date(Date.parse(RECEIVED_AT) + Math.ceil(fraction * 2 * 3600_000)).toISOString();
    expect(iso((await watchedOf(id, 'first_reply'))[0].warn_at)).toBe(fractionOf(0.8));

    const changed: StoredEvent = {
      eventId: randomUUID(),
      type: 'PolicyChanged',
      version: 1,
      streamId: 'policy-sla',
      revision: 0n,
      position: ++position,
      recordedAt: plusMinutes(RECEIVED_AT, 5),
      data: { policy: 'sla', version: 2, body: { ...DEFAULT_POLICIES.sla.policy, warnAtFraction: 0.5 }, changedBy: 'admin' },
      metadata: { actorId: 'admin', actorRole: 'admin', commandId: 'c', correlationId: 'c', causationId: 'c', hash: 'h', prevHash: 'p' },
    };
    await project([changed]);
    expect(iso((await watchedOf(id, 'first_reply'))[0].warn_at)).toBe(fractionOf(0.5));

    const other = newCase();
    await project(stream(caseIdOf(other), [other]));
    expect(iso((await watchedOf(caseIdOf(other), 'first_reply'))[0].warn_at)).toBe(fractionOf(0.5));
  });

  it('is filled from the cases already projected by its migration', async () => {
    const [a, b] = [newCase(), newCase({ siteId: 'site-2' })];
    await project([...stream(caseIdOf(a), [a, replied()]), ...stream(caseIdOf(b), [b])]);
    const projected = [await clocksOf(caseIdOf(a)), await clocksOf(caseIdOf(b))];
    const runner = pg.db.createQueryRunner();
    try {
      await runner.query('DROP TABLE case_clocks');
      await new CaseClocks1795444470010().up(runner);
    } finally {
      await runner.release();
    }
    expect([await clocksOf(caseIdOf(a)), await clocksOf(caseIdOf(b))]).toEqual(projected);
    expect(projected[1].map((c) => c.site)).toEqual(['site-2', 'site-2']);
  });
});
