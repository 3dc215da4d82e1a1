import type { Projection } from './projection';
import { casesProjection } from './cases/cases.projection';
import { directoryProjection } from './directory.projection';
import { penaltiesProjection } from './penalties/penalties.projection';
import { policiesProjection } from './policies.projection';
import { reportsProjection } from './reports/reports.projection';

export * from './projection';
export * from './directory.projection';
export * from './directory.queries';
export * from './penalties/penalties.projection';
export * from './policies.projection';
export * from './policies.queries';

/** Every projection the worker runs; days and months are local to `timeZone` (CASEBOOK_TZ). */
export const allProjections = (timeZone: string): Projection[] => [
  directoryProjection,
  casesProjection,
  policiesProjection,
  penaltiesProjection,
  reportsProjection(timeZone),
];

/** The names of allProjections, which depend on no configuration. */
export const PROJECTION_NAMES: readonly string[] = allProjections('UTC').map((projection) => projection.name);
