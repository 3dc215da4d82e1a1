import { DomainError } from '@casebook/domain';
import type { StoredEvent } from '@casebook/event-store';
import type { PenaltyAssessor } from '../../penalties/penalty-assessor';
import { PenaltiesProcessManager } from './penalties.process-manager';

/** The penalties process manager's choices: which events it sends, which refusals it passes over. */

let n = 0;
const event = (type: string, caseId: string, data: Record<string, unknown> = {}): StoredEvent => ({
  eventId: `e-${++n}`,
  type,
  version: 1,
  streamId: `case-${caseId}`,
  revision: BigInt(n),
  position: BigInt(n),
  recordedAt: '2026-11-16T02:00:00.000Z',
  data,
  metadata: { actorId: 'sup-1', actorRole: 'supervisor', commandId: 'c', correlationId: 'c', causationId: 'c', hash: 'h', prevHash: 'p' },
});

function manager(assess: (trigger: StoredEvent) => Promise<unknown>) {
  const sent: string[] = [];
  const assessor = {
    assess: async (trigger: StoredEvent) => {
      sent.push(trigger.eventId);
      return assess(trigger);
    },
  } as unknown as PenaltyAssessor;
  const pm = new PenaltiesProcessManager(assessor);
  (pm as unknown as { logger: { warn: jest.Mock } }).logger = { warn: jest.fn() } as never;
  return { pm, sent, warnings: () => ((pm as unknown as { logger: { warn: jest.Mock } }).logger.warn.mock.calls.length) };
}

describe('penalties process manager', () => {
  it('reacts to valid closures, breaches, shirking and reopens; other closures send nothing', async () => {
    const { pm, sent } = manager(async () => undefined);
    expect([...pm.types]).toEqual(['CaseClosed', 'SlaBreached', 'ShirkingRecorded', 'CaseReopened']);
    const events = [
      event('CaseClosed', 'a', { outcome: 'valid' }),
      event('CaseClosed', 'b', { outcome: 'invalid' }),
      event('CaseClosed', 'c', { outcome: 'answered' }),
      event('SlaBreached', 'c'),
      event('ShirkingRecorded', 'a'),
      event('CaseReopened', 'a'),
    ];
    await pm.apply(events);
    expect(sent.sort()).toEqual([events[0], events[3], events[4], events[5]].map((e) => e.eventId).sort());
  });

  it('takes the triggers of one case in order', async () => {
    const order: string[] = [];
    const { pm } = manager(async (t) => {
      await new Promise((resolve) => setTimeout(resolve, t.eventId === first.eventId ? 20 : 0));
      order.push(t.eventId);
    });
    const first = event('ShirkingRecorded', 'a');
    const second = event('CaseReopened', 'a');
    await pm.apply([first, second]);
    expect(order).toEqual([first.eventId, second.eventId]);
  });

  it('passes over a final refusal (a domain refusal, a case not found) and goes on', async () => {
    const refusals = [new DomainError('FORBIDDEN', 'no'), new DomainError('NOT_FOUND', 'gone')];
    const { pm, sent, warnings } = manager(async () => {
      const refusal = refusals.shift();
      if (refusal) throw refusal;
    });
    await pm.apply([event('SlaBreached', 'a'), event('SlaBreached', 'a'), event('SlaBreached', 'a')]);
    expect(sent).toHaveLength(3);
    expect(warnings()).toBe(2);
  });

  it('fails the batch when a case is unavailable (the runner retries it) or anything else goes wrong', async () => {
    const busy = manager(async () => {
      throw new DomainError('UNAVAILABLE', 'too busy');
    });
    await expect(busy.pm.apply([event('ShirkingRecorded', 'a')])).rejects.toThrow('too busy');

    const broken = manager(async () => {
      throw new Error('connection terminated');
    });
    await expect(broken.pm.apply([event('ShirkingRecorded', 'b')])).rejects.toThrow('connection terminated');
  });
});
