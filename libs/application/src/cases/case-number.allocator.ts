import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { formatCaseNumber, type Kind } from '@casebook/domain';
import { CONFIG, type CasebookConfig } from '@casebook/platform';

const UNDEFINED_TABLE = '42P01';

/**
 * Case numbers from one PostgreSQL sequence per prefix and month. A sequence hands out each
 * value once, even to concurrent transactions, and never waits for another's commit, so
 * numbers are never duplicated and are consecutive unless a logging fails after allocation.
 */
@Injectable()
export class CaseNumberAllocator {
  /** The logging month in the configured zone; one formatter, as making one is costly. */
  private readonly yearMonth: Intl.DateTimeFormat;

  constructor(
    private readonly db: DataSource,
    @Inject(CONFIG) config: CasebookConfig,
  ) {
    this.yearMonth = new Intl.DateTimeFormat('en-US', { timeZone: config.timeZone, year: 'numeric', month: '2-digit' });
  }

  async allocate(kind: Kind, now: Date): Promise<string> {
    const parts = Object.fromEntries(this.yearMonth.formatToParts(now).map((p) => [p.type, p.value]));
    const month = `${parts.year}${parts.month}`;
    const sequence = `case_number_${kind}_${month}`;
    return formatCaseNumber(kind, month, await this.next(sequence));
  }

  private async next(sequence: string): Promise<number> {
    try {
      const [row] = await this.db.query(`SELECT nextval('${sequence}') AS serial`);
      return Number(row.serial);
    } catch (error) {
      if ((error as { code?: string }).code !== UNDEFINED_TABLE) throw error;
      await this.db.query(`CREATE SEQUENCE IF NOT EXISTS ${sequence}`).catch(() => undefined);
      return this.next(sequence);
    }
  }
}
