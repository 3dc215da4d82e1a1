/**
 * The supervision line's checks on the handling departments (PRODUCT.md §13): return visits by
 * the service line, rework after a dissatisfied visit or a close that accepts the
 * dissatisfaction, urging and notices. Refusals in API.md's order.
 */
import { DEFAULT_POLICIES } from '../policies';
import type { Satisfaction } from './vocabulary';
import type { CaseEvent } from './events';
import { decide } from './decide';
import { urgedStaffId } from './decide-supervision';
import {
  DEPARTMENTS,
  actors,
  assignResponsibility,
  assigned,
  by,
  caseUrged,
  clocks,
  closeAcceptingDissatisfaction,
  closeCase,
  closed,
  ctx,
  given,
  histories,
  investigated,
  issueNotice,
  logged,
  noticeIssued,
  rectified,
  recordReturnVisit,
  requestRework,
  resolvedOnSpot,
  reworkRequested,
  shanghai,
  urgeCase,
  validated,
  visited,
} from './testing/decider-spec';

/** A valid general complaint, rectified and visited (the visit is event 4). */
const visitedAs = (satisfaction: Satisfaction, severity: 'general' | 'major' = 'general') => [
  logged({ severity }),
  validated(),
  assigned(),
  rectified(),
  visited({ satisfaction }),
];
const dissatisfied = () => visitedAs('unsatisfied');
/** Resolved on the spot and visited (the visit is event 2). */
const onSpotVisitedAs = (satisfaction: Satisfaction) => [logged(), resolvedOnSpot(), visited({ satisfaction })];

describe('RecordReturnVisit: the service line, never the handling side (PRODUCT.md §13)', () => {
  it.each(['agent', 'supervisor', 'manager', 'deputy_gm', 'gm'] as const)('lets the %s record it', (who) => {
    given(histories.rectified())
      .when(recordReturnVisit(), by(who))
      .then([visited({ customerConfirmed: false, visitedBy: actors[who].id })]);
  });

  it.each(['handler', 'quality', 'assignee'] as const)('refuses the %s, whatever the case', (who) => {
    given(histories.rectified()).when(recordReturnVisit(), by(who)).thenThrows('FORBIDDEN', 'service line');
    given(histories.resolved_on_spot()).when(recordReturnVisit(), by(who)).thenThrows('FORBIDDEN', 'service line');
  });

  describe('an assignee in the service line', () => {
    const ownAssignment = assigned({ departmentId: DEPARTMENTS.customerService, assigneeId: actors.otherAgent.id });

    it('may not record the visit of the case assigned to them', () => {
      given([logged(), ownAssignment, rectified()]).when(recordReturnVisit(), by('otherAgent')).thenThrows('FORBIDDEN', 'assignee');
    });

    it('is told the state first (the relation comes after it)', () => {
      given([logged(), ownAssignment]).when(recordReturnVisit(), by('otherAgent')).thenThrows('INVALID_STATE_TRANSITION');
    });

    it('leaves the visit to a colleague', () => {
      given([logged(), ownAssignment, rectified()]).when(recordReturnVisit(), by('agent')).then([visited({ customerConfirmed: false })]);
    });
  });

  it('refuses the handler by role before the state', () => {
    given(histories.received()).when(recordReturnVisit(), by('handler')).thenThrows('FORBIDDEN');
  });
});

describe('a dissatisfied return visit holds the complaint back', () => {
  it.each(['unsatisfied', 'very_unsatisfied'] as const)('a valid complaint whose last visit is %s does not close', (satisfaction) => {
    given(visitedAs(satisfaction)).when(closeCase()).thenThrows('PRECONDITION_NOT_MET', { missing: ['rework_or_dissatisfaction_accepted'] });
  });

  it('nor does a complaint resolved on the spot', () => {
    given(onSpotVisitedAs('very_unsatisfied'))
      .when(closeCase())
      .thenThrows('PRECONDITION_NOT_MET', { missing: ['rework_or_dissatisfaction_accepted'] });
  });

  it.each(['neutral', 'satisfied', 'very_satisfied'] as const)('a last visit rated %s holds nothing back', (satisfaction) => {
    given(visitedAs(satisfaction)).when(closeCase()).then([closed('valid')]);
  });

  it('a later visit rated otherwise lifts it', () => {
    given([...dissatisfied(), visited({ satisfaction: 'neutral' })]).when(closeCase()).then([closed('valid')]);
  });

  it('is named beside the other missing steps', () => {
    given(visitedAs('unsatisfied', 'major'))
      .when(closeCase())
      .thenThrows('PRECONDITION_NOT_MET', { missing: ['rework_or_dissatisfaction_accepted', 'investigation'] });
  });

  it.each(['repair', 'service_request'] as const)('does not hold back a %s', (kind) => {
    given([logged({ kind }), assigned(), rectified(), visited({ satisfaction: 'very_unsatisfied' })]).when(closeCase()).then([closed('completed')]);
  });
});

describe('CloseCase with dissatisfactionAccepted (manager and above)', () => {
  it.each(['manager', 'deputy_gm', 'gm'] as const)('the %s closes it, the reason recorded', (who) => {
    given(dissatisfied())
      .when(closeAcceptingDissatisfaction('Asks for a new ceiling'), by(who))
      .then([closed('valid', { closedBy: actors[who].id, dissatisfactionAccepted: { reason: 'Asks for a new ceiling' } })]);
  });

  it('closes a complaint resolved on the spot as such', () => {
    given(onSpotVisitedAs('unsatisfied'))
      .when(closeAcceptingDissatisfaction(), by('manager'))
      .then([closed('resolved_on_spot', { closedBy: actors.manager.id, dissatisfactionAccepted: { reason: 'Asks for more than was agreed' } })]);
  });

  it('lifts only the dissatisfaction: the other steps are still needed', () => {
    given(visitedAs('unsatisfied', 'major'))
      .when(closeAcceptingDissatisfaction(), by('manager'))
      .thenThrows('PRECONDITION_NOT_MET', { missing: ['investigation'] });
  });

  describe('refusals, in API.md order', () => {
    it.each<[string, CaseEvent[]]>([
      ['the last visit is satisfied', visitedAs('satisfied')],
      ['a later visit is neutral', [...dissatisfied(), visited({ satisfaction: 'neutral' })]],
      ['there is no visit yet', [logged(), validated(), assigned(), rectified()]],
      ['the dissatisfied visit was before a rework and the new rectification', [...dissatisfied(), reworkRequested(), rectified()]],
    ])('400 when %s, even from a manager', (_, history) => {
      given(history).when(closeAcceptingDissatisfaction(), by('manager')).thenThrows('VALIDATION_FAILED', { path: 'dissatisfactionAccepted' });
    });

    it('400 before the role: an agent accepting a satisfied visit', () => {
      given(visitedAs('satisfied')).when(closeAcceptingDissatisfaction(), by('agent')).thenThrows('VALIDATION_FAILED');
    });

    it('403 for a role below supervisor, as any close', () => {
      given(dissatisfied()).when(closeAcceptingDissatisfaction(), by('agent')).thenThrows('FORBIDDEN', 'CloseCase');
    });

    it('409 for a closed case before the supervisor is refused the field', () => {
      const closedAccepted = [...dissatisfied(), closed('valid', { closedBy: actors.manager.id, dissatisfactionAccepted: { reason: 'r' } })];
      given(closedAccepted).when(closeAcceptingDissatisfaction(), by('supervisor')).thenThrows('INVALID_STATE_TRANSITION');
    });

    it('403 FORBIDDEN for a supervisor, at the relation step: before the missing steps', () => {
      given(dissatisfied()).when(closeAcceptingDissatisfaction(), by('supervisor')).thenThrows('FORBIDDEN', 'dissatisfactionAccepted');
      given(visitedAs('unsatisfied', 'major')).when(closeAcceptingDissatisfaction(), by('supervisor')).thenThrows('FORBIDDEN');
    });
  });
});

describe('RequestRework (复核)', () => {
  it('sends a general complaint back to work: a rectification clock of 3 working days from the request, naming the visit', () => {
    // Requested Fri 2026-11-20 17:00: due Wed 17:00.
    given(dissatisfied())
      .when(requestRework('Still leaking'))
      .then([reworkRequested({ reason: 'Still leaking', requestedBy: actors.supervisor.id, rectificationBy: shanghai('2026-11-25T17:00'), visitId: 'evt-4' })]);
  });

  it('gives a major complaint 1 working day: Fri 17:00 → Mon 17:00', () => {
    const major = [logged({ severity: 'major' }), validated(), assigned(), investigated(), rectified(), visited({ satisfaction: 'very_unsatisfied' })];
    given(major).when(requestRework()).then([reworkRequested({ rectificationBy: shanghai('2026-11-23T17:00'), visitId: 'evt-5' })]);
  });

  it('uses the SLA policy in force at the request', () => {
    const sla = DEFAULT_POLICIES.sla.policy;
    const policies = { ...DEFAULT_POLICIES, sla: { version: 2, policy: { ...sla, reworkWorkingDays: { major: 1, general: 1 } } } };
    given(dissatisfied()).when(requestRework(), { policies }).then([reworkRequested({ rectificationBy: shanghai('2026-11-23T17:00') })]);
  });

  it.each(['supervisor', 'manager', 'gm'] as const)('lets the %s request it', (who) => {
    given(dissatisfied()).when(requestRework(), by(who)).then([reworkRequested({ requestedBy: actors[who].id })]);
  });

  describe('the reworked case', () => {
    const reworked = () => [...dissatisfied(), reworkRequested()];

    it('is in progress again with its assignment and a second rectification entry, running from the request', () => {
      const events = reworked();
      expect(given(events).state()).toMatchObject({ status: 'in_progress', assignment: { assigneeId: actors.assignee.id } });
      expect(clocks(events, 'rectification')).toEqual([
        expect.objectContaining({ status: 'met', stoppedAt: expect.any(String) }),
        expect.objectContaining({
          status: 'running',
          startedAt: shanghai('2026-11-20T16:05'),
          dueAt: shanghai('2026-11-25T17:00'),
          originalDueAt: shanghai('2026-11-25T17:00'),
          accountableStaffId: actors.assignee.id,
        }),
      ]);
    });

    it('goes through rectification and a return visit again before it closes', () => {
      given(reworked()).when(closeCase()).thenThrows('PRECONDITION_NOT_MET', { missing: ['rectification', 'return_visit'] });
      given([...reworked(), rectified()]).when(closeCase()).thenThrows('PRECONDITION_NOT_MET', { missing: ['return_visit'] });
      given([...reworked(), rectified(), visited()]).when(closeCase()).then([closed('valid')]);
    });

    it('is sent to rework again after another dissatisfied visit', () => {
      given([...reworked(), rectified(), visited({ satisfaction: 'unsatisfied' })])
        .when(requestRework())
        .then([reworkRequested({ visitId: 'evt-7' })]);
    });

    it('keeps the rework’s due time when reassigned', () => {
      const reassign = assignResponsibility({ departmentId: DEPARTMENTS.security, assignee: { id: 'sec-lead', departmentId: DEPARTMENTS.security } });
      const [event] = given(reworked()).when(reassign).outcome() as { data: { rectificationBy: string } }[];
      expect(event.data.rectificationBy).toBe(shanghai('2026-11-25T17:00'));
    });
  });

  describe('a complaint resolved on the spot', () => {
    it('goes back to work unassigned: no rectification clock until the assignment', () => {
      given(onSpotVisitedAs('unsatisfied')).when(requestRework()).then([
        { type: 'ReworkRequested', data: { reason: 'Still leaking', requestedBy: actors.supervisor.id, visitId: 'evt-2' } },
      ]);
      const reworked = [...onSpotVisitedAs('unsatisfied'), reworkRequested({ rectificationBy: undefined, visitId: 'evt-2' })];
      expect(given(reworked).state()).toMatchObject({ status: 'in_progress' });
      expect(given(reworked).state().assignment).toBeUndefined();
      expect(clocks(reworked, 'rectification')).toEqual([]);
    });

    it('then needs an assignment (whose rectification clock starts as usual), the work and a visit', () => {
      const reworked = [...onSpotVisitedAs('unsatisfied'), reworkRequested({ rectificationBy: undefined, visitId: 'evt-2' })];
      given(reworked).when(closeCase()).thenThrows('PRECONDITION_NOT_MET', { missing: ['assignment', 'rectification', 'return_visit'] });
      given(reworked).when(assignResponsibility()).then([assigned({ rectificationBy: shanghai('2026-11-25T16:00') })]);
      given([...reworked, assigned(), rectified(), visited()]).when(closeCase()).then([closed('valid')]);
    });
  });

  describe('refusals, in API.md order', () => {
    it.each(['agent', 'handler', 'quality', 'auditor'] as const)('403 for the %s (supervisor and above)', (who) => {
      given(dissatisfied()).when(requestRework(), by(who)).thenThrows('FORBIDDEN');
    });

    it('403 before the state: an agent on a closed case', () => {
      given(histories.closed()).when(requestRework(), by('agent')).thenThrows('FORBIDDEN');
    });

    it.each(['received', 'in_progress', 'invalidated', 'closed'] as const)('409 INVALID_STATE_TRANSITION on a %s case', (status) => {
      given(histories[status]()).when(requestRework()).thenThrows('INVALID_STATE_TRANSITION', status);
    });

    it('409 INVALID_STATE_TRANSITION once reworked (the case is in progress)', () => {
      given([...dissatisfied(), reworkRequested()]).when(requestRework()).thenThrows('INVALID_STATE_TRANSITION');
    });

    it.each<[string, CaseEvent[]]>([
      ['no visit yet', [logged(), validated(), assigned(), rectified()]],
      ['a satisfied visit', visitedAs('satisfied')],
      ['a neutral visit', visitedAs('neutral')],
      ['a later visit rated otherwise', [...dissatisfied(), visited({ satisfaction: 'satisfied' })]],
      ['a complaint resolved on the spot, not yet visited', [logged(), resolvedOnSpot()]],
    ])('409 PRECONDITION_NOT_MET with %s', (_, history) => {
      given(history).when(requestRework()).thenThrows('PRECONDITION_NOT_MET', { missing: ['dissatisfied_return_visit'] });
    });

    it.each(['repair', 'service_request'] as const)('409 PRECONDITION_NOT_MET for a %s', (kind) => {
      given([logged({ kind }), assigned(), rectified(), visited({ satisfaction: 'unsatisfied' })])
        .when(requestRework())
        .thenThrows('PRECONDITION_NOT_MET', { missing: ['kind complaint'] });
    });
  });
});

describe('UrgeCase (催办)', () => {
  it('urges the staff member named, in their department now', () => {
    given(histories.in_progress())
      .when(urgeCase({ message: 'Call the customer today', staffId: actors.handler.id }))
      .then([
        {
          type: 'CaseUrged',
          data: { message: 'Call the customer today', staffId: actors.handler.id, departmentId: DEPARTMENTS.engineering, urgedBy: actors.supervisor.id },
        },
      ]);
  });

  it('without a staff member, urges the named clock’s accountable staff member', () => {
    given(histories.in_progress())
      .when(urgeCase({ clock: 'first_reply' }))
      .then([
        {
          type: 'CaseUrged',
          data: { message: 'Please hurry', staffId: actors.agent.id, departmentId: DEPARTMENTS.customerService, clock: 'first_reply', urgedBy: actors.supervisor.id },
        },
      ]);
  });

  it('else the assignee, else the follow-up owner', () => {
    const urged = (history: CaseEvent[], clock?: 'investigation') => {
      const [event] = given(history).when(urgeCase({ clock })).outcome() as { data: { staffId: string; departmentId: string } }[];
      return [event.data.staffId, event.data.departmentId];
    };
    expect(urged(histories.in_progress())).toEqual([actors.assignee.id, DEPARTMENTS.engineering]);
    // A general complaint has no investigation clock: the chain goes on to the assignee.
    expect(urged(histories.in_progress(), 'investigation')).toEqual([actors.assignee.id, DEPARTMENTS.engineering]);
    expect(urged(histories.received())).toEqual([actors.agent.id, DEPARTMENTS.customerService]);
  });

  it('urgedStaffId answers whom, for the handler to look up', () => {
    const state = given(histories.in_progress()).state();
    expect(urgedStaffId(state, { staffId: 'anyone' })).toBe('anyone');
    expect(urgedStaffId(state, { clock: 'rectification' })).toBe(actors.assignee.id);
    expect(urgedStaffId(state, { clock: 'first_reply' })).toBe(actors.agent.id);
    expect(urgedStaffId(state, {})).toBe(actors.assignee.id);
  });

  it('needs the department of whom it names looked up', () => {
    const state = given(histories.in_progress()).state();
    expect(() => decide(urgeCase({ staffDepartments: {} }), state, ctx())).toThrow('was not looked up');
  });

  describe('refusals, in API.md order', () => {
    it('400 for a staff member the directory does not know, before the role', () => {
      given(histories.in_progress()).when(urgeCase({ staffId: 'nobody' }), by('agent')).thenThrows('VALIDATION_FAILED', { path: 'staffId' });
    });

    it('400 for an unknown clock', () => {
      given(histories.in_progress())
        .when(urgeCase({ clock: 'lunch' as never }))
        .thenThrows('VALIDATION_FAILED', { path: 'clock' });
    });

    it.each(['agent', 'handler', 'quality', 'auditor'] as const)('403 for the %s (supervisor and above)', (who) => {
      given(histories.in_progress()).when(urgeCase(), by(who)).thenThrows('FORBIDDEN');
    });

    it('403 before the state: an agent on a closed case', () => {
      given(histories.closed()).when(urgeCase(), by('agent')).thenThrows('FORBIDDEN');
    });

    it('409 on a closed case', () => {
      given(histories.closed()).when(urgeCase()).thenThrows('INVALID_STATE_TRANSITION', 'closed');
    });
  });
});

describe('IssueNotice (通报)', () => {
  it('a manager criticises a department about a case', () => {
    given(histories.in_progress())
      .when(issueNotice({ text: 'Three days without news' }), by('manager'))
      .then([
        {
          type: 'NoticeIssued',
          data: { noticeId: 'notice-1', kind: 'criticism', departmentId: DEPARTMENTS.engineering, text: 'Three days without news', issuedBy: actors.manager.id },
        },
      ]);
  });

  it('commends a staff member of the department named', () => {
    given(histories.closed())
      .when(issueNotice({ kind: 'commendation', staff: { id: actors.handler.id, departmentId: DEPARTMENTS.engineering }, text: 'Fixed it at night' }), by('gm'))
      .then([
        {
          type: 'NoticeIssued',
          data: {
            noticeId: 'notice-1',
            kind: 'commendation',
            departmentId: DEPARTMENTS.engineering,
            staffId: actors.handler.id,
            text: 'Fixed it at night',
            issuedBy: actors.gm.id,
          },
        },
      ]);
  });

  it.each(Object.keys(histories) as (keyof typeof histories)[])('is issued whatever the state: %s', (status) => {
    expect(given(histories[status]()).when(issueNotice(), by('manager')).outcome()).toEqual([expect.objectContaining({ type: 'NoticeIssued' })]);
  });

  it('400 for a staff member of another department, before the role', () => {
    const staff = { id: actors.agent.id, departmentId: DEPARTMENTS.customerService };
    given(histories.in_progress()).when(issueNotice({ staff }), by('supervisor')).thenThrows('VALIDATION_FAILED', { path: 'staffId' });
  });

  it.each(['agent', 'supervisor', 'handler', 'auditor'] as const)('403 for the %s (manager and above)', (who) => {
    given(histories.in_progress()).when(issueNotice(), by(who)).thenThrows('FORBIDDEN');
  });
});

it('CaseUrged and NoticeIssued change nothing but the version', () => {
  const before = given(histories.in_progress()).state();
  const after = given([...histories.in_progress(), caseUrged(), noticeIssued()]).state();
  expect({ ...after, version: before.version, updatedAt: before.updatedAt }).toEqual(before);
});
