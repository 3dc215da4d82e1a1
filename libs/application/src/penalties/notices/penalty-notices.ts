import Decimal from 'decimal.js';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { forbidden, notFound, round2, unavailable, validationFailed, type DecisionContext } from '@casebook/domain';
import {
  decidePenaltyNotice,
  evolvePenaltyNotice,
  initialPenaltyNoticeState,
  PENALTY_NOTICE_POLICIES_APPLIED,
  penaltyNoticeStreamId,
  type PenaltyNoticeCommand,
  type PenaltyNoticeEvent,
  type PenaltyNoticeState,
} from '@casebook/domain/penalty-notices';
import { EVENT_STORE, type EventStore, type StoredEvent } from '@casebook/event-store';
import { CLOCK, type Clock } from '@casebook/platform';
import { listSites } from '@casebook/projections/directory.queries';
import { MONTH_PATTERN, PenaltyQueries, type LedgerLine, type LineLocation } from '@casebook/projections/penalties/penalty.queries';
import { waitForProjections } from '@casebook/read-models';
import { KnownSites } from '../../cases/known-sites';
import { COMMAND_METRICS, NO_COMMAND_METRICS, type CommandMetrics } from '../../commands/command-metrics';
import type { CommandRequest } from '../../commands/command-request';
import { envelopes, writeContext } from '../../commands/envelopes';
import { revisionAfter, Turns } from '../../commands/turns';
import { PolicyProvider } from '../../policies/policy-provider';

/** A month's penalty notice of one site, or of every site (`siteId` undefined). */
export interface NoticeScope {
  month: string;
  siteId?: string;
}

/** A notice stream as read: its events and what they add up to. */
export interface NoticeStream extends NoticeScope {
  events: StoredEvent[];
  state: PenaltyNoticeState;
}

/** API.md PenaltyNotice: the notice's state and its lines as the ledger shows them now. */
export interface PenaltyNotice {
  month: string;
  /** null: the all-sites notice. */
  siteId: string | null;
  status: PenaltyNoticeState['status'];
  issuedAt?: string;
  objectionDeadline?: string;
  approvedAt?: string;
  lines: LedgerLine[];
  /** The lines' effective figures summed as they stand (after the adjustments and waivers that upheld objections). */
  totals: { points: string; amount: string };
}

/** What an objection or its rejection answers: the notice's stream after the write. */
export interface NoticeCommandResult {
  month: string;
  siteId: string | null;
  version: number;
  position: string;
  events: string[];
}

/** How long a decision waits for the ledger to reach the store's head before it is refused as UNAVAILABLE. */
const CATCH_UP_MS = 5000;
/** Notice streams read at once when the all-sites notice looks for the sites' notices. */
const STREAMS_AT_ONCE = 20;

/**
 * The penalty notice's command path (PRODUCT.md §14): in the notice stream's turn (Turns), read
 * it, decide, append at the revision decided on. The decider's facts from elsewhere (the month's
 * lines, the other scope's notice, whether an adjustment or a waiver upheld an objection) come
 * from the penalty ledger once it has caught up with the store. A command is decided first on
 * the facts most favourable to it, so that a request refused anyway (role, state, deadline) is
 * refused before the ledger is consulted.
 */
@Injectable()
export class PenaltyNotices {
  private readonly ledger: PenaltyQueries;

  constructor(
    private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly policies: PolicyProvider,
    private readonly turns: Turns,
    private readonly sites: KnownSites,
    @Optional() @Inject(COMMAND_METRICS) private readonly metrics: CommandMetrics = NO_COMMAND_METRICS,
  ) {
    this.ledger = new PenaltyQueries(db);
  }

  /**
   * Who may act on a notice's scope, in the API's order: a site the actor may not act on, or no
   * such site, is 404; then a month that is none is 400; the all-sites notice needs every
   * registered site among the actor's (403).
   */
  async requireScope(request: CommandRequest, { month, siteId }: NoticeScope): Promise<void> {
    if (siteId !== undefined && ((request.sites !== 'all' && !request.sites.includes(siteId)) || !(await this.sites.exists(siteId)))) {
      throw notFound(`site ${siteId} not found`);
    }
    if (!MONTH_PATTERN.test(month)) throw validationFailed('month', 'must be a month YYYY-MM');
    if (siteId === undefined && !(await this.actsOnEverySite(request))) throw forbidden('the all-sites notice needs access to every site; name a siteId');
  }

  private async actsOnEverySite({ sites }: CommandRequest): Promise<boolean> {
    return sites === 'all' || (await listSites(this.db.manager)).every((site) => sites.includes(site.id));
  }

  async read({ month, siteId }: NoticeScope): Promise<NoticeStream> {
    const events = await this.store.readStream(penaltyNoticeStreamId(month, siteId));
    const state = events.map((e) => e as unknown as PenaltyNoticeEvent).reduce(evolvePenaltyNotice, initialPenaltyNoticeState);
    return { month, siteId, events, state };
  }

  /** A line of the ledger; 404 when there is none (the HTTP guard found it already). */
  async locate(lineId: string): Promise<LineLocation> {
    const found = await this.ledger.locate(lineId);
    if (!found) throw notFound(`penalty line ${lineId} not found`);
    return found;
  }

  /**
   * The notice of the line's month that lists it: its site's or the all-sites one. A line on
   * neither is decided on the one issued (which refuses it as not its line), else on its site's.
   */
  async holding(lineId: string, line: LineLocation): Promise<NoticeStream> {
    const [site, all] = await Promise.all([this.read({ month: line.month, siteId: line.siteId }), this.read({ month: line.month })]);
    return [site, all].find((n) => n.state.lineIds.includes(lineId)) ?? (all.state.status !== 'none' ? all : site);
  }

  /**
   * Whether the other scope's notice of the month is issued — for a site's notice the all-sites
   * one, for the all-sites notice any registered site's — read from the notice streams
   * themselves: the ledger may not show a notice issued a moment ago yet.
   */
  async overlappingNoticeIssued({ month, siteId }: NoticeScope): Promise<boolean> {
    const others = siteId !== undefined ? [undefined] : (await listSites(this.db.manager)).map((site) => site.id);
    for (let i = 0; i < others.length; i += STREAMS_AT_ONCE) {
      const notices = await Promise.all(others.slice(i, i + STREAMS_AT_ONCE).map((other) => this.read({ month, siteId: other })));
      if (notices.some((notice) => notice.state.status !== 'none')) return true;
    }
    return false;
  }

  /** Whether the line is on an approved notice: final, no longer adjusted or waived (PRODUCT.md §14). */
  async isApproved(lineId: string): Promise<boolean> {
    const notice = await this.holding(lineId, await this.locate(lineId));
    return notice.state.status === 'approved' && notice.state.lineIds.includes(lineId);
  }

  /**
   * Facts are read from the ledger only once it holds every event of the store, and at least
   * those of `notice` (the store's head may not show an event committed a moment ago yet).
   */
  async ledgerCaughtUp(notice?: NoticeStream): Promise<PenaltyQueries> {
    const head = await this.store.headPosition();
    const noticed = notice?.events.at(-1)?.position ?? 0n;
    if (!(await waitForProjections(this.db, ['penalties'], head > noticed ? head : noticed, CATCH_UP_MS))) {
      throw unavailable('the penalty ledger is behind the event store: try again');
    }
    return this.ledger;
  }

  /**
   * Decides the command on the facts most favourable to it (`favourable`), then on the real facts
   * (`withFacts`), both given the notice as read, and appends what the latter decided.
   */
  execute(
    scope: NoticeScope,
    request: CommandRequest,
    favourable: (notice: NoticeStream) => PenaltyNoticeCommand,
    withFacts: (notice: NoticeStream) => Promise<PenaltyNoticeCommand> = async (notice) => favourable(notice),
  ): Promise<{ notice: NoticeStream; result: NoticeCommandResult }> {
    const streamId = penaltyNoticeStreamId(scope.month, scope.siteId);
    let type: string | undefined;
    return this.metrics.command(
      () => type,
      () =>
        this.turns.take(streamId, async () => {
          const notice = await this.read(scope);
          const { policies, calendar } = await this.policies.inForce();
          const ctx: DecisionContext = { now: this.clock.now().toISOString(), actor: request.actor, policies, calendar };
          const first = favourable(notice);
          type = first.type;
          decidePenaltyNotice(first, notice.state, ctx);
          const events = decidePenaltyNotice(await withFacts(notice), notice.state, ctx);
          const applied = (eventType: string) => {
            const names = PENALTY_NOTICE_POLICIES_APPLIED[eventType as PenaltyNoticeEvent['type']];
            return names && Object.fromEntries(names.map((name) => [name, ctx.policies[name].version]));
          };
          const appended = await this.store.append(streamId, envelopes(events, writeContext(request, ctx.now), applied), {
            expectedRevision: revisionAfter(notice.events),
          });
          return {
            notice: await this.read(scope),
            result: {
              month: scope.month,
              siteId: scope.siteId ?? null,
              version: Number(appended.nextRevision),
              position: appended.position.toString(),
              events: events.map((e) => e.type),
            },
          };
        }),
    );
  }

  /** The notice as API.md shows it: `none` with no lines before it is issued. */
  async view({ month, siteId, events, state }: NoticeStream): Promise<PenaltyNotice> {
    const at = (type: PenaltyNoticeEvent['type']) => {
      const event = events.find((e) => e.type === type);
      return event && new Date(event.recordedAt).toISOString();
    };
    const issuedAt = at('PenaltyNoticeIssued');
    const approvedAt = at('PenaltyNoticeApproved');
    // The notice listing a line is this one, as its stream says now, whether or not the ledger has caught up.
    const notice = state.status === 'none' ? undefined : { siteId: siteId ?? null, status: state.status };
    const lines = (await this.ledger.lines(state.lineIds)).map((line) => ({ ...line, notice }));
    const sum = (pick: (line: LedgerLine) => string) => round2(lines.reduce((total, line) => total.plus(pick(line)), new Decimal(0)));
    return {
      month,
      siteId: siteId ?? null,
      status: state.status,
      ...(issuedAt ? { issuedAt, objectionDeadline: state.objectionDeadline } : {}),
      ...(approvedAt ? { approvedAt } : {}),
      lines,
      totals: { points: sum((line) => line.effectivePoints), amount: sum((line) => line.effectiveAmount) },
    };
  }
}
