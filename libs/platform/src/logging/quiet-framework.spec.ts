import type { LoggerService } from '@nestjs/common';
import { quietFramework } from './quiet-framework';

describe('quietFramework', () => {
  it('logs Nest’s wiring at debug and everything else as it was', () => {
    const lines: string[] = [];
    const record = (level: string) => (message: unknown, ...params: unknown[]) => void lines.push(`${level} ${String(message)} [${params.join(',')}]`);
    const logger: LoggerService = { log: record('log'), error: record('error'), warn: record('warn'), debug: record('debug') };
    const quiet = quietFramework(logger);
    quiet.log('Mapped {/api/v1/cases, POST} route', 'RouterExplorer');
    quiet.log('CasesModule dependencies initialized', 'InstanceLoader');
    quiet.log('running from position 0', 'Projection cases');
    quiet.warn('lost its lock', 'Projection cases');
    expect(lines).toEqual([
      'debug Mapped {/api/v1/cases, POST} route [RouterExplorer]',
      'debug CasesModule dependencies initialized [InstanceLoader]',
      'log running from position 0 [Projection cases]',
      'warn lost its lock [Projection cases]',
    ]);
  });
});
