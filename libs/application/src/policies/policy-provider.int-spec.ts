import type { DataSource } from 'typeorm';
import { DEFAULT_POLICIES, type PolicyName } from '@casebook/domain';
import type { CasebookConfig } from '@casebook/platform';
import { createDataSource, createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { PolicyProvider } from './policy-provider';

let database: TestDatabase;
let db: DataSource;
let provider: PolicyProvider;

const config = { timeZone: 'Asia/Shanghai' } as CasebookConfig;

/** A version as the policies projection writes it. */
const record = (name: PolicyName, version: number, body: unknown, recordedAt: string) =>
  db.query('INSERT INTO policy_versions (name, version, body, changed_by, recorded_at) VALUES ($1, $2, $3::jsonb, $4, $5)', [
    name,
    version,
    JSON.stringify(body),
    'admin-1',
    recordedAt,
  ]);

beforeAll(async () => {
  database = await createTestDatabase();
  db = await createDataSource(database.url).initialize();
});

afterAll(async () => {
  await db.destroy();
  await database.drop();
});

beforeEach(async () => {
  await db.query('DELETE FROM policy_versions');
  provider = new PolicyProvider(config, db);
});

describe('PolicyProvider', () => {
  it('answers the defaults and a calendar without overrides while nothing was changed', async () => {
    const { policies, calendar } = await provider.inForce();
    expect(policies).toEqual(DEFAULT_POLICIES);
    expect(calendar.timeZone).toBe('Asia/Shanghai');
    expect(calendar.isWorkingDay('2026-10-12')).toBe(true); // a Monday
  });

  it('answers a change on the very next call, with the calendar of the calendar version in force', async () => {
    await provider.inForce();
    await record('sla', 2, { ...DEFAULT_POLICIES.sla.policy, firstReplyHours: 4 }, '2026-10-01T00:00:00.000Z');
    await record('calendar', 2, [{ date: '2026-10-12', workday: false }], '2026-10-01T00:00:00.000Z');

    const { policies, calendar } = await provider.inForce();
    expect(policies.sla).toEqual({ version: 2, policy: { ...DEFAULT_POLICIES.sla.policy, firstReplyHours: 4 } });
    expect(policies.calendar.version).toBe(2);
    expect(calendar.isWorkingDay('2026-10-12')).toBe(false);
    // Fri Oct 9 16:00 + 1 wd: Sat Oct 10 is an adjusted working day; + 2 wd skips the overridden Monday.
    expect(calendar.addWorkingDays('2026-10-09T16:00:00+08:00', 2)).toBe('2026-10-13T08:00:00.000Z');
  });

  it('builds one working calendar per calendar version', async () => {
    const first = (await provider.inForce()).calendar;
    expect((await provider.inForce()).calendar).toBe(first);
    await record('calendar', 2, [{ date: '2026-12-31', workday: false }], '2026-10-01T00:00:00.000Z');
    const second = (await provider.inForce()).calendar;
    expect(second).not.toBe(first);
    expect((await provider.inForce()).calendar).toBe(second);
    expect((await provider.inForceAt('2026-09-01T00:00:00.000Z')).calendar).toBe(first);
  });

  it('inForceAt answers the versions recorded at or before the instant', async () => {
    await record('sla', 2, { ...DEFAULT_POLICIES.sla.policy, firstReplyHours: 4 }, '2026-10-01T02:00:00.000Z');
    await record('approval', 2, { tiers: [{ upTo: null, role: 'gm' }] }, '2026-10-02T00:00:00.000Z');

    const before = await provider.inForceAt('2026-10-01T01:59:59.999Z');
    expect(before.policies).toEqual(DEFAULT_POLICIES);
    const at = await provider.inForceAt('2026-10-01T10:00:00+08:00'); // the same instant, another offset
    expect([at.policies.sla.version, at.policies.approval.version]).toEqual([2, 1]);
    const after = await provider.inForceAt('2026-10-03T00:00:00.000Z');
    expect([after.policies.sla.version, after.policies.approval.version]).toEqual([2, 2]);
    expect(after.policies).toEqual((await provider.inForce()).policies);
    await expect(provider.inForceAt('yesterday')).rejects.toThrow(RangeError);
  });

  it('warns once per year without an official holiday schedule, whichever calendar version meets it', async () => {
    const warn = jest.spyOn((provider as unknown as { logger: { warn: (m: string) => void } }).logger, 'warn').mockImplementation(() => undefined);
    (await provider.inForce()).calendar.isWorkingDay('2099-03-02');
    await record('calendar', 2, [{ date: '2099-03-03', workday: false }], '2026-10-01T00:00:00.000Z');
    (await provider.inForce()).calendar.isWorkingDay('2099-03-05');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain('2099');
  });
});
