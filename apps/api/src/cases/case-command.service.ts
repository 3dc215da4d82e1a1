import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  caseStreamId,
  decide,
  fold,
  POLICIES_APPLIED,
  toRecorded,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type DecisionContext,
} from '@casebook/domain';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@casebook/event-store';
import { CLOCK, ProblemException, type Clock } from '@casebook/platform';
import { envelopes } from '../events/envelopes';
import { countCommand, MetricsService } from '../operations/metrics.service';
import { PolicyProvider } from '../policies/policy-provider';
import type { CommandRequest } from './command-request';

export interface CommandResult {
  caseId: string;
  caseNumber: string;
  version: number;
  position: string;
  events: string[];
}

const visibleTo = (request: CommandRequest, siteId: string) => request.sites === 'all' || request.sites.includes(siteId);

/** How often a command is re-decided on fresh state when a concurrent write wins. */
const MAX_ATTEMPTS = 10;

/**
 * The one path every case command takes: load the stream, fold it, decide, append with the
 * revision the decision was made on. Without If-Match a lost race is re-decided on fresh
 * state (no update is lost); with If-Match it is a 412.
 */
@Injectable()
export class CaseCommandService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly policies: PolicyProvider,
    // Absent where the api's OperationsModule is not loaded (the worker on its own).
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  async decisionContext(request: CommandRequest): Promise<DecisionContext> {
    // A reaction decided with the policies of its trigger's time (PRODUCT.md §7) names that instant.
    const { policies, calendar } =
      request.policiesAt !== undefined ? await this.policies.inForceAt(request.policiesAt) : await this.policies.inForce();
    return {
      now: this.clock.now().toISOString(),
      actor: request.actor,
      policies,
      calendar,
    };
  }

  /**
   * Runs a command on an existing case. `build` turns the request into the domain command;
   * it may look things up and throw 400s, after the case was found.
   */
  execute(
    caseId: string,
    request: CommandRequest,
    build: (state: CaseState) => CaseCommand | Promise<CaseCommand>,
  ): Promise<CommandResult> {
    // The command's type is known once it is built: a refusal before (404, 412) counts as unknown.
    let type: string | undefined;
    const run = () =>
      this.decideAndAppend(caseId, request, async (state) => {
        const command = await build(state);
        type = command.type;
        return command;
      });
    return this.metrics ? this.metrics.command(() => type, run) : run();
  }

  /** Counts a command that does not go through `execute` (LogComplaint) under `type`. */
  observe<T>(type: string, run: () => Promise<T>): Promise<T> {
    return countCommand(this.metrics, type, run);
  }

  private async decideAndAppend(
    caseId: string,
    request: CommandRequest,
    build: (state: CaseState) => CaseCommand | Promise<CaseCommand>,
  ): Promise<CommandResult> {
    for (let attempt = 1; ; attempt++) {
      const state = await this.load(caseId);
      if (!state || !visibleTo(request, state.siteId)) throw new ProblemException('NOT_FOUND', `case ${caseId} not found`);
      if (request.ifMatch !== undefined && BigInt(state.version) !== request.ifMatch) {
        throw new ProblemException('CONCURRENCY_CONFLICT', `case ${caseId} is at version ${state.version}`);
      }
      const command = await build(state);
      const ctx = await this.decisionContext(request);
      const events = decide(command, state, ctx);
      // A decision may be that nothing happens (e.g. no escalation above gm): nothing to append.
      if (events.length === 0) return this.resultOf(state);
      try {
        return await this.append(caseId, state, events, request, ctx);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (request.ifMatch !== undefined) throw new ProblemException('CONCURRENCY_CONFLICT', `case ${caseId} changed meanwhile`);
        if (attempt >= MAX_ATTEMPTS) throw new ProblemException('UNAVAILABLE', `case ${caseId} is too busy, try again`);
      }
    }
  }

  /** Folds the case stream; undefined when there is no such case. */
  async load(caseId: string): Promise<CaseState | undefined> {
    const events = await this.store.readStream(caseStreamId(caseId));
    return fold(events.map(toRecorded));
  }

  /** The result of the write that brought the case to its current state. */
  async resultOf(state: CaseState): Promise<CommandResult> {
    const [last] = await this.store.readStream(caseStreamId(state.caseId), { direction: 'backwards', max: 1 });
    return { caseId: state.caseId, caseNumber: state.caseNumber, version: state.version, position: last.position.toString(), events: [] };
  }

  /** Appends decided events; `state` undefined means the stream must not exist yet. */
  async append(
    caseId: string,
    state: CaseState | undefined,
    events: CaseEvent[],
    request: CommandRequest,
    ctx: DecisionContext,
  ): Promise<CommandResult> {
    const write = {
      commandId: request.commandId,
      correlationId: request.correlationId,
      causationId: request.causationId,
      actorId: ctx.actor.id,
      actorRole: ctx.actor.role,
      recordedAt: ctx.now,
    };
    const applied = (type: string) => {
      const names = POLICIES_APPLIED[type as CaseEvent['type']];
      return names && Object.fromEntries(names.map((name) => [name, ctx.policies[name].version]));
    };
    const result = await this.store.append(caseStreamId(caseId), envelopes(events, write, applied), {
      expectedRevision: state ? BigInt(state.version) : 'no_stream',
    });
    this.metrics?.eventsAppended(events.map((e) => e.type));
    const caseNumber =
      state?.caseNumber ?? (events[0].type === 'ComplaintLogged' ? events[0].data.caseNumber : '');
    return {
      caseId,
      caseNumber,
      version: Number(result.nextRevision),
      position: result.position.toString(),
      events: events.map((e) => e.type),
    };
  }
}
