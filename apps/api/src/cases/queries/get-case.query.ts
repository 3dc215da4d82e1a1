import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { isUUID } from 'class-validator';
import { caseStreamId, fold, toRecorded } from '@casebook/domain';
import { EVENT_STORE, type EventStore } from '@casebook/event-store';
import type { Caller } from '@casebook/platform';
import { CaseReader } from './case-reader';

/** One case by id or by number; with `asOf`, rebuilt from its events as they stood then. */
export class GetCaseQuery {
  constructor(
    readonly caller: Caller,
    readonly by: { caseId: string; asOf?: string } | { caseNumber: string },
  ) {}
}

@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery> {
  constructor(
    private readonly reader: CaseReader,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ caller, by }: GetCaseQuery) {
    if ('caseNumber' in by) {
      const state = this.reader.visible(await this.reader.queries.byNumber(by.caseNumber), caller, `case ${by.caseNumber}`);
      return this.reader.detail(state, caller.role);
    }
    const what = `case ${by.caseId}`;
    if (!isUUID(by.caseId)) this.reader.visible(undefined, caller, what);
    if (by.asOf === undefined) {
      return this.reader.detail(this.reader.visible(await this.reader.queries.byId(by.caseId), caller, what), caller.role);
    }
    const asOf = Date.parse(by.asOf);
    const events = (await this.store.readStream(caseStreamId(by.caseId))).filter((e) => Date.parse(e.recordedAt) <= asOf);
    const state = this.reader.visible(fold(events.map(toRecorded)), caller, `${what} as of ${by.asOf}`);
    return this.reader.detail(state, caller.role);
  }
}
