import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IsInt, IsOptional, IsString } from 'class-validator';
import { DataSource } from 'typeorm';
import { DomainError } from '@casebook/domain/errors';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { signToken } from '../auth/token';
import { loadConfig } from '../config/config';
import { PlatformModule } from '../platform.module';
import { startTestApp, type TestApp } from '../testing/test-app';
import type { CommandIds } from '../http/request';
import { CommandIdsOf } from './command-id.decorator';
import { IdempotencyMigration1700000000100 } from './idempotency.migration';
import { IdempotencyStore } from './idempotency.store';

const secret = 'idempotency-secret';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class CreateThingDto {
  @IsString() name: string;
  @IsOptional() @IsInt() size?: number;
}

@Controller('things')
class ThingsController {
  /** The command id of every call that reached a handler. */
  readonly calls: string[] = [];
  private flakyFails = true;

  @Post()
  create(@Body() dto: CreateThingDto, @CommandIdsOf() { idSeed: commandId }: CommandIds) {
    this.calls.push(commandId);
    return { name: dto.name, commandId, call: this.calls.length };
  }

  @Post('refused')
  refuse(@CommandIdsOf() { idSeed: commandId }: CommandIds) {
    this.calls.push(commandId);
    throw new DomainError('INVALID_STATE_TRANSITION', 'not while closed');
  }

  @Post('flaky')
  flaky(@CommandIdsOf() { idSeed: commandId }: CommandIds) {
    this.calls.push(commandId);
    if (this.flakyFails) {
      this.flakyFails = false;
      throw new Error('the event store went away');
    }
    return { call: this.calls.length };
  }

  @Post('slow')
  async slow(@CommandIdsOf() { idSeed: commandId }: CommandIds) {
    this.calls.push(commandId);
    await sleep(400);
    return { call: this.calls.length };
  }

  @Post('accepted')
  @HttpCode(202)
  accepted(@CommandIdsOf() { idSeed: commandId }: CommandIds) {
    this.calls.push(commandId);
  }

  @Get()
  list() {
    return [];
  }
}

describe('idempotency on PostgreSQL', () => {
  let database: TestDatabase;
  let server: TestApp;
  let dataSource: DataSource;
  let things: ThingsController;

  beforeAll(async () => {
    database = await createTestDatabase();
    const migrator = new DataSource({ type: 'postgres', url: database.url, migrations: [IdempotencyMigration1700000000100] });
    await migrator.initialize();
    await migrator.runMigrations();
    await migrator.destroy();

    server = await startTestApp({
      imports: [
        TypeOrmModule.forRoot({ type: 'postgres', url: database.url }),
        PlatformModule.forRoot(loadConfig({ CASEBOOK_JWT_SECRET: secret })),
      ],
      controllers: [ThingsController],
    });
    dataSource = server.app.get(DataSource);
    things = server.app.get(ThingsController);
  });

  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  const tokenOf = (sub: string) => signToken(secret, { sub, role: 'agent' }, '10m');

  const post = (path: string, body: unknown, key?: string, sub = 'st-1') =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokenOf(sub)}`,
        'content-type': 'application/json',
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      body: JSON.stringify(body),
    });

  async function read(response: Response) {
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      replayed: response.headers.get('idempotent-replayed') === 'true',
      body: text ? JSON.parse(text) : undefined,
    };
  }

  const callsDuring = async <T>(fn: () => Promise<T>) => {
    const before = things.calls.length;
    const result = await fn();
    return { result, calls: things.calls.slice(before) };
  };

  describe('through the PlatformModule', () => {
    it('still authenticates and validates first', async () => {
      const anonymous = await fetch(`${server.url}/things`, { method: 'POST', headers: { 'idempotency-key': 'k' } });
      expect(anonymous.status).toBe(401);
      const unknownProperty = await read(await post('/things', { name: 'a', colour: 'red' }));
      expect(unknownProperty).toMatchObject({ status: 400, body: { errors: [{ path: 'colour' }] } });
    });

    it('runs every request without a key, each with a fresh command id', async () => {
      const { result, calls } = await callsDuring(async () => [
        await read(await post('/things', { name: 'a' })),
        await read(await post('/things', { name: 'a' })),
      ]);
      expect(result.map((r) => r.status)).toEqual([201, 201]);
      expect(calls).toHaveLength(2);
      expect(calls[0]).not.toBe(calls[1]);
    });

    it('answers a repeat with the first response, without running the handler again', async () => {
      const { result: [first, repeat], calls } = await callsDuring(async () => [
        await read(await post('/things', { name: 'lamp', size: 3 }, 'create-lamp')),
        await read(await post('/things', { size: 3, name: 'lamp' }, 'create-lamp')),
      ]);
      expect(calls).toHaveLength(1);
      expect(first).toMatchObject({ status: 201, replayed: false, body: { name: 'lamp', commandId: calls[0] } });
      expect(repeat).toEqual({ ...first, replayed: true });
    });

    it('replays the status the handler chose and an empty body', async () => {
      const first = await read(await post('/things/accepted', {}, 'accept-1'));
      const repeat = await read(await post('/things/accepted', {}, 'accept-1'));
      expect(first).toMatchObject({ status: 202, body: undefined });
      expect(repeat).toMatchObject({ status: 202, body: undefined, replayed: true });
    });

    it('refuses the same key with a different body: 422 IDEMPOTENCY_KEY_REUSED', async () => {
      await post('/things', { name: 'chair' }, 'create-chair');
      const { result, calls } = await callsDuring(async () => read(await post('/things', { name: 'table' }, 'create-chair')));
      expect(calls).toHaveLength(0);
      expect(result).toMatchObject({ status: 422, type: expect.stringMatching(/^application\/problem\+json/), body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    });

    it('scopes keys to the caller and the path, with command ids that differ too', async () => {
      const { calls } = await callsDuring(async () => {
        await post('/things', { name: 'x' }, 'shared-key', 'st-1');
        await post('/things', { name: 'x' }, 'shared-key', 'st-2');
        await post('/things/slow', { name: 'x' }, 'shared-key', 'st-1');
      });
      expect(calls).toHaveLength(3);
      expect(new Set(calls).size).toBe(3);
    });

    it('refuses keys that are empty or longer than 128 characters', async () => {
      expect(await read(await post('/things', { name: 'x' }, ''))).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED', errors: [{ path: 'Idempotency-Key' }] },
      });
      expect((await post('/things', { name: 'x' }, 'k'.repeat(129))).status).toBe(400);
      expect((await post('/things', { name: 'x' }, 'k'.repeat(128))).status).toBe(201);
    });

    it('remembers a refusal: a repeat gets the same problem', async () => {
      const { result: [first, repeat], calls } = await callsDuring(async () => [
        await read(await post('/things/refused', {}, 'refuse-1')),
        await read(await post('/things/refused', {}, 'refuse-1')),
      ]);
      expect(calls).toHaveLength(1);
      expect(first).toMatchObject({ status: 409, body: { code: 'INVALID_STATE_TRANSITION' } });
      expect(repeat).toEqual({ ...first, replayed: true });
    });

    it('does not remember a 400, so the corrected request may keep its key', async () => {
      expect((await post('/things', { name: 42 }, 'fix-me')).status).toBe(400);
      expect(await read(await post('/things', { name: 'fixed' }, 'fix-me'))).toMatchObject({ status: 201, body: { name: 'fixed' } });
    });

    it('forgets a 500, so a retry runs again with the same command id', async () => {
      const { result: [failed, retried, repeat], calls } = await callsDuring(async () => [
        await read(await post('/things/flaky', {}, 'flaky-1')),
        await read(await post('/things/flaky', {}, 'flaky-1')),
        await read(await post('/things/flaky', {}, 'flaky-1')),
      ]);
      expect([failed.status, retried.status, repeat.status]).toEqual([500, 201, 201]);
      expect(repeat).toEqual({ ...retried, replayed: true });
      expect(calls).toHaveLength(2);
      expect(calls[0]).toBe(calls[1]);
    });

    it('makes a concurrent repeat wait for the first request and share its response', async () => {
      const { result, calls } = await callsDuring(() =>
        Promise.all([0, 1, 2].map(async () => read(await post('/things/slow', {}, 'slow-1')))),
      );
      expect(calls).toHaveLength(1);
      expect(result.map((r) => r.body)).toEqual([{ call: things.calls.length }, { call: things.calls.length }, { call: things.calls.length }]);
      expect(result.filter((r) => r.replayed)).toHaveLength(2);
    });

    it('leaves other methods alone', async () => {
      const response = await fetch(`${server.url}/things`, {
        headers: { authorization: `Bearer ${tokenOf('st-1')}`, 'idempotency-key': '' },
      });
      expect(response.status).toBe(200);
    });
  });

  describe('IdempotencyStore', () => {
    const fast = () => new IdempotencyStore(dataSource, { waitMs: 300, pollMs: 20, abandonedAfterMs: 30_000 });

    it('tells a repeat that the first request is still in progress once it has waited long enough', async () => {
      const store = fast();
      expect(await store.claim('s', 'busy', 'h')).toEqual({ kind: 'claimed' });
      const started = Date.now();
      expect(await store.claim('s', 'busy', 'h')).toEqual({ kind: 'in-progress' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    });

    it('lets exactly one of several repeats take over an abandoned request', async () => {
      const store = fast();
      await store.claim('s', 'abandoned', 'h');
      await dataSource.query(`UPDATE idempotency_keys SET created_at = now() - interval '31 seconds' WHERE key = 'abandoned'`);
      const claims = await Promise.all([0, 1, 2, 3].map(() => store.claim('s', 'abandoned', 'h')));
      expect(claims.filter((c) => c.kind === 'claimed')).toHaveLength(1);
      expect(claims.filter((c) => c.kind === 'in-progress')).toHaveLength(3);
    });

    it('hands a released key to the next request', async () => {
      const store = fast();
      await store.claim('s', 'released', 'h');
      await store.release('s', 'released');
      expect(await store.claim('s', 'released', 'other-hash')).toEqual({ kind: 'claimed' });
    });

    it('keeps keys for at least 24 hours and purges them after 48', async () => {
      const store = fast();
      await store.claim('s', 'day-old', 'h');
      await store.claim('s', 'two-days-old', 'h');
      await dataSource.query(`UPDATE idempotency_keys SET created_at = now() - interval '47 hours' WHERE key = 'day-old'`);
      await dataSource.query(`UPDATE idempotency_keys SET created_at = now() - interval '49 hours' WHERE key = 'two-days-old'`);
      await store.cleanup();
      const rows: { key: string }[] = await dataSource.query(`SELECT key FROM idempotency_keys WHERE key IN ('day-old', 'two-days-old')`);
      expect(rows.map((r) => r.key)).toEqual(['day-old']);
    });
  });
});
