import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parseInstant, toIsoInstant, WorkingCalendar, type PoliciesInForce } from '@casebook/domain';
import { CONFIG, type CasebookConfig } from '@casebook/platform';
import { policiesInForce } from '@casebook/projections/policies.queries';

export interface InForce {
  policies: PoliciesInForce;
  calendar: WorkingCalendar;
}

/** Working calendars kept, by calendar version; older ones are built again when asked. */
const CALENDARS_KEPT = 16;

/**
 * The policies in force for a decision, and the working calendar built from the calendar
 * policy. Version 1 of every policy is the default of PRODUCT.md §12; later versions are the
 * admin's changes, read from the policies read model on every call (one query for all four),
 * so a change is in force for every process as soon as its PUT has returned. Only what never
 * changes is cached: the working calendar of a calendar version.
 */
@Injectable()
export class PolicyProvider {
  private readonly logger = new Logger(PolicyProvider.name);
  private readonly calendars = new Map<number, WorkingCalendar>();
  private readonly yearsWarned = new Set<number>();

  constructor(
    @Inject(CONFIG) private readonly config: CasebookConfig,
    private readonly db: DataSource,
  ) {}

  /** The latest version of each policy. */
  async inForce(): Promise<InForce> {
    return this.withCalendar(await policiesInForce(this.db.manager));
  }

  /**
   * The versions in force at `instant` (ISO-8601): those whose PolicyChanged was recorded at or
   * before it. Reproduces a decision with the policies of its triggering event's time.
   */
  async inForceAt(instant: string): Promise<InForce> {
    return this.withCalendar(await policiesInForce(this.db.manager, toIsoInstant(parseInstant(instant))));
  }

  private withCalendar(policies: PoliciesInForce): InForce {
    const { version, policy } = policies.calendar;
    let calendar = this.calendars.get(version);
    if (!calendar) {
      calendar = new WorkingCalendar({
        timeZone: this.config.timeZone,
        overrides: policy,
        onYearWithoutData: (year) => this.warnYearWithoutData(year),
      });
      if (this.calendars.size >= CALENDARS_KEPT) this.calendars.delete(this.calendars.keys().next().value!);
      this.calendars.set(version, calendar);
    }
    return { policies, calendar };
  }

  // Once per process and year, whichever calendar version ran into it.
  private warnYearWithoutData(year: number): void {
    if (this.yearsWarned.has(year)) return;
    this.yearsWarned.add(year);
    this.logger.warn(`no official holiday schedule for ${year} yet: counting Monday–Friday plus admin overrides`);
  }
}
