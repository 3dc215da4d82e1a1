import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { DomainError, type Actor, type PenaltyLine } from '@casebook/domain';
import { penaltyNoticeStreamId } from '@casebook/domain/penalty-notices';
import { EVENT_STORE, type EventStore, type NewEvent } from '@casebook/event-store';
import { CLOCK, loadConfig } from '@casebook/platform';
import { directoryProjection, penaltiesProjection } from '@casebook/projections';
import { appendDirectory } from '@casebook/projections/testing/directory-fixtures';
import { waitForProjections } from '@casebook/read-models';
import { createTestDatabase, type TestDatabase } from '../../../../../test/support/database';
import { ApplicationModule } from '../../application.module';
import { infrastructure } from '../../infrastructure/infrastructure';
import type { CommandRequest } from '../../commands/command-request';
import { PROCESS_MANAGERS } from '../../processing/process-managers/process-managers';
import { PROJECTIONS, ProcessingModule } from '../../processing/processing.module';
import { ApprovePenaltyNoticeCommand } from './approve-penalty-notice/approve-penalty-notice.command';
import { IssuePenaltyNoticeCommand } from './issue-penalty-notice/issue-penalty-notice.command';
import { ObjectToPenaltyCommand } from './object-to-penalty/object-to-penalty.command';
import { PenaltyNotices, type NoticeScope, type PenaltyNotice } from './penalty-notices';
import { RejectPenaltyObjectionCommand } from './reject-penalty-objection/reject-penalty-objection.command';

/**
 * The penalty notice's handlers (PRODUCT.md §14) on a real PostgreSQL, with the facts they look
 * up in the penalty ledger (projected by the real runner from events appended to the store): the
 * month's lines of a scope with their effective figures, the other scope's notice, the
 * department a line charges, the objections an adjustment or a waiver upheld.
 */

let database: TestDatabase;
let db: DataSource;
let store: EventStore;
let app: TestingModule;
let commands: CommandBus;
/** The service's clock: November 2026 has ended (Shanghai); Tuesday 2026-12-01 09:00. */
let now = new Date('2026-12-01T01:00:00.000Z');
const DEADLINE = '2026-12-04T01:00:00.000Z';

const CASE_A = randomUUID();
const CASE_B = randomUUID();
const A = randomUUID();
const B = randomUUID();
const line = (assessment: string, n: number) => `${assessment}.${n}`;

const newEvent = (type: string, data: object): NewEvent => {
  const commandId = randomUUID();
  return {
    eventId: randomUUID(),
    type,
    version: 1,
    data: data as Record<string, unknown>,
    metadata: { actorId: 'system', actorRole: 'system', commandId, correlationId: commandId, causationId: commandId },
    recordedAt: '2026-11-20T02:00:00.000Z',
  };
};

/** What the ledger needs of a case: its number and site (ComplaintLogged), then its assessment in November. */
const appendCase = (caseId: string, siteId: string, assessmentId: string, lines: Omit<PenaltyLine, 'lineId'>[]) =>
  store.append(`case-${caseId}`, [
    newEvent('ComplaintLogged', { caseId, caseNumber: `CP-202611-${caseId.slice(0, 4)}`, siteId }),
    newEvent('PenaltyAssessed', {
      assessmentId,
      lines: lines.map((l, i) => ({ lineId: line(assessmentId, i + 1), ...l })),
      policyVersion: 1,
      amountPerPoint: '100.00',
      trigger: randomUUID(),
      month: '2026-11',
    }),
  ]);

/** An event appended to a case stream, as a manager's adjustment or waiver would be; waits for the ledger. */
async function appendToCase(caseId: string, type: string, data: object) {
  const { position } = await store.append(`case-${caseId}`, [newEvent(type, data)]);
  expect(await waitForProjections(db, ['penalties'], position, 5000)).toBe(true);
}

const request = (actor: Actor, sites: string[] | 'all' = 'all'): CommandRequest => {
  const commandId = randomUUID();
  return { actor, sites, commandId, idSeed: commandId, idempotent: true, correlationId: commandId };
};
const MANAGER: Actor = { id: 'mgr-1', role: 'manager', departmentId: 'front' };
const GM: Actor = { id: 'gm-1', role: 'gm', departmentId: 'front' };
const ENG_SUPERVISOR: Actor = { id: 'eng-sup', role: 'supervisor', departmentId: 'eng' };
const SEC_SUPERVISOR: Actor = { id: 'sec-sup', role: 'supervisor', departmentId: 'sec' };

const NOVEMBER_SITE_1: NoticeScope = { month: '2026-11', siteId: 'site-1' };
const issue = (scope: NoticeScope, who = request(MANAGER)): Promise<PenaltyNotice> => commands.execute(new IssuePenaltyNoticeCommand(scope, who));
const approve = (scope: NoticeScope, who = request(GM)): Promise<PenaltyNotice> => commands.execute(new ApprovePenaltyNoticeCommand(scope, who));
const object = (lineId: string, who: Actor) => commands.execute(new ObjectToPenaltyCommand(lineId, { reason: 'The supplier’s delay' }, request(who)));
const reject = (lineId: string, who = GM) => commands.execute(new RejectPenaltyObjectionCommand(lineId, { decision: 'reject', comment: 'Ours to manage' }, request(who)));

/** The refusal a command ends in: its code and what it says is missing. */
async function refusal(run: Promise<unknown>): Promise<{ code: string; missing?: string[] }> {
  try {
    await run;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, ...(error.details.missing?.length ? { missing: error.details.missing } : {}) };
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', CASEBOOK_JWT_SECRET: 'test-secret-test-secret-test-secret', LOG_LEVEL: 'silent', DATABASE_URL: database.url });
  app = await Test.createTestingModule({ imports: [...infrastructure({ config, databaseUrl: database.url, poolSize: 6 }), ApplicationModule, ProcessingModule] })
    .overrideProvider(CLOCK)
    .useValue({ now: () => now })
    .overrideProvider(PROJECTIONS)
    .useValue([directoryProjection, penaltiesProjection])
    .overrideProvider(PROCESS_MANAGERS)
    .useValue([])
    .compile();
  app.useLogger(false);
  await app.init();
  commands = app.get(CommandBus);
  db = app.get(DataSource);
  store = app.get(EVENT_STORE);

  await appendDirectory(store, [
    { type: 'SiteRegistered', data: { siteId: 'site-1', code: 'S1', name: 'Garden Court' } },
    { type: 'SiteRegistered', data: { siteId: 'site-2', code: 'S2', name: 'River View' } },
  ]);
  // Site-1: the engineering department and its staff member eng-1 (then of engineering); site-2: a shirking line of sec-1.
  await appendCase(CASE_A, 'site-1', A, [
    { rule: 'VALID_GENERAL', targetType: 'department', targetId: 'eng', points: '-3.00', amount: '-300.00', lossAmount: '0.00', share: '1' },
    { rule: 'VALID_GENERAL', targetType: 'staff', targetId: 'eng-1', departmentId: 'eng', points: '-2.00', amount: '-200.00', share: '1' },
  ]);
  await appendCase(CASE_B, 'site-2', B, [{ rule: 'SHIRKING', targetType: 'staff', targetId: 'sec-1', departmentId: 'sec', points: '-3.00', amount: '-300.00' }]);
  await appendToCase(CASE_A, 'PenaltyAdjusted', { lineId: line(A, 1), points: '-1.50', amount: '-150.00', reason: 'Partly the supplier', adjustedBy: 'mgr-1' });
});

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('IssuePenaltyNotice', () => {
  it('refuses an unknown site or one the actor may not act on (404) before a bad month (400); the all-sites notice needs every site (403)', async () => {
    expect(await refusal(issue({ month: '2026-13', siteId: 'site-9' }))).toEqual({ code: 'NOT_FOUND' });
    expect(await refusal(issue({ month: '2026-13', siteId: 'site-1' }, request(MANAGER, ['site-2'])))).toEqual({ code: 'NOT_FOUND' });
    expect(await refusal(issue({ month: '2026-13', siteId: 'site-1' }))).toEqual({ code: 'VALIDATION_FAILED' });
    expect(await refusal(issue({ month: '2026-11' }, request(MANAGER, ['site-1'])))).toEqual({ code: 'FORBIDDEN' });
  });

  it('lists the month’s lines of the site with their effective figures, the totals and the objection deadline', async () => {
    const notice = await issue(NOVEMBER_SITE_1);
    expect(notice).toMatchObject({
      month: '2026-11',
      siteId: 'site-1',
      status: 'issued',
      issuedAt: now.toISOString(),
      objectionDeadline: DEADLINE,
      totals: { points: '-3.50', amount: '-350.00' },
    });
    expect(notice).not.toHaveProperty('approvedAt');
    expect(notice.lines.map((l) => [l.lineId, l.effectivePoints])).toEqual([
      [line(A, 1), '-1.50'],
      [line(A, 2), '-2.00'],
    ]);
    const [event] = await store.readStream(penaltyNoticeStreamId('2026-11', 'site-1'));
    expect(event).toMatchObject({
      type: 'PenaltyNoticeIssued',
      data: { lineIds: [line(A, 1), line(A, 2)], totals: { points: '-3.50', amount: '-350.00' }, objectionDeadline: DEADLINE, issuedBy: 'mgr-1' },
      metadata: { actorId: 'mgr-1', policyVersions: { penalty: 1, calendar: 1 } },
    });
  });

  it('refuses a second notice of the scope, and the all-sites notice while a site’s is issued', async () => {
    expect(await refusal(issue(NOVEMBER_SITE_1))).toEqual({ code: 'INVALID_STATE_TRANSITION' });
    expect(await refusal(issue({ month: '2026-11' }))).toEqual({ code: 'PRECONDITION_NOT_MET', missing: ['no overlapping notice'] });
    expect((await issue({ month: '2026-11', siteId: 'site-2' })).lines.map((l) => l.lineId)).toEqual([line(B, 1)]);
  });
});

describe('objections', () => {
  it('are made by a supervisor of the department the line charges: a staff line’s department when it was recorded', async () => {
    expect(await refusal(object(line(A, 2), SEC_SUPERVISOR))).toEqual({ code: 'FORBIDDEN' });
    const result = await object(line(A, 2), ENG_SUPERVISOR);
    expect(result).toEqual({ month: '2026-11', siteId: 'site-1', version: 1, position: expect.any(String), events: ['PenaltyObjected'] });
    expect(await refusal(object(line(A, 2), ENG_SUPERVISOR))).toEqual({ code: 'PRECONDITION_NOT_MET', missing: ['no objection yet'] });
  });

  it('one upheld by a waiver of its line (the ledger knows) is decided already: no rejection', async () => {
    await object(line(A, 1), ENG_SUPERVISOR);
    await appendToCase(CASE_A, 'PenaltyWaived', { lineId: line(A, 1), reason: 'Objection upheld', waivedBy: 'mgr-1' });
    expect(await refusal(reject(line(A, 1)))).toEqual({ code: 'PRECONDITION_NOT_MET', missing: ['a pending objection'] });
  });
});

describe('ApprovePenaltyNotice', () => {
  it('is refused until the deadline has passed (inclusive), then while an objection is undecided, naming it', async () => {
    now = new Date(DEADLINE);
    expect(await refusal(approve(NOVEMBER_SITE_1))).toEqual({ code: 'PRECONDITION_NOT_MET', missing: ['objection window closed'] });
    now = new Date(Date.parse(DEADLINE) + 1);
    expect(await refusal(approve(NOVEMBER_SITE_1))).toEqual({ code: 'PRECONDITION_NOT_MET', missing: [`decision on ${line(A, 2)}`] });
    expect(await refusal(approve(NOVEMBER_SITE_1, request(MANAGER)))).toEqual({ code: 'FORBIDDEN' });
  });

  it('approves once every objection is rejected or upheld; the lines show how', async () => {
    await reject(line(A, 2));
    const notice = await approve(NOVEMBER_SITE_1);
    expect(notice).toMatchObject({ status: 'approved', approvedAt: now.toISOString(), totals: { points: '-2.00', amount: '-200.00' } });
    expect(notice.lines.map((l) => [l.lineId, l.objection?.status])).toEqual([
      [line(A, 1), 'waived'],
      [line(A, 2), 'rejected'],
    ]);
  });

  it('makes its lines final: what the adjustment and waiver handlers are told (lines of a notice not approved are not)', async () => {
    const notices = app.get(PenaltyNotices);
    expect(await notices.isApproved(line(A, 2))).toBe(true);
    expect(await notices.isApproved(line(B, 1))).toBe(false);
  });
});
