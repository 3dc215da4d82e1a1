import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  caseStreamId,
  decide,
  DomainError,
  evolve,
  fold,
  notFound,
  POLICIES_APPLIED,
  toRecorded,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type DecisionContext,
} from '@casebook/domain';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@casebook/event-store';
import { CLOCK, type Clock } from '@casebook/platform';
import { COMMAND_METRICS, NO_COMMAND_METRICS, type CommandMetrics } from '../commands/command-metrics';
import type { CommandRequest } from '../commands/command-request';
import { envelopes, writeContext } from '../commands/envelopes';
import { Turns } from '../commands/turns';
import { PolicyProvider } from '../policies/policy-provider';
import { KnownCases, type KnownCase } from './known-cases';

export interface CommandResult {
  caseId: string;
  caseNumber: string;
  version: number;
  position: string;
  events: string[];
}

const visibleTo = (request: CommandRequest, siteId: string) => request.sites === 'all' || request.sites.includes(siteId);

/**
 * The one path every case command takes, from the api's handlers and the worker's process
 * managers alike: in the case's turn (Turns), load the case, decide, append with the revision
 * the decision was made on.
 *
 * Loading uses the case as this process last read or wrote it (KnownCases), so a hot case is not
 * read again for every command, and the guard's read serves the command after it. That state may
 * be behind another process's write: an append decided on it is then refused by the store's
 * revision check and decided again on a fresh read (Turns). A refusal or a decision to do nothing
 * is never final on a remembered state either: it is confirmed on a fresh read first.
 */
@Injectable()
export class CaseCommandService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly policies: PolicyProvider,
    private readonly turns: Turns,
    private readonly known: KnownCases,
    @Optional() @Inject(COMMAND_METRICS) private readonly metrics: CommandMetrics = NO_COMMAND_METRICS,
  ) {}

  async decisionContext(request: CommandRequest): Promise<DecisionContext> {
    // A reaction decided with the policies of its trigger's time (PRODUCT.md §7) names that instant.
    const { policies, calendar } =
      request.policiesAt !== undefined ? await this.policies.inForceAt(request.policiesAt) : await this.policies.inForce();
    return { now: this.clock.now().toISOString(), actor: request.actor, policies, calendar };
  }

  /**
   * The case as this process knows it, else as its stream has it; undefined when there is no
   * such case. What the HTTP guard reads here serves the command that follows.
   */
  async find(caseId: string): Promise<KnownCase | undefined> {
    return this.known.get(caseId) ?? (await this.read(caseId));
  }

  /**
   * Runs a command on an existing case. `build` turns the request into the domain command;
   * it may look things up and refuse the request (VALIDATION_FAILED), after the case was found.
   */
  execute(
    caseId: string,
    request: CommandRequest,
    build: (state: CaseState) => CaseCommand | Promise<CaseCommand>,
  ): Promise<CommandResult> {
    // The command's type is known once it is built: a refusal before (404, 412) counts as unknown.
    let type: string | undefined;
    const typed = async (state: CaseState) => {
      const command = await build(state);
      type = command.type;
      return command;
    };
    return this.metrics.command(
      () => type,
      () => this.turns.take(caseStreamId(caseId), (fresh) => this.decideAndAppend(caseId, request, typed, fresh)),
    );
  }

  /** Counts a command that does not go through `execute` (LogComplaint) under `type`. */
  observe<T>(type: string, run: () => Promise<T>): Promise<T> {
    return this.metrics.command(() => type, run);
  }

  /** Appends the events that start a new case. */
  async start(caseId: string, events: CaseEvent[], request: CommandRequest, ctx: DecisionContext): Promise<CommandResult> {
    return this.append(caseId, undefined, events, request, ctx);
  }

  /** The result of the write that brought the case to its current state. */
  resultOf({ state, position }: KnownCase): CommandResult {
    return { caseId: state.caseId, caseNumber: state.caseNumber, version: state.version, position: position.toString(), events: [] };
  }

  private async decideAndAppend(
    caseId: string,
    request: CommandRequest,
    build: (state: CaseState) => Promise<CaseCommand>,
    fresh: boolean,
  ): Promise<CommandResult> {
    const remembered = fresh ? undefined : this.known.get(caseId);
    const known = remembered ?? (await this.read(caseId));
    const again = () => this.decideAndAppend(caseId, request, build, true);
    if (!known || !visibleTo(request, known.state.siteId)) throw notFound(`case ${caseId} not found`);
    const { state } = known;
    if (request.ifMatch !== undefined && BigInt(state.version) !== request.ifMatch) {
      if (remembered) return again();
      throw new DomainError('CONCURRENCY_CONFLICT', `case ${caseId} is at version ${state.version}`);
    }
    const command = await build(state);
    const ctx = await this.decisionContext(request);
    let events: CaseEvent[];
    try {
      events = decide(command, state, ctx);
    } catch (error) {
      if (remembered && error instanceof DomainError) return again();
      throw error;
    }
    // A decision may be that nothing happens (e.g. no escalation above gm): nothing to append.
    if (events.length === 0) return remembered ? again() : this.resultOf(known);
    try {
      return await this.append(caseId, known, events, request, ctx);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      this.known.forget(caseId);
      if (request.ifMatch !== undefined) throw new DomainError('CONCURRENCY_CONFLICT', `case ${caseId} changed meanwhile`);
      throw error; // Turns decides again on a fresh read
    }
  }

  /** Folds the case stream; undefined when there is no such case. */
  private async read(caseId: string): Promise<KnownCase | undefined> {
    const events = await this.store.readStream(caseStreamId(caseId));
    const state = fold(events.map(toRecorded));
    if (!state) return undefined;
    return this.known.remember(caseId, { state, position: events[events.length - 1].position });
  }

  /** Appends decided events; `known` undefined means the stream must not exist yet. */
  private async append(
    caseId: string,
    known: KnownCase | undefined,
    events: CaseEvent[],
    request: CommandRequest,
    ctx: DecisionContext,
  ): Promise<CommandResult> {
    const write = writeContext(request, ctx.now);
    const applied = (type: string) => {
      const names = POLICIES_APPLIED[type as CaseEvent['type']];
      return names && Object.fromEntries(names.map((name) => [name, ctx.policies[name].version]));
    };
    const appended = envelopes(events, write, applied);
    const result = await this.store.append(caseStreamId(caseId), appended, {
      expectedRevision: known ? BigInt(known.state.version) : 'no_stream',
    });
    const nextRevision = Number(result.nextRevision);
    // The state as a fold of the stream would give it: the events as stored (JSON), at their
    // recorded time, with their ids (a rework names the return visit it answers).
    const stored = JSON.parse(JSON.stringify(events)) as CaseEvent[];
    const state = stored.reduce<CaseState | undefined>(
      (s, e, i) => evolve(s, toRecorded({ ...e, recordedAt: ctx.now, eventId: appended[i].eventId })),
      known?.state,
    )!;
    // An idempotent repeat answers with the earlier append's result: these events are not on top of `known`.
    if (state.version === nextRevision) this.known.remember(caseId, { state, position: result.position });
    else this.known.forget(caseId);
    return {
      caseId,
      caseNumber: state.caseNumber,
      version: nextRevision,
      position: result.position.toString(),
      events: events.map((e) => e.type),
    };
  }
}
