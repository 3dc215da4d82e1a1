import { DEFAULT_POLICIES } from '../policies';
import type { CaseEvent } from './events';
import {
  NOW,
  RECEIVED_AT,
  actors,
  at,
  addDays,
  addHours,
  assignResponsibility,
  assigned,
  by,
  closed,
  completeRectification,
  erasePersonalData,
  escalateCase,
  escalated,
  given,
  histories,
  invalidateComplaint,
  invalidated,
  investigated,
  logComplaint,
  logged,
  markSlaBreached,
  personalDataErased,
  plusMinutes,
  plusMs,
  rectified,
  recordReply,
  recordReturnVisit,
  recordShirking,
  replied,
  reportInvestigation,
  reopened,
  resolveOnTheSpot,
  resolvedOnSpot,
  shanghai,
  sharedBy,
  slaBreached,
  validateComplaint,
  validated,
  visited,
} from './testing/decider-spec';

describe('LogComplaint', () => {
  it('logs the complaint with its first-reply (received + 2 h) and resolution (+ 15 days) deadlines', () => {
    given([])
      .when(logComplaint(), by('agent'))
      .then([
        logged({
          receivedAt: '2026-11-20T08:00:00.000Z',
          deadlines: { firstReplyBy: '2026-11-20T10:00:00.000Z', resolutionBy: '2026-12-05T08:00:00.000Z' },
        }),
      ]);
  });

  it('gives an overseas complaint 20 days to resolve', () => {
    given([])
      .when(logComplaint({ market: 'overseas' }), by('agent'))
      .then([
        logged({
          market: 'overseas',
          deadlines: { firstReplyBy: '2026-11-20T10:00:00.000Z', resolutionBy: '2026-12-10T08:00:00.000Z' },
        }),
      ]);
  });

  it('counts the deadlines from receivedAt (not from now) and writes every instant in UTC', () => {
    given([])
      .when(logComplaint({ receivedAt: '2026-11-18T09:30:00+08:00' }), by('agent'))
      .then([
        logged({
          receivedAt: '2026-11-18T01:30:00.000Z',
          deadlines: { firstReplyBy: '2026-11-18T03:30:00.000Z', resolutionBy: '2026-12-03T01:30:00.000Z' },
        }),
      ]);
  });

  it('escalates a major complaint to a manager in the same decision (重大投诉马上报告)', () => {
    given([])
      .when(logComplaint({ severity: 'major' }), by('agent'))
      .then([
        logged({ severity: 'major' }),
        { type: 'CaseEscalated', data: { level: 'manager', reason: 'major_complaint', escalatedBy: 'system' } },
      ]);
  });

  it('uses the SLA policy in force', () => {
    const policies = { ...DEFAULT_POLICIES, sla: { version: 2, policy: { ...DEFAULT_POLICIES.sla.policy, firstReplyHours: 4 } } };
    given([])
      .when(logComplaint(), by('agent', { policies }))
      .then([logged({ deadlines: { firstReplyBy: addHours(RECEIVED_AT, 4), resolutionBy: addDays(RECEIVED_AT, 15) } })]);
  });

  describe('receivedAt: not more than 5 minutes ahead, not more than 7 days back', () => {
    it.each([
      ['5 minutes ahead', plusMinutes(NOW, 5)],
      ['exactly 7 days back', addDays(NOW, -7)],
    ])('accepts %s', (_, receivedAt) => {
      given([])
        .when(logComplaint({ receivedAt }), by('agent'))
        .then([logged({ receivedAt })]);
    });

    it.each([
      ['5 minutes and 1 ms ahead', plusMs(plusMinutes(NOW, 5), 1), 'future'],
      ['7 days and 1 ms back', plusMs(addDays(NOW, -7), -1), 'past'],
    ])('refuses %s', (_, receivedAt, message) => {
      given([])
        .when(logComplaint({ receivedAt }), by('agent'))
        .thenThrows('VALIDATION_FAILED', { path: 'receivedAt', message });
    });
  });

  it('lets a supervisor log on behalf of another staff member, who becomes the first responder', () => {
    given([])
      .when(logComplaint({ firstResponder: { id: actors.agent.id, departmentId: actors.agent.departmentId } }), by('supervisor'))
      .then([logged({ firstResponderId: actors.agent.id })]);
  });

  it('refuses an agent logging on behalf of another agent', () => {
    given([])
      .when(logComplaint(), by('otherAgent'))
      .thenThrows('FORBIDDEN', 'supervisor');
  });

  it('refuses a case id that already exists', () => {
    given(histories.received())
      .when(logComplaint(), by('agent'))
      .thenThrows('DUPLICATE_ID');
  });
});

it('refuses any other command on a case that does not exist', () => {
  given([]).when(recordReply(), by('agent')).thenThrows('NOT_FOUND');
});

describe('RecordReply', () => {
  it('records the reply by the acting staff member', () => {
    given(histories.received())
      .when(recordReply({ message: 'A plumber comes at 3 pm', channel: 'wechat' }), by('agent'))
      .then([replied({ message: 'A plumber comes at 3 pm', channel: 'wechat', repliedBy: actors.agent.id })]);
  });

  it('records a promised next reply time, in UTC', () => {
    given(histories.received())
      .when(recordReply({ nextReplyBy: '2026-11-21T10:00:00+08:00' }), by('agent'))
      .then([replied({ nextReplyBy: '2026-11-21T02:00:00.000Z' })]);
  });

  it.each([
    ['now', NOW],
    ['in the past', plusMinutes(NOW, -1)],
  ])('refuses a promised reply time %s', (_, nextReplyBy) => {
    given(histories.received())
      .when(recordReply({ nextReplyBy }), by('agent'))
      .thenThrows('VALIDATION_FAILED', { path: 'nextReplyBy' });
  });

  it('is allowed on an invalidated case (the reply the invalidation needs)', () => {
    given(histories.invalidated()).when(recordReply(), by('agent')).then([replied()]);
  });
});

describe('ResolveOnTheSpot', () => {
  it('lets the first responder resolve a general complaint, with a return visit due in 14 days', () => {
    given(histories.received())
      .when(resolveOnTheSpot('Reset the breaker'), by('agent'))
      .then([resolvedOnSpot({ resolution: 'Reset the breaker', resolvedBy: actors.agent.id, returnVisitBy: '2026-12-04T09:00:00.000Z' })]);
  });

  it('gives a major complaint 7 days to the return visit', () => {
    given([logged({ severity: 'major' })])
      .when(resolveOnTheSpot(), by('agent'))
      .then([resolvedOnSpot({ returnVisitBy: '2026-11-27T09:00:00.000Z' })]);
  });

  it('gives a repair 2 working days: Fri 17:00 → Tue 17:00', () => {
    given([logged({ kind: 'repair' })])
      .when(resolveOnTheSpot(), by('agent'))
      .then([resolvedOnSpot({ returnVisitBy: shanghai('2026-11-24T17:00') })]);
  });

  it('refuses another agent: only the first responder (or a supervisor) resolves on the spot', () => {
    given(histories.received()).when(resolveOnTheSpot(), by('otherAgent')).thenThrows('FORBIDDEN', 'first responder');
  });

  it('lets a supervisor resolve on the spot', () => {
    given(histories.received())
      .when(resolveOnTheSpot(), by('supervisor'))
      .then([resolvedOnSpot({ resolvedBy: actors.supervisor.id, returnVisitBy: '2026-12-04T09:00:00.000Z' })]);
  });

  it('refuses a case already assigned, also after a reopen', () => {
    given(histories.in_progress()).when(resolveOnTheSpot(), by('agent')).thenThrows('INVALID_STATE_TRANSITION');
    given([...histories.closed(), reopened()]).when(resolveOnTheSpot(), by('agent')).thenThrows('INVALID_STATE_TRANSITION');
  });
});

describe('ValidateComplaint', () => {
  it('records a valid complaint, with the note', () => {
    given(histories.received())
      .when(validateComplaint({ note: 'Confirmed on site' }))
      .then([validated({ validatedBy: actors.supervisor.id, note: 'Confirmed on site' })]);
  });

  it('records an invalid complaint with its reason and a reply due 2 hours later', () => {
    given(histories.received())
      .when(invalidateComplaint('malicious'))
      .then([invalidated({ reason: 'malicious', invalidatedBy: actors.supervisor.id, replyBy: '2026-11-20T11:00:00.000Z' })]);
  });

  it('validates a case already in progress', () => {
    given(histories.in_progress()).when(validateComplaint()).then([validated()]);
  });

  it('judges a complaint rectified before anyone judged it (closing needs the judgement)', () => {
    given(histories.rectified()).when(validateComplaint()).then([validated()]);
    given([...histories.rectified(), visited()]).when(invalidateComplaint()).then([invalidated({ replyBy: addHours(NOW, 2) })]);
  });

  it('judges a complaint once: a validated one is refused (409 INVALID_STATE_TRANSITION)', () => {
    given([logged(), validated()]).when(invalidateComplaint()).thenThrows('INVALID_STATE_TRANSITION', 'already judged valid');
    given([logged(), validated(), assigned()]).when(validateComplaint()).thenThrows('INVALID_STATE_TRANSITION', 'already judged');
  });

  it('needs a reason to invalidate', () => {
    given(histories.received())
      .when(validateComplaint({ valid: false }))
      .thenThrows('VALIDATION_FAILED', { path: 'reason' });
  });

  it.each(['repair', 'service_request', 'inquiry', 'suggestion'] as const)('does not validate a case of kind %s', (kind) => {
    given([logged({ kind })]).when(validateComplaint()).thenThrows('PRECONDITION_NOT_MET');
  });
});

describe('AssignResponsibility', () => {
  it('assigns a general complaint: rectification due 3 working days after receipt, no investigation clock', () => {
    given(histories.received())
      .when(assignResponsibility({ note: 'Block C' }))
      .then([assigned({ note: 'Block C', rectificationBy: shanghai('2026-11-25T16:00') })]);
  });

  it('gives a major complaint received Fri 16:00 until Mon 16:00, and 3 days to investigate from the assignment', () => {
    given([logged({ severity: 'major' })])
      .when(assignResponsibility())
      .then([assigned({ rectificationBy: shanghai('2026-11-23T16:00'), investigationBy: shanghai('2026-11-23T17:00') })]);
  });

  it('counts the rectification from receipt, so a late assignment eats into it', () => {
    const mondayMorning = shanghai('2026-11-23T09:00');
    given([logged({ severity: 'major' })])
      .when(assignResponsibility(), { now: mondayMorning })
      .then([assigned({ rectificationBy: shanghai('2026-11-23T16:00'), investigationBy: shanghai('2026-11-26T09:00') })]);
  });

  it('skips statutory holidays: received Wed 2026-09-30 10:00, major, due Thu 2026-10-08 10:00', () => {
    const receivedAt = shanghai('2026-09-30T10:00');
    given([logged({ severity: 'major', receivedAt })])
      .when(assignResponsibility(), { now: addHours(receivedAt, 1) })
      .then([assigned({ rectificationBy: shanghai('2026-10-08T10:00'), investigationBy: addDays(addHours(receivedAt, 1), 3) })]);
  });

  it.each([
    ['repair', 'general', '2026-11-25T16:00'],
    ['service_request', 'major', '2026-11-25T16:00'],
    ['inquiry', 'general', '2026-11-25T16:00'],
  ] as const)('gives kind %s (%s) 3 working days', (kind, severity, due) => {
    const event = given([logged({ kind, severity })]).when(assignResponsibility()).outcome();
    expect(event).toEqual([expect.objectContaining({ data: expect.objectContaining({ rectificationBy: shanghai(due) }) })]);
  });

  it('uses the SLA policy in force at the assignment', () => {
    const sla = DEFAULT_POLICIES.sla.policy;
    const policies = {
      ...DEFAULT_POLICIES,
      sla: { version: 2, policy: { ...sla, rectificationWorkingDays: { ...sla.rectificationWorkingDays, general: 1 } } },
    };
    given(histories.received())
      .when(assignResponsibility(), { policies })
      .then([assigned({ rectificationBy: shanghai('2026-11-23T16:00') })]);
  });

  it('names the previous assignment on a reassignment', () => {
    given(histories.in_progress())
      .when(assignResponsibility({ departmentId: 'dep-sec', assignee: { id: 'sec-lead', departmentId: 'dep-sec' } }))
      .then([
        assigned({
          departmentId: 'dep-sec',
          assigneeId: 'sec-lead',
          previous: { departmentId: actors.assignee.departmentId, assigneeId: actors.assignee.id },
        }),
      ]);
  });

  it('keeps a running rectification clock’s due time on a reassignment, as an extension moved it', () => {
    const extended = shanghai('2026-11-27T16:00');
    const history = [
      ...histories.in_progress(),
      { type: 'ExtensionRequested', data: { clock: 'rectification', requestId: 'ext-1', dueAt: extended, reason: 'r', requestedBy: actors.assignee.id } },
      {
        type: 'ExtensionApproved',
        data: { clock: 'rectification', requestId: 'ext-1', decidedBy: 'sup-1', decidedByRole: 'supervisor', dueAt: extended, previousDueAt: shanghai('2026-11-25T16:00') },
      },
    ] as CaseEvent[];
    given(history)
      .when(assignResponsibility({ departmentId: 'dep-sec', assignee: { id: 'sec-lead', departmentId: 'dep-sec' } }))
      .then([
        assigned({
          departmentId: 'dep-sec',
          assigneeId: 'sec-lead',
          rectificationBy: extended,
          previous: { departmentId: actors.assignee.departmentId, assigneeId: actors.assignee.id },
        }),
      ]);
  });

  it('refuses an assignee who is not staff of the department', () => {
    given(histories.received())
      .when(assignResponsibility({ departmentId: 'dep-sec' }))
      .thenThrows('VALIDATION_FAILED', { path: 'assigneeId' });
  });

  it('refuses an invalid complaint, even once reopened', () => {
    given([...histories.invalidated(), replied(), closed('invalid'), reopened({ previousAssigneeId: undefined })])
      .when(assignResponsibility())
      .thenThrows('PRECONDITION_NOT_MET');
  });
});

describe('EscalateCase', () => {
  it('escalates by hand, keeping the reason as the note', () => {
    given(histories.received())
      .when(escalateCase('supervisor', 'customer called twice'), by('agent'))
      .then([escalated('supervisor', { reason: 'manual', note: 'customer called twice', escalatedBy: actors.agent.id })]);
  });

  it('may skip levels upward', () => {
    given(histories.received()).when(escalateCase('gm'), by('agent')).then([escalated('gm')]);
  });

  it.each(['supervisor', 'manager'] as const)('refuses %s on a case already at manager', (level) => {
    given([logged({ severity: 'major' }), escalated('manager', { reason: 'major_complaint', escalatedBy: 'system' })])
      .when(escalateCase(level), by('agent'))
      .thenThrows('PRECONDITION_NOT_MET', { missing: ['a level above manager'] });
  });

  it('escalates no further than gm', () => {
    given([logged(), escalated('gm')]).when(escalateCase('gm'), by('agent')).thenThrows('PRECONDITION_NOT_MET');
  });
});

describe('ReportInvestigation', () => {
  const report = (responsibility = sharedBy('1'), causeType: 'quality' | 'human' | 'external' | 'supplier' = 'quality') =>
    reportInvestigation({ responsibility, causeType });

  it('records the investigation by quality', () => {
    given(histories.in_progress())
      .when(reportInvestigation(), by('quality'))
      .then([investigated({ reportedBy: actors.quality.id })]);
  });

  it.each(['handler', 'assignee'] as const)('lets the %s of the assigned department report', (who) => {
    given(histories.in_progress())
      .when(reportInvestigation(), by(who))
      .then([investigated({ reportedBy: actors[who].id })]);
  });

  it.each(['otherHandler', 'agent', 'supervisor', 'manager'] as const)('refuses the %s (not the assigned department, not quality)', (who) => {
    given(histories.in_progress()).when(reportInvestigation(), by(who)).thenThrows('FORBIDDEN');
  });

  describe('responsibility shares: each in (0, 1], summing to exactly 1 in decimal arithmetic', () => {
    it.each([
      [['0.3333', '0.3333', '0.3334']],
      [['0.6', '0.4']],
      [['0.1', '0.2', '0.7']], // 1.0000000000000002 in floating point
      [['1']],
      [['1.0000']],
    ])('accepts %j', (shares) => {
      const events = given(histories.in_progress()).when(report(sharedBy(...shares)), by('quality')).outcome();
      expect(events).toEqual([expect.objectContaining({ type: 'InvestigationReported' })]);
    });

    it('writes the shares as canonical decimals', () => {
      given(histories.in_progress())
        .when(report([{ departmentId: 'dep-eng', staffId: 'eng-lead', share: '0.50' }, { departmentId: 'dep-sec', share: '0.5000' }]), by('quality'))
        .then([
          investigated({
            reportedBy: actors.quality.id,
            responsibility: [{ departmentId: 'dep-eng', staffId: 'eng-lead', share: '0.5' }, { departmentId: 'dep-sec', share: '0.5' }],
          }),
        ]);
    });

    it.each([
      [['0.5', '0.6'], 'responsibility', 'sum to exactly 1'],
      [['0.5', '0.4999'], 'responsibility', 'sum to exactly 1'],
      [['0', '1'], 'responsibility.0.share', '(0, 1]'],
      [['1.0001'], 'responsibility.0.share', ''],
      [['-0.5', '1.5'], 'responsibility.0.share', ''],
      [['0.33333', '0.33333', '0.33334'], 'responsibility.0.share', '4 places'],
      [['half', '0.5'], 'responsibility.0.share', ''],
    ])('refuses %j', (shares, path, message) => {
      given(histories.in_progress())
        .when(report(sharedBy(...shares)), by('quality'))
        .thenThrows('VALIDATION_FAILED', message ? { path, message } : { path });
    });

    it.each(['external', 'supplier'] as const)('accepts no responsible department for an outside cause: %s', (causeType) => {
      given(histories.in_progress())
        .when(report([], causeType), by('quality'))
        .then([investigated({ causeType, responsibility: [], reportedBy: actors.quality.id })]);
    });

    it.each(['quality', 'human'] as const)('refuses no responsible department for an inside cause: %s', (causeType) => {
      given(histories.in_progress())
        .when(report([], causeType), by('quality'))
        .thenThrows('VALIDATION_FAILED', { path: 'responsibility' });
    });
  });
});

describe('CompleteRectification', () => {
  it('records the rectification done now, with a return visit due 14 days later', () => {
    given(histories.in_progress())
      .when(completeRectification({ description: 'Joint replaced' }), by('handler'))
      .then([rectified({ completedAt: NOW, completedBy: actors.handler.id, returnVisitBy: '2026-12-04T09:00:00.000Z' })]);
  });

  it('counts the return visit from completedAt: 7 days for a major complaint', () => {
    const completedAt = shanghai('2026-11-20T16:30');
    given([logged({ severity: 'major' }), assigned()])
      .when(completeRectification({ completedAt: '2026-11-20T16:30:00+08:00' }), by('assignee'))
      .then([rectified({ completedAt, returnVisitBy: addDays(completedAt, 7) })]);
  });

  it('gives a repair 2 working days to the return visit: Fri 16:30 → Tue 16:30', () => {
    given([logged({ kind: 'repair' }), assigned()])
      .when(completeRectification({ completedAt: shanghai('2026-11-20T16:30') }), by('handler'))
      .then([rectified({ completedAt: shanghai('2026-11-20T16:30'), completedBy: actors.handler.id, returnVisitBy: shanghai('2026-11-24T16:30') })]);
  });

  it.each([
    ['more than 5 minutes in the future', plusMinutes(NOW, 6)],
    ['before the case was received', plusMs(RECEIVED_AT, -1)],
  ])('refuses a completedAt %s', (_, completedAt) => {
    given(histories.in_progress())
      .when(completeRectification({ completedAt }), by('handler'))
      .thenThrows('VALIDATION_FAILED', { path: 'completedAt' });
  });

  it.each(['otherHandler', 'quality', 'agent', 'supervisor'] as const)('refuses the %s: only the assigned department rectifies', (who) => {
    given(histories.in_progress()).when(completeRectification(), by(who)).thenThrows('FORBIDDEN', 'assigned department');
  });

  it('rectifies again after a reopen, for the kept assignment', () => {
    given([...histories.closed(), reopened()])
      .when(completeRectification(), by('handler'))
      .then([rectified({ completedAt: NOW, completedBy: actors.handler.id, returnVisitBy: addDays(NOW, 14) })]);
  });
});

describe('RecordReturnVisit', () => {
  it('records the visit after the rectification; the customer has not confirmed unless told', () => {
    given(histories.rectified())
      .when(recordReturnVisit({ method: 'visit', satisfaction: 'very_satisfied', comment: 'Dry now' }), by('agent'))
      .then([visited({ method: 'visit', satisfaction: 'very_satisfied', comment: 'Dry now', customerConfirmed: false })]);
  });

  it('records a visit to a case resolved on the spot, confirmed by the customer', () => {
    given(histories.resolved_on_spot())
      .when(recordReturnVisit({ customerConfirmed: true }), by('agent'))
      .then([visited({ customerConfirmed: true })]);
  });
});

describe('RecordShirking', () => {
  it.each(Object.keys(histories) as (keyof typeof histories)[])('records shirking whatever the state: %s', (status) => {
    given(histories[status]())
      .when(recordShirking({ description: 'Hung up on the customer' }))
      .then([{ type: 'ShirkingRecorded', data: { staffId: actors.otherAgent.id, description: 'Hung up on the customer', recordedBy: actors.supervisor.id } }]);
  });
});

describe('MarkSlaBreached', () => {
  const firstReplyDue = addHours(RECEIVED_AT, 2);
  const justAfter = (dueAt: string) => by('system', { now: plusMs(dueAt, 1) });

  it('records the breach of a running clock past due, naming who is accountable', () => {
    given(histories.received())
      .when(markSlaBreached('first_reply', firstReplyDue), justAfter(firstReplyDue))
      .then([slaBreached('first_reply', firstReplyDue, actors.agent.id)]);
  });

  it('holds the assignee accountable for the rectification', () => {
    const due = shanghai('2026-11-25T16:00');
    given([logged(), assigned({ rectificationBy: due })])
      .when(markSlaBreached('rectification', due), justAfter(due))
      .then([slaBreached('rectification', due, actors.assignee.id)]);
  });

  it('finds the clock whatever ISO form the due time is given in, and records the stored one', () => {
    given(histories.received())
      .when(markSlaBreached('first_reply', '2026-11-20T18:00:00+08:00'), justAfter(firstReplyDue))
      .then([slaBreached('first_reply', firstReplyDue)]);
  });

  it('breaches a clock restarted with the same due time (two replies promising the same time)', () => {
    const promised = shanghai('2026-11-21T10:00');
    given([logged(), replied({ nextReplyBy: promised }), replied({ nextReplyBy: promised })])
      .when(markSlaBreached('promised_reply', promised), justAfter(promised))
      .then([slaBreached('promised_reply', promised)]);
  });

  it('breaches the rectification clock a reassignment restarts after a reopen', () => {
    const due = shanghai('2026-11-25T16:00');
    given([...histories.closed(), reopened(), assigned({ assigneeId: 'eng-2', rectificationBy: due })])
      .when(markSlaBreached('rectification', due), by('system', { now: shanghai('2026-12-01T09:00') }))
      .then([slaBreached('rectification', due, 'eng-2')]);
  });

  it('refuses a clock not yet past due (due is still in time)', () => {
    given(histories.received())
      .when(markSlaBreached('first_reply', firstReplyDue), by('system', { now: firstReplyDue }))
      .thenThrows('PRECONDITION_NOT_MET', 'no breach to record');
  });

  it.each([
    ['met', [logged(), replied()]],
    ['already breached', [logged(), slaBreached('first_reply', addHours(RECEIVED_AT, 2))]],
    ['stopped by the closure', histories.closed()],
    ['stopped by a resolution on the spot', histories.resolved_on_spot()],
  ])('refuses a clock %s, so duplicates are harmless', (_, history) => {
    given(history).when(markSlaBreached('first_reply', firstReplyDue), justAfter(firstReplyDue)).thenThrows('PRECONDITION_NOT_MET', 'no breach to record');
  });

  it('records the breach of a clock stopped late, once (a reply after the due time, before the watcher)', () => {
    const late = [logged(), at(plusMs(firstReplyDue, 60_000), replied())];
    const watcherComes = by('system', { now: plusMs(firstReplyDue, 120_000) });
    given(late).when(markSlaBreached('first_reply', firstReplyDue), watcherComes).then([slaBreached('first_reply', firstReplyDue)]);
    given([...late, at(plusMs(firstReplyDue, 120_000), slaBreached('first_reply', firstReplyDue))])
      .when(markSlaBreached('first_reply', firstReplyDue), watcherComes)
      .thenThrows('PRECONDITION_NOT_MET', 'no breach to record');
  });

  it('refuses a due time no clock has', () => {
    given(histories.received())
      .when(markSlaBreached('first_reply', addHours(RECEIVED_AT, 3)), by('system', { now: addHours(RECEIVED_AT, 4) }))
      .thenThrows('PRECONDITION_NOT_MET');
  });

  it.each(['supervisor', 'gm'] as const)('is the system’s alone, not a %s’s', (who) => {
    given(histories.received()).when(markSlaBreached('first_reply', firstReplyDue), by(who, { now: plusMs(firstReplyDue, 1) })).thenThrows('FORBIDDEN');
  });
});

describe('ErasePersonalData', () => {
  it.each(['auditor', 'gm'] as const)('lets the %s erase, naming the key to shred', (who) => {
    given(histories.received())
      .when(erasePersonalData('PIPL request'), by(who))
      .then([personalDataErased({ complainantKeyId: 'key-1', reason: 'PIPL request', erasedBy: actors[who].id })]);
  });

  it('erases a closed case too', () => {
    given(histories.closed()).when(erasePersonalData(), by('auditor')).then([personalDataErased()]);
  });

  it.each(['supervisor', 'manager', 'deputy_gm', 'admin'] as const)('refuses the %s', (who) => {
    given(histories.received()).when(erasePersonalData(), by(who)).thenThrows('FORBIDDEN');
  });

  it('refuses to erase twice', () => {
    given([logged(), personalDataErased()]).when(erasePersonalData(), by('auditor')).thenThrows('PRECONDITION_NOT_MET');
  });
});

// Histories used above should stay foldable: a guard against a builder drifting from the events.
it('folds every fixture history', () => {
  for (const history of Object.values(histories)) expect(() => given(history()).state()).not.toThrow();
  expect(() => given([logged({ severity: 'major' }), assigned(), investigated(), rectified(), visited()]).state()).not.toThrow();
});
