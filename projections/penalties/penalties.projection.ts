import Decimal from 'decimal.js';
import type { EntityManager } from 'typeorm';
import type { ComplaintLogged, PenaltyAdjusted, PenaltyAssessed, PenaltyWaived } from '@casebook/domain';
import { PENALTY_NOTICE_EVENT_TYPES, type PenaltyNoticeEvent } from '@casebook/domain/penalty-notices';
import type { Projection, Stored } from '../projection';
import { insertRows } from '../insert-rows';

type LedgerEvent = ComplaintLogged | PenaltyAssessed | PenaltyAdjusted | PenaltyWaived | PenaltyNoticeEvent;

const caseIdOf = (event: { streamId: string }) => event.streamId.slice('case-'.length);

/** The scope of the all-sites totals (site ids never contain `*`). */
export const ALL_SITES = '*';

/** What one line's change does to its effective figures. */
interface LineChange {
  month: string;
  site_id: string;
  target_type: 'department' | 'staff';
  target_id: string;
  department_id: string | null;
  /** The line's event position (bigint as text) and number in its assessment: which line of a staff member is the latest. */
  position: string;
  line_no: number;
  points: string;
  amount: string;
  /** 1 for a new line, 0 for a change to one. */
  lines: number;
}

/**
 * The penalty ledger (tables `penalty_lines`, `penalty_totals` and `penalty_notices`, migrations
 * PenaltyLedger1795444470030, PenaltyTotalsMonth1795444470080 and PenaltyNotices1795444470150).
 * A batch is applied in steps that keep stream order where it matters: the cases logged (a line
 * shows its case's number and site), every line assessed, then the adjustments, waivers and
 * penalty notice events in position order (each names a line assessed before it, and an
 * objection's status depends on what came after it); last, the totals move by what those steps
 * changed. Notice events change no figure.
 *
 * Idempotent by construction: a line is inserted once (ON CONFLICT DO NOTHING), a change
 * applies only to a row whose `last_position` is below the event's, an objection is recorded only
 * on a line without one, a notice is inserted once and approved once, and the totals move only by
 * the rows these statements report as written, so a replayed batch changes nothing.
 */
export const penaltiesProjection: Projection<LedgerEvent> = {
  name: 'penalties',
  version: 3,
  types: ['ComplaintLogged', 'PenaltyAssessed', 'PenaltyAdjusted', 'PenaltyWaived', ...PENALTY_NOTICE_EVENT_TYPES],
  tables: ['penalty_cases', 'penalty_lines', 'penalty_totals', 'penalty_notices'],

  async apply(events, manager) {
    const logged = events.filter((e): e is Stored<ComplaintLogged> => e.type === 'ComplaintLogged');
    if (logged.length > 0) await insertCases(logged, manager);
    const changes: LineChange[] = [];
    const assessed = events.filter((e): e is Stored<PenaltyAssessed> => e.type === 'PenaltyAssessed');
    if (assessed.length > 0) changes.push(...(await insertLines(assessed, manager)));
    for (const event of events) {
      switch (event.type) {
        case 'PenaltyAdjusted':
          changes.push(...(await changeLine(manager, event.data.lineId, event.position, event.data.points, event.data.amount, false)));
          break;
        case 'PenaltyWaived':
          changes.push(...(await changeLine(manager, event.data.lineId, event.position, null, null, true)));
          break;
        case 'PenaltyNoticeIssued':
        case 'PenaltyObjected':
        case 'PenaltyObjectionRejected':
        case 'PenaltyNoticeApproved':
          await applyNoticeEvent(manager, event);
          break;
        case 'ComplaintLogged':
        case 'PenaltyAssessed':
          break;
        default: {
          const unhandled: never = event;
          throw new Error(`penalties projection: unhandled event type ${(unhandled as { type: string }).type}`);
        }
      }
    }
    if (changes.length > 0) await moveTotals(changes, manager);
  },
};

async function insertCases(events: Stored<ComplaintLogged>[], manager: EntityManager): Promise<void> {
  const rows = events.map((e) => ({ case_id: e.data.caseId, case_number: e.data.caseNumber, site_id: e.data.siteId }));
  await insertRows(manager, 'penalty_cases', 'case_id uuid, case_number text, site_id text', rows, 'ON CONFLICT (case_id) DO NOTHING');
}

const CHANGE_COLUMNS = 'month, site_id, target_type, target_id, department_id, position, line_no';

/** A line's case was logged earlier in its own stream: a missing one fails loudly (NOT NULL). */
async function insertLines(events: Stored<PenaltyAssessed>[], manager: EntityManager): Promise<LineChange[]> {
  const rows = events.flatMap((e) =>
    e.data.lines.map((line, i) => ({
      line_id: line.lineId,
      assessment_id: e.data.assessmentId,
      line_no: i + 1,
      position: e.position.toString(),
      trigger_event_id: e.data.trigger,
      case_id: caseIdOf(e),
      rule: line.rule,
      policy_version: e.data.policyVersion,
      target_type: line.targetType,
      target_id: line.targetId,
      department_id: line.targetType === 'department' ? line.targetId : (line.departmentId ?? null),
      share: line.share ?? null,
      points: line.points,
      amount: line.amount,
      loss_amount: line.lossAmount ?? null,
      recorded_at: e.recordedAt,
      month: e.data.month,
    })),
  );
  return manager.query(
    `INSERT INTO penalty_lines (line_id, assessment_id, line_no, position, trigger_event_id, case_id, case_number, site_id,
                                rule, policy_version, target_type, target_id, department_id, share, points, amount,
                                loss_amount, effective_points, effective_amount, recorded_at, month, last_position)
     SELECT r.line_id, r.assessment_id, r.line_no, r.position, r.trigger_event_id, r.case_id, c.case_number, c.site_id,
            r.rule, r.policy_version, r.target_type, r.target_id, r.department_id, r.share, r.points, r.amount,
            r.loss_amount, r.points, r.amount, r.recorded_at, r.month, r.position
       FROM jsonb_to_recordset($1::jsonb) AS r(line_id text, assessment_id text, line_no int, position bigint,
              trigger_event_id text, case_id uuid, rule text, policy_version int, target_type text, target_id text,
              department_id text, share numeric, points numeric, amount numeric, loss_amount numeric,
              recorded_at timestamptz, month text)
       LEFT JOIN penalty_cases c ON c.case_id = r.case_id
     ON CONFLICT (line_id) DO NOTHING
     RETURNING ${CHANGE_COLUMNS}, effective_points::text AS points, effective_amount::text AS amount, 1 AS lines`,
    [JSON.stringify(rows)],
  );
}

/** The scope of a notice in the tables: its site, or ALL_SITES for the all-sites notice. */
const noticeScope = (siteId: string | undefined) => siteId ?? ALL_SITES;

/** A penalty notice event (PRODUCT.md §14): the notice's status, the lines it lists, their objections. */
async function applyNoticeEvent(manager: EntityManager, event: Stored<PenaltyNoticeEvent>): Promise<void> {
  switch (event.type) {
    case 'PenaltyNoticeIssued': {
      const { month, siteId, lineIds } = event.data;
      await manager.query(`INSERT INTO penalty_notices (month, scope, status) VALUES ($1, $2, 'issued') ON CONFLICT DO NOTHING`, [month, noticeScope(siteId)]);
      await manager.query('UPDATE penalty_lines SET notice_scope = $2 WHERE line_id = ANY($1::text[])', [lineIds, noticeScope(siteId)]);
      return;
    }
    case 'PenaltyObjected':
      await manager.query(
        `UPDATE penalty_lines SET objection_reason = $2, objected_by = $3, objection_status = 'pending'
          WHERE line_id = $1 AND objection_status IS NULL`,
        [event.data.lineId, event.data.reason, event.data.objectedBy],
      );
      return;
    case 'PenaltyObjectionRejected':
      await manager.query(
        `UPDATE penalty_lines SET objection_status = 'rejected', last_position = $2
          WHERE line_id = $1 AND objection_status IS NOT NULL AND last_position < $2`,
        [event.data.lineId, event.position.toString()],
      );
      return;
    case 'PenaltyNoticeApproved':
      await manager.query(`UPDATE penalty_notices SET status = 'approved' WHERE month = $1 AND scope = $2`, [
        event.data.month,
        noticeScope(event.data.siteId),
      ]);
      return;
    default: {
      const unhandled: never = event;
      throw new Error(`penalties projection: unhandled notice event ${(unhandled as { type: string }).type}`);
    }
  }
}

/**
 * An adjustment (new points and amount) or a waiver, reported as the change of the effective
 * figures. One after an objection to the line decides the objection (`adjusted`, `waived`).
 */
async function changeLine(
  manager: EntityManager,
  lineId: string,
  position: bigint,
  points: string | null,
  amount: string | null,
  waive: boolean,
): Promise<LineChange[]> {
  const [rows]: [LineChange[], number] = await manager.query(
    `UPDATE penalty_lines p
        SET adjusted_points = COALESCE($3::numeric, p.adjusted_points),
            adjusted_amount = COALESCE($4::numeric, p.adjusted_amount),
            waived = p.waived OR $5,
            effective_points = CASE WHEN p.waived OR $5 THEN 0 ELSE COALESCE($3::numeric, p.effective_points) END,
            effective_amount = CASE WHEN p.waived OR $5 THEN 0 ELSE COALESCE($4::numeric, p.effective_amount) END,
            objection_status = CASE WHEN p.objection_status IS NULL THEN NULL WHEN $5 THEN 'waived' ELSE 'adjusted' END,
            last_position = $2
       FROM (SELECT line_id, effective_points, effective_amount FROM penalty_lines WHERE line_id = $1 FOR UPDATE) old
      WHERE p.line_id = old.line_id AND p.last_position < $2
      RETURNING ${CHANGE_COLUMNS.split(', ').map((c) => `p.${c}`).join(', ')},
                (p.effective_points - old.effective_points)::text AS points,
                (p.effective_amount - old.effective_amount)::text AS amount, 0 AS lines`,
    [lineId, position.toString(), points, amount, waive],
  );
  return rows;
}

interface TotalMove {
  month: string;
  scope: string;
  target_type: 'all' | 'department' | 'staff';
  target_id: string;
  points: Decimal;
  amount: Decimal;
  lines: number;
  /** A staff total's latest line among the changes: its department goes with the total. */
  latest?: LineChange;
}

/** Whether line `a` comes after line `b` in the stream. */
const isLater = (a: LineChange, b: LineChange): boolean =>
  BigInt(a.position) > BigInt(b.position) || (a.position === b.position && a.line_no > b.line_no);

/**
 * Moves the month's totals (per site and for all sites; per staff member, per department and of
 * all lines) by the changes. A staff total takes the department of its latest line only when
 * that line's position is beyond the one it has (a line of one position is one assessment's,
 * whose lines come in one batch), so the department never moves back.
 */
async function moveTotals(changes: LineChange[], manager: EntityManager): Promise<void> {
  const totals = new Map<string, TotalMove>();
  const add = (c: LineChange, scope: string, targetType: TotalMove['target_type'], targetId: string) => {
    const key = JSON.stringify([c.month, scope, targetType, targetId]);
    const total = totals.get(key) ?? { month: c.month, scope, target_type: targetType, target_id: targetId, points: new Decimal(0), amount: new Decimal(0), lines: 0 };
    total.points = total.points.plus(c.points);
    total.amount = total.amount.plus(c.amount);
    total.lines += Number(c.lines);
    if (targetType === 'staff' && (total.latest === undefined || isLater(c, total.latest))) total.latest = c;
    totals.set(key, total);
  };
  for (const c of changes) {
    for (const scope of [c.site_id, ALL_SITES]) {
      add(c, scope, 'all', '*');
      if (c.target_type === 'staff') add(c, scope, 'staff', c.target_id);
      if (c.department_id !== null) add(c, scope, 'department', c.department_id);
    }
  }
  const rows = [...totals.values()].map(({ latest, ...t }) => ({
    ...t,
    points: t.points.toFixed(2),
    amount: t.amount.toFixed(2),
    department_id: latest?.department_id ?? null,
    department_position: latest?.position ?? null,
  }));
  await manager.query(
    `INSERT INTO penalty_totals (month, scope, target_type, target_id, points, amount, lines, department_id, department_position)
     SELECT month, scope, target_type, target_id, points, amount, lines, department_id, department_position
       FROM jsonb_to_recordset($1::jsonb) AS r(month text, scope text, target_type text, target_id text, points numeric, amount numeric,
              lines int, department_id text, department_position bigint)
      ORDER BY month, scope, target_type, target_id
     ON CONFLICT (month, scope, target_type, target_id) DO UPDATE SET
       points = penalty_totals.points + EXCLUDED.points,
       amount = penalty_totals.amount + EXCLUDED.amount,
       lines = penalty_totals.lines + EXCLUDED.lines,
       department_id = CASE WHEN EXCLUDED.department_position > penalty_totals.department_position
                            THEN EXCLUDED.department_id ELSE penalty_totals.department_id END,
       department_position = GREATEST(penalty_totals.department_position, EXCLUDED.department_position)`,
    [JSON.stringify(rows)],
  );
}
