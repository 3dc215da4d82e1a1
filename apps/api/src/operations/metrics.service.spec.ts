import { ProblemException } from '@casebook/platform';
import { MetricsService } from './metrics.service';

const value = async (metrics: MetricsService, series: string) =>
  (await metrics.scrape())
    .split('\n')
    .find((line) => line.startsWith(`${series} `))
    ?.split(' ')[1];

describe('MetricsService', () => {
  it('counts commands by type and outcome: ok or the problem code', async () => {
    const metrics = new MetricsService();
    await metrics.command(() => 'CloseCase', async () => 'done');
    await expect(metrics.command(() => 'CloseCase', () => Promise.reject(new ProblemException('NOT_FOUND', 'no')))).rejects.toThrow();
    await expect(metrics.command(() => undefined, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await value(metrics, 'casebook_commands_total{type="CloseCase",outcome="ok"}')).toBe('1');
    expect(await value(metrics, 'casebook_commands_total{type="CloseCase",outcome="NOT_FOUND"}')).toBe('1');
    expect(await value(metrics, 'casebook_commands_total{type="unknown",outcome="INTERNAL_ERROR"}')).toBe('1');
  });

  it('counts appended events by type', async () => {
    const metrics = new MetricsService();
    metrics.eventsAppended(['SlaBreached', 'SlaBreached', 'CaseEscalated']);
    expect(await value(metrics, 'casebook_events_appended_total{type="SlaBreached"}')).toBe('2');
    expect(await value(metrics, 'casebook_events_appended_total{type="CaseEscalated"}')).toBe('1');
  });
});
