import type { CaseCommandService } from '../../cases/case-command.service';
import type { PenaltyAssessor } from '../../penalties/penalty-assessor';
import { allProjections } from '@casebook/projections';
import { RUNNER_NAMES } from '../runner-names';
import { EscalationProcessManager } from './escalation.process-manager';
import { PenaltiesProcessManager } from './penalties.process-manager';
import { PROCESS_MANAGER_NAMES } from './process-managers';

describe('PROCESS_MANAGER_NAMES', () => {
  it('names the process managers WorkerModule runs, in its order', () => {
    const managers = [new EscalationProcessManager({} as CaseCommandService), new PenaltiesProcessManager({} as PenaltyAssessor)];
    expect(PROCESS_MANAGER_NAMES).toEqual(managers.map((manager) => manager.name));
  });

  it('RUNNER_NAMES lists every projection and process manager once', () => {
    expect(RUNNER_NAMES).toEqual([...allProjections('UTC').map((p) => p.name), ...PROCESS_MANAGER_NAMES]);
    expect(new Set(RUNNER_NAMES).size).toBe(RUNNER_NAMES.length);
  });
});
