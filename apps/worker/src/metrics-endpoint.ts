import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * GET /metrics of a worker running on its own (CASEBOOK_WORKER_METRICS_PORT): the series this
 * process counts, i.e. the commands of the process managers and the SLA watcher and the events
 * they append. The store-wide series (projection lag, SLA breaches) are the api's. Nothing else
 * is served: the worker has no HTTP api.
 */
export function serveMetrics(registry: Registry, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  // Never what keeps the process alive: the worker ends when its runners have stopped.
  server.unref().on('connection', (socket) => socket.unref());
  return new Promise((listening, failed) => server.once('error', failed).listen(port, () => listening(server)));
}
