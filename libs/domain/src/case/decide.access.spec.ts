/**
 * Who may do what, when (PRODUCT.md §3), and which refusal wins when several apply (API.md
 * "Conventions": 400, 403 minimum role, 409 state, 403 relation / approval authority, 409
 * precondition).
 */
import type { CaseCommand } from './commands';
import { STATUSES, type CaseStatus } from './vocabulary';
import {
  type ActorName,
  RECEIVED_AT,
  actors,
  addDays,
  assignResponsibility,
  by,
  closeCase,
  completeRectification,
  decideExtension,
  decideSettlement,
  erasePersonalData,
  escalateCase,
  escalated,
  given,
  histories,
  invalidateComplaint,
  issueNotice,
  logComplaint,
  logged,
  proposeSettlement,
  recordCustomerResponse,
  recordReply,
  recordReturnVisit,
  recordShirking,
  pauseClock,
  reopenCase,
  reportInvestigation,
  requestExtension,
  requestRework,
  resolveOnTheSpot,
  resumeClock,
  settlementApproved,
  settlementProposed,
  sharedBy,
  urgeCase,
  validateComplaint,
} from './testing/decider-spec';

const ALL = [...STATUSES];
const OPEN = ALL.filter((s) => s !== 'closed');

/** Each command, acted by someone its role and relation checks let through, and the states §3 allows it in. */
const stateMachine: [string, CaseCommand, ActorName, CaseStatus[]][] = [
  ['RecordReply', recordReply(), 'agent', OPEN],
  ['ResolveOnTheSpot', resolveOnTheSpot(), 'agent', ['received']],
  ['ValidateComplaint', validateComplaint(), 'supervisor', ['received', 'in_progress', 'rectified']],
  ['AssignResponsibility', assignResponsibility(), 'supervisor', ['received', 'in_progress']],
  ['EscalateCase', escalateCase('gm'), 'agent', OPEN],
  ['ReportInvestigation', reportInvestigation(), 'handler', ['in_progress']],
  ['CompleteRectification', completeRectification(), 'handler', ['in_progress']],
  ['ProposeSettlement', proposeSettlement('500.00'), 'supervisor', ['in_progress', 'rectified']],
  ['RecordReturnVisit', recordReturnVisit(), 'agent', ['rectified', 'resolved_on_spot']],
  ['CloseCase', closeCase(), 'supervisor', OPEN],
  ['ReopenCase', reopenCase(), 'supervisor', ['closed']],
  ['RecordShirking', recordShirking(), 'supervisor', ALL],
  ['ErasePersonalData', erasePersonalData(), 'auditor', ALL],
  ['RequestRework', requestRework(), 'supervisor', ['rectified', 'resolved_on_spot']],
  ['PauseClock', pauseClock('rectification'), 'supervisor', OPEN],
  ['ResumeClock', resumeClock('rectification'), 'agent', OPEN],
  ['RequestExtension', requestExtension('resolution', addDays(RECEIVED_AT, 20)), 'supervisor', OPEN],
  ['UrgeCase', urgeCase(), 'supervisor', OPEN],
  ['IssueNotice', issueNotice(), 'manager', ALL],
];

describe('the state machine (PRODUCT.md §3)', () => {
  describe.each(stateMachine)('%s', (_, command, actor, allowedIn) => {
    const refusedIn = ALL.filter((s) => !allowedIn.includes(s));

    if (refusedIn.length > 0) {
      it.each(refusedIn)('is refused on a %s case', (status) => {
        given(histories[status]()).when(command, by(actor)).thenThrows('INVALID_STATE_TRANSITION', status);
      });
    }

    // Allowed means the state machine lets it through; a precondition may still refuse it.
    it.each(allowedIn)('passes the state machine on a %s case', (status) => {
      const outcome = given(histories[status]()).when(command, by(actor)).outcome();
      expect(outcome instanceof Error ? outcome.code : 'decided').toMatch(/^(decided|PRECONDITION_NOT_MET)$/);
    });
  });

  it.each([
    ['DecideSettlement', decideSettlement('approve'), 'supervisor'],
    ['RecordCustomerResponse', recordCustomerResponse(true), 'agent'],
  ] as const)('%s is refused on a closed case', (_, command, actor) => {
    given([...histories.closed(), settlementProposed(), settlementApproved()])
      .when(command, by(actor))
      .thenThrows('INVALID_STATE_TRANSITION', 'closed');
  });
});

describe('minimum roles', () => {
  const NON_STAFF = ['auditor', 'admin', 'integration', 'system'] as const;
  const BELOW_SUPERVISOR = ['agent', 'handler', 'quality'] as const;

  // "agent" in §3 is any staff member who works cases: handler and quality stand outside the
  // management line but are staff; auditor, admin and integration only read.
  const staffCommands: [string, CaseCommand, CaseStatus][] = [
    ['RecordReply', recordReply(), 'received'],
    ['ResolveOnTheSpot', resolveOnTheSpot(), 'received'],
    ['EscalateCase', escalateCase('gm'), 'received'],
    ['ReportInvestigation', reportInvestigation(), 'in_progress'],
    ['CompleteRectification', completeRectification(), 'in_progress'],
    ['RecordReturnVisit', recordReturnVisit(), 'rectified'],
  ];
  describe.each(staffCommands)('%s (agent)', (_, command, status) => {
    it.each(NON_STAFF)('refuses the %s', (who) => {
      given(histories[status]()).when(command, by(who)).thenThrows('FORBIDDEN');
    });
  });

  it.each(NON_STAFF)('LogComplaint refuses the %s', (who) => {
    given([]).when(logComplaint(), by(who)).thenThrows('FORBIDDEN');
  });

  it.each(['agent', 'handler', 'quality'] as const)('LogComplaint lets the %s log a case they received', (who) => {
    const { id, departmentId } = actors[who];
    given([])
      .when(logComplaint({ firstResponder: { id, departmentId } }), by(who))
      .then([logged({ firstResponderId: id, firstResponderDepartmentId: departmentId })]);
  });

  const supervisorCommands: [string, CaseCommand, CaseStatus][] = [
    ['ValidateComplaint', validateComplaint(), 'received'],
    ['AssignResponsibility', assignResponsibility(), 'received'],
    ['ProposeSettlement', proposeSettlement('500.00'), 'in_progress'],
    ['CloseCase', closeCase(), 'received'],
    ['ReopenCase', reopenCase(), 'closed'],
    ['RecordShirking', recordShirking(), 'received'],
    ['RequestRework', requestRework(), 'rectified'],
    ['PauseClock', pauseClock('rectification'), 'in_progress'],
    ['DecideExtension', decideExtension('rectification'), 'in_progress'],
    ['UrgeCase', urgeCase(), 'received'],
  ];
  describe.each(supervisorCommands)('%s (supervisor)', (_, command, status) => {
    it.each([...BELOW_SUPERVISOR, ...NON_STAFF])('refuses the %s', (who) => {
      given(histories[status]()).when(command, by(who)).thenThrows('FORBIDDEN');
    });

    it.each(['supervisor', 'manager', 'deputy_gm', 'gm'] as const)('lets the %s through', (who) => {
      const outcome = given(histories[status]()).when(command, by(who)).outcome();
      expect(outcome instanceof Error ? outcome.code : 'decided').not.toBe('FORBIDDEN');
    });
  });

  it.each(['handler', 'quality', 'auditor', 'admin', 'system'] as const)('DecideSettlement refuses the %s, outside the approval line', (who) => {
    given([...histories.in_progress(), settlementProposed()]).when(decideSettlement(), by(who)).thenThrows('FORBIDDEN');
  });

  // MarkSlaBreached (system only) and ErasePersonalData (auditor or gm): decide.lifecycle.spec.ts.
});

describe('error precedence: 400, 403 role, 409 state, 403 relation, 409 precondition', () => {
  it('bad input before the role: an auditor logging a case received 8 days ago', () => {
    given([])
      .when(logComplaint({ receivedAt: '2026-11-12T00:00:00.000Z' }), by('auditor'))
      .thenThrows('VALIDATION_FAILED');
  });

  it('bad input before the role: an agent invalidating without a reason', () => {
    given(histories.received()).when(validateComplaint({ valid: false }), by('agent')).thenThrows('VALIDATION_FAILED');
  });

  it('bad input before the state: bad shares on a closed case', () => {
    given(histories.closed())
      .when(reportInvestigation({ responsibility: sharedBy('0.5', '0.6') }), by('quality'))
      .thenThrows('VALIDATION_FAILED');
  });

  it('the role before the state: an agent closing a closed case is FORBIDDEN', () => {
    given(histories.closed()).when(closeCase(), by('agent')).thenThrows('FORBIDDEN');
  });

  it('a supervisor closing a closed case is told the state: INVALID_STATE_TRANSITION', () => {
    given(histories.closed()).when(closeCase(), by('supervisor')).thenThrows('INVALID_STATE_TRANSITION');
  });

  it('the role before a precondition: an agent closing an unfinished case', () => {
    given(histories.received()).when(closeCase(), by('agent')).thenThrows('FORBIDDEN');
  });

  it('the role before a precondition: an agent proposing while a settlement is pending', () => {
    given([...histories.in_progress(), settlementProposed()]).when(proposeSettlement('10.00'), by('agent')).thenThrows('FORBIDDEN');
  });

  it('the state before the relation: another department’s handler rectifying a received case', () => {
    given(histories.received()).when(completeRectification(), by('otherHandler')).thenThrows('INVALID_STATE_TRANSITION');
    given(histories.in_progress()).when(completeRectification(), by('otherHandler')).thenThrows('FORBIDDEN');
  });

  it('the state before the relation: not the first responder, on an assigned case', () => {
    given(histories.in_progress()).when(resolveOnTheSpot(), by('otherAgent')).thenThrows('INVALID_STATE_TRANSITION');
    given(histories.received()).when(resolveOnTheSpot(), by('otherAgent')).thenThrows('FORBIDDEN');
  });

  it('the state before approval authority: a supervisor deciding a 5000.00 settlement of a closed case', () => {
    given([...histories.closed(), settlementProposed({ amount: '5000.00', requiredRole: 'manager' })])
      .when(decideSettlement(), by('supervisor'))
      .thenThrows('INVALID_STATE_TRANSITION');
  });

  it('the state before a precondition: escalating a closed case to a level it already has', () => {
    const [log, ...rest] = histories.closed();
    given([log, escalated('manager'), ...rest]).when(escalateCase('supervisor'), by('agent')).thenThrows('INVALID_STATE_TRANSITION');
  });

  it('the state before a precondition: assigning an invalidated complaint', () => {
    given(histories.invalidated()).when(assignResponsibility()).thenThrows('INVALID_STATE_TRANSITION');
  });

  it('the state before a precondition: validating a closed repair', () => {
    given([logged({ kind: 'repair' }), ...histories.closed().slice(1)])
      .when(invalidateComplaint())
      .thenThrows('INVALID_STATE_TRANSITION');
  });
});
