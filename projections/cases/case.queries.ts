import type { DataSource } from 'typeorm';
import type { CaseState } from '@casebook/domain';

export interface CaseListFilter {
  status?: string;
  kind?: string;
  severity?: string;
  /** The sites to search: one the caller asked for, or every site the caller may see. */
  sites: string[] | 'all';
  departmentId?: string;
  assigneeId?: string;
  overdue?: boolean;
  escalated?: boolean;
  /** Exact case number, exact complainant (by key ids matching the phone), or subject substring. */
  q?: { text: string; complainantKeyIds: string[] };
  receivedFrom?: string;
  receivedTo?: string;
  cursor?: string;
  limit: number;
  now: string;
}

export interface CaseSummary {
  caseId: string;
  caseNumber: string;
  kind: string;
  status: string;
  siteId: string;
  category: string;
  severity: string;
  subject: string;
  receivedAt: string;
  assignment: { departmentId: string; assigneeId: string } | null;
  escalationLevel: string;
  overdue: boolean;
  updatedAt: string;
}

interface Row {
  state: CaseState;
  overdue: boolean;
}

const encodeCursor = (s: CaseState) => Buffer.from(JSON.stringify([s.receivedAt, s.caseId])).toString('base64url');

const CURSOR_CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isCanonicalInstant = (text: string) => {
  const time = new Date(text);
  return !Number.isNaN(time.getTime()) && time.toISOString() === text;
};

/**
 * Throws on a cursor this server did not make. Both parts are checked as strictly as
 * encodeCursor writes them (receivedAt in its Date#toISOString form, a UUID): they go into
 * SQL as a timestamptz and a uuid, and a value PostgreSQL cannot cast (`"1"`, `"x"`,
 * `"2026-02-30T…"`, all of which Date.parse accepts) would otherwise fail there as a 500.
 */
export function decodeCursor(cursor: string): [string, string] {
  const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    value.some((v) => typeof v !== 'string') ||
    !isCanonicalInstant(value[0]) ||
    !CURSOR_CASE_ID.test(value[1])
  ) {
    throw new Error('bad cursor');
  }
  return value as [string, string];
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const summary = ({ state: s, overdue }: Row): CaseSummary => ({
  caseId: s.caseId,
  caseNumber: s.caseNumber,
  kind: s.kind,
  status: s.status,
  siteId: s.siteId,
  category: s.category,
  severity: s.severity,
  subject: s.subject,
  receivedAt: s.receivedAt,
  assignment: s.assignment ? { departmentId: s.assignment.departmentId, assigneeId: s.assignment.assigneeId } : null,
  escalationLevel: s.escalationLevel,
  overdue,
  updatedAt: s.updatedAt,
});

/** The queries the case read model serves. */
export class CaseQueries {
  constructor(private readonly db: DataSource) {}

  /** Newest first; `nextCursor` is null on the last page. */
  async list(f: CaseListFilter): Promise<{ items: CaseSummary[]; nextCursor: string | null }> {
    const where: string[] = [];
    const params: unknown[] = [f.now];
    const param = (value: unknown) => `$${params.push(value)}`;

    if (f.sites !== 'all') where.push(`site_id = ANY(${param(f.sites)}::text[])`);
    if (f.status) where.push(`status = ${param(f.status)}`);
    if (f.kind) where.push(`kind = ${param(f.kind)}`);
    if (f.severity) where.push(`severity = ${param(f.severity)}`);
    if (f.departmentId) where.push(`department_id = ${param(f.departmentId)}`);
    if (f.assigneeId) where.push(`assignee_id = ${param(f.assigneeId)}`);
    if (f.overdue !== undefined) where.push(f.overdue ? 'next_due_at < $1' : '(next_due_at IS NULL OR next_due_at >= $1)');
    if (f.escalated !== undefined) where.push(f.escalated ? `escalation_level <> 'none'` : `escalation_level = 'none'`);
    if (f.q) {
      where.push(`(case_number = ${param(f.q.text)}
                   OR complainant_key_id = ANY(${param(f.q.complainantKeyIds)}::uuid[])
                   OR subject ILIKE ${param(`%${escapeLike(f.q.text)}%`)})`);
    }
    if (f.receivedFrom) where.push(`received_at >= ${param(f.receivedFrom)}`);
    if (f.receivedTo) where.push(`received_at <= ${param(f.receivedTo)}`);
    if (f.cursor) {
      const [receivedAt, caseId] = decodeCursor(f.cursor);
      where.push(`(received_at, case_id) < (${param(receivedAt)}, ${param(caseId)}::uuid)`);
    }
    const rows: Row[] = await this.db.query(
      `SELECT state, COALESCE(next_due_at < $1, false) AS overdue FROM cases
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY received_at DESC, case_id DESC
        LIMIT ${param(f.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, f.limit);
    const nextCursor = rows.length > f.limit ? encodeCursor(page[page.length - 1].state) : null;
    return { items: page.map(summary), nextCursor };
  }

  async byId(caseId: string): Promise<CaseState | undefined> {
    const rows: Row[] = await this.db.query('SELECT state FROM cases WHERE case_id = $1', [caseId]);
    return rows[0]?.state;
  }

  async byNumber(caseNumber: string): Promise<CaseState | undefined> {
    const rows: Row[] = await this.db.query('SELECT state FROM cases WHERE case_number = $1', [caseNumber]);
    return rows[0]?.state;
  }
}
