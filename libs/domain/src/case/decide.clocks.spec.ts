/**
 * The supervision line's hold on the clocks (PRODUCT.md §13): pause and resume (挂起),
 * extensions (延期), the 80% warning (预警), and what they do to breaches. Refusals in API.md's
 * order: 404 unknown clock, 400, 403 role, 409 state, 403 relation / authority, 409 precondition.
 */
import { DEFAULT_POLICIES } from '../policies';
import type { ClockName } from './vocabulary';
import type { CaseEvent } from './events';
import { atRiskAt } from './clocks';
import {
  NOW,
  RECEIVED_AT,
  actors,
  addDays,
  addHours,
  assigned,
  at,
  by,
  clockPaused,
  clockResumed,
  clocks,
  closed,
  decideExtension,
  extensionApproved,
  extensionRejected,
  extensionRequested,
  given,
  histories,
  logged,
  markSlaAtRisk,
  markSlaBreached,
  pauseClock,
  plusMs,
  rectified,
  replied,
  requestExtension,
  resumeClock,
  shanghai,
  slaAtRisk,
  slaBreached,
  validated,
  visited,
} from './testing/decider-spec';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The default assignment's rectification due time: Wed 2026-11-25 16:00 in Shanghai. */
const RECT_DUE = shanghai('2026-11-25T16:00');
/** Logged Fri 16:00, assigned 16:01: the rectification clock runs. */
const inProgress = (): CaseEvent[] => [logged(), assigned()];
const system = (now: string) => by('system', { now });

/** Paused Sat 2026-11-21 10:00, to resume by itself Tue 10:00. */
const PAUSED_AT = shanghai('2026-11-21T10:00');
const RESUME_AT = shanghai('2026-11-24T10:00');
const paused = (): CaseEvent[] => [...inProgress(), at(PAUSED_AT, clockPaused('rectification', { resumeAt: RESUME_AT }))];

const policiesWith = (sla: Partial<typeof DEFAULT_POLICIES.sla.policy>) => ({
  ...DEFAULT_POLICIES,
  sla: { version: 2, policy: { ...DEFAULT_POLICIES.sla.policy, ...sla } },
});

describe('PauseClock (挂起)', () => {
  it('pauses a running clock until the resumeAt asked', () => {
    given(inProgress())
      .when(pauseClock('rectification', { reason: 'no_access', note: 'Tenant abroad', resumeAt: '2026-11-23T09:00:00+08:00' }))
      .then([clockPaused('rectification', { reason: 'no_access', note: 'Tenant abroad', resumeAt: shanghai('2026-11-23T09:00') })]);
  });

  it('without a resumeAt, resumes by itself when the allowance (maxPauseDays, 10) is used up', () => {
    given(inProgress()).when(pauseClock('resolution')).then([clockPaused('resolution', { resumeAt: addDays(NOW, 10) })]);
  });

  it('cuts a resumeAt past the allowance to it', () => {
    given(inProgress())
      .when(pauseClock('rectification', { resumeAt: addDays(NOW, 11) }))
      .then([clockPaused('rectification', { resumeAt: addDays(NOW, 10) })]);
  });

  it('counts the time of earlier pauses against the allowance', () => {
    const pausedThreeDays = [
      ...inProgress(),
      at(shanghai('2026-11-20T16:10'), clockPaused('rectification')),
      at(shanghai('2026-11-23T16:10'), clockResumed('rectification', { pausedMs: 3 * DAY, dueAt: addDays(RECT_DUE, 3), previousDueAt: RECT_DUE })),
    ];
    const now = shanghai('2026-11-23T17:00');
    given(pausedThreeDays)
      .when(pauseClock('rectification'), { now })
      .then([clockPaused('rectification', { resumeAt: addDays(now, 7) })]);
  });

  it('uses the allowance of the SLA policy in force', () => {
    given(inProgress())
      .when(pauseClock('rectification'), { policies: policiesWith({ maxPauseDays: 2 }) })
      .then([clockPaused('rectification', { resumeAt: addDays(NOW, 2) })]);
  });

  it.each(['investigation', 'rectification', 'resolution'] as const)('pauses the %s clock of a major complaint', (clock) => {
    const major = [logged({ severity: 'major' }), assigned({ investigationBy: addDays(RECEIVED_AT, 3) })];
    given(major).when(pauseClock(clock)).then([clockPaused(clock, { resumeAt: addDays(NOW, 10) })]);
  });

  describe('the paused clock', () => {
    it('shows paused, since when and until when, and counts the pause; its due time stays until it resumes', () => {
      expect(clocks(paused(), 'rectification')).toEqual([
        expect.objectContaining({ status: 'running', paused: true, pausedAt: PAUSED_AT, resumeAt: RESUME_AT, pauses: 1, pausedMs: 0, dueAt: RECT_DUE }),
      ]);
    });

    it('is never breached: MarkSlaBreached is refused past its due time', () => {
      given(paused())
        .when(markSlaBreached('rectification', RECT_DUE), system(plusMs(RECT_DUE, 60_000)))
        .thenThrows('PRECONDITION_NOT_MET', 'no breach to record');
    });

    it('is met when stopped while paused: the pause moves its due time to the stop', () => {
      const stoppedAt = shanghai('2026-11-26T10:00');
      const events = [...paused(), at(stoppedAt, rectified({ completedAt: stoppedAt }))];
      const pausedMs = Date.parse(stoppedAt) - Date.parse(PAUSED_AT);
      expect(clocks(events, 'rectification')).toEqual([
        expect.objectContaining({ status: 'met', stoppedAt, paused: false, pausedMs, dueAt: plusMs(RECT_DUE, pausedMs), originalDueAt: RECT_DUE }),
      ]);
      expect(clocks(events, 'rectification')[0]).not.toHaveProperty('pausedAt');
    });
  });

  describe('refusals, in API.md order', () => {
    it('404 for a clock name that does not exist, before anything else', () => {
      given(histories.closed())
        .when(pauseClock('lunch' as ClockName, { resumeAt: NOW }), by('auditor'))
        .thenThrows('NOT_FOUND');
    });

    it.each([
      ['now', NOW],
      ['in the past', plusMs(NOW, -1)],
    ])('400 for a resumeAt %s, before the role', (_, resumeAt) => {
      given(inProgress()).when(pauseClock('rectification', { resumeAt }), by('agent')).thenThrows('VALIDATION_FAILED', { path: 'resumeAt' });
    });

    it.each(['agent', 'handler', 'quality', 'auditor', 'system'] as const)('403 for the %s (supervisor and above)', (who) => {
      given(inProgress()).when(pauseClock('rectification'), by(who)).thenThrows('FORBIDDEN');
    });

    it('403 before the state: an agent on a closed case', () => {
      given(histories.closed()).when(pauseClock('rectification'), by('agent')).thenThrows('FORBIDDEN');
    });

    it('409 INVALID_STATE_TRANSITION on a closed case', () => {
      given(histories.closed()).when(pauseClock('rectification')).thenThrows('INVALID_STATE_TRANSITION', 'closed');
    });

    it.each(['first_reply', 'invalid_reply', 'promised_reply', 'return_visit'] as const)('409 PRECONDITION_NOT_MET for the %s clock', (clock) => {
      given(inProgress()).when(pauseClock(clock)).thenThrows('PRECONDITION_NOT_MET', 'neither paused nor extended');
    });

    it.each<[string, CaseEvent[], ClockName]>([
      ['not started', [logged()], 'rectification'],
      ['that a general complaint does not have', inProgress(), 'investigation'],
      ['stopped', [logged(), assigned(), rectified()], 'rectification'],
    ])('409 PRECONDITION_NOT_MET for a clock %s', (_, history, clock) => {
      given(history).when(pauseClock(clock)).thenThrows('PRECONDITION_NOT_MET', 'not running');
    });

    it('409 PRECONDITION_NOT_MET for a clock past due, its breach recorded or not', () => {
      const late = { now: plusMs(RECT_DUE, 1) };
      given(inProgress()).when(pauseClock('rectification'), late).thenThrows('PRECONDITION_NOT_MET', 'not running');
      given([...inProgress(), at(plusMs(RECT_DUE, 1), slaBreached('rectification', RECT_DUE, actors.assignee.id))])
        .when(pauseClock('rectification'), late)
        .thenThrows('PRECONDITION_NOT_MET', 'not running');
    });

    it('409 PRECONDITION_NOT_MET for a clock already paused', () => {
      given(paused()).when(pauseClock('rectification'), { now: shanghai('2026-11-22T10:00') }).thenThrows('PRECONDITION_NOT_MET', 'is paused');
    });

    it('409 PRECONDITION_NOT_MET once the allowance is used up', () => {
      const usedUp = [
        ...inProgress(),
        at(shanghai('2026-11-20T16:10'), clockPaused('rectification')),
        at(shanghai('2026-11-30T16:10'), clockResumed('rectification', { resumedBy: 'system', pausedMs: 10 * DAY, dueAt: addDays(RECT_DUE, 10), previousDueAt: RECT_DUE })),
      ];
      given(usedUp).when(pauseClock('rectification'), { now: shanghai('2026-11-30T17:00') }).thenThrows('PRECONDITION_NOT_MET', 'used up');
    });
  });
});

describe('ResumeClock', () => {
  const monday = shanghai('2026-11-23T10:00');

  it.each(['agent', 'handler', 'assignee', 'supervisor'] as const)('the %s resumes it: the due time moves by the time paused', (who) => {
    given(paused())
      .when(resumeClock('rectification', { note: 'Supplier delivered' }), by(who, { now: monday }))
      .then([
        clockResumed('rectification', {
          resumedBy: actors[who].id,
          note: 'Supplier delivered',
          pausedMs: 2 * DAY,
          dueAt: shanghai('2026-11-27T16:00'),
          previousDueAt: RECT_DUE,
        }),
      ]);
  });

  it('the system resumes it at resumeAt, measured to resumeAt, not to when the worker got to it', () => {
    given(paused())
      .when(resumeClock('rectification'), system(plusMs(RESUME_AT, 45_000)))
      .then([clockResumed('rectification', { resumedBy: 'system', pausedMs: 3 * DAY, dueAt: shanghai('2026-11-28T16:00'), previousDueAt: RECT_DUE })]);
  });

  it('the system resumes a pause asked without resumeAt when the allowance is used up', () => {
    const pausedAt = shanghai('2026-11-20T16:10');
    const history = [...inProgress(), at(pausedAt, clockPaused('rectification', { resumeAt: addDays(pausedAt, 10) }))];
    given(history)
      .when(resumeClock('rectification'), system(plusMs(addDays(pausedAt, 10), 30_000)))
      .then([clockResumed('rectification', { resumedBy: 'system', pausedMs: 10 * DAY, dueAt: addDays(RECT_DUE, 10), previousDueAt: RECT_DUE })]);
  });

  it('a staff member resuming after resumeAt, before the worker, measures the pause to resumeAt too', () => {
    const [event] = given(paused()).when(resumeClock('rectification'), { now: shanghai('2026-11-25T09:00') }).outcome() as CaseEvent[];
    expect(event.data).toMatchObject({ pausedMs: 3 * DAY });
  });

  describe('the resumed clock', () => {
    const resumedOnMonday = () => [
      ...paused(),
      at(monday, clockResumed('rectification', { pausedMs: 2 * DAY, dueAt: shanghai('2026-11-27T16:00'), previousDueAt: RECT_DUE })),
    ];

    it('runs again with its new due time, its original due time and the time paused', () => {
      const [clock] = clocks(resumedOnMonday(), 'rectification');
      expect(clock).toMatchObject({ paused: false, pauses: 1, pausedMs: 2 * DAY, dueAt: shanghai('2026-11-27T16:00'), originalDueAt: RECT_DUE });
      expect(clock).not.toHaveProperty('pausedAt');
      expect(clock).not.toHaveProperty('resumeAt');
    });

    it('is breached against its new due time only', () => {
      const newDue = shanghai('2026-11-27T16:00');
      given(resumedOnMonday()).when(markSlaBreached('rectification', RECT_DUE), system(plusMs(newDue, 1))).thenThrows('PRECONDITION_NOT_MET');
      given(resumedOnMonday())
        .when(markSlaBreached('rectification', newDue), system(plusMs(newDue, 1)))
        .then([slaBreached('rectification', newDue, actors.assignee.id)]);
      given(resumedOnMonday()).when(markSlaBreached('rectification', newDue), system(shanghai('2026-11-26T16:00'))).thenThrows('PRECONDITION_NOT_MET');
    });
  });

  describe('refusals, in API.md order', () => {
    it('404 for a clock name that does not exist', () => {
      given(paused()).when(resumeClock('nap' as ClockName), by('auditor')).thenThrows('NOT_FOUND');
    });

    it.each(['auditor', 'admin', 'integration'] as const)('403 for the %s (staff only)', (who) => {
      given(paused()).when(resumeClock('rectification'), by(who, { now: monday })).thenThrows('FORBIDDEN');
    });

    it('409 INVALID_STATE_TRANSITION on a closed case', () => {
      given(histories.closed()).when(resumeClock('rectification'), by('agent')).thenThrows('INVALID_STATE_TRANSITION');
    });

    it.each<[string, CaseEvent[]]>([
      ['running, not paused', inProgress()],
      ['not started', [logged()]],
    ])('409 PRECONDITION_NOT_MET for a clock %s', (_, history) => {
      given(history).when(resumeClock('rectification'), by('agent')).thenThrows('PRECONDITION_NOT_MET', 'not paused');
    });

    it('409 PRECONDITION_NOT_MET for the system before resumeAt, so an early or repeated resume is harmless', () => {
      given(paused()).when(resumeClock('rectification'), system(plusMs(RESUME_AT, -1))).thenThrows('PRECONDITION_NOT_MET', 'resumes by itself');
    });
  });
});

describe('RequestExtension (延期)', () => {
  const asked = shanghai('2026-11-30T16:00');

  it.each(['assignee', 'supervisor', 'manager'] as const)('the %s asks for a later due time', (who) => {
    given(inProgress())
      .when(requestExtension('rectification', '2026-11-30T16:00:00+08:00', { reason: 'Valve on back order' }), by(who))
      .then([extensionRequested('rectification', asked, { reason: 'Valve on back order', requestedBy: actors[who].id })]);
  });

  it('the clock runs on meanwhile: it is breached at its due time', () => {
    given([...inProgress(), extensionRequested('rectification', asked)])
      .when(markSlaBreached('rectification', RECT_DUE), system(plusMs(RECT_DUE, 1)))
      .then([slaBreached('rectification', RECT_DUE, actors.assignee.id)]);
  });

  it('a request shows on the clock until decided', () => {
    expect(clocks([...inProgress(), extensionRequested('rectification', asked)], 'rectification')).toEqual([
      expect.objectContaining({
        dueAt: RECT_DUE,
        extensionRequest: { requestId: 'ext-1', dueAt: asked, reason: 'Parts on order', requestedBy: actors.assignee.id },
      }),
    ]);
  });

  it('a request lapses when its clock stops', () => {
    const [clock] = clocks([...inProgress(), extensionRequested('rectification', asked), rectified()], 'rectification');
    expect(clock).toMatchObject({ status: 'met' });
    expect(clock).not.toHaveProperty('extensionRequest');
  });

  describe('refusals, in API.md order', () => {
    it('404 for a clock name that does not exist', () => {
      given(inProgress()).when(requestExtension('later' as ClockName, asked), by('auditor')).thenThrows('NOT_FOUND');
    });

    it.each([
      ['the current due time', RECT_DUE],
      ['earlier', plusMs(RECT_DUE, -1)],
    ])('400 for a dueAt at %s, before the role', (_, dueAt) => {
      given(inProgress()).when(requestExtension('rectification', dueAt), by('auditor')).thenThrows('VALIDATION_FAILED', { path: 'dueAt' });
    });

    it.each(['auditor', 'admin', 'integration', 'system'] as const)('403 for the %s (staff only)', (who) => {
      given(inProgress()).when(requestExtension('rectification', asked), by(who)).thenThrows('FORBIDDEN');
    });

    it('409 INVALID_STATE_TRANSITION on a closed case, before the relation', () => {
      given(histories.closed()).when(requestExtension('rectification', asked), by('otherAgent')).thenThrows('INVALID_STATE_TRANSITION');
    });

    it.each(['agent', 'handler', 'quality'] as const)('403 for the %s: not the assignee, nor a supervisor', (who) => {
      given(inProgress()).when(requestExtension('rectification', asked), by(who)).thenThrows('FORBIDDEN', 'assignee or a supervisor');
    });

    it('403 for the relation before the preconditions', () => {
      given(paused()).when(requestExtension('rectification', asked), by('agent', { now: shanghai('2026-11-22T10:00') })).thenThrows('FORBIDDEN');
    });

    it.each(['first_reply', 'return_visit', 'promised_reply', 'invalid_reply'] as const)('409 PRECONDITION_NOT_MET for the %s clock', (clock) => {
      given(inProgress()).when(requestExtension(clock, addDays(RECEIVED_AT, 30))).thenThrows('PRECONDITION_NOT_MET', 'neither paused nor extended');
    });

    it('409 PRECONDITION_NOT_MET for a clock not running or past due', () => {
      given([logged(), assigned(), rectified()]).when(requestExtension('rectification', asked)).thenThrows('PRECONDITION_NOT_MET', 'not running');
      given(inProgress()).when(requestExtension('rectification', asked), { now: plusMs(RECT_DUE, 1) }).thenThrows('PRECONDITION_NOT_MET', 'not running');
    });

    it('409 PRECONDITION_NOT_MET for a paused clock', () => {
      given(paused()).when(requestExtension('rectification', asked), { now: shanghai('2026-11-22T10:00') }).thenThrows('PRECONDITION_NOT_MET', 'paused');
    });

    it('409 PRECONDITION_NOT_MET while a request is pending', () => {
      given([...inProgress(), extensionRequested('rectification', asked)])
        .when(requestExtension('rectification', addDays(asked, 1), { requestId: 'ext-2' }))
        .thenThrows('PRECONDITION_NOT_MET', 'pending');
    });

    it('409 PRECONDITION_NOT_MET beyond maxPerClock (2) approved', () => {
      const first = shanghai('2026-11-26T16:00');
      const second = shanghai('2026-11-27T16:00');
      const twice = [
        ...inProgress(),
        extensionRequested('rectification', first, { requestId: 'ext-1' }),
        extensionApproved('rectification', { requestId: 'ext-1', dueAt: first, previousDueAt: RECT_DUE }),
        extensionRequested('rectification', second, { requestId: 'ext-2' }),
        extensionApproved('rectification', { requestId: 'ext-2', dueAt: second, previousDueAt: first }),
      ];
      given(twice).when(requestExtension('rectification', asked, { requestId: 'ext-3' })).thenThrows('PRECONDITION_NOT_MET', 'the most allowed');
      given(twice.slice(0, 4))
        .when(requestExtension('rectification', asked, { requestId: 'ext-2' }), { policies: policiesWith({ extension: { supervisorMaxWorkingDays: 3, maxPerClock: 1 } }) })
        .thenThrows('PRECONDITION_NOT_MET', 'the most allowed');
    });
  });
});

describe('DecideExtension', () => {
  /** Due Wed 16:00: a supervisor may approve up to Mon 2026-11-30 16:00 (3 working days), inclusive. */
  const SUPERVISOR_LIMIT = shanghai('2026-11-30T16:00');
  const pending = (dueAt: string) => [...inProgress(), extensionRequested('rectification', dueAt)];

  it('a supervisor approves up to 3 working days beyond the due time, inclusive: the due time moves', () => {
    given(pending(SUPERVISOR_LIMIT))
      .when(decideExtension('rectification', 'approve', 'Fine'))
      .then([extensionApproved('rectification', { comment: 'Fine', dueAt: SUPERVISOR_LIMIT, previousDueAt: RECT_DUE })]);
  });

  it('beyond that, a supervisor’s approval exceeds their authority; a manager and above approve any', () => {
    const beyond = plusMs(SUPERVISOR_LIMIT, 1);
    given(pending(beyond)).when(decideExtension('rectification')).thenThrows('APPROVAL_AUTHORITY_EXCEEDED');
    for (const who of ['manager', 'deputy_gm', 'gm'] as const) {
      given(pending(addDays(RECT_DUE, 60)))
        .when(decideExtension('rectification'), by(who))
        .then([extensionApproved('rectification', { decidedBy: actors[who].id, decidedByRole: who, dueAt: addDays(RECT_DUE, 60), previousDueAt: RECT_DUE })]);
    }
  });

  it('counts the supervisor’s working days with the policy in force', () => {
    const policies = policiesWith({ extension: { supervisorMaxWorkingDays: 1, maxPerClock: 2 } });
    given(pending(shanghai('2026-11-26T16:00'))).when(decideExtension('rectification'), { policies }).then([
      extensionApproved('rectification', { dueAt: shanghai('2026-11-26T16:00'), previousDueAt: RECT_DUE }),
    ]);
    given(pending(shanghai('2026-11-27T16:00'))).when(decideExtension('rectification'), { policies }).thenThrows('APPROVAL_AUTHORITY_EXCEEDED');
  });

  it('counts from the due time at the decision: a resume since has moved it', () => {
    const resumed = [
      ...pending(shanghai('2026-12-01T16:00')),
      at(shanghai('2026-11-20T17:00'), clockPaused('rectification')),
      at(shanghai('2026-11-21T17:00'), clockResumed('rectification', { pausedMs: DAY, dueAt: addDays(RECT_DUE, 1), previousDueAt: RECT_DUE })),
    ];
    // Due Thu 2026-11-26 16:00 now: + 3 working days is Tue 2026-12-01 16:00.
    given(resumed)
      .when(decideExtension('rectification'), { now: shanghai('2026-11-21T18:00') })
      .then([extensionApproved('rectification', { dueAt: shanghai('2026-12-01T16:00'), previousDueAt: addDays(RECT_DUE, 1) })]);
  });

  it('a supervisor rejects any request', () => {
    given(pending(addDays(RECT_DUE, 60)))
      .when(decideExtension('rectification', 'reject', 'Not needed'))
      .then([extensionRejected('rectification', { comment: 'Not needed' })]);
  });

  it('an approval moves the due time and counts; a rejection only clears the request', () => {
    const approved = [...pending(SUPERVISOR_LIMIT), extensionApproved('rectification', { dueAt: SUPERVISOR_LIMIT, previousDueAt: RECT_DUE })];
    const [clock] = clocks(approved, 'rectification');
    expect(clock).toMatchObject({ dueAt: SUPERVISOR_LIMIT, originalDueAt: RECT_DUE, extensions: 1 });
    expect(clock).not.toHaveProperty('extensionRequest');
    const [rejected] = clocks([...pending(SUPERVISOR_LIMIT), extensionRejected('rectification')], 'rectification');
    expect(rejected).toMatchObject({ dueAt: RECT_DUE, extensions: 0 });
    expect(rejected).not.toHaveProperty('extensionRequest');
  });

  it('an extended clock is breached against its new due time', () => {
    const approved = [...pending(SUPERVISOR_LIMIT), extensionApproved('rectification', { dueAt: SUPERVISOR_LIMIT, previousDueAt: RECT_DUE })];
    given(approved).when(markSlaBreached('rectification', RECT_DUE), system(plusMs(RECT_DUE, 1))).thenThrows('PRECONDITION_NOT_MET');
    given(approved)
      .when(markSlaBreached('rectification', SUPERVISOR_LIMIT), system(plusMs(SUPERVISOR_LIMIT, 1)))
      .then([slaBreached('rectification', SUPERVISOR_LIMIT, actors.assignee.id)]);
  });

  describe('refusals, in API.md order', () => {
    it('404 for a clock name that does not exist', () => {
      given(pending(SUPERVISOR_LIMIT)).when(decideExtension('soon' as ClockName), by('agent')).thenThrows('NOT_FOUND');
    });

    it.each(['agent', 'handler', 'assignee', 'quality', 'auditor'] as const)('403 for the %s (supervisor and above)', (who) => {
      given(pending(SUPERVISOR_LIMIT)).when(decideExtension('rectification'), by(who)).thenThrows('FORBIDDEN');
    });

    it('409 INVALID_STATE_TRANSITION on a closed case', () => {
      given([...pending(SUPERVISOR_LIMIT), closed()]).when(decideExtension('rectification')).thenThrows('INVALID_STATE_TRANSITION', 'closed');
    });

    it('409 INVALID_STATE_TRANSITION without a pending request', () => {
      given(inProgress()).when(decideExtension('rectification')).thenThrows('INVALID_STATE_TRANSITION', 'without a pending extension');
      given([...pending(SUPERVISOR_LIMIT), extensionRejected('rectification')]).when(decideExtension('rectification', 'reject')).thenThrows('INVALID_STATE_TRANSITION');
    });

    it('403 APPROVAL_AUTHORITY_EXCEEDED before the preconditions', () => {
      given(pending(addDays(RECT_DUE, 60)))
        .when(decideExtension('rectification'), { now: plusMs(RECT_DUE, 1) })
        .thenThrows('APPROVAL_AUTHORITY_EXCEEDED');
    });

    it('409 PRECONDITION_NOT_MET approving once the clock is past due, its breach recorded or not; a rejection still goes', () => {
      const late = { now: plusMs(RECT_DUE, 1) };
      given(pending(SUPERVISOR_LIMIT)).when(decideExtension('rectification'), late).thenThrows('PRECONDITION_NOT_MET', 'no longer running');
      const breached = [...pending(SUPERVISOR_LIMIT), at(plusMs(RECT_DUE, 1), slaBreached('rectification', RECT_DUE, actors.assignee.id))];
      given(breached).when(decideExtension('rectification'), late).thenThrows('PRECONDITION_NOT_MET', 'no longer running');
      given(breached).when(decideExtension('rectification', 'reject'), late).then([extensionRejected('rectification')]);
    });

    it('409 PRECONDITION_NOT_MET approving a due time a resume has overtaken', () => {
      const overtaken = [
        ...pending(shanghai('2026-11-26T16:00')),
        at(shanghai('2026-11-20T17:00'), clockPaused('rectification')),
        at(shanghai('2026-11-22T17:00'), clockResumed('rectification', { pausedMs: 2 * DAY, dueAt: addDays(RECT_DUE, 2), previousDueAt: RECT_DUE })),
      ];
      given(overtaken).when(decideExtension('rectification'), { now: shanghai('2026-11-22T18:00') }).thenThrows('PRECONDITION_NOT_MET', 'already due');
    });
  });
});

describe('MarkSlaAtRisk (预警)', () => {
  const FIRST_REPLY_DUE = addHours(RECEIVED_AT, 2);
  /** 80% of first_reply's 2 hours from receipt: Fri 17:36. */
  const AT_RISK = shanghai('2026-11-20T17:36');

  it('warns once 80% of the clock’s time has passed, from its start (first_reply: receivedAt)', () => {
    given([logged()]).when(markSlaAtRisk('first_reply', FIRST_REPLY_DUE), system(AT_RISK)).then([slaAtRisk('first_reply', FIRST_REPLY_DUE, 0.8)]);
    given([logged()])
      .when(markSlaAtRisk('first_reply', FIRST_REPLY_DUE), system(plusMs(AT_RISK, -1)))
      .thenThrows('PRECONDITION_NOT_MET', 'not at risk before');
  });

  it('uses the warnAtFraction of the SLA policy in force', () => {
    given([logged()])
      .when(markSlaAtRisk('first_reply', FIRST_REPLY_DUE), by('system', { now: shanghai('2026-11-20T17:00'), policies: policiesWith({ warnAtFraction: 0.5 }) }))
      .then([slaAtRisk('first_reply', FIRST_REPLY_DUE, 0.5)]);
  });

  it('excludes paused time: a day paused puts the warning a day later', () => {
    // Started Fri 16:01, due Wed 16:00: 80% is Tue 16:00:12; paused a day, Wed 16:00:12.
    const resumed = [
      ...inProgress(),
      at(shanghai('2026-11-21T10:00'), clockPaused('rectification')),
      at(shanghai('2026-11-22T10:00'), clockResumed('rectification', { pausedMs: DAY, dueAt: addDays(RECT_DUE, 1), previousDueAt: RECT_DUE })),
    ];
    const [clock] = clocks(resumed, 'rectification');
    expect(atRiskAt(clock, 0.8)).toBe(shanghai('2026-11-25T16:00:12'));
    expect(atRiskAt(clocks(inProgress(), 'rectification')[0], 0.8)).toBe(shanghai('2026-11-24T16:00:12'));
    const due = addDays(RECT_DUE, 1);
    given(resumed).when(markSlaAtRisk('rectification', due), system(shanghai('2026-11-25T16:00:11'))).thenThrows('PRECONDITION_NOT_MET');
    given(resumed).when(markSlaAtRisk('rectification', due), system(shanghai('2026-11-25T16:00:12'))).then([slaAtRisk('rectification', due)]);
  });

  it('is recorded on the clock for its due time', () => {
    expect(clocks([logged(), at(AT_RISK, slaAtRisk('first_reply', FIRST_REPLY_DUE))], 'first_reply')).toEqual([
      expect.objectContaining({ atRiskDueAt: FIRST_REPLY_DUE }),
    ]);
  });

  it('once per clock and due time: again only after the due time moved', () => {
    const warned = [...inProgress(), at(shanghai('2026-11-24T16:01'), slaAtRisk('rectification', RECT_DUE))];
    const now = shanghai('2026-11-24T17:00');
    given(warned).when(markSlaAtRisk('rectification', RECT_DUE), system(now)).thenThrows('PRECONDITION_NOT_MET', 'already marked at risk');
    const extended = shanghai('2026-11-26T16:00');
    const moved = [
      ...warned,
      at(now, extensionRequested('rectification', extended)),
      at(now, extensionApproved('rectification', { dueAt: extended, previousDueAt: RECT_DUE })),
    ];
    given(moved).when(markSlaAtRisk('rectification', extended), system(shanghai('2026-11-25T17:00'))).then([slaAtRisk('rectification', extended)]);
  });

  it.each<[string, CaseEvent[], string]>([
    ['past due (its breach comes instead)', [logged()], plusMs(FIRST_REPLY_DUE, 1)],
    ['stopped', [logged(), replied()], AT_RISK],
    ['of a closed case', [logged(), validated(), assigned(), rectified(), visited(), closed()], AT_RISK],
  ])('refuses a clock %s', (_, history, now) => {
    given(history).when(markSlaAtRisk('first_reply', FIRST_REPLY_DUE), system(now)).thenThrows('PRECONDITION_NOT_MET', 'runs in time');
  });

  it('refuses a paused clock', () => {
    given(paused()).when(markSlaAtRisk('rectification', RECT_DUE), system(shanghai('2026-11-24T17:00'))).thenThrows('PRECONDITION_NOT_MET', 'runs in time');
  });

  it('refuses a due time the clock does not have', () => {
    given([logged()]).when(markSlaAtRisk('first_reply', addHours(RECEIVED_AT, 3)), system(AT_RISK)).thenThrows('PRECONDITION_NOT_MET');
  });

  it.each(['supervisor', 'gm'] as const)('is the system’s alone, not a %s’s', (who) => {
    given([logged()]).when(markSlaAtRisk('first_reply', FIRST_REPLY_DUE), by(who, { now: AT_RISK })).thenThrows('FORBIDDEN');
  });
});
