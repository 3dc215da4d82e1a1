import type { ResolveOnTheSpot } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

export type ResolveOnTheSpotBody = Omit<ResolveOnTheSpot, 'type'>;

export class ResolveOnTheSpotCommand extends CaseCommandMessage<ResolveOnTheSpotBody> {}
