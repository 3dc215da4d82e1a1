import type { DataSource, EntityManager } from 'typeorm';
import { ALL_SITES } from './penalties.projection';

/** `YYYY-MM`, months 01–12. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface LedgerFilter {
  /** YYYY-MM: the local month the lines were recorded in (PRODUCT.md §7), as their assessment names it. */
  month: string;
  /** The sites to cover: one the caller asked for, or every site the caller may see. */
  sites: string[] | 'all';
  /** Lines targeting this staff member. */
  staffId?: string;
  /** The department's own lines plus its staff's (by their department when the line was recorded). */
  departmentId?: string;
  cursor?: string;
  limit: number;
}

/** A ledger line (API.md GET /penalties): original, adjusted and effective figures. */
export interface LedgerLine {
  lineId: string;
  caseId: string;
  caseNumber: string;
  siteId: string;
  rule: string;
  policyVersion: number;
  targetType: 'department' | 'staff';
  targetId: string;
  /** The department the line counts for (a staff line: the staff member's when it was recorded); null if unknown. */
  departmentId: string | null;
  share?: string;
  points: string;
  amount: string;
  lossAmount?: string;
  adjustedPoints?: string;
  adjustedAmount?: string;
  waived: boolean;
  effectivePoints: string;
  effectiveAmount: string;
  recordedAt: string;
  /** The penalty notice listing the line (siteId null: the all-sites notice), once issued. */
  notice?: { siteId: string | null; status: 'issued' | 'approved' };
  /** The charged department's objection (签呈) to the line, once made (PRODUCT.md §14). */
  objection?: { reason: string; objectedBy: string; status: ObjectionStatus };
}

/** `pending` until decided: rejected by the approver, or upheld by an adjustment or a waiver after it. */
export type ObjectionStatus = 'pending' | 'rejected' | 'adjusted' | 'waived';

/** How far a month's penalty notice has come (PRODUCT.md §14); `none` before it is issued. */
export type NoticeStatus = 'none' | 'issued' | 'approved';
const NOTICE_STATUSES: readonly NoticeStatus[] = ['none', 'issued', 'approved'];

export interface PenaltySummary {
  noticeStatus: NoticeStatus;
  staff: { staffId: string; points: string; amount: string }[];
  departments: { departmentId: string; points: string; amount: string }[];
}

interface LineRow {
  line_id: string;
  case_id: string;
  case_number: string;
  site_id: string;
  rule: string;
  policy_version: number;
  target_type: 'department' | 'staff';
  target_id: string;
  department_id: string | null;
  share: string | null;
  points: string;
  amount: string;
  loss_amount: string | null;
  adjusted_points: string | null;
  adjusted_amount: string | null;
  waived: boolean;
  effective_points: string;
  effective_amount: string;
  recorded_at: Date;
  position_text: string;
  line_no: number;
  notice_scope: string | null;
  notice_status: 'issued' | 'approved' | null;
  objection_reason: string | null;
  objected_by: string | null;
  objection_status: ObjectionStatus | null;
}

type Cursor = [position: string, lineNo: number];

const encodeCursor = (row: LineRow): string => Buffer.from(JSON.stringify([row.position_text, row.line_no])).toString('base64url');

/**
 * Throws on a cursor this server did not make: every part goes into SQL as a typed value, and
 * one PostgreSQL cannot cast would otherwise be a 500.
 */
export function decodeLedgerCursor(cursor: string): Cursor {
  const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    typeof value[0] !== 'string' ||
    !/^\d{1,18}$/.test(value[0]) ||
    !Number.isInteger(value[1]) ||
    value[1] < 1 ||
    value[1] > 1_000_000
  ) {
    throw new Error('bad cursor');
  }
  return value as Cursor;
}

const line = (r: LineRow): LedgerLine => ({
  lineId: r.line_id,
  caseId: r.case_id,
  caseNumber: r.case_number,
  siteId: r.site_id,
  rule: r.rule,
  policyVersion: r.policy_version,
  targetType: r.target_type,
  targetId: r.target_id,
  departmentId: r.department_id,
  ...(r.share !== null ? { share: r.share } : {}),
  points: r.points,
  amount: r.amount,
  ...(r.loss_amount !== null ? { lossAmount: r.loss_amount } : {}),
  ...(r.adjusted_points !== null ? { adjustedPoints: r.adjusted_points, adjustedAmount: r.adjusted_amount! } : {}),
  waived: r.waived,
  effectivePoints: r.effective_points,
  effectiveAmount: r.effective_amount,
  recordedAt: r.recorded_at.toISOString(),
  ...(r.notice_scope !== null && r.notice_status !== null
    ? { notice: { siteId: r.notice_scope === ALL_SITES ? null : r.notice_scope, status: r.notice_status } }
    : {}),
  ...(r.objection_status !== null ? { objection: { reason: r.objection_reason!, objectedBy: r.objected_by!, status: r.objection_status } } : {}),
});

/** What a ledger line shows, as selected from `penalty_lines`. */
const LINE_COLUMNS = `line_id, case_id, case_number, site_id, rule, policy_version, target_type, target_id, department_id,
       trim_scale(share)::text AS share, points::text AS points, amount::text AS amount, loss_amount::text AS loss_amount,
       adjusted_points::text AS adjusted_points, adjusted_amount::text AS adjusted_amount, waived,
       effective_points::text AS effective_points, effective_amount::text AS effective_amount,
       recorded_at, position::text AS position_text, line_no, notice_scope,
       (SELECT n.status FROM penalty_notices n WHERE n.month = penalty_lines.month AND n.scope = penalty_lines.notice_scope) AS notice_status,
       objection_reason, objected_by, objection_status`;

/** Where a line is and whom it charges: what a command on it needs. */
export interface LineLocation {
  caseId: string;
  siteId: string;
  month: string;
  /** The department the line charges (a staff line: the member's when recorded); null if unknown. */
  departmentId: string | null;
}

/** The queries the penalty ledger serves. */
export class PenaltyQueries {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** A month's lines in the order they were recorded (global position); `nextCursor` is null on the last page. */
  async list(f: LedgerFilter): Promise<{ items: LedgerLine[]; nextCursor: string | null }> {
    const params: unknown[] = [f.month];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = ['month = $1'];
    if (f.sites !== 'all') where.push(`site_id = ANY(${param(f.sites)}::text[])`);
    if (f.staffId !== undefined) where.push(`target_type = 'staff' AND target_id = ${param(f.staffId)}`);
    if (f.departmentId !== undefined) where.push(`department_id = ${param(f.departmentId)}`);
    if (f.cursor !== undefined) {
      const [position, lineNo] = decodeLedgerCursor(f.cursor);
      where.push(`(position, line_no) > (${param(position)}::bigint, ${param(lineNo)}::int)`);
    }
    const rows: LineRow[] = await this.db.query(
      `SELECT ${LINE_COLUMNS}
         FROM penalty_lines
        WHERE ${where.join(' AND ')}
        ORDER BY position, line_no
        LIMIT ${param(f.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, f.limit);
    return { items: page.map(line), nextCursor: rows.length > f.limit ? encodeCursor(page[page.length - 1]) : null };
  }

  /**
   * A month's effective totals per staff member and per department (a department's include its
   * staff's lines, by their department when recorded), from the totals the projection keeps:
   * for all sites one row per target, for a list of sites one per target and site.
   */
  async summary(f: Pick<LedgerFilter, 'month' | 'sites'>): Promise<PenaltySummary> {
    const scopes = f.sites === 'all' ? [ALL_SITES] : f.sites;
    const [rows, noticeStatus]: [{ target_type: 'department' | 'staff'; target_id: string; points: string; amount: string }[], NoticeStatus] =
      await Promise.all([
        this.db.query(
          `SELECT target_type, target_id, sum(points)::numeric(14, 2)::text AS points, sum(amount)::numeric(16, 2)::text AS amount
             FROM penalty_totals
            WHERE month = $1 AND scope = ANY($2::text[])
            GROUP BY target_type, target_id
            ORDER BY target_type, target_id COLLATE "C"`,
          [f.month, scopes],
        ),
        monthNoticeStatus(this.db, f.month, f.sites),
      ]);
    return {
      noticeStatus,
      staff: rows.filter((r) => r.target_type === 'staff').map((r) => ({ staffId: r.target_id, points: r.points, amount: r.amount })),
      departments: rows
        .filter((r) => r.target_type === 'department')
        .map((r) => ({ departmentId: r.target_id, points: r.points, amount: r.amount })),
    };
  }

  /** Where a line is, for a command on it; undefined when the ledger has no such line. */
  async locate(lineId: string): Promise<LineLocation | undefined> {
    const [row]: { case_id: string; site_id: string; month: string; department_id: string | null }[] = await this.db.query(
      'SELECT case_id, site_id, month, department_id FROM penalty_lines WHERE line_id = $1',
      [lineId],
    );
    return row && { caseId: row.case_id, siteId: row.site_id, month: row.month, departmentId: row.department_id };
  }

  /** Of `lineIds`, the lines whose objection an adjustment or a waiver upheld. */
  async upheldObjections(lineIds: readonly string[]): Promise<string[]> {
    const rows: { line_id: string }[] = await this.db.query(
      `SELECT line_id FROM penalty_lines WHERE line_id = ANY($1::text[]) AND objection_status IN ('adjusted', 'waived')`,
      [lineIds],
    );
    return rows.map((r) => r.line_id);
  }

  /** Ledger lines by id, in the order recorded: the lines a penalty notice lists. */
  async lines(lineIds: readonly string[]): Promise<LedgerLine[]> {
    if (lineIds.length === 0) return [];
    const rows: LineRow[] = await this.db.query(
      `SELECT ${LINE_COLUMNS} FROM penalty_lines WHERE line_id = ANY($1::text[]) ORDER BY position, line_no`,
      [lineIds],
    );
    return rows.map(line);
  }

  /**
   * A month's lines of one site (or of every site) with their effective figures, in the order
   * recorded: what a penalty notice of that scope lists when it is issued.
   */
  monthLines(month: string, siteId: string | undefined): Promise<{ lineId: string; points: string; amount: string }[]> {
    return this.db.query(
      `SELECT line_id AS "lineId", effective_points::text AS points, effective_amount::text AS amount
         FROM penalty_lines WHERE month = $1 AND ($2::text IS NULL OR site_id = $2) ORDER BY position, line_no`,
      [month, siteId ?? null],
    );
  }
}

/**
 * How far the penalty notices covering a month's lines in `sites` have come: the all-sites
 * notice's status once it is issued; else the least advanced status of the notices of the sites
 * covered that have lines in the month or a notice of their own (a site without its notice
 * counts `none`); `none` when there is no such site.
 */
export async function monthNoticeStatus(db: DataSource | EntityManager, month: string, sites: string[] | 'all'): Promise<NoticeStatus> {
  const [notices, withLines]: { scope: string; status: NoticeStatus }[][] = await Promise.all([
    db.query('SELECT scope, status FROM penalty_notices WHERE month = $1', [month]),
    db.query(`SELECT scope, 'none' AS status FROM penalty_totals WHERE month = $1 AND target_type = 'all' AND scope <> $2 AND lines > 0`, [month, ALL_SITES]),
  ]);
  const statuses = new Map([...withLines, ...notices].map((n) => [n.scope, n.status]));
  const all = statuses.get(ALL_SITES);
  if (all !== undefined) return all;
  const covered = [...statuses].filter(([scope]) => sites === 'all' || sites.includes(scope)).map(([, status]) => status);
  if (covered.length === 0) return 'none';
  return NOTICE_STATUSES[Math.min(...covered.map((status) => NOTICE_STATUSES.indexOf(status)))];
}

/** A staff member's effective penalties of a month, as the monthly report shows them. */
export interface MonthStaffPenalty {
  staffId: string;
  staffName: string | null;
  /** The department of the staff member's latest line in the scopes; null if that line had none. */
  departmentId: string | null;
  points: string;
  amount: string;
  lines: number;
}

/**
 * The effective points and amount of every line of a month in `scopes` (`[ALL_SITES]`, or site
 * ids), from the projection's all-lines totals rather than the lines; '0' when there are none.
 */
export async function monthPenaltyTotal(db: DataSource | EntityManager, month: string, scopes: string[]): Promise<{ points: string; amount: string }> {
  const [total]: { points: string; amount: string }[] = await db.query(
    `SELECT COALESCE(sum(points), 0)::text AS points, COALESCE(sum(amount), 0)::text AS amount
       FROM penalty_totals WHERE month = $1 AND scope = ANY($2::text[]) AND target_type = 'all'`,
    [month, scopes],
  );
  return total;
}

/**
 * A month's effective penalties per staff member in `scopes`, from the projection's staff
 * totals: summed over the scopes, with the department of the latest line of any of them.
 */
export function monthStaffPenalties(db: DataSource | EntityManager, month: string, scopes: string[]): Promise<MonthStaffPenalty[]> {
  return db.query(
    `SELECT t.target_id AS "staffId", s.name AS "staffName",
            (array_agg(t.department_id ORDER BY t.department_position DESC NULLS LAST))[1] AS "departmentId",
            sum(t.points)::text AS points, sum(t.amount)::text AS amount, sum(t.lines)::int AS lines
       FROM penalty_totals t LEFT JOIN directory_staff s ON s.id = t.target_id
      WHERE t.month = $1 AND t.scope = ANY($2::text[]) AND t.target_type = 'staff'
      GROUP BY t.target_id, s.name
      ORDER BY t.target_id COLLATE "C"`,
    [month, scopes],
  );
}
