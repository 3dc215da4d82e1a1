/** Folding a case's events into its state (evolve), above all its SLA clocks (PRODUCT.md §4). */
import { evolve, fold, toRecorded } from './state';
import type { SlaClock } from './clocks';
import {
  RECEIVED_AT,
  actors,
  addDays,
  addHours,
  assigned,
  at,
  clocks,
  closed,
  escalated,
  given,
  invalidated,
  investigated,
  logged,
  personalDataErased,
  plusMinutes,
  rectified,
  reopened,
  replied,
  resolvedOnSpot,
  settlementAccepted,
  settlementApproved,
  settlementDisputed,
  settlementProposed,
  settlementRejected,
  shanghai,
  shirkingRecorded,
  slaBreached,
  validated,
  visited,
} from './testing/decider-spec';

const firstReplyDue = addHours(RECEIVED_AT, 2);
const later = (minutes: number) => plusMinutes(RECEIVED_AT, minutes);

/** A clock entry as it starts: due when it started to be, never paused nor extended. */
const entry = (c: Omit<SlaClock, 'originalDueAt' | 'paused' | 'pauses' | 'pausedMs' | 'extensions'>): SlaClock => ({
  ...c,
  originalDueAt: c.dueAt,
  paused: false,
  pauses: 0,
  pausedMs: 0,
  extensions: 0,
});

describe('ComplaintLogged', () => {
  it('starts a received case owned by its first responder, with first_reply and resolution clocks running', () => {
    const state = given([logged()]).state();
    expect(state).toMatchObject({
      status: 'received',
      validity: 'unknown',
      escalationLevel: 'none',
      firstResponderId: actors.agent.id,
      followUpOwnerId: actors.agent.id,
      reopenCount: 0,
      personalDataErased: false,
      version: 0,
      updatedAt: RECEIVED_AT,
    });
    expect(state.sla).toEqual([
      entry({ clock: 'first_reply', startedAt: RECEIVED_AT, dueAt: firstReplyDue, status: 'running', accountableStaffId: actors.agent.id }),
      entry({ clock: 'resolution', startedAt: RECEIVED_AT, dueAt: addDays(RECEIVED_AT, 15), status: 'running', accountableStaffId: actors.agent.id }),
    ]);
  });

  it('starts no first_reply clock when the event names no first-reply deadline', () => {
    expect(clocks([logged({ deadlines: { resolutionBy: addDays(RECEIVED_AT, 15) } })], 'first_reply')).toEqual([]);
  });

  it('counts the version from 0 and keeps the last recorded time', () => {
    const state = given([logged(), at(later(5), validated()), at(later(9), shirkingRecorded())]).state();
    expect(state).toMatchObject({ version: 2, updatedAt: later(9), validity: 'valid' });
  });

  it('refuses any other event before it', () => {
    expect(() => evolve(undefined, { ...replied(), recordedAt: RECEIVED_AT })).toThrow('before ComplaintLogged');
    expect(fold([])).toBeUndefined();
  });
});

it('keeps each return visit’s event id as read from a store: a rework names the visit it answers', () => {
  const stored = { eventId: 'e-77', type: 'ReturnVisitRecorded', data: visited().data, recordedAt: later(40), revision: 3n };
  const state = evolve(given([logged(), assigned(), rectified()]).state(), toRecorded(stored));
  expect(state.returnVisits).toEqual([{ ...visited().data, recordedAt: later(40), eventId: 'e-77' }]);
  expect(toRecorded({ type: 'ReturnVisitRecorded', data: visited().data, recordedAt: later(40) })).not.toHaveProperty('eventId');
});

it('takes the escalation level from CaseEscalated', () => {
  expect(given([logged({ severity: 'major' }), escalated('manager', { reason: 'major_complaint' })]).state().escalationLevel).toBe('manager');
  expect(given([logged(), escalated('supervisor'), escalated('gm')]).state().escalationLevel).toBe('gm');
});

describe('first_reply', () => {
  it.each([
    ['met by a reply at its due time', firstReplyDue, 'met'],
    ['met by a reply at its due time written with an offset', '2026-11-20T18:00:00+08:00', 'met'],
    ['breached by a reply a millisecond late', '2026-11-20T10:00:00.001Z', 'breached'],
  ])('is %s', (_, repliedAt, status) => {
    expect(clocks([logged(), at(repliedAt, replied())], 'first_reply')).toEqual([
      expect.objectContaining({ status, stoppedAt: repliedAt }),
    ]);
  });

  it('is stopped by the first reply only', () => {
    const [clock] = clocks([logged(), at(later(10), replied()), at(later(300), replied())], 'first_reply');
    expect(clock).toMatchObject({ status: 'met', stoppedAt: later(10) });
  });

  it('is met by a resolution on the spot, which starts the return_visit clock', () => {
    const events = [logged(), at(later(30), resolvedOnSpot({ returnVisitBy: addDays(later(30), 14) }))];
    expect(given(events).state()).toMatchObject({ status: 'resolved_on_spot', resolution: { resolvedBy: actors.agent.id, resolvedAt: later(30) } });
    expect(clocks(events, 'first_reply')).toEqual([expect.objectContaining({ status: 'met', stoppedAt: later(30) })]);
    expect(clocks(events, 'return_visit')).toEqual([
      entry({ clock: 'return_visit', startedAt: later(30), dueAt: addDays(later(30), 14), status: 'running', accountableStaffId: actors.agent.id }),
    ]);
  });
});

describe('promised_reply', () => {
  const promised = shanghai('2026-11-21T10:00');

  it('starts from a reply with nextReplyBy, due then, owned by the follow-up owner', () => {
    expect(clocks([logged(), at(later(10), replied({ nextReplyBy: promised }))], 'promised_reply')).toEqual([
      entry({ clock: 'promised_reply', startedAt: later(10), dueAt: promised, status: 'running', accountableStaffId: actors.agent.id }),
    ]);
  });

  it('is stopped by the next reply, which may promise again', () => {
    const next = shanghai('2026-11-22T10:00');
    const events = [logged(), at(later(10), replied({ nextReplyBy: promised })), at(promised, replied({ nextReplyBy: next }))];
    expect(clocks(events, 'promised_reply')).toEqual([
      expect.objectContaining({ dueAt: promised, status: 'met', stoppedAt: promised }),
      expect.objectContaining({ dueAt: next, status: 'running' }),
    ]);
  });

  it('is stopped by the closure: breached when the promise had lapsed', () => {
    const events = [logged(), at(later(10), replied({ nextReplyBy: promised })), at(shanghai('2026-11-21T11:00'), closed('answered'))];
    expect(clocks(events, 'promised_reply')).toEqual([expect.objectContaining({ status: 'breached', stoppedAt: shanghai('2026-11-21T11:00') })]);
  });
});

describe('invalid_reply', () => {
  it('starts at the invalidation, due at its replyBy, and a reply stops it', () => {
    const replyBy = addHours(later(20), 2);
    const events = [logged(), at(later(20), invalidated({ reason: 'duplicate', replyBy })), at(later(60), replied())];
    expect(given(events.slice(0, 2)).state()).toMatchObject({ status: 'invalidated', validity: 'invalid', invalidReason: 'duplicate' });
    expect(clocks(events.slice(0, 2), 'invalid_reply')).toEqual([
      entry({ clock: 'invalid_reply', startedAt: later(20), dueAt: replyBy, status: 'running', accountableStaffId: actors.agent.id }),
    ]);
    expect(clocks(events, 'invalid_reply')).toEqual([expect.objectContaining({ status: 'met', stoppedAt: later(60) })]);
  });
});

describe('ResponsibilityAssigned', () => {
  const rectificationBy = shanghai('2026-11-23T16:00');
  const investigationBy = addDays(later(30), 3);
  const major = [logged({ severity: 'major' }), at(later(30), assigned({ rectificationBy, investigationBy }))];

  it('puts the case in progress with the assignment', () => {
    expect(given(major).state()).toMatchObject({
      status: 'in_progress',
      assignment: { departmentId: actors.assignee.departmentId, assigneeId: actors.assignee.id, assignedAt: later(30) },
    });
  });

  it('starts the rectification and (major) investigation clocks, owned by the assignee', () => {
    const owned = { startedAt: later(30), status: 'running' as const, accountableStaffId: actors.assignee.id };
    expect(clocks(major, 'rectification')).toEqual([entry({ clock: 'rectification', dueAt: rectificationBy, ...owned })]);
    expect(clocks(major, 'investigation')).toEqual([entry({ clock: 'investigation', dueAt: investigationBy, ...owned })]);
  });

  it('starts no investigation clock without investigationBy', () => {
    expect(clocks([logged(), assigned()], 'investigation')).toEqual([]);
  });

  it('makes the assignee accountable for the resolution, the first responder still for the first reply', () => {
    expect(clocks(major, 'resolution')).toEqual([expect.objectContaining({ accountableStaffId: actors.assignee.id })]);
    expect(clocks(major, 'first_reply')).toEqual([expect.objectContaining({ accountableStaffId: actors.agent.id })]);
  });

  it('moves the running clocks to a new assignee on a reassignment rather than adding clocks', () => {
    const events = [...major, at(later(90), assigned({ departmentId: 'dep-sec', assigneeId: 'sec-lead', rectificationBy, investigationBy: addDays(later(90), 3) }))];
    expect(clocks(events, 'rectification')).toEqual([
      entry({ clock: 'rectification', startedAt: later(30), dueAt: rectificationBy, status: 'running', accountableStaffId: 'sec-lead' }),
    ]);
    expect(clocks(events, 'investigation')).toEqual([expect.objectContaining({ startedAt: later(30), accountableStaffId: 'sec-lead' })]);
  });
});

it('InvestigationReported records the report and stops the investigation clock', () => {
  const events = [logged({ severity: 'major' }), assigned({ investigationBy: addDays(RECEIVED_AT, 3) }), at(later(120), investigated())];
  expect(given(events).state().investigation).toMatchObject({ causeType: 'quality', reportedAt: later(120) });
  expect(clocks(events, 'investigation')).toEqual([expect.objectContaining({ status: 'met', stoppedAt: later(120) })]);
});

describe('RectificationCompleted', () => {
  const completedAt = later(100);
  const events = [
    logged(),
    at(later(10), assigned({ rectificationBy: later(200) })),
    at(later(300), rectified({ completedAt, returnVisitBy: addDays(completedAt, 14) })),
  ];

  it('marks the case rectified', () => {
    expect(given(events).state()).toMatchObject({ status: 'rectified', rectification: { completedAt, completedBy: actors.assignee.id } });
  });

  it('stops the rectification clock when the event is recorded, not at the completedAt it reports', () => {
    expect(clocks(events, 'rectification')).toEqual([expect.objectContaining({ status: 'breached', stoppedAt: later(300) })]);
  });

  it('starts the return_visit clock from completedAt, owned by the follow-up owner', () => {
    expect(clocks(events, 'return_visit')).toEqual([
      entry({ clock: 'return_visit', startedAt: completedAt, dueAt: addDays(completedAt, 14), status: 'running', accountableStaffId: actors.agent.id }),
    ]);
  });

  it('has the return visit stop that clock', () => {
    expect(clocks([...events, at(later(400), visited())], 'return_visit')).toEqual([expect.objectContaining({ status: 'met', stoppedAt: later(400) })]);
  });
});

describe('CaseClosed', () => {
  it('stops every clock still running: met at or before its due time, breached after', () => {
    const closedAt = addDays(RECEIVED_AT, 2);
    const state = given([
      logged(),
      at(later(200), replied()), // first_reply breached before the closure
      at(later(210), assigned({ rectificationBy: addDays(RECEIVED_AT, 5) })),
      at(later(220), rectified({ completedAt: later(220), returnVisitBy: addDays(RECEIVED_AT, 1) })),
      at(closedAt, closed()),
    ]).state();
    expect(state).toMatchObject({ status: 'closed', closedAt, outcome: 'valid' });
    expect(state.sla.map(({ clock, status, stoppedAt }) => ({ clock, status, stoppedAt }))).toEqual([
      { clock: 'first_reply', status: 'breached', stoppedAt: later(200) },
      { clock: 'resolution', status: 'met', stoppedAt: closedAt },
      { clock: 'rectification', status: 'met', stoppedAt: later(220) },
      { clock: 'return_visit', status: 'breached', stoppedAt: closedAt },
    ]);
  });
});

describe('SlaBreached', () => {
  it('marks the running clock with that due time breached, still running until stopped', () => {
    const events = [logged(), at(later(121), slaBreached('first_reply', firstReplyDue))];
    expect(clocks(events, 'first_reply')).toEqual([
      entry({ clock: 'first_reply', startedAt: RECEIVED_AT, dueAt: firstReplyDue, status: 'breached', accountableStaffId: actors.agent.id, breachRecorded: true }),
    ]);
    expect(clocks([...events, at(later(130), replied())], 'first_reply')).toEqual([
      expect.objectContaining({ status: 'breached', stoppedAt: later(130) }),
    ]);
  });

  it('leaves a clock already met as it was', () => {
    const events = [logged(), at(later(10), replied()), at(later(121), slaBreached('first_reply', firstReplyDue))];
    expect(clocks(events, 'first_reply')).toEqual([expect.objectContaining({ status: 'met', stoppedAt: later(10) })]);
  });

  it('leaves a clock with another due time as it was', () => {
    const events = [logged(), at(later(200), slaBreached('first_reply', addHours(RECEIVED_AT, 3)))];
    expect(clocks(events, 'first_reply')).toEqual([expect.objectContaining({ status: 'running' })]);
  });

  it('marks only the running one of two clocks with the same due time', () => {
    const promised = shanghai('2026-11-21T10:00');
    const events = [
      logged(),
      at(later(10), replied({ nextReplyBy: promised })),
      at(later(20), replied({ nextReplyBy: promised })),
      at(plusMinutes(promised, 1), slaBreached('promised_reply', promised)),
    ];
    expect(clocks(events, 'promised_reply').map((c) => c.status)).toEqual(['met', 'breached']);
  });
});

it('CaseReopened puts the case in progress again, keeping the assignment and the stopped clocks', () => {
  const history = [logged(), assigned(), rectified(), visited(), closed()];
  const before = given(history).state();
  const after = given([...history, reopened()]).state();
  expect(after).toMatchObject({ status: 'in_progress', reopenCount: 1, assignment: before.assignment });
  expect(after.closedAt).toBeUndefined();
  expect(after.outcome).toBeUndefined();
  expect(after.sla).toEqual(before.sla);
});

describe('settlement', () => {
  const proposed = settlementProposed({ amount: '1200.00', requiredRole: 'manager' });

  it.each([
    ['pending', [proposed]],
    ['approved', [proposed, settlementApproved({ decidedBy: actors.manager.id })]],
    ['rejected', [proposed, settlementRejected()]],
    ['accepted', [proposed, settlementApproved(), settlementAccepted()]],
    ['disputed', [proposed, settlementApproved(), settlementDisputed()]],
  ])('is %s', (status, events) => {
    expect(given([logged(), assigned(), ...events]).state().settlement).toMatchObject({ amount: '1200.00', requiredRole: 'manager', status });
  });

  it('records who approved', () => {
    expect(given([logged(), assigned(), proposed, settlementApproved({ decidedBy: actors.manager.id })]).state().settlement?.approvedBy).toBe(
      actors.manager.id,
    );
  });

  it('is replaced by the next proposal', () => {
    const next = settlementProposed({ settlementId: 'stl-2', amount: '800.00', requiredRole: 'supervisor' });
    const state = given([logged(), assigned(), proposed, settlementRejected(), next]).state();
    expect(state.settlement).toEqual({
      settlementId: 'stl-2',
      type: 'compensation',
      amount: '800.00',
      currency: 'CNY',
      description: 'Ceiling repaint',
      requiredRole: 'supervisor',
      status: 'pending',
    });
  });
});

it('PersonalDataErased marks the personal data erased', () => {
  expect(given([logged(), personalDataErased()]).state().personalDataErased).toBe(true);
});
