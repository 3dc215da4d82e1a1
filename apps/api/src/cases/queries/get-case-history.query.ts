import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { isUUID } from 'class-validator';
import { caseStreamId, type SealedComplainant } from '@casebook/domain';
import { EVENT_STORE, verifyChain, type EventStore, type StoredEvent } from '@casebook/event-store';
import { PersonalDataVault } from '@casebook/event-store/personal-data';
import { canSeeSite, ProblemException, type Caller } from '@casebook/platform';
import { presentComplainant } from './case-detail.view';

/** The case stream itself: always current, never a projection. */
export class GetCaseHistoryQuery {
  constructor(
    readonly caller: Caller,
    readonly caseId: string,
    readonly what: 'history' | 'integrity',
  ) {}
}

@QueryHandler(GetCaseHistoryQuery)
export class GetCaseHistoryHandler implements IQueryHandler<GetCaseHistoryQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
  ) {}

  async execute({ caller, caseId, what }: GetCaseHistoryQuery) {
    // The chain covers the events as stored: integrity reads them raw, history as upcast.
    const events = isUUID(caseId) ? await this.store.readStream(caseStreamId(caseId), { raw: what === 'integrity' }) : [];
    if (events.length === 0 || !canSeeSite(caller, String(events[0].data.siteId))) {
      throw new ProblemException('NOT_FOUND', `case ${caseId} not found`);
    }
    if (what === 'integrity') {
      const { valid, events: count, brokenAt } = verifyChain(events);
      return { valid, events: count, ...(brokenAt !== undefined ? { brokenAt: Number(brokenAt) } : {}) };
    }
    return { caseId, events: await Promise.all(events.map((e) => this.present(e, caller))) };
  }

  private async present(e: StoredEvent, caller: Caller) {
    let data = e.data;
    if (e.type === 'ComplaintLogged') {
      const complainant = await this.vault.open(String(data.complainantKeyId), data.complainant as unknown as SealedComplainant);
      data = { ...data, complainant: presentComplainant(complainant, caller.role) };
    }
    return {
      eventId: e.eventId,
      type: e.type,
      version: e.version,
      revision: Number(e.revision),
      position: e.position.toString(),
      recordedAt: e.recordedAt,
      data,
      metadata: e.metadata,
    };
  }
}
