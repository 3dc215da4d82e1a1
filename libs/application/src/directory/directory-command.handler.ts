import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import {
  decideDirectory,
  directoryStreamOf,
  evolveDirectory,
  fieldsInvalid,
  initialDirectoryState,
  type DirectoryCommand,
  type DirectoryEvent,
  type FieldError,
} from '@casebook/domain';
import { EVENT_STORE, type EventStore } from '@casebook/event-store';
import { CLOCK, type Clock } from '@casebook/platform';
import { getDepartment, getSite } from '@casebook/projections/directory.queries';
import { waitForProjections } from '@casebook/read-models';
import { COMMAND_METRICS, NO_COMMAND_METRICS, type CommandMetrics } from '../commands/command-metrics';
import type { CommandRequest } from '../commands/command-request';
import { envelopes, writeContext } from '../commands/envelopes';
import { revisionAfter, Turns } from '../commands/turns';

export class DirectoryCommandMessage {
  constructor(
    readonly command: DirectoryCommand,
    readonly request: CommandRequest,
  ) {}
}

/** How long an admin write waits for the directory read model, so it is in effect when it returns. */
const VISIBLE_WITHIN_MS = 5000;

/**
 * Registers and updates sites, departments and staff: in the stream's turn, read it, decide,
 * append at the revision decided on (a second registration of an id finds the first and is
 * DUPLICATE_ID; a lost race is decided again on the fresh stream).
 */
@CommandHandler(DirectoryCommandMessage)
export class DirectoryCommandHandler implements ICommandHandler<DirectoryCommandMessage> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly db: DataSource,
    private readonly turns: Turns,
    @Optional() @Inject(COMMAND_METRICS) private readonly metrics: CommandMetrics = NO_COMMAND_METRICS,
  ) {}

  execute(message: DirectoryCommandMessage): Promise<void> {
    return this.metrics.command(() => message.command.type, () => this.decideAndAppend(message));
  }

  private async decideAndAppend({ command, request }: DirectoryCommandMessage): Promise<void> {
    await this.checkReferences(command);
    const streamId = directoryStreamOf(command);
    const position = await this.turns.take(streamId, async () => {
      const stored = await this.store.readStream(streamId);
      const state = stored.map((e) => e as unknown as DirectoryEvent).reduce(evolveDirectory, initialDirectoryState);
      const events = decideDirectory(command, state);
      const write = writeContext(request, this.clock.now().toISOString());
      return (await this.store.append(streamId, envelopes(events, write), { expectedRevision: revisionAfter(stored) })).position;
    });
    // API.md: a directory change takes effect for every later request once its call returns.
    await waitForProjections(this.db, ['directory'], position, VISIBLE_WITHIN_MS);
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
    if (errors.length > 0) throw fieldsInvalid(errors);
  }
}
