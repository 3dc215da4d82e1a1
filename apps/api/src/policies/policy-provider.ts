import { Inject, Injectable, Logger } from '@nestjs/common';
import { DEFAULT_POLICIES, WorkingCalendar, type PoliciesInForce } from '@casebook/domain';
import { CONFIG, type CasebookConfig } from '@casebook/platform';

/**
 * The policies in force for a decision, and the working calendar built from the calendar
 * policy. Version 1 of every policy is the default of PRODUCT.md §12.
 */
@Injectable()
export class PolicyProvider {
  private readonly logger = new Logger(PolicyProvider.name);
  private readonly calendar: WorkingCalendar;

  constructor(@Inject(CONFIG) config: CasebookConfig) {
    this.calendar = new WorkingCalendar({
      timeZone: config.timeZone,
      overrides: DEFAULT_POLICIES.calendar.policy,
      onYearWithoutData: (year) =>
        this.logger.warn(`no official holiday schedule for ${year} yet: counting Monday–Friday plus admin overrides`),
    });
  }

  async inForce(): Promise<{ policies: PoliciesInForce; calendar: WorkingCalendar }> {
    return { policies: DEFAULT_POLICIES, calendar: this.calendar };
  }
}
