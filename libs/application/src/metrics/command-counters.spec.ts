import { Registry } from 'prom-client';
import { DomainError } from '@casebook/domain';
import { CommandCounters } from './command-counters';

const value = async (registry: Registry, series: string) =>
  (await registry.metrics())
    .split('\n')
    .find((line) => line.startsWith(`${series} `))
    ?.split(' ')[1];

describe('CommandCounters', () => {
  it('counts commands by type and outcome: ok or the refusal’s code', async () => {
    const registry = new Registry();
    const counters = new CommandCounters(registry);
    await counters.command(() => 'CloseCase', async () => 'done');
    await expect(counters.command(() => 'CloseCase', () => Promise.reject(new DomainError('NOT_FOUND', 'no')))).rejects.toThrow();
    await expect(counters.command(() => undefined, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await value(registry, 'casebook_commands_total{type="CloseCase",outcome="ok"}')).toBe('1');
    expect(await value(registry, 'casebook_commands_total{type="CloseCase",outcome="NOT_FOUND"}')).toBe('1');
    expect(await value(registry, 'casebook_commands_total{type="unknown",outcome="INTERNAL_ERROR"}')).toBe('1');
  });

  it('counts appended events by type', async () => {
    const registry = new Registry();
    new CommandCounters(registry).eventsAppended(['SlaBreached', 'SlaBreached', 'CaseEscalated']);
    expect(await value(registry, 'casebook_events_appended_total{type="SlaBreached"}')).toBe('2');
    expect(await value(registry, 'casebook_events_appended_total{type="CaseEscalated"}')).toBe('1');
  });
});
