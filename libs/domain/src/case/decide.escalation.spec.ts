/**
 * Escalation after an SLA breach (PRODUCT.md §5): the system's EscalateAfterBreach, sent by the
 * escalation process manager for each SlaBreached, moves the case one level up, never above gm.
 */
import {
  actors,
  addHours,
  by,
  escalateAfterBreach,
  escalateCase,
  escalated,
  given,
  histories,
  logged,
  plusMs,
  RECEIVED_AT,
  replied,
  slaBreached,
} from './testing/decider-spec';

const firstReplyDue = addHours(RECEIVED_AT, 2);
const afterBreach = by('system', { now: plusMs(firstReplyDue, 1000) });
const breached = () => [logged(), slaBreached('first_reply', firstReplyDue)];
const bySystem = (level: 'supervisor' | 'manager' | 'gm', clock = 'first_reply') => ({
  type: 'CaseEscalated' as const,
  data: { level, reason: `sla_breach:${clock}`, escalatedBy: 'system' },
});

describe('EscalateAfterBreach', () => {
  it('escalates an unescalated case to supervisor, naming the breached clock', () => {
    given(breached()).when(escalateAfterBreach('first_reply'), afterBreach).then([bySystem('supervisor')]);
  });

  it.each([
    ['supervisor', 'manager'],
    ['manager', 'gm'],
  ] as const)('escalates a case at %s to %s', (current, next) => {
    given([logged(), escalated(current), slaBreached('first_reply', firstReplyDue)])
      .when(escalateAfterBreach('first_reply'), afterBreach)
      .then([bySystem(next)]);
  });

  it('escalates a major complaint (at manager from its logging) to gm', () => {
    given([
      logged({ severity: 'major' }),
      escalated('manager', { reason: 'major_complaint', note: undefined, escalatedBy: 'system' }),
      slaBreached('first_reply', firstReplyDue),
    ])
      .when(escalateAfterBreach('first_reply'), afterBreach)
      .then([bySystem('gm')]);
  });

  it('decides nothing at gm: a breach escalates no further', () => {
    given([logged(), escalated('gm'), slaBreached('first_reply', firstReplyDue)])
      .when(escalateAfterBreach('first_reply'), afterBreach)
      .then([]);
  });

  it('escalates once per breach: a second breach takes the case one more level up', () => {
    const promised = addHours(RECEIVED_AT, 5);
    given([
      ...breached(),
      bySystem('supervisor'),
      replied({ nextReplyBy: promised }),
      slaBreached('promised_reply', promised),
    ])
      .when(escalateAfterBreach('promised_reply'), by('system', { now: plusMs(promised, 1000) }))
      .then([bySystem('manager', 'promised_reply')]);
  });

  it('counts a clock stopped after its due time as breached', () => {
    given([logged(), { ...replied(), recordedAt: plusMs(firstReplyDue, 60_000) }])
      .when(escalateAfterBreach('first_reply'), afterBreach)
      .then([bySystem('supervisor')]);
  });

  it('refuses when no clock of that name is breached', () => {
    given(histories.received())
      .when(escalateAfterBreach('first_reply'), afterBreach)
      .thenThrows('PRECONDITION_NOT_MET', { missing: ['a breached first_reply clock'] });
    given(breached()).when(escalateAfterBreach('rectification'), afterBreach).thenThrows('PRECONDITION_NOT_MET');
  });

  it('refuses on a closed case, as a manual escalation is refused', () => {
    const closedAfterBreach = [...histories.closed().slice(0, 1), slaBreached('first_reply', firstReplyDue), ...histories.closed().slice(1)];
    given(closedAfterBreach).when(escalateAfterBreach('first_reply'), afterBreach).thenThrows('INVALID_STATE_TRANSITION');
    given(closedAfterBreach).when(escalateCase('gm'), by('agent')).thenThrows('INVALID_STATE_TRANSITION');
  });

  it.each(['agent', 'supervisor', 'gm', 'admin'] as const)('is the system’s alone, not a %s’s', (who) => {
    given(breached()).when(escalateAfterBreach('first_reply'), by(who)).thenThrows('FORBIDDEN');
  });

  it('leaves manual escalation as it was: any level above the current one, with a reason', () => {
    given([...breached(), bySystem('supervisor')])
      .when(escalateCase('manager', 'customer called twice'), by('agent'))
      .then([{ type: 'CaseEscalated', data: { level: 'manager', reason: 'manual', note: 'customer called twice', escalatedBy: actors.agent.id } }]);
    given([...breached(), bySystem('supervisor')]).when(escalateCase('supervisor'), by('agent')).thenThrows('PRECONDITION_NOT_MET');
  });
});
