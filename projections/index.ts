import type { Projection } from './projection';
import { casesProjection } from './cases/cases.projection';
import { directoryProjection } from './directory.projection';
import { policiesProjection } from './policies.projection';

export * from './projection';
export * from './directory.projection';
export * from './directory.queries';
export * from './policies.projection';
export * from './policies.queries';

/** Every projection the worker runs. */
export const allProjections: Projection[] = [directoryProjection, casesProjection, policiesProjection];
