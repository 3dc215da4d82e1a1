/** Closing and reopening (PRODUCT.md §3 "Close preconditions"). */
import type { DomainError } from '../errors';
import {
  actors,
  assigned,
  by,
  closeCase,
  closed,
  given,
  histories,
  invalidated,
  investigated,
  logged,
  rectified,
  reopenCase,
  reopened,
  replied,
  resolvedOnSpot,
  settlementAccepted,
  settlementApproved,
  settlementDisputed,
  settlementProposed,
  settlementRejected,
  validated,
  visited,
} from './testing/decider-spec';

/** The closure by the default supervisor, with the default summary. */
const closedAs = (outcome: Parameters<typeof closed>[0]) => [closed(outcome)];
const settlement = (latest: string) => expect.stringMatching(new RegExp(`^settlement_accepted.*${latest}`));

describe('closing a valid complaint', () => {
  const done = [logged(), validated(), assigned(), rectified(), visited()];

  it('closes once validated, assigned, rectified and visited after the rectification', () => {
    given(done).when(closeCase('Joint replaced, customer satisfied')).then([closed('valid', { summary: 'Joint replaced, customer satisfied' })]);
  });

  it('closes a complaint validated only after its return visit the same', () => {
    given([logged(), assigned(), rectified(), visited(), validated()]).when(closeCase()).then(closedAs('valid'));
  });

  it.each([
    ['validated only', [logged(), validated()], ['assignment', 'rectification', 'return_visit']],
    ['assigned', [logged(), validated(), assigned()], ['rectification', 'return_visit']],
    ['rectified', [logged(), validated(), assigned(), rectified()], ['return_visit']],
  ])('names what is missing when %s', (_, history, missing) => {
    given(history).when(closeCase()).thenThrows('PRECONDITION_NOT_MET', { missing });
  });

  describe('a major complaint', () => {
    it('needs an investigation report as well', () => {
      given([logged({ severity: 'major' }), validated(), assigned(), rectified(), visited()])
        .when(closeCase())
        .thenThrows('PRECONDITION_NOT_MET', { missing: ['investigation'] });
    });

    it('names all four steps when nothing is done', () => {
      given([logged({ severity: 'major' }), validated()])
        .when(closeCase())
        .thenThrows('PRECONDITION_NOT_MET', { missing: ['assignment', 'rectification', 'return_visit', 'investigation'] });
    });

    it('closes with the investigation', () => {
      given([logged({ severity: 'major' }), validated(), assigned(), investigated(), rectified(), visited()]).when(closeCase()).then(closedAs('valid'));
    });
  });

  describe('a settlement: the latest proposed must be accepted by the customer', () => {
    const proposed = settlementProposed();

    it.each([
      ['pending', [proposed]],
      ['approved', [proposed, settlementApproved()]],
      ['rejected', [proposed, settlementRejected()]],
      ['disputed', [proposed, settlementApproved(), settlementDisputed()]],
      ['pending', [proposed, settlementApproved(), settlementDisputed(), settlementProposed({ settlementId: 'stl-2' })]],
    ])('refuses while the latest is %s', (latest, events) => {
      given([...done, ...events]).when(closeCase()).thenThrows('PRECONDITION_NOT_MET', { missing: [settlement(latest)] });
    });

    it('closes once the latest is accepted, even after an earlier dispute', () => {
      const second = { settlementId: 'stl-2' };
      given([
        ...done,
        proposed,
        settlementApproved(),
        settlementDisputed(),
        settlementProposed(second),
        settlementApproved(second),
        settlementAccepted(second),
      ])
        .when(closeCase())
        .then(closedAs('valid'));
    });

    it('names the settlement among the other missing steps', () => {
      given([logged(), validated(), assigned(), proposed])
        .when(closeCase())
        .thenThrows('PRECONDITION_NOT_MET', { missing: ['rectification', 'return_visit', settlement('pending')] });
    });
  });
});

describe('closing a complaint nobody judged (PRODUCT.md §3: a judgement comes first)', () => {
  it('is refused naming validation, even with the work done and visited', () => {
    given([logged(), assigned(), rectified(), visited()]).when(closeCase()).thenThrows('PRECONDITION_NOT_MET', { missing: ['validation'] });
  });

  it('names validation before what a valid complaint needs', () => {
    given([logged()]).when(closeCase()).thenThrows('PRECONDITION_NOT_MET', { missing: ['validation', 'assignment', 'rectification', 'return_visit'] });
    given([logged({ severity: 'major' }), assigned()])
      .when(closeCase())
      .thenThrows('PRECONDITION_NOT_MET', { missing: ['validation', 'rectification', 'return_visit', 'investigation'] });
  });

  it('counts a resolution on the spot as the judgement, also once reopened', () => {
    given([logged(), resolvedOnSpot(), visited(), closed('resolved_on_spot'), reopened({ previousAssigneeId: undefined }), assigned(), rectified(), visited()])
      .when(closeCase())
      .then(closedAs('valid'));
  });

  it.each(['repair', 'service_request', 'inquiry', 'suggestion'] as const)('asks no judgement of a %s', (kind) => {
    const outcome = given([logged({ kind })]).when(closeCase()).outcome();
    expect(outcome).toMatchObject({ code: 'PRECONDITION_NOT_MET' });
    expect((outcome as DomainError).details.missing).not.toContain('validation');
  });
});

describe('closing a complaint resolved on the spot', () => {
  it('needs one return visit', () => {
    given(histories.resolved_on_spot()).when(closeCase()).thenThrows('PRECONDITION_NOT_MET', { missing: ['return_visit'] });
  });

  it('closes as resolved_on_spot after it', () => {
    given([logged(), resolvedOnSpot(), visited()]).when(closeCase()).then(closedAs('resolved_on_spot'));
  });

  it('needs no reply, no assignment and no investigation, even when major', () => {
    given([logged({ severity: 'major' }), resolvedOnSpot(), visited()]).when(closeCase()).then(closedAs('resolved_on_spot'));
  });
});

describe('closing an invalid complaint', () => {
  it('needs a reply after the invalidation', () => {
    given(histories.invalidated()).when(closeCase()).thenThrows('PRECONDITION_NOT_MET', { missing: ['reply_after_invalidation'] });
  });

  it('does not count a reply from before the invalidation', () => {
    given([logged(), replied(), invalidated()]).when(closeCase()).thenThrows('PRECONDITION_NOT_MET', { missing: ['reply_after_invalidation'] });
  });

  it('closes as invalid after the reply, with no assignment or rectification', () => {
    given([logged(), invalidated(), replied()]).when(closeCase()).then(closedAs('invalid'));
  });

  it('closes as invalid when invalidated after an assignment', () => {
    given([logged(), assigned(), invalidated(), replied()]).when(closeCase()).then(closedAs('invalid'));
  });
});

describe.each(['inquiry', 'suggestion'] as const)('closing a case of kind %s', (kind) => {
  it('needs one reply', () => {
    given([logged({ kind })]).when(closeCase()).thenThrows('PRECONDITION_NOT_MET', { missing: ['reply'] });
  });

  it('closes as answered after it, with no assignment', () => {
    given([logged({ kind }), replied()]).when(closeCase()).then(closedAs('answered'));
  });
});

describe.each(['repair', 'service_request'] as const)('closing a case of kind %s', (kind) => {
  it('needs the work done (rectification) and a return visit', () => {
    given([logged({ kind })]).when(closeCase()).thenThrows('PRECONDITION_NOT_MET', { missing: ['assignment', 'rectification', 'return_visit'] });
    given([logged({ kind }), assigned(), rectified()]).when(closeCase()).thenThrows('PRECONDITION_NOT_MET', { missing: ['return_visit'] });
  });

  it('closes as completed, with no investigation even when major', () => {
    given([logged({ kind, severity: 'major' }), assigned(), rectified(), visited()]).when(closeCase()).then(closedAs('completed'));
  });

  it('is not held back by a reply that never came', () => {
    given([logged({ kind }), assigned(), rectified(), visited()]).when(closeCase()).then(closedAs('completed'));
  });
});

describe('ReopenCase', () => {
  it('reopens a closed case, naming the assignee at the closure', () => {
    given(histories.closed())
      .when(reopenCase('Leaking again'))
      .then([reopened({ reason: 'Leaking again', reopenedBy: actors.supervisor.id, previousAssigneeId: actors.assignee.id })]);
  });

  it('names no previous assignee when there was none', () => {
    given([logged(), resolvedOnSpot(), visited(), closed('resolved_on_spot')])
      .when(reopenCase('Breaker tripped again'))
      .then([{ type: 'CaseReopened', data: { reason: 'Breaker tripped again', reopenedBy: actors.supervisor.id } }]);
  });

  describe('a reopened valid complaint', () => {
    const reopenedCase = [...histories.closed(), reopened()];

    it('is in progress again, reopenCount + 1, assignment kept', () => {
      const state = given(reopenedCase).state();
      expect(state).toMatchObject({
        status: 'in_progress',
        reopenCount: 1,
        assignment: { departmentId: actors.assignee.departmentId, assigneeId: actors.assignee.id },
      });
      expect(state.closedAt).toBeUndefined();
      expect(state.outcome).toBeUndefined();
    });

    it('must be rectified and visited again before it closes', () => {
      given(reopenedCase).when(closeCase()).thenThrows('PRECONDITION_NOT_MET', { missing: ['rectification', 'return_visit'] });
      given([...reopenedCase, rectified()]).when(closeCase()).thenThrows('PRECONDITION_NOT_MET', { missing: ['return_visit'] });
      given([...reopenedCase, rectified(), visited()]).when(closeCase()).then(closedAs('valid'));
    });

    it('keeps its investigation and its accepted settlement', () => {
      const settled = [settlementProposed(), settlementApproved(), settlementAccepted()];
      given([logged({ severity: 'major' }), validated(), assigned(), investigated(), rectified(), ...settled, visited(), closed(), reopened(), rectified(), visited()])
        .when(closeCase())
        .then(closedAs('valid'));
    });

    it('counts every reopen', () => {
      const twice = [...reopenedCase, rectified(), visited(), closed(), reopened()];
      expect(given(twice).state().reopenCount).toBe(2);
      given(twice).when(closeCase()).thenThrows('PRECONDITION_NOT_MET', { missing: ['rectification', 'return_visit'] });
    });
  });

  it('a reopened complaint once resolved on the spot goes through assignment, rectification and visit', () => {
    given([logged(), resolvedOnSpot(), visited(), closed('resolved_on_spot'), reopened({ previousAssigneeId: undefined })])
      .when(closeCase())
      .thenThrows('PRECONDITION_NOT_MET', { missing: ['assignment', 'rectification', 'return_visit'] });
  });

  it('a reopened inquiry needs a new reply', () => {
    const inquiry = [logged({ kind: 'inquiry' }), replied(), closed('answered'), reopened({ previousAssigneeId: undefined })];
    given(inquiry).when(closeCase()).thenThrows('PRECONDITION_NOT_MET', { missing: ['reply'] });
    given([...inquiry, replied()]).when(closeCase()).then(closedAs('answered'));
  });
});

it('closing refuses an agent before it looks at what is missing', () => {
  given(histories.received()).when(closeCase(), by('agent')).thenThrows('FORBIDDEN');
});
