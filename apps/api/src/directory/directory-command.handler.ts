import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import {
  decideDirectory,
  directoryStreamOf,
  evolveDirectory,
  initialDirectoryState,
  type DirectoryCommand,
  type DirectoryEvent,
  type FieldError,
} from '@casebook/domain';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@casebook/event-store';
import { CLOCK, ProblemException, validationProblem, type Caller, type Clock } from '@casebook/platform';
import { getDepartment, getSite } from '@casebook/projections/directory.queries';
import { waitForProjections } from '@casebook/read-models';
import { envelopes } from '../events/envelopes';
import { countCommand, MetricsService } from '../operations/metrics.service';

export class DirectoryCommandMessage {
  constructor(
    readonly command: DirectoryCommand,
    readonly caller: Caller,
    readonly commandId: string,
  ) {}
}

/** How long an admin write waits for the directory read model, so it is in effect when it returns. */
const VISIBLE_WITHIN_MS = 5000;

@CommandHandler(DirectoryCommandMessage)
export class DirectoryCommandHandler implements ICommandHandler<DirectoryCommandMessage> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly db: DataSource,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  execute(message: DirectoryCommandMessage): Promise<void> {
    return countCommand(this.metrics, message.command.type, () => this.decideAndAppend(message));
  }

  private async decideAndAppend({ command, caller, commandId }: DirectoryCommandMessage): Promise<void> {
    await this.checkReferences(command);
    const streamId = directoryStreamOf(command);
    const stored = await this.store.readStream(streamId);
    const state = stored.map((e) => e as unknown as DirectoryEvent).reduce(evolveDirectory, initialDirectoryState);
    const events = decideDirectory(command, state);
    const write = { commandId, correlationId: commandId, actorId: caller.id, actorRole: caller.role, recordedAt: this.clock.now().toISOString() };
    try {
      // Registering races are settled by the store: only one writer creates a stream.
      const registering = command.type !== 'UpdateStaff';
      const { position } = await this.store.append(streamId, envelopes(events, write), {
        expectedRevision: registering ? 'no_stream' : 'exists',
      });
      this.metrics?.eventsAppended(events.map((e) => e.type));
      // API.md: a directory change takes effect for every later request once its call returns.
      await waitForProjections(this.db, ['directory'], position, VISIBLE_WITHIN_MS);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw new ProblemException('DUPLICATE_ID', `${streamId} changed meanwhile`);
      throw error;
    }
  }

  /** The department and sites a staff command names must exist (400 otherwise). */
  private async checkReferences(command: DirectoryCommand): Promise<void> {
    if (command.type !== 'RegisterStaff' && command.type !== 'UpdateStaff') return;
    const errors: FieldError[] = [];
    if (command.departmentId !== undefined && !(await getDepartment(this.db.manager, command.departmentId))) {
      errors.push({ path: 'departmentId', message: `unknown department ${command.departmentId}` });
    }
    for (const [i, siteId] of (command.siteIds ?? []).entries()) {
      if (siteId !== '*' && !(await getSite(this.db.manager, siteId))) errors.push({ path: `siteIds.${i}`, message: `unknown site ${siteId}` });
    }
    if (errors.length > 0) throw validationProblem(errors);
  }
}
