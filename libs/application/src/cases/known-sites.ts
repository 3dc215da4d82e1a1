import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { getSite } from '@casebook/projections/directory.queries';

/**
 * Whether a site exists, asked on every LogComplaint. Sites are registered and never removed,
 * so a site seen once is remembered for good; an unknown id is asked again each time, so a
 * site registered a moment ago is found.
 */
@Injectable()
export class KnownSites {
  private readonly known = new Set<string>();

  constructor(private readonly db: DataSource) {}

  async exists(siteId: string): Promise<boolean> {
    if (this.known.has(siteId)) return true;
    if (!(await getSite(this.db.manager, siteId))) return false;
    this.known.add(siteId);
    return true;
  }
}
