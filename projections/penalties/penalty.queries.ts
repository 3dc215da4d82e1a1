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
}

export interface PenaltySummary {
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
});

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
      `SELECT line_id, case_id, case_number, site_id, rule, policy_version, target_type, target_id, department_id,
              trim_scale(share)::text AS share, points::text AS points, amount::text AS amount, loss_amount::text AS loss_amount,
              adjusted_points::text AS adjusted_points, adjusted_amount::text AS adjusted_amount, waived,
              effective_points::text AS effective_points, effective_amount::text AS effective_amount,
              recorded_at, position::text AS position_text, line_no
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
    const rows: { target_type: 'department' | 'staff'; target_id: string; points: string; amount: string }[] = await this.db.query(
      `SELECT target_type, target_id, sum(points)::numeric(14, 2)::text AS points, sum(amount)::numeric(16, 2)::text AS amount
         FROM penalty_totals
        WHERE month = $1 AND scope = ANY($2::text[])
        GROUP BY target_type, target_id
        ORDER BY target_type, target_id COLLATE "C"`,
      [f.month, scopes],
    );
    return {
      staff: rows.filter((r) => r.target_type === 'staff').map((r) => ({ staffId: r.target_id, points: r.points, amount: r.amount })),
      departments: rows
        .filter((r) => r.target_type === 'department')
        .map((r) => ({ departmentId: r.target_id, points: r.points, amount: r.amount })),
    };
  }

  /** Where a line is, for a command on it: its case and site; undefined when the ledger has no such line. */
  async locate(lineId: string): Promise<{ caseId: string; siteId: string } | undefined> {
    const rows: { case_id: string; site_id: string }[] = await this.db.query(
      'SELECT case_id, site_id FROM penalty_lines WHERE line_id = $1',
      [lineId],
    );
    return rows[0] && { caseId: rows[0].case_id, siteId: rows[0].site_id };
  }
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
