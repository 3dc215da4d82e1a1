import { clockFromConfig, offsetClock, systemClock } from './clock';

describe('clock', () => {
  afterEach(() => jest.useRealTimers());

  it('offsetClock starts at the given instant and advances in real time', () => {
    jest.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') });
    const clock = offsetClock(new Date('2026-11-23T06:58:00Z'));
    expect(clock.now().toISOString()).toBe('2026-11-23T06:58:00.000Z');

    jest.advanceTimersByTime(90_000);
    expect(clock.now().toISOString()).toBe('2026-11-23T06:59:30.000Z');
  });

  it('clockFromConfig uses the system clock unless a start is configured', () => {
    expect(clockFromConfig({ clockStart: undefined })).toBe(systemClock);
    const start = new Date('2020-02-29T12:00:00Z');
    const now = clockFromConfig({ clockStart: start }).now().getTime();
    expect(now - start.getTime()).toBeLessThan(1_000);
  });
});
