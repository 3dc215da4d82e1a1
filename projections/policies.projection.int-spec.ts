import { randomUUID } from 'node:crypto';
import type { StoredEvent } from '@casebook/event-store';
import { DEFAULT_POLICIES, decidePolicy, policyStreamId, type PolicyEvent, type PolicyName } from '@casebook/domain';
import { useTestDatabase } from '../test/support/database';
import { policiesProjection } from './policies.projection';
import { policiesInForce, policyHistory } from './policies.queries';
import type { Stored } from './projection';

const pg = useTestDatabase({ per: 'test', store: true });

/** What the runner does, minus the checkpoint: the handled events, applied in one transaction. */
async function project(events: StoredEvent[]): Promise<void> {
  const handled = events.filter((event) => policiesProjection.types.includes(event.type as PolicyEvent['type']));
  await pg.db.transaction((manager) => policiesProjection.apply(handled as Stored<PolicyEvent>[], manager));
}

/** Appends the next version of `name`, recorded at `recordedAt`, as the api's handler does. */
async function change(name: PolicyName, body: unknown, recordedAt: string): Promise<void> {
  const streamId = policyStreamId(name);
  const [last] = await pg.store.readStream(streamId, { direction: 'backwards', max: 1 });
  const event = decidePolicy(name, body, last ? Number(last.data.version) : 1, 'admin-1');
  const commandId = randomUUID();
  await pg.store.append(
    streamId,
    [
      {
        eventId: randomUUID(),
        type: event.type,
        version: 1,
        data: event.data as unknown as Record<string, unknown>,
        metadata: { actorId: 'admin-1', actorRole: 'admin', commandId, correlationId: commandId, causationId: commandId },
        recordedAt,
      },
    ],
    { expectedRevision: last ? last.revision : 'no_stream' },
  );
}

const sla = (firstReplyHours: number) => ({ ...DEFAULT_POLICIES.sla.policy, firstReplyHours });



describe('policies projection', () => {
  it('answers the defaults, version 1, while nothing was changed', async () => {
    expect(await policiesInForce(pg.db.manager)).toEqual(DEFAULT_POLICIES);
    expect(await policiesInForce(pg.db.manager, '2026-01-01T00:00:00.000Z')).toEqual(DEFAULT_POLICIES);
  });

  it('keeps every version; the latest is in force, and at an instant the latest recorded by then', async () => {
    await change('sla', sla(4), '2026-10-01T00:00:00.000Z');
    await change('calendar', [{ date: '2026-10-12', workday: false }], '2026-10-01T12:00:00.000Z');
    await change('sla', sla(6), '2026-10-02T00:00:00.000Z');
    await project(await pg.store.readAll());

    expect(await policyHistory(pg.db.manager, 'sla')).toEqual([
      { version: 2, policy: sla(4), changedBy: 'admin-1', recordedAt: new Date('2026-10-01T00:00:00.000Z') },
      { version: 3, policy: sla(6), changedBy: 'admin-1', recordedAt: new Date('2026-10-02T00:00:00.000Z') },
    ]);
    expect(await policiesInForce(pg.db.manager)).toEqual({
      sla: { version: 3, policy: sla(6) },
      penalty: DEFAULT_POLICIES.penalty,
      approval: DEFAULT_POLICIES.approval,
      calendar: { version: 2, policy: [{ date: '2026-10-12', workday: false }] },
    });

    const versionsAt = async (at: string) => {
      const inForce = await policiesInForce(pg.db.manager, at);
      return { sla: inForce.sla.version, calendar: inForce.calendar.version, penalty: inForce.penalty.version };
    };
    expect(await versionsAt('2026-09-30T23:59:59.999Z')).toEqual({ sla: 1, calendar: 1, penalty: 1 });
    // "At or before": the instant of the change itself already has the new version.
    expect(await versionsAt('2026-10-01T00:00:00.000Z')).toEqual({ sla: 2, calendar: 1, penalty: 1 });
    expect(await versionsAt('2026-10-01T20:00:00+08:00')).toEqual({ sla: 2, calendar: 2, penalty: 1 });
    expect(await versionsAt('2026-10-02T00:00:00.000Z')).toEqual({ sla: 3, calendar: 2, penalty: 1 });
    expect((await policiesInForce(pg.db.manager, '2026-10-01T06:00:00.000Z')).sla.policy).toEqual(sla(4));
  });

  it('reads a version stored before the supervision fields with their defaults (PRODUCT.md §12)', async () => {
    const { reworkWorkingDays, warnAtFraction, maxPauseDays, extension, ...slaBefore } = DEFAULT_POLICIES.sla.policy;
    const { objectionWorkingDays, noticeApprover, ...penaltyBefore } = DEFAULT_POLICIES.penalty.policy;
    const stored = [
      ['sla', { ...slaBefore, firstReplyHours: 4 }],
      ['penalty', { ...penaltyBefore, amountPerPoint: '50.00' }],
    ] as const;
    for (const [name, body] of stored) {
      await pg.db.query(`INSERT INTO policy_versions (name, version, body, changed_by, recorded_at) VALUES ($1, 2, $2::jsonb, 'admin-1', now())`, [
        name,
        JSON.stringify(body),
      ]);
    }
    const inForce = await policiesInForce(pg.db.manager);
    expect(inForce.sla).toEqual({ version: 2, policy: { ...DEFAULT_POLICIES.sla.policy, firstReplyHours: 4 } });
    expect(inForce.penalty).toEqual({ version: 2, policy: { ...DEFAULT_POLICIES.penalty.policy, amountPerPoint: '50.00' } });
  });

  it('changes nothing when a batch is applied again', async () => {
    await change('approval', { tiers: [{ upTo: '500.00', role: 'supervisor' }, { upTo: null, role: 'gm' }] }, '2026-10-01T00:00:00.000Z');
    await change('penalty', { ...DEFAULT_POLICIES.penalty.policy, amountPerPoint: '50.00' }, '2026-10-01T00:00:01.000Z');
    const events = await pg.store.readAll();
    await project(events);
    const once = await pg.db.query('SELECT * FROM policy_versions ORDER BY name, version');
    await project(events);
    await project([...events].reverse());
    expect(await pg.db.query('SELECT * FROM policy_versions ORDER BY name, version')).toEqual(once);
    expect(once).toHaveLength(2);
  });
});
