import { Controller, Get, Inject, Logger } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '@casebook/event-store';
import { PROJECTION_NAMES } from '@casebook/projections';
import { Public } from '@casebook/platform';
import { readCheckpoints } from '@casebook/read-models';

/** Liveness and readiness (API.md "Operations"): outside /api/v1, without auth. */
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('readModels'),
      () => this.eventStore(),
      () => this.projections(),
    ]);
  }

  /** Down, not an error, when the store cannot be read: the whole check then answers 503. */
  private async eventStore() {
    const session = this.indicator.check('eventStore');
    try {
      return session.up({ head: (await this.store.headPosition()).toString() });
    } catch (error) {
      // What names servers and sockets (the adapter's error, the cause of an UNAVAILABLE) goes to the log only.
      const reason = (error as Error)?.cause ?? error;
      this.logger.warn(`event store not ready: ${reason instanceof Error ? reason.message : String(reason)}`);
      return session.down({ message: 'the event store cannot be read' });
    }
  }

  /** Down while a projection has not started yet or has failed; the details say which. */
  private async projections() {
    const checkpoints = new Map((await readCheckpoints(this.db)).map((c) => [c.name, c]));
    const details = Object.fromEntries(
      PROJECTION_NAMES.map((name) => {
        const c = checkpoints.get(name);
        return [name, c ? { status: c.status, position: String(c.position) } : { status: 'not started' }];
      }),
    );
    const ready = Object.values(details).every((d) => d.status !== 'failed' && d.status !== 'not started');
    const session = this.indicator.check('projections');
    return ready ? session.up(details) : session.down(details);
  }
}
