import Decimal from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { CASE_EVENT_TYPES } from '@casebook/domain';
import type { StoredEvent } from '@casebook/event-store';
import { compact, foldCases } from '../case-folds';
import type { Projection } from '../projection';
import { ALL_SITES } from '../penalties/penalties.projection';
import { recordPublishedMonths, REPORT_PUBLISHED } from './published-months';
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

/**
 * Counter moves of one table, summed in the batch before they are written: `columns` are the
 * key's columns and their types, in the order `add` takes the key.
 */
class Moves {
  private readonly moves = new Map<string, { key: string[]; n: number; total: Decimal.Value }>();

  constructor(readonly columns: [name: string, type: string][]) {}

  add(key: string[], n: number, total: Decimal.Value): void {
    const id = key.join('\u0000');
    const move = this.moves.get(id);
    if (!move) this.moves.set(id, { key, n, total });
    else {
      move.n += n;
      if (total !== 0) move.total = new Decimal(move.total).plus(total);
    }
  }

  get size(): number {
    return this.moves.size;
  }

  /** One array per column, then n and total: what `unnest` takes (cheaper to send than JSON rows). */
  arrays(): unknown[][] {
    const moves = [...this.moves.values()];
    return [...this.columns.map((_, i) => moves.map((m) => m.key[i])), moves.map((m) => m.n), moves.map((m) => String(m.total))];
  }
}

const dayMoves = () => new Moves([['site_id', 'text'], ['day', 'date'], ['metric', 'text'], ['code', 'text']]);
const departmentMonthMoves = () => new Moves([['site_id', 'text'], ['month', 'text'], ['department_id', 'text'], ['metric', 'text'], ['code', 'text']]);

/** A case event's department counters: a valid complaint's closure, an urging or a notice. */
type DepartmentCounts = { caseId: string; siteId: string; month: string; counts: DepartmentCount[] };

/**
 * The counters of the monthly report and the dashboard overview (migration
 * ReportCounters1795444470090; what each metric counts: report-counts.ts). Folds each case with
 * the domain's `evolve` on its own compact copy of the state (it depends on no other projection's
 * progress) and moves the counters of the case's site and of all sites (`*`) by what each fresh
 * event adds. Days and months are local to `timeZone` (CASEBOOK_TZ). Also the months published
 * (published-months.ts), which the dashboard projection kept before version 2. Version 3: the
 * supervision line's counters (rework, pauses, extensions, closures with accepted
 * dissatisfaction, urgings and notices per department).
 *
 * Idempotent by construction: the counters move in the transaction that stores the folded state,
 * and events at or below a state's version are skipped, so a replayed batch moves nothing.
 */
export function reportsProjection(timeZone: string): Projection {
  const dayOf = localDates(timeZone);
  const monthOf = (instant: string) => dayOf(instant).slice(0, 7);
  return {
    name: 'reports',
    version: 3,
    types: [...CASE_EVENT_TYPES, REPORT_PUBLISHED],
    tables: ['report_cases', 'report_days', 'report_department_months', 'report_department_cases', 'dashboard_reports'],

    async apply(events: StoredEvent[], manager: EntityManager): Promise<void> {
      const published = events.filter((e) => e.type === REPORT_PUBLISHED);
      if (published.length > 0) await recordPublishedMonths(published, manager);
      const days = dayMoves();
      const departmentCounts: DepartmentCounts[] = [];
      const caseEvents = published.length > 0 ? events.filter((e) => e.type !== REPORT_PUBLISHED) : events;
      const changed = await foldCases(caseEvents, 'report_cases', manager, (e, before, after) => {
        const counts = countsOf(e, before, after, dayOf, monthOf);
        for (const c of counts.days) {
          for (const site of [after.siteId, ALL_SITES]) days.add([site, c.day, c.metric, c.code], c.n, c.total);
        }
        if (counts.departments.length > 0) {
          departmentCounts.push({ caseId: after.caseId, siteId: after.siteId, month: counts.departments[0].month, counts: counts.departments });
        }
      });
      if (changed.length === 0) return;
      await manager.query(
        `INSERT INTO report_cases (case_id, version, state)
         SELECT (s->>'caseId')::uuid, (s->>'version')::int, s FROM jsonb_array_elements($1::jsonb) AS s
         ON CONFLICT (case_id) DO UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state`,
        [JSON.stringify(changed.map(compact))],
      );
      await addTo('report_days', days, manager);
      if (departmentCounts.length > 0) await addTo('report_department_months', await departmentMoves(departmentCounts, manager), manager);
    },
  };
}

/** Moves the counters of `table` by `moves`. */
async function addTo(table: string, moves: Moves, manager: EntityManager): Promise<void> {
  if (moves.size === 0) return;
  const names = moves.columns.map(([name]) => name).join(', ');
  const arrays = [...moves.columns.map(([, type], i) => `$${i + 1}::${type}[]`), `$${moves.columns.length + 1}::bigint[]`, `$${moves.columns.length + 2}::numeric[]`];
  await manager.query(
    `INSERT INTO ${table} (${names}, n, total)
     SELECT * FROM unnest(${arrays.join(', ')}) AS r(${names}, n, total)
      ORDER BY ${names}
     ON CONFLICT (${names}) DO UPDATE SET n = ${table}.n + EXCLUDED.n, total = ${table}.total + EXCLUDED.total`,
    moves.arrays(),
  );
}

/**
 * The department counters' moves of the batch's events. Sums move as they come; a distinct count
 * moves only when the case does not count for it in that month yet (report_department_cases), so
 * a case closed twice in a month counts once there. A case belongs to one site, so counting it
 * once per site also counts it once for all sites.
 */
async function departmentMoves(events: DepartmentCounts[], manager: EntityManager): Promise<Moves> {
  const rows: { case_id: string; month: string; counted: string[] }[] = await manager.query(
    'SELECT case_id, month, counted FROM report_department_cases WHERE case_id = ANY($1::uuid[])',
    [events.map((c) => c.caseId)],
  );
  const counted = new Map(rows.map((r) => [`${r.case_id}/${r.month}`, new Set(r.counted)]));
  const moves = departmentMonthMoves();
  for (const event of events) {
    const key = `${event.caseId}/${event.month}`;
    const already = counted.get(key) ?? new Set<string>();
    counted.set(key, already);
    for (const c of event.counts) {
      const id = `${c.departmentId}/${c.metric}/${c.code}`;
      if (c.distinct && already.has(id)) continue;
      if (c.distinct) already.add(id);
      for (const site of [event.siteId, ALL_SITES]) moves.add([site, c.month, c.departmentId, c.metric, c.code], c.n, c.total);
    }
  }
  const sets = events
    .filter((c) => c.counts.some((count) => count.distinct))
    .map(({ caseId, month }) => ({ case_id: caseId, month, counted: [...counted.get(`${caseId}/${month}`)!] }));
  await manager.query(
    `INSERT INTO report_department_cases (case_id, month, counted)
     SELECT DISTINCT ON (case_id, month) case_id, month, counted FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, month text, counted text[])
     ON CONFLICT (case_id, month) DO UPDATE SET counted = EXCLUDED.counted`,
    [JSON.stringify(sets)],
  );
  return moves;
}
