import { setTimeout as sleep } from 'node:timers/promises';
import { inLanes } from './lanes';

describe('inLanes', () => {
  it('runs every item, never more than `concurrency` at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await inLanes([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      most = Math.max(most, ++running);
      await sleep(n % 3);
      running--;
      done.push(n);
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('starts no item after a failure, lets those under way finish, then throws the first error', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = inLanes([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      if (n === 1) throw new Error('one failed');
      await sleep(5);
      finished.push(n);
    });
    await expect(run).rejects.toThrow('one failed');
    expect(started).toEqual([1, 2]);
    expect(finished).toEqual([2]);
  });

  it('starts no item once halted', async () => {
    const started: number[] = [];
    await inLanes([1, 2, 3, 4], 1, async (n) => void started.push(n), () => started.length >= 2);
    expect(started).toEqual([1, 2]);
  });
});
