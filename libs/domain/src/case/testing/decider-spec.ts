/**
 * A small given/when/then DSL for the case decider (ARCHITECTURE.md decision 1), with the
 * fixtures its specs share. Test-only: `**\/testing/**` is excluded from the build.
 *
 *   given([logged(), assigned()])
 *     .when(completeRectification(), by('otherHandler'))
 *     .thenThrows('FORBIDDEN');
 */
import { DateTime } from 'luxon';
import { DomainError, type DomainErrorCode } from '../../errors';
import { DEFAULT_POLICIES, WorkingCalendar, addDays, addHours, firstReplyBy, resolutionBy } from '../../policies';
import type * as C from '../commands';
import type { Actor, DecisionContext } from '../context';
import { decide } from '../decide';
import type * as E from '../events';
import type { CaseEvent, Recorded } from '../events';
import { evolve, fold, type CaseState } from '../state';
import type { SlaClock } from '../clocks';
import type { ClockName, EscalationLevel, Outcome } from '../vocabulary';

// --- time ----------------------------------------------------------------------------------

export const TIME_ZONE = 'Asia/Shanghai';

/** A Shanghai wall-clock time (`2026-11-23T16:00`) as the UTC ISO instant events carry. */
export const shanghai = (local: string): string => {
  const time = DateTime.fromISO(local, { zone: TIME_ZONE });
  if (!time.isValid) throw new RangeError(`not a local time: ${local}`);
  return new Date(time.toMillis()).toISOString();
};

export const plusMs = (instant: string, ms: number): string => new Date(Date.parse(instant) + ms).toISOString();
export const plusMinutes = (instant: string, minutes: number): string => plusMs(instant, minutes * 60_000);
export { addDays, addHours };

/** The default timeline: a case received Fri 2026-11-20 16:00 in Shanghai, decided an hour later. */
export const RECEIVED_AT = shanghai('2026-11-20T16:00');
export const NOW = shanghai('2026-11-20T17:00');

// --- context -------------------------------------------------------------------------------

export const DEPARTMENTS = {
  customerService: 'dep-cs',
  engineering: 'dep-eng',
  security: 'dep-sec',
  quality: 'dep-qa',
  management: 'dep-mgmt',
} as const;

/**
 * Who acts. `agent` is the default first responder; the default assignment is to `assignee`
 * of engineering, where `handler` also works; `otherHandler` belongs to another department.
 */
export const actors = {
  agent: { id: 'agent-1', role: 'agent', departmentId: DEPARTMENTS.customerService },
  otherAgent: { id: 'agent-2', role: 'agent', departmentId: DEPARTMENTS.customerService },
  supervisor: { id: 'sup-1', role: 'supervisor', departmentId: DEPARTMENTS.customerService },
  assignee: { id: 'eng-lead', role: 'handler', departmentId: DEPARTMENTS.engineering },
  handler: { id: 'handler-1', role: 'handler', departmentId: DEPARTMENTS.engineering },
  otherHandler: { id: 'handler-9', role: 'handler', departmentId: DEPARTMENTS.security },
  quality: { id: 'qa-1', role: 'quality', departmentId: DEPARTMENTS.quality },
  manager: { id: 'mgr-1', role: 'manager', departmentId: DEPARTMENTS.management },
  deputy_gm: { id: 'dgm-1', role: 'deputy_gm', departmentId: DEPARTMENTS.management },
  gm: { id: 'gm-1', role: 'gm', departmentId: DEPARTMENTS.management },
  auditor: { id: 'aud-1', role: 'auditor' },
  admin: { id: 'admin', role: 'admin' },
  integration: { id: 'downstream', role: 'integration' },
  system: { id: 'system', role: 'system' },
} as const satisfies Record<string, Actor>;
export type ActorName = keyof typeof actors;

export const calendar = new WorkingCalendar({ timeZone: TIME_ZONE });

/** A decision context: now, the acting staff member (a supervisor unless told), the default policies. */
export const ctx = (overrides: Partial<DecisionContext> = {}): DecisionContext => ({
  now: NOW,
  actor: actors.supervisor,
  policies: DEFAULT_POLICIES,
  calendar,
  ...overrides,
});

/** Context overrides naming who acts: `by('agent')`, `by(actors.gm, { now })`. */
export const by = (who: ActorName | Actor, more: Partial<DecisionContext> = {}): Partial<DecisionContext> => ({
  actor: typeof who === 'string' ? actors[who] : who,
  ...more,
});

// --- given / when / then -------------------------------------------------------------------

type GivenEvent = CaseEvent | Recorded<CaseEvent>;

/** An event recorded at a given instant: `at(shanghai('2026-11-20T18:00'), replied())`. */
export const at = <T extends CaseEvent>(recordedAt: string, event: T): Recorded<T> => ({ ...event, recordedAt });

/**
 * Stamps events without `recordedAt`: the first at its `receivedAt` (a ComplaintLogged) or
 * RECEIVED_AT, each next one a minute after the one before. Each gets the event id
 * `evt-{index}`, as a store gives one.
 */
export const recorded = (events: GivenEvent[]): Recorded<CaseEvent>[] => {
  let previous: string | undefined;
  return events.map((event, i) => {
    const stamp =
      'recordedAt' in event && event.recordedAt
        ? event.recordedAt
        : previous
          ? plusMinutes(previous, 1)
          : event.type === 'ComplaintLogged'
            ? event.data.receivedAt
            : RECEIVED_AT;
    previous = stamp;
    return { eventId: `evt-${i}`, ...event, recordedAt: stamp };
  });
};

export interface ThrowExpectation {
  /** A part of the message, or a pattern it matches. */
  message?: string | RegExp;
  /** PRECONDITION_NOT_MET: exactly these missing steps, in any order (matchers allowed). */
  missing?: unknown[];
  /** VALIDATION_FAILED: the offending field's path. */
  path?: string;
}

export interface When {
  /** The decision appends exactly these events, in this order (asymmetric matchers allowed). */
  then(expected: CaseEvent[]): void;
  /** The decision is refused with this DomainError code (and message part / missing steps / path). */
  thenThrows(code: DomainErrorCode, expectation?: string | RegExp | ThrowExpectation): void;
  /** Escape hatch: the events decided, or the DomainError thrown. */
  outcome(): CaseEvent[] | DomainError;
}

export interface Given {
  when(command: C.CaseCommand, overrides?: Partial<DecisionContext>): When;
  /** The state the given events fold to. */
  state(): CaseState;
}

export function given(events: GivenEvent[]): Given {
  const history = recorded(events);
  const state = fold(history);
  return {
    state: () => {
      if (!state) throw new Error('given no events: there is no state');
      return state;
    },
    when: (command, overrides) => {
      const context = ctx(overrides);
      const outcome = (): CaseEvent[] | DomainError => {
        try {
          return decide(command, state, context);
        } catch (error) {
          if (error instanceof DomainError) return error;
          throw error;
        }
      };
      return {
        outcome,
        then(expected) {
          const result = outcome();
          if (result instanceof DomainError) {
            throw new Error(`expected events but ${command.type} was refused: ${result.code} ${result.message}`);
          }
          expect(result).toEqual(expected);
          // What is decided must fold: an event the state cannot absorb is a bug too.
          result.reduce<CaseState | undefined>((s, e) => evolve(s, { ...e, recordedAt: context.now }), state);
        },
        thenThrows(code, expectation) {
          const result = outcome();
          if (!(result instanceof DomainError)) {
            throw new Error(`expected ${code} but ${command.type} decided ${JSON.stringify(result.map((e) => e.type))}`);
          }
          if (result.code !== code) {
            throw new Error(`expected ${code} but ${command.type} was refused with ${result.code}: ${result.message}`);
          }
          const { message, missing, path } =
            typeof expectation === 'string' || expectation instanceof RegExp ? { message: expectation } : (expectation ?? {});
          if (typeof message === 'string') expect(result.message).toContain(message);
          if (message instanceof RegExp) expect(result.message).toMatch(message);
          if (missing) {
            expect(result.details.missing).toHaveLength(missing.length);
            expect(result.details.missing).toEqual(expect.arrayContaining(missing));
          }
          if (path) expect(result.details.errors?.map((e) => e.path)).toEqual([path]);
        },
      };
    },
  };
}

/** The clocks of the state the events fold to, by name (several when restarted). */
export const clocks = (events: GivenEvent[], name: ClockName): SlaClock[] =>
  given(events)
    .state()
    .sla.filter((c) => c.clock === name);

// --- event builders (given) ------------------------------------------------------------------

export const CASE_ID = '7a1c3e52-0f7e-4c1e-9d59-2b8f0c6d4a10';
export const SETTLEMENT_ID = 'stl-1';

type Data<E extends CaseEvent> = E['data'];

export const logged = (o: Partial<Data<E.ComplaintLogged>> = {}): E.ComplaintLogged => {
  const receivedAt = o.receivedAt ?? RECEIVED_AT;
  const sla = DEFAULT_POLICIES.sla.policy;
  return {
    type: 'ComplaintLogged',
    data: {
      caseId: CASE_ID,
      caseNumber: 'CP-202611-0001',
      kind: 'complaint',
      siteId: 'site-1',
      channel: 'phone',
      category: 'repair_delay',
      severity: 'general',
      market: 'domestic',
      subject: 'Leaking pipe',
      description: 'Water leaks from the bathroom ceiling',
      complainant: { name: 'sealed:name', phone: 'sealed:phone' },
      complainantKeyId: 'key-1',
      receivedAt,
      firstResponderId: actors.agent.id,
      firstResponderDepartmentId: actors.agent.departmentId,
      deadlines: {
        firstReplyBy: firstReplyBy(receivedAt, sla),
        resolutionBy: resolutionBy(receivedAt, o.market ?? 'domestic', sla),
      },
      ...o,
    },
  };
};

export const replied = (o: Partial<Data<E.ComplainantReplied>> = {}): E.ComplainantReplied => ({
  type: 'ComplainantReplied',
  data: { message: 'We are on it', channel: 'phone', repliedBy: actors.agent.id, ...o },
});

export const resolvedOnSpot = (o: Partial<Data<E.ComplaintResolvedOnSpot>> = {}): E.ComplaintResolvedOnSpot => ({
  type: 'ComplaintResolvedOnSpot',
  data: { resolution: 'Reset the breaker', resolvedBy: actors.agent.id, returnVisitBy: addDays(RECEIVED_AT, 14), ...o },
});

export const validated = (o: Partial<Data<E.ComplaintValidated>> = {}): E.ComplaintValidated => ({
  type: 'ComplaintValidated',
  data: { validatedBy: actors.supervisor.id, ...o },
});

export const invalidated = (o: Partial<Data<E.ComplaintInvalidated>> = {}): E.ComplaintInvalidated => ({
  type: 'ComplaintInvalidated',
  data: { reason: 'unfounded', invalidatedBy: actors.supervisor.id, replyBy: addHours(RECEIVED_AT, 2), ...o },
});

export const assigned = (o: Partial<Data<E.ResponsibilityAssigned>> = {}): E.ResponsibilityAssigned => ({
  type: 'ResponsibilityAssigned',
  data: {
    departmentId: actors.assignee.departmentId,
    assigneeId: actors.assignee.id,
    assignedBy: actors.supervisor.id,
    rectificationBy: shanghai('2026-11-25T16:00'),
    ...o,
  },
});

export const escalated = (
  level: Data<E.CaseEscalated>['level'],
  o: Partial<Data<E.CaseEscalated>> = {},
): E.CaseEscalated => ({
  type: 'CaseEscalated',
  data: { level, reason: 'manual', note: 'customer called twice', escalatedBy: actors.agent.id, ...o },
});

export const investigated = (o: Partial<Data<E.InvestigationReported>> = {}): E.InvestigationReported => ({
  type: 'InvestigationReported',
  data: {
    rootCause: 'Corroded joint',
    causeType: 'quality',
    responsibility: [{ departmentId: DEPARTMENTS.engineering, share: '1' }],
    countermeasures: 'Replace joints in the block',
    reportedBy: actors.quality.id,
    ...o,
  },
});

export const rectified = (o: Partial<Data<E.RectificationCompleted>> = {}): E.RectificationCompleted => ({
  type: 'RectificationCompleted',
  data: {
    description: 'Joint replaced',
    completedAt: RECEIVED_AT,
    completedBy: actors.assignee.id,
    returnVisitBy: addDays(RECEIVED_AT, 14),
    ...o,
  },
});

export const settlementProposed = (o: Partial<Data<E.SettlementProposed>> = {}): E.SettlementProposed => ({
  type: 'SettlementProposed',
  data: {
    settlementId: SETTLEMENT_ID,
    type: 'compensation',
    amount: '500.00',
    currency: 'CNY',
    description: 'Ceiling repaint',
    requiredRole: 'supervisor',
    ...o,
  },
});

const decision = (o: Partial<Data<E.SettlementApproved>>) => ({
  settlementId: o.settlementId ?? SETTLEMENT_ID,
  decidedBy: actors.supervisor.id,
  decidedByRole: 'supervisor',
  ...o,
});
export const settlementApproved = (o: Partial<Data<E.SettlementApproved>> = {}): E.SettlementApproved => ({
  type: 'SettlementApproved',
  data: decision(o),
});
export const settlementRejected = (o: Partial<Data<E.SettlementRejected>> = {}): E.SettlementRejected => ({
  type: 'SettlementRejected',
  data: decision(o),
});

const response = (o: Partial<Data<E.SettlementAccepted>>) => ({
  settlementId: SETTLEMENT_ID,
  recordedBy: actors.agent.id,
  ...o,
});
export const settlementAccepted = (o: Partial<Data<E.SettlementAccepted>> = {}): E.SettlementAccepted => ({
  type: 'SettlementAccepted',
  data: response(o),
});
export const settlementDisputed = (o: Partial<Data<E.SettlementDisputed>> = {}): E.SettlementDisputed => ({
  type: 'SettlementDisputed',
  data: response(o),
});

export const visited = (o: Partial<Data<E.ReturnVisitRecorded>> = {}): E.ReturnVisitRecorded => ({
  type: 'ReturnVisitRecorded',
  data: { method: 'phone', satisfaction: 'satisfied', customerConfirmed: true, visitedBy: actors.agent.id, ...o },
});

export const closed = (outcome: Outcome = 'valid', o: Partial<Data<E.CaseClosed>> = {}): E.CaseClosed => ({
  type: 'CaseClosed',
  data: { summary: 'Done', closedBy: actors.supervisor.id, outcome, ...o },
});

export const reopened = (o: Partial<Data<E.CaseReopened>> = {}): E.CaseReopened => ({
  type: 'CaseReopened',
  data: { reason: 'Leaking again', reopenedBy: actors.supervisor.id, previousAssigneeId: actors.assignee.id, ...o },
});

export const shirkingRecorded = (o: Partial<Data<E.ShirkingRecorded>> = {}): E.ShirkingRecorded => ({
  type: 'ShirkingRecorded',
  data: { staffId: actors.otherAgent.id, description: 'Told the customer to call engineering', recordedBy: actors.supervisor.id, ...o },
});

export const slaBreached = (clock: ClockName, dueAt: string, accountableStaffId: string = actors.agent.id): E.SlaBreached => ({
  type: 'SlaBreached',
  data: { clock, dueAt, accountableStaffId },
});

export const personalDataErased = (o: Partial<Data<E.PersonalDataErased>> = {}): E.PersonalDataErased => ({
  type: 'PersonalDataErased',
  data: { complainantKeyId: 'key-1', reason: 'PIPL request', erasedBy: actors.auditor.id, ...o },
});

// The supervision line (PRODUCT.md §13).

export const reworkRequested = (o: Partial<Data<E.ReworkRequested>> = {}): E.ReworkRequested => ({
  type: 'ReworkRequested',
  data: { reason: 'Still leaking', requestedBy: actors.supervisor.id, rectificationBy: shanghai('2026-11-25T17:00'), visitId: 'evt-4', ...o },
});

export const clockPaused = (clock: ClockName, o: Partial<Data<E.ClockPaused>> = {}): E.ClockPaused => ({
  type: 'ClockPaused',
  data: { clock, reason: 'awaiting_supplier', resumeAt: addDays(NOW, 10), pausedBy: actors.supervisor.id, ...o },
});

export const clockResumed = (clock: ClockName, o: Partial<Data<E.ClockResumed>> & Pick<Data<E.ClockResumed>, 'pausedMs' | 'dueAt' | 'previousDueAt'>): E.ClockResumed => ({
  type: 'ClockResumed',
  data: { clock, resumedBy: actors.supervisor.id, ...o },
});

export const extensionRequested = (clock: ClockName, dueAt: string, o: Partial<Data<E.ExtensionRequested>> = {}): E.ExtensionRequested => ({
  type: 'ExtensionRequested',
  data: { clock, requestId: 'ext-1', dueAt, reason: 'Parts on order', requestedBy: actors.assignee.id, ...o },
});

export const extensionApproved = (
  clock: ClockName,
  o: Partial<Data<E.ExtensionApproved>> & Pick<Data<E.ExtensionApproved>, 'dueAt' | 'previousDueAt'>,
): E.ExtensionApproved => ({
  type: 'ExtensionApproved',
  data: { clock, requestId: 'ext-1', decidedBy: actors.supervisor.id, decidedByRole: 'supervisor', ...o },
});

export const extensionRejected = (clock: ClockName, o: Partial<Data<E.ExtensionRejected>> = {}): E.ExtensionRejected => ({
  type: 'ExtensionRejected',
  data: { clock, requestId: 'ext-1', decidedBy: actors.supervisor.id, decidedByRole: 'supervisor', ...o },
});

export const slaAtRisk = (clock: ClockName, dueAt: string, fraction = 0.8): E.SlaAtRisk => ({
  type: 'SlaAtRisk',
  data: { clock, dueAt, fraction },
});

export const caseUrged = (o: Partial<Data<E.CaseUrged>> = {}): E.CaseUrged => ({
  type: 'CaseUrged',
  data: { message: 'Please hurry', staffId: actors.assignee.id, departmentId: actors.assignee.departmentId, urgedBy: actors.supervisor.id, ...o },
});

export const noticeIssued = (o: Partial<Data<E.NoticeIssued>> = {}): E.NoticeIssued => ({
  type: 'NoticeIssued',
  data: { noticeId: 'notice-1', kind: 'criticism', departmentId: DEPARTMENTS.engineering, text: 'Slow to respond', issuedBy: actors.manager.id, ...o },
});

/** Histories that leave a default case in each status. */
export const histories = {
  received: () => [logged()],
  in_progress: () => [logged(), assigned()],
  rectified: () => [logged(), assigned(), rectified()],
  resolved_on_spot: () => [logged(), resolvedOnSpot()],
  invalidated: () => [logged(), invalidated()],
  closed: () => [logged(), validated(), assigned(), rectified(), visited(), closed()],
} satisfies Record<CaseState['status'], () => CaseEvent[]>;

// --- command builders (when) -----------------------------------------------------------------

export const logComplaint = (o: Partial<C.LogComplaint> = {}): C.LogComplaint => ({
  type: 'LogComplaint',
  caseId: CASE_ID,
  caseNumber: 'CP-202611-0001',
  kind: 'complaint',
  siteId: 'site-1',
  channel: 'phone',
  category: 'repair_delay',
  severity: 'general',
  market: 'domestic',
  subject: 'Leaking pipe',
  description: 'Water leaks from the bathroom ceiling',
  complainant: { name: 'sealed:name', phone: 'sealed:phone' },
  complainantKeyId: 'key-1',
  receivedAt: RECEIVED_AT,
  firstResponder: { id: actors.agent.id, departmentId: actors.agent.departmentId },
  ...o,
});

export const recordReply = (o: Partial<C.RecordReply> = {}): C.RecordReply => ({
  type: 'RecordReply',
  message: 'We are on it',
  channel: 'phone',
  ...o,
});

export const resolveOnTheSpot = (resolution = 'Reset the breaker'): C.ResolveOnTheSpot => ({
  type: 'ResolveOnTheSpot',
  resolution,
});

export const validateComplaint = (o: Partial<C.ValidateComplaint> = {}): C.ValidateComplaint => ({
  type: 'ValidateComplaint',
  valid: true,
  ...o,
});
export const invalidateComplaint = (reason: C.ValidateComplaint['reason'] = 'unfounded'): C.ValidateComplaint =>
  validateComplaint({ valid: false, reason });

export const assignResponsibility = (o: Partial<C.AssignResponsibility> = {}): C.AssignResponsibility => ({
  type: 'AssignResponsibility',
  departmentId: actors.assignee.departmentId,
  assignee: { id: actors.assignee.id, departmentId: actors.assignee.departmentId },
  ...o,
});

export const escalateCase = (level: Exclude<EscalationLevel, 'none'>, reason = 'customer called twice'): C.EscalateCase => ({
  type: 'EscalateCase',
  level,
  reason,
});

export const reportInvestigation = (o: Partial<C.ReportInvestigation> = {}): C.ReportInvestigation => ({
  type: 'ReportInvestigation',
  rootCause: 'Corroded joint',
  causeType: 'quality',
  responsibility: [{ departmentId: DEPARTMENTS.engineering, share: '1' }],
  countermeasures: 'Replace joints in the block',
  ...o,
});
/** An investigation naming one department per share. */
export const sharedBy = (...shares: string[]): C.ReportInvestigation['responsibility'] =>
  shares.map((share, i) => ({ departmentId: `dep-${i + 1}`, share }));

export const completeRectification = (o: Partial<C.CompleteRectification> = {}): C.CompleteRectification => ({
  type: 'CompleteRectification',
  description: 'Joint replaced',
  ...o,
});

export const proposeSettlement = (amount: string, o: Partial<C.ProposeSettlement> = {}): C.ProposeSettlement => ({
  type: 'ProposeSettlement',
  settlementId: SETTLEMENT_ID,
  settlementType: 'compensation',
  amount,
  currency: 'CNY',
  description: 'Ceiling repaint',
  ...o,
});

export const decideSettlement = (decision: C.DecideSettlement['decision'] = 'approve', comment?: string): C.DecideSettlement => ({
  type: 'DecideSettlement',
  decision,
  ...(comment !== undefined ? { comment } : {}),
});

export const recordCustomerResponse = (accepted: boolean, comment?: string): C.RecordCustomerResponse => ({
  type: 'RecordCustomerResponse',
  accepted,
  ...(comment !== undefined ? { comment } : {}),
});

export const recordReturnVisit = (o: Partial<C.RecordReturnVisit> = {}): C.RecordReturnVisit => ({
  type: 'RecordReturnVisit',
  method: 'phone',
  satisfaction: 'satisfied',
  ...o,
});

export const closeCase = (summary = 'Done'): C.CloseCase => ({ type: 'CloseCase', summary });

export const reopenCase = (reason = 'Leaking again'): C.ReopenCase => ({ type: 'ReopenCase', reason });

export const recordShirking = (o: Partial<C.RecordShirking> = {}): C.RecordShirking => ({
  type: 'RecordShirking',
  staff: { id: actors.otherAgent.id, departmentId: actors.otherAgent.departmentId },
  description: 'Told the customer to call engineering',
  ...o,
});

export const markSlaBreached = (clock: ClockName, dueAt: string): C.MarkSlaBreached => ({
  type: 'MarkSlaBreached',
  clock,
  dueAt,
});

export const escalateAfterBreach = (clock: ClockName): C.EscalateAfterBreach => ({ type: 'EscalateAfterBreach', clock });

export const erasePersonalData = (reason = 'PIPL request'): C.ErasePersonalData => ({ type: 'ErasePersonalData', reason });

export const closeAcceptingDissatisfaction = (reason = 'Asks for more than was agreed', summary = 'Done'): C.CloseCase => ({
  type: 'CloseCase',
  summary,
  dissatisfactionAccepted: { reason },
});

export const requestRework = (reason = 'Still leaking'): C.RequestRework => ({ type: 'RequestRework', reason });

export const pauseClock = (clock: ClockName, o: Partial<C.PauseClock> = {}): C.PauseClock => ({
  type: 'PauseClock',
  clock,
  reason: 'awaiting_supplier',
  ...o,
});

export const resumeClock = (clock: ClockName, o: Partial<C.ResumeClock> = {}): C.ResumeClock => ({ type: 'ResumeClock', clock, ...o });

export const requestExtension = (clock: ClockName, dueAt: string, o: Partial<C.RequestExtension> = {}): C.RequestExtension => ({
  type: 'RequestExtension',
  clock,
  requestId: 'ext-1',
  dueAt,
  reason: 'Parts on order',
  ...o,
});

export const decideExtension = (clock: ClockName, decision: C.DecideExtension['decision'] = 'approve', comment?: string): C.DecideExtension => ({
  type: 'DecideExtension',
  clock,
  decision,
  ...(comment !== undefined ? { comment } : {}),
});

export const markSlaAtRisk = (clock: ClockName, dueAt: string): C.MarkSlaAtRisk => ({ type: 'MarkSlaAtRisk', clock, dueAt });

/** The directory's departments of the staff an urging may name. */
export const STAFF_DEPARTMENTS: Record<string, string> = Object.fromEntries(
  Object.values(actors as Record<string, Actor>).flatMap((a) => (a.departmentId !== undefined ? [[a.id, a.departmentId]] : [])),
);

export const urgeCase = (o: Partial<C.UrgeCase> = {}): C.UrgeCase => ({
  type: 'UrgeCase',
  message: 'Please hurry',
  staffDepartments: STAFF_DEPARTMENTS,
  ...o,
});

export const issueNotice = (o: Partial<C.IssueNotice> = {}): C.IssueNotice => ({
  type: 'IssueNotice',
  noticeId: 'notice-1',
  kind: 'criticism',
  departmentId: DEPARTMENTS.engineering,
  text: 'Slow to respond',
  ...o,
});
