import { randomUUID } from 'node:crypto';
import { caseStreamId, DomainError, type Actor, type CaseEvent, type DirectoryEvent } from '@casebook/domain';
import { actors, assigned, DEPARTMENTS, logged } from '@casebook/domain/case/testing/decider-spec';
import { loadConfig, systemClock } from '@casebook/platform';
import { directoryProjection, type Stored } from '@casebook/projections';
import { appendDirectory, streamOf } from '@casebook/projections/testing/directory-fixtures';
import { useTestDatabase } from '../../../../../test/support/database';
import type { CommandRequest } from '../../commands/command-request';
import { envelopes } from '../../commands/envelopes';
import { Turns } from '../../commands/turns';
import { PolicyProvider } from '../../policies/policy-provider';
import { CaseCommandService } from '../case-command.service';
import { KnownCases } from '../known-cases';
import { IssueNoticeCommand, type IssueNoticeBody } from './issue-notice/issue-notice.command';
import { IssueNoticeHandler } from './issue-notice/issue-notice.handler';
import { UrgeCaseCommand, type UrgeCaseBody } from './urge-case/urge-case.command';
import { UrgeCaseHandler } from './urge-case/urge-case.handler';

/**
 * The supervision line's handlers that look things up in the directory before the decider
 * decides (PRODUCT.md §13): UrgeCase (the department of the staff member urged, as the directory
 * has it now) and IssueNotice (the department and the staff member named). A real event store and
 * real read models; the case is appended as its events, the directory projected from its own.
 */

const pg = useTestDatabase({ per: 'test', store: true });

const staff = (staffId: string, departmentId: string, role = 'handler'): DirectoryEvent => ({
  type: 'StaffRegistered',
  data: { staffId, name: staffId, departmentId, role: role as never, siteIds: ['*'] },
});

/** Appends the directory's events and projects their streams (read whole: the projection skips what it has). */
async function directory(events: DirectoryEvent[]) {
  await appendDirectory(pg.store, events);
  const streams = [...new Set(events.map(streamOf))];
  const stored = (await Promise.all(streams.map((stream) => pg.store.readStream(stream)))).flat();
  await pg.db.transaction((manager) => directoryProjection.apply(stored as Stored<DirectoryEvent>[], manager));
}

/** A case logged by agent-1 (customer service) and assigned to eng-lead (engineering). */
async function assignedCase(): Promise<string> {
  const caseId = randomUUID();
  const events: CaseEvent[] = [logged({ caseId, caseNumber: `CP-${caseId}` }), assigned()];
  const seed = randomUUID();
  const write = { commandId: seed, idSeed: seed, correlationId: seed, actorId: 'sup-1', actorRole: 'supervisor', recordedAt: new Date().toISOString() };
  await pg.store.append(caseStreamId(caseId), envelopes(events, write), { expectedRevision: 'no_stream' });
  return caseId;
}

const request = (actor: Actor = actors.supervisor, idSeed = randomUUID()): CommandRequest => ({
  actor,
  sites: 'all',
  commandId: idSeed,
  idSeed,
  idempotent: true,
  correlationId: idSeed,
});

let urge: UrgeCaseHandler;
let notice: IssueNoticeHandler;

beforeEach(async () => {
  const config = loadConfig({ NODE_ENV: 'test', CASEBOOK_JWT_SECRET: 'test' });
  const cases = new CaseCommandService(pg.store, systemClock, new PolicyProvider(config, pg.db), new Turns(), new KnownCases());
  urge = new UrgeCaseHandler(cases, pg.db);
  notice = new IssueNoticeHandler(cases, pg.db);
  await directory([
    { type: 'DepartmentRegistered', data: { departmentId: DEPARTMENTS.customerService, code: 'CS', name: 'Customer service' } },
    { type: 'DepartmentRegistered', data: { departmentId: DEPARTMENTS.engineering, code: 'ENG', name: 'Engineering' } },
    { type: 'DepartmentRegistered', data: { departmentId: DEPARTMENTS.security, code: 'SEC', name: 'Security' } },
    staff(actors.agent.id, DEPARTMENTS.customerService, 'agent'),
    staff(actors.assignee.id, DEPARTMENTS.engineering),
    staff(actors.otherHandler.id, DEPARTMENTS.security),
  ]);
});

const lastEvent = async (caseId: string) => (await pg.store.readStream(caseStreamId(caseId))).at(-1)!;
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: DomainError) => ({ code: error.code, paths: error.details.errors?.map((e) => e.path) }),
  );

describe('UrgeCase', () => {
  const body = (more: Partial<UrgeCaseBody> = {}): UrgeCaseBody => ({ message: 'Please hurry', ...more });

  it('names the assignee by default, with the department the directory gives them now', async () => {
    const caseId = await assignedCase();
    // Moved to security since the assignment: the urging counts for security.
    await directory([{ type: 'StaffUpdated', data: { staffId: actors.assignee.id, departmentId: DEPARTMENTS.security } }]);
    await urge.execute(new UrgeCaseCommand(caseId, body(), request()));
    expect((await lastEvent(caseId)).data).toEqual({ message: 'Please hurry', staffId: actors.assignee.id, departmentId: DEPARTMENTS.security, urgedBy: 'sup-1' });
  });

  it('names the clock’s accountable staff member, or the one asked for', async () => {
    const caseId = await assignedCase();
    await urge.execute(new UrgeCaseCommand(caseId, body({ clock: 'first_reply' }), request()));
    expect((await lastEvent(caseId)).data).toMatchObject({ staffId: actors.agent.id, departmentId: DEPARTMENTS.customerService, clock: 'first_reply' });
    await urge.execute(new UrgeCaseCommand(caseId, body({ staffId: actors.otherHandler.id }), request()));
    expect((await lastEvent(caseId)).data).toMatchObject({ staffId: actors.otherHandler.id, departmentId: DEPARTMENTS.security });
  });

  it('refuses a staff member the directory does not know (400, before the role’s 403)', async () => {
    const caseId = await assignedCase();
    expect(await refusal(urge.execute(new UrgeCaseCommand(caseId, body({ staffId: 'nobody' }), request(actors.agent))))).toEqual({
      code: 'VALIDATION_FAILED',
      paths: ['staffId'],
    });
    expect(await refusal(urge.execute(new UrgeCaseCommand(caseId, body(), request(actors.agent))))).toEqual({ code: 'FORBIDDEN', paths: undefined });
  });
});

describe('IssueNotice', () => {
  const body = (more: Partial<IssueNoticeBody> = {}): IssueNoticeBody => ({
    kind: 'criticism',
    departmentId: DEPARTMENTS.engineering,
    staffId: actors.assignee.id,
    text: 'Slow to respond',
    ...more,
  });

  it('names the department and its staff member; a retry names the same notice', async () => {
    const caseId = await assignedCase();
    const retried = request(actors.manager);
    await notice.execute(new IssueNoticeCommand(caseId, body(), retried));
    const issued = await lastEvent(caseId);
    expect(issued.data).toEqual({
      noticeId: expect.any(String),
      kind: 'criticism',
      departmentId: DEPARTMENTS.engineering,
      staffId: actors.assignee.id,
      text: 'Slow to respond',
      issuedBy: 'mgr-1',
    });
    await notice.execute(new IssueNoticeCommand(caseId, body(), retried));
    const stream = await pg.store.readStream(caseStreamId(caseId));
    expect(stream.filter((e) => e.type === 'NoticeIssued')).toHaveLength(1);

    await notice.execute(new IssueNoticeCommand(caseId, body({ kind: 'commendation', staffId: undefined }), request(actors.manager)));
    const second = await lastEvent(caseId);
    expect(second.data).toEqual({ noticeId: expect.any(String), kind: 'commendation', departmentId: DEPARTMENTS.engineering, text: 'Slow to respond', issuedBy: 'mgr-1' });
    expect(second.data.noticeId).not.toBe(issued.data.noticeId);
  });

  it('refuses an unknown department or staff member, and a staff member of another department (400)', async () => {
    const caseId = await assignedCase();
    const refused = (more: Partial<IssueNoticeBody>) => refusal(notice.execute(new IssueNoticeCommand(caseId, body(more), request(actors.manager))));
    expect(await refused({ departmentId: 'nowhere', staffId: 'nobody' })).toEqual({ code: 'VALIDATION_FAILED', paths: ['departmentId', 'staffId'] });
    expect(await refused({ staffId: 'nobody' })).toEqual({ code: 'VALIDATION_FAILED', paths: ['staffId'] });
    expect(await refused({ staffId: actors.otherHandler.id })).toEqual({ code: 'VALIDATION_FAILED', paths: ['staffId'] });
    // A supervisor, with a good body: 403 only then.
    expect(await refusal(notice.execute(new IssueNoticeCommand(caseId, body(), request())))).toEqual({ code: 'FORBIDDEN', paths: undefined });
  });
});
