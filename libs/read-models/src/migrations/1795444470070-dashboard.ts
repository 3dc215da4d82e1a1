import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The management dashboards (API.md "Management": /dashboard/overview, /departments, /trends),
 * written by the `dashboard` projection, so a dashboard never scans the event store.
 *
 * `dashboard_cases`: one row per case, the columns the dashboards count on, plus the case's
 * folded state (domain `evolve`, without complainant, subject, description and reply texts)
 * that the projection needs to fold the next event. `version` skips replayed events.
 *
 * `dashboard_clocks`: every SLA clock of every case (running, met, breached), `seq` its index in
 * the case's `sla` list; replaced per changed case. `stopped_at IS NULL AND due_at < now` is
 * overdue (the case list's `overdue` rule); compliance counts met/breached by due time.
 *
 * Event facts, one row per event (primary key the event id, so a replay inserts nothing):
 * `dashboard_closures` (CaseClosed), `dashboard_breaches` (SlaBreached), `dashboard_visits`
 * (ReturnVisitRecorded), `dashboard_rectifications` (RectificationCompleted, with the assignment
 * in force then). `dashboard_reports`: months published (MonthlyReportPublished), scope a site id
 * or `*` for the company-wide report.
 *
 * Every index a dashboard query needs leads with the time column it ranges over (or the
 * partial "open" predicate), so an overview at 100k cases reads index ranges, not tables.
 */
export class Dashboard1795444470070 implements MigrationInterface {
  name = 'Dashboard1795444470070';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dashboard_cases (
        case_id uuid PRIMARY KEY,
        site_id text NOT NULL,
        status text NOT NULL,
        category text NOT NULL,
        escalation_level text NOT NULL,
        received_at timestamptz NOT NULL,
        department_id text,
        assigned_at timestamptz,
        closed_at timestamptz,
        version integer NOT NULL,
        state jsonb NOT NULL
      )`);
    await q.query('CREATE INDEX dashboard_cases_received ON dashboard_cases (received_at, site_id)');
    await q.query(`CREATE INDEX dashboard_cases_open ON dashboard_cases (site_id, status, escalation_level) WHERE status <> 'closed'`);
    await q.query(`CREATE INDEX dashboard_cases_open_department ON dashboard_cases (department_id, site_id) WHERE status <> 'closed'`);
    await q.query(`
      CREATE TABLE dashboard_clocks (
        case_id uuid NOT NULL,
        seq integer NOT NULL,
        clock text NOT NULL,
        status text NOT NULL,
        started_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        stopped_at timestamptz,
        site_id text NOT NULL,
        PRIMARY KEY (case_id, seq)
      )`);
    await q.query('CREATE INDEX dashboard_clocks_open_due ON dashboard_clocks (due_at, clock) WHERE stopped_at IS NULL');
    await q.query('CREATE INDEX dashboard_clocks_due ON dashboard_clocks (clock, due_at)');
    await q.query(`
      CREATE TABLE dashboard_closures (
        event_id text PRIMARY KEY,
        case_id uuid NOT NULL,
        site_id text NOT NULL,
        received_at timestamptz NOT NULL,
        closed_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX dashboard_closures_at ON dashboard_closures (closed_at, site_id)');
    await q.query(`
      CREATE TABLE dashboard_breaches (
        event_id text PRIMARY KEY,
        case_id uuid NOT NULL,
        clock text NOT NULL,
        site_id text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX dashboard_breaches_at ON dashboard_breaches (at, site_id)');
    await q.query(`
      CREATE TABLE dashboard_visits (
        event_id text PRIMARY KEY,
        site_id text NOT NULL,
        satisfaction text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX dashboard_visits_at ON dashboard_visits (at, site_id)');
    await q.query(`
      CREATE TABLE dashboard_rectifications (
        event_id text PRIMARY KEY,
        case_id uuid NOT NULL,
        site_id text NOT NULL,
        department_id text NOT NULL,
        assigned_at timestamptz NOT NULL,
        completed_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX dashboard_rectifications_at ON dashboard_rectifications (completed_at, department_id)');
    await q.query(`
      CREATE TABLE dashboard_reports (
        month text NOT NULL,
        scope text NOT NULL,
        published_at timestamptz NOT NULL,
        PRIMARY KEY (month, scope)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['dashboard_reports', 'dashboard_rectifications', 'dashboard_visits', 'dashboard_breaches', 'dashboard_closures', 'dashboard_clocks', 'dashboard_cases']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
