import { canReadPersonalData, isWarned, maskComplainant, withSupervision, type CaseState, type Complainant, type Role } from '@casebook/domain';

const ERASED = { name: null, phone: null, unit: null, company: null, email: null };

/** The complainant as this role may see it: in clear, masked, or erased for everyone. */
export function presentComplainant(complainant: Complainant | undefined, role: Role) {
  if (!complainant) return ERASED;
  const shown = canReadPersonalData(role) ? complainant : maskComplainant(complainant);
  return {
    name: shown.name,
    phone: shown.phone,
    unit: shown.unit ?? null,
    company: shown.company ?? null,
    email: shown.email ?? null,
  };
}

/**
 * CaseDetail (API.md "Case queries") from the folded state. A clock entry also says when a paused
 * clock resumes by itself, the extension request awaiting a decision, and whether the clock is
 * warned (SlaAtRisk) for its due time; a state folded before the supervision line gets its counts.
 */
export function caseDetail(s: CaseState, complainant: Complainant | undefined, role: Role) {
  return {
    caseId: s.caseId,
    caseNumber: s.caseNumber,
    kind: s.kind,
    status: s.status,
    siteId: s.siteId,
    channel: s.channel,
    category: s.category,
    severity: s.severity,
    market: s.market,
    subject: s.subject,
    description: s.description,
    complainant: presentComplainant(complainant, role),
    personalDataErased: s.personalDataErased,
    receivedAt: s.receivedAt,
    firstResponderId: s.firstResponderId,
    followUpOwnerId: s.followUpOwnerId,
    validity: s.validity,
    invalidReason: s.invalidReason ?? null,
    assignment: s.assignment ?? null,
    escalationLevel: s.escalationLevel,
    resolution: s.resolution ?? null,
    replies: s.replies,
    investigation: s.investigation ?? null,
    rectification: s.rectification ?? null,
    settlement: s.settlement
      ? {
          settlementId: s.settlement.settlementId,
          type: s.settlement.type,
          amount: s.settlement.amount,
          currency: s.settlement.currency,
          description: s.settlement.description,
          requiredRole: s.settlement.requiredRole,
          status: s.settlement.status,
          approvedBy: s.settlement.approvedBy ?? null,
        }
      : null,
    returnVisits: s.returnVisits,
    sla: s.sla.map(withSupervision).map((c) => ({
      clock: c.clock,
      startedAt: c.startedAt,
      dueAt: c.dueAt,
      status: c.status,
      stoppedAt: c.stoppedAt ?? null,
      accountableStaffId: c.accountableStaffId,
      paused: c.paused,
      resumeAt: c.resumeAt ?? null,
      originalDueAt: c.originalDueAt,
      pauses: c.pauses,
      extensions: c.extensions,
      extensionRequest: c.extensionRequest ?? null,
      atRisk: isWarned(c),
    })),
    reopenCount: s.reopenCount,
    outcome: s.outcome ?? null,
    closedAt: s.closedAt ?? null,
    version: s.version,
    updatedAt: s.updatedAt,
  };
}
