import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ADMIN, AGENT, as, Casebook, complaint, seedDirectory, SUPERVISOR, type Caller } from './support/casebook';

/**
 * The command path under contention and as a client names it (ARCHITECTURE decision 5, API.md
 * "Concurrency", "Idempotency", "Auth"): writers on one case take turns and none is turned away,
 * within one api process and across two; a command's events carry the Idempotency-Key as sent;
 * a staff member acts only on the sites both the token and the directory give them.
 */
describe('the command path (e2e)', () => {
  let cb: Casebook;
  let second: Casebook;

  beforeAll(async () => {
    cb = await Casebook.start();
    await seedDirectory(cb);
    second = await cb.startApi();
  });
  afterAll(async () => {
    await second?.stop();
    await cb?.stop();
  });

  const logCase = async () => {
    const res = await cb.post('/cases', AGENT, complaint());
    expect(res.status).toBe(201);
    return res.body.caseId as string;
  };
  const logged = async () => (await cb.post('/cases', AGENT, complaint())).body as { caseId: string; version: number };

  const repliesOf = async (caseId: string) => {
    const history = await cb.get(`/cases/${caseId}/history`, SUPERVISOR);
    return history.body.events as { type: string; revision: number; data: { message: string } }[];
  };

  const reply = (api: Casebook, caseId: string, message: string, headers: Record<string, string> = {}) =>
    api.post(`/cases/${caseId}/replies`, AGENT, { message, channel: 'phone' }, headers);

  async function expectAllRecorded(caseId: string, answers: { status: number; body: { version: number } }[], messages: string[]) {
    expect(answers.map((a) => a.status)).toEqual(messages.map(() => 200));
    // Each write got a version of its own, and the stream holds every reply once, with no gaps.
    expect(new Set(answers.map((a) => a.body.version)).size).toBe(messages.length);
    const events = await repliesOf(caseId);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
    const replied = events.filter((e) => e.type === 'ComplainantReplied').map((e) => e.data.message);
    expect(replied).toHaveLength(messages.length + 1);
    expect(replied.slice(1).sort()).toEqual([...messages].sort());
  }

  it('50 concurrent replies without If-Match on one case: every one is recorded, in order, none refused', async () => {
    const caseId = await logCase();
    expect((await reply(cb, caseId, 'first')).status).toBe(200);
    const messages = Array.from({ length: 50 }, (_, i) => `reply ${i}`);
    const answers = await Promise.all(messages.map((message) => reply(cb, caseId, message)));
    await expectAllRecorded(caseId, answers, messages);
  });

  it('two api processes replying at once on one case: every reply is recorded, none refused', async () => {
    const caseId = await logCase();
    expect((await reply(second, caseId, 'first')).status).toBe(200);
    const messages = Array.from({ length: 50 }, (_, i) => `reply ${i}`);
    const answers = await Promise.all(messages.map((message, i) => reply(i % 2 ? cb : second, caseId, message)));
    await expectAllRecorded(caseId, answers, messages);
  });

  it('with If-Match, one writer of the version wins and the others get 412, appending nothing', async () => {
    const { caseId, version } = await logged();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => reply(i % 2 ? cb : second, caseId, `guarded ${i}`, { 'if-match': `"${version}"` })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 412).map((a) => a.body.code)).toEqual(Array(9).fill('CONCURRENCY_CONFLICT'));
    expect((await repliesOf(caseId)).filter((e) => e.type === 'ComplainantReplied')).toHaveLength(1);
  });

  it('names a command by its Idempotency-Key as sent, in every stream it writes to', async () => {
    const key = `key ${randomUUID()}`;
    const logged = await cb.post('/cases', AGENT, complaint(), { 'idempotency-key': key });
    const history = await cb.get(`/cases/${logged.body.caseId}/history`, SUPERVISOR);
    expect(history.body.events.map((e: { metadata: { commandId: string } }) => e.metadata.commandId)).toEqual([key]);

    // The same key from another caller is another command: other event ids, the key as sent all the same.
    const other = await cb.post('/cases', as('sup-1', 'supervisor'), complaint(), { 'idempotency-key': key });
    const otherHistory = await cb.get(`/cases/${other.body.caseId}/history`, SUPERVISOR);
    expect(otherHistory.body.events[0].metadata.commandId).toBe(key);
    expect(otherHistory.body.events[0].eventId).not.toBe(history.body.events[0].eventId);

    const site = await cb.post('/admin/sites', ADMIN, { id: 'site-k', code: 'K', name: 'Key Court' }, { 'idempotency-key': 'register site-k' });
    expect(site.status).toBe(201);
    const events = new Client({ connectionString: cb.config.databaseUrl });
    await events.connect();
    try {
      const { rows } = await events.query(`SELECT metadata->>'commandId' AS "commandId" FROM events WHERE stream_id = 'directory-site-site-k'`);
      expect(rows).toEqual([{ commandId: 'register site-k' }]);
    } finally {
      await events.end();
    }
  });

  describe('sites: only those both in the token and registered for the staff member', () => {
    const claimsMore: Caller = as('agent-1', 'agent', ['site-a', 'site-b']);

    it('refuses to log a case on a site of the token that the directory does not give the staff member (404)', async () => {
      const res = await cb.post('/cases', claimsMore, complaint({ siteId: 'site-b' }));
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });

    it('refuses commands on such a site’s cases (404), and a site removed from the staff member takes effect at once', async () => {
      const mover = await cb.post('/admin/staff', ADMIN, { id: 'mover', name: '流动', departmentId: 'front', role: 'agent', siteIds: ['site-a', 'site-b'] });
      expect(mover.status).toBe(201);
      const moverToken = as('mover', 'agent', ['site-a', 'site-b']);
      const onB = await cb.post('/cases', moverToken, complaint({ siteId: 'site-b' }));
      expect(onB.status).toBe(201);
      expect((await cb.post(`/cases/${onB.body.caseId}/replies`, claimsMore, { message: 'x', channel: 'phone' })).status).toBe(404);

      expect((await cb.request('PATCH', '/admin/staff/mover', { as: ADMIN, body: { siteIds: ['site-a'] } })).status).toBe(200);
      expect((await cb.post(`/cases/${onB.body.caseId}/replies`, moverToken, { message: 'x', channel: 'phone' })).status).toBe(404);
      expect((await cb.post('/cases', moverToken, complaint({ siteId: 'site-b' }))).status).toBe(404);
      expect((await cb.post('/cases', moverToken, complaint({ siteId: 'site-a' }))).status).toBe(201);
    });
  });
});
