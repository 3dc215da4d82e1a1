import { useTestDatabase } from '../../../../test/support/database';
import { readCheckpoints, waitForProjections } from './checkpoints';

const pg = useTestDatabase();

const setCheckpoint = (name: string, position: bigint) =>
  pg.db.query(
    `INSERT INTO projection_checkpoints (name, version, position, status) VALUES ($1, 1, $2, 'running')
     ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position`,
    [name, position.toString()],
  );



beforeEach(() => pg.db.query('DELETE FROM projection_checkpoints'));

describe('waitForProjections', () => {
  it('is true at once when every projection is at or past the position', async () => {
    await setCheckpoint('a', 10n);
    await setCheckpoint('b', 12n);
    expect(await waitForProjections(pg.db, ['a', 'b'], 10n, 0)).toBe(true);
  });

  it('is true as soon as the last one catches up during the wait', async () => {
    await setCheckpoint('a', 10n);
    await setCheckpoint('b', 5n);
    const waiting = waitForProjections(pg.db, ['a', 'b'], 10n, 5000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await setCheckpoint('b', 11n);
    expect(await waiting).toBe(true);
  });

  it('is false when one stays behind for the whole timeout', async () => {
    await setCheckpoint('a', 10n);
    await setCheckpoint('b', 9n);
    const started = Date.now();
    expect(await waitForProjections(pg.db, ['a', 'b'], 10n, 200)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('is false for a projection that has no checkpoint yet', async () => {
    await setCheckpoint('a', 10n);
    expect(await waitForProjections(pg.db, ['a', 'missing'], 1n, 50)).toBe(false);
  });

  it('counts a name listed twice once', async () => {
    await setCheckpoint('a', 10n);
    expect(await waitForProjections(pg.db, ['a', 'a'], 10n, 0)).toBe(true);
  });
});

describe('readCheckpoints', () => {
  it('lists every checkpoint by name, positions as bigint', async () => {
    await setCheckpoint('b', 2n ** 62n);
    await setCheckpoint('a', 0n);
    const checkpoints = await readCheckpoints(pg.db);
    expect(checkpoints.map(({ name, position, status, version }) => ({ name, position, status, version }))).toEqual([
      { name: 'a', position: 0n, status: 'running', version: 1 },
      { name: 'b', position: 2n ** 62n, status: 'running', version: 1 },
    ]);
  });
});
