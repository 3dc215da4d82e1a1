import { Counter, type Registry } from 'prom-client';
import { DomainError } from '@casebook/domain';
import type { CommandMetrics } from '../commands/command-metrics';

/**
 * The command metrics as Prometheus counters on a registry of the host's: commands by type and
 * outcome (ok, or the refusal's code), events appended by type.
 */
export class CommandCounters implements CommandMetrics {
  private readonly commands: Counter<'type' | 'outcome'>;
  private readonly appended: Counter<'type'>;

  constructor(registry: Registry) {
    this.commands = new Counter({
      name: 'casebook_commands_total',
      help: 'Commands by type and outcome: ok, or the code of the refusal or failure',
      labelNames: ['type', 'outcome'],
      registers: [registry],
    });
    this.appended = new Counter({
      name: 'casebook_events_appended_total',
      help: 'Events appended by this process, by event type (an idempotent repeat counts again)',
      labelNames: ['type'],
      registers: [registry],
    });
  }

  async command<T>(type: () => string | undefined, run: () => Promise<T>): Promise<T> {
    try {
      const result = await run();
      this.commands.inc({ type: type() ?? 'unknown', outcome: 'ok' });
      return result;
    } catch (error) {
      this.commands.inc({ type: type() ?? 'unknown', outcome: error instanceof DomainError ? error.code : 'INTERNAL_ERROR' });
      throw error;
    }
  }

  eventsAppended(types: readonly string[]): void {
    for (const type of types) this.appended.inc({ type });
  }
}
