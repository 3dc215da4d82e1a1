import { randomUUID } from 'node:crypto';
import { DomainError, type CaseCommand, type SlaBreached } from '@casebook/domain';
import type { Stored } from '@casebook/projections';
import type { CaseCommandService } from '../../cases/case-command.service';
import type { CommandRequest } from '../../commands/command-request';
import { EscalationProcessManager } from './escalation.process-manager';

let position = 0n;
const breach = (caseId: string, clock: SlaBreached['data']['clock'] = 'first_reply'): Stored<SlaBreached> => ({
  eventId: randomUUID(),
  type: 'SlaBreached',
  version: 1,
  streamId: `case-${caseId}`,
  revision: 1n,
  position: ++position,
  recordedAt: new Date().toISOString(),
  data: { clock, dueAt: '2026-11-20T10:00:00.000Z', accountableStaffId: 'agent-1' },
  metadata: { actorId: 'system', actorRole: 'system', commandId: 'c', correlationId: 'corr-1', causationId: 'c', hash: 'h', prevHash: 'p' },
});

function manager(outcome: (caseId: string) => Error | undefined = () => undefined) {
  const sent: { caseId: string; request: CommandRequest; command: CaseCommand }[] = [];
  const commands = {
    async execute(caseId: string, request: CommandRequest, build: (state: never) => CaseCommand) {
      sent.push({ caseId, request, command: build(undefined as never) });
      const error = outcome(caseId);
      if (error) throw error;
      return { caseId, caseNumber: 'CP-1', version: 2, position: '1', events: ['CaseEscalated'] };
    },
  } as unknown as CaseCommandService;
  const pm = new EscalationProcessManager(commands);
  (pm as unknown as { logger: object }).logger = { debug: () => undefined, warn: () => undefined };
  return { pm, sent };
}

describe('EscalationProcessManager', () => {
  it('handles SlaBreached alone, under a name and version of its own', () => {
    const { pm } = manager();
    expect({ name: pm.name, version: pm.version, types: pm.types }).toEqual({ name: 'escalation', version: 1, types: ['SlaBreached'] });
  });

  it('sends EscalateAfterBreach for each breach, as the system, caused by the breach, each case’s in order', async () => {
    const { pm, sent } = manager();
    const [a1, b1, a2] = [breach('a'), breach('b'), breach('a', 'promised_reply')];
    await pm.apply([a1, b1, a2]);
    expect(sent.map((s) => [s.caseId, s.command])).toEqual(
      expect.arrayContaining([
        ['a', { type: 'EscalateAfterBreach', clock: 'first_reply' }],
        ['b', { type: 'EscalateAfterBreach', clock: 'first_reply' }],
        ['a', { type: 'EscalateAfterBreach', clock: 'promised_reply' }],
      ]),
    );
    expect(sent.filter((s) => s.caseId === 'a').map((s) => s.request.causationId)).toEqual([a1.eventId, a2.eventId]);
    expect(sent.find((s) => s.caseId === 'b')!.request).toMatchObject({
      actor: { id: 'system', role: 'system' },
      causationId: b1.eventId,
      correlationId: 'corr-1',
      idempotent: true,
    });

    // Replayed, the same breach derives the same command id (so the same event ids).
    const again = manager();
    await again.pm.apply([b1]);
    expect(again.sent[0].request.commandId).toBe(sent.find((s) => s.caseId === 'b')!.request.commandId);
  });

  it('moves on past a refusal (a case closed meanwhile, or gone), but fails the batch on anything else', async () => {
    const refusals = manager((caseId) =>
      caseId === 'closed'
        ? new DomainError('INVALID_STATE_TRANSITION', 'EscalateAfterBreach is not allowed while the case is closed')
        : caseId === 'gone'
          ? new DomainError('NOT_FOUND', 'case gone not found')
          : undefined,
    );
    await expect(refusals.pm.apply([breach('closed'), breach('gone'), breach('open')])).resolves.toBeUndefined();
    expect(refusals.sent.map((s) => s.caseId).sort()).toEqual(['closed', 'gone', 'open']);

    const broken = manager((caseId) => (caseId === 'busy' ? new DomainError('UNAVAILABLE', 'case busy is too busy') : undefined));
    await expect(broken.pm.apply([breach('busy')])).rejects.toThrow('too busy');
  });
});
