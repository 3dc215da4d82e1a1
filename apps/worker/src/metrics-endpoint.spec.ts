import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { CommandCounters } from '@casebook/application';
import { serveMetrics } from './metrics-endpoint';

describe('the worker’s GET /metrics', () => {
  it('serves the process’s counters in the Prometheus text format, and nothing else', async () => {
    const registry = new Registry();
    const metrics = new CommandCounters(registry);
    await metrics.command(() => 'EscalateAfterBreach', async () => 'done');
    metrics.eventsAppended(['CaseEscalated']);
    const server = await serveMetrics(registry, 0);
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      expect(text).toContain('casebook_commands_total{type="EscalateAfterBreach",outcome="ok"} 1');
      expect(text).toContain('casebook_events_appended_total{type="CaseEscalated"} 1');
      expect((await fetch(`${base}/cases`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);
    } finally {
      await new Promise((closed) => server.close(closed));
    }
  });
});
