import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { checkLogComplaint, decide, fieldsInvalid } from '@casebook/domain';
import { PersonalDataVault } from '@casebook/event-store';
import { getStaff } from '@casebook/projections/directory.queries';
import { derivedId } from '../../../commands/envelopes';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { CaseNumberAllocator } from '../../case-number.allocator';
import { KnownSites } from '../../known-sites';
import { LogComplaintCommand } from './log-complaint.command';

@CommandHandler(LogComplaintCommand)
export class LogComplaintHandler implements ICommandHandler<LogComplaintCommand, CommandResult> {
  constructor(
    private readonly cases: CaseCommandService,
    private readonly numbers: CaseNumberAllocator,
    private readonly vault: PersonalDataVault,
    private readonly db: DataSource,
    private readonly knownSites: KnownSites,
  ) {}

  execute(command: LogComplaintCommand): Promise<CommandResult> {
    return this.cases.observe('LogComplaint', () => this.log(command));
  }

  private async log({ body, request }: LogComplaintCommand): Promise<CommandResult> {
    if (!(await this.knownSites.exists(body.siteId))) {
      throw fieldsInvalid([{ path: 'siteId', message: `unknown site ${body.siteId}` }]);
    }
    const firstResponder = body.firstResponderId
      ? await getStaff(this.db.manager, body.firstResponderId)
      : { ...request.actor, departmentId: request.actor.departmentId!, active: true };
    if (!firstResponder?.active) {
      throw fieldsInvalid([{ path: 'firstResponderId', message: `${body.firstResponderId} is not an active staff member` }]);
    }
    const ctx = await this.cases.decisionContext(request);
    const receivedAt = body.receivedAt ?? ctx.now;
    checkLogComplaint({ receivedAt, firstResponderId: firstResponder.id }, ctx);

    // With an Idempotency-Key the case id derives from it: a retry finds the case it made.
    const caseId = request.idempotent ? derivedId(request.idSeed, 'case') : randomUUID();
    const existing = request.idempotent ? await this.cases.find(caseId) : undefined;
    if (existing) return this.cases.resultOf(existing);

    // A case number is taken last, once nothing but the append can fail: a refused logging uses none.
    const { keyId, sealed } = await this.vault.seal(body.complainant);
    const caseNumber = await this.numbers.allocate(body.kind, new Date(ctx.now));
    const events = decide(
      {
        type: 'LogComplaint',
        caseId,
        caseNumber,
        kind: body.kind,
        siteId: body.siteId,
        channel: body.channel,
        category: body.category,
        severity: body.severity,
        market: body.market ?? 'domestic',
        subject: body.subject,
        description: body.description,
        complainant: sealed,
        complainantKeyId: keyId,
        receivedAt,
        firstResponder: { id: firstResponder.id, departmentId: firstResponder.departmentId },
      },
      undefined,
      ctx,
    );
    return this.cases.start(caseId, events, request, ctx);
  }
}
