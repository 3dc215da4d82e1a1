import Decimal from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { CASE_EVENT_TYPES } from '@casebook/domain';
import type { StoredEvent } from '@casebook/event-store';
import { compact, foldCases } from '../case-folds';
import type { Projection } from '../projection';
import { ALL_SITES } from '../penalties/penalties.projection';
import { countsOf, type DepartmentCount } from './report-counts';

/**
 * Local calendar dates (YYYY-MM-DD) in a time zone. Intl formatting is slow for the millions of
 * instants of a rebuild, so dates are remembered per quarter hour (every zone's offset is a
 * multiple of 15 minutes, so a quarter hour never straddles local midnight).
 */
function localDates(timeZone: string): (instant: string) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const dates = new Map<number, string>();
  return (instant) => {
    const quarter = Math.floor(Date.parse(instant) / 900_000);
    let date = dates.get(quarter);
    if (date === undefined) {
      if (dates.size >= 100_000) dates.clear();
      date = format.format(quarter * 900_000);
      dates.set(quarter, date);
    }
    return date;
  };
}

/** Counter moves by key, summed in the batch before they are written. */
class Moves<K extends Record<string, string>> {
  private readonly moves = new Map<string, K & { n: number; total: Decimal }>();

  add(key: K, n: number, total: Decimal.Value): void {
    const id = Object.values(key).join('\u0000');
    const move = this.moves.get(id);
    if (!move) this.moves.set(id, { ...key, n, total: new Decimal(total) });
    else {
      move.n += n;
      if (total !== 0) move.total = move.total.plus(total);
    }
  }

  get size(): number {
    return this.moves.size;
  }

  json(): string {
    return JSON.stringify([...this.moves.values()]); // a Decimal writes itself as a string
  }
}

type DayKey = { site_id: string; day: string; metric: string; code: string };
type DepartmentKey = { site_id: string; month: string; department_id: string; metric: string; code: string };
type Closure = { caseId: string; siteId: string; month: string; counts: DepartmentCount[] };

/**
 * The counters of the monthly report and the dashboard overview (migration
 * ReportCounters1795444470090; what each metric counts: report-counts.ts). Folds each case with
 * the domain's `evolve` on its own compact copy of the state (it depends on no other projection's
 * progress) and moves the counters of the case's site and of all sites (`*`) by what each fresh
 * event adds. Days and months are local to `timeZone` (CASEBOOK_TZ).
 *
 * Idempotent by construction: the counters move in the transaction that stores the folded state,
 * and events at or below a state's version are skipped, so a replayed batch moves nothing.
 */
export function reportsProjection(timeZone: string): Projection {
  const dayOf = localDates(timeZone);
  const monthOf = (instant: string) => dayOf(instant).slice(0, 7);
  return {
    name: 'reports',
    version: 2,
    types: CASE_EVENT_TYPES,
    tables: ['report_cases', 'report_days', 'report_department_months', 'report_department_cases'],

    async apply(events: StoredEvent[], manager: EntityManager): Promise<void> {
      const days = new Moves<DayKey>();
      const closures: Closure[] = [];
      const changed = await foldCases(events, 'report_cases', manager, (e, before, after) => {
        const counts = countsOf(e, before, after, dayOf, monthOf);
        for (const c of counts.days) {
          for (const site_id of [after.siteId, ALL_SITES]) days.add({ site_id, day: c.day, metric: c.metric, code: c.code }, c.n, c.total);
        }
        if (counts.departments.length > 0) {
          closures.push({ caseId: after.caseId, siteId: after.siteId, month: counts.departments[0].month, counts: counts.departments });
        }
      });
      if (changed.length === 0) return;
      await manager.query(
        `INSERT INTO report_cases (case_id, version, state)
         SELECT (s->>'caseId')::uuid, (s->>'version')::int, s FROM jsonb_array_elements($1::jsonb) AS s
         ON CONFLICT (case_id) DO UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state`,
        [JSON.stringify(changed.map(compact))],
      );
      await addTo('report_days', 'site_id text, day date, metric text, code text', days, manager);
      if (closures.length > 0) await addTo('report_department_months', 'site_id text, month text, department_id text, metric text, code text', await departmentMoves(closures, manager), manager);
    },
  };
}

/** Moves the counters of `table` (key columns `columns`, then n and total) by `moves`. */
async function addTo(table: string, columns: string, moves: Moves<Record<string, string>>, manager: EntityManager): Promise<void> {
  if (moves.size === 0) return;
  const names = columns.split(', ').map((c) => c.split(' ')[0]).join(', ');
  await manager.query(
    `INSERT INTO ${table} (${names}, n, total)
     SELECT ${names}, n, total FROM jsonb_to_recordset($1::jsonb) AS r(${columns}, n bigint, total numeric)
      ORDER BY ${names}
     ON CONFLICT (${names}) DO UPDATE SET n = ${table}.n + EXCLUDED.n, total = ${table}.total + EXCLUDED.total`,
    [moves.json()],
  );
}

/**
 * The department counters' moves of the batch's valid complaint closures. Sums move as they
 * come; a distinct count moves only when the case does not count for it in that month yet
 * (report_department_cases), so a case closed twice in a month counts once there. A case
 * belongs to one site, so counting it once per site also counts it once for all sites.
 */
async function departmentMoves(closures: Closure[], manager: EntityManager): Promise<Moves<DepartmentKey>> {
  const rows: { case_id: string; month: string; counted: string[] }[] = await manager.query(
    'SELECT case_id, month, counted FROM report_department_cases WHERE case_id = ANY($1::uuid[])',
    [closures.map((c) => c.caseId)],
  );
  const counted = new Map(rows.map((r) => [`${r.case_id}/${r.month}`, new Set(r.counted)]));
  const moves = new Moves<DepartmentKey>();
  for (const closure of closures) {
    const key = `${closure.caseId}/${closure.month}`;
    const already = counted.get(key) ?? new Set<string>();
    counted.set(key, already);
    for (const c of closure.counts) {
      const id = `${c.departmentId}/${c.metric}/${c.code}`;
      if (c.distinct && already.has(id)) continue;
      if (c.distinct) already.add(id);
      for (const site_id of [closure.siteId, ALL_SITES]) {
        moves.add({ site_id, month: c.month, department_id: c.departmentId, metric: c.metric, code: c.code }, c.n, c.total);
      }
    }
  }
  const sets = closures.map(({ caseId, month }) => ({ case_id: caseId, month, counted: [...counted.get(`${caseId}/${month}`)!] }));
  await manager.query(
    `INSERT INTO report_department_cases (case_id, month, counted)
     SELECT DISTINCT ON (case_id, month) case_id, month, counted FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, month text, counted text[])
     ON CONFLICT (case_id, month) DO UPDATE SET counted = EXCLUDED.counted`,
    [JSON.stringify(sets)],
  );
  return moves;
}
