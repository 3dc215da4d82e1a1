import { randomUUID } from 'node:crypto';
import type { CaseEvent, Recorded } from '@casebook/domain';
import type { StoredEvent } from '@casebook/event-store';
import { CaseClocks1795444470010 } from '@casebook/read-models/migrations/1795444470010-case-clocks';
import {
  addHours,
  assigned,
  logged,
  RECEIVED_AT,
  recorded,
  replied,
  shanghai,
  slaBreached,
} from '@casebook/domain/case/testing/decider-spec';
import { useTestDatabase } from '../../test/support/database';
import { dueClocks, nextDueAt } from './case-clocks.queries';
import { casesProjection } from './cases.projection';

const pg = useTestDatabase();

beforeEach(() => pg.db.query('TRUNCATE cases, case_clocks'));

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
    const first = await dueClocks(pg.db, { now, limit: 3 });
    expect(first.map((c) => [c.caseId, c.clock])).toEqual(cases.slice(0, 3).map((c) => [caseIdOf(c), 'first_reply']));
    expect(first[0]).toEqual({
      caseId: caseIdOf(cases[0]),
      clock: 'first_reply',
      startedAt: RECEIVED_AT,
      dueAt: FIRST_REPLY_DUE,
      accountableStaffId: 'agent-1',
      siteId: 'site-1',
    });
    const second = await dueClocks(pg.db, { now, after: first[2], limit: 3 });
    expect(second.map((c) => c.caseId)).toEqual([caseIdOf(cases[3])]);
    expect(await dueClocks(pg.db, { now, after: second[0], limit: 3 })).toEqual([]);
    expect((await nextDueAt(pg.db, now))?.toISOString()).toBe(addHours(RECEIVED_AT, 6));
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
