import type { Projection } from './projection';
import { casesProjection } from './cases/cases.projection';
import { directoryProjection } from './directory.projection';

export * from './projection';
export * from './directory.projection';
export * from './directory.queries';

/** Every projection the worker runs. */
export const allProjections: Projection[] = [directoryProjection, casesProjection];
