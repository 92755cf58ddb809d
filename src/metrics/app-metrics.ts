// An app's Prometheus metrics: the request histogram, process defaults (event-loop lag), outbox and pool gauges read on
// scrape, and the process-wide counters; served on a listener of their own (GUILDGATE_METRICS_HOST:PORT).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from '../clock.js';
import type { Store } from '../storage/types.js';
import { countersRegistry } from './counters.js';

export interface MetricsLog {
  warn(details: object, message: string): void;
}

/** `read` once for the collectors of one scrape (a registry runs them all at once). */
function oncePerScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  return () =>
    (running ??= read().finally(() => {
      running = null;
    }));
}

export class AppMetrics {
  private readonly registry: Registry;
  private readonly requests: Histogram<'method' | 'route' | 'status_code'>;
  private server: http.Server | null = null;

  constructor(store: Store, clock: Clock, log: MetricsLog) {
    const own = new Registry();
    // The label names fastify-metrics uses, so existing dashboards work.
    this.requests = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Request duration in seconds, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      registers: [own],
    });
    collectDefaultMetrics({ register: own });
    const outbox = oncePerScrape(async () => {
      try {
        const { pending, oldestCreatedAt } = await store.events.outboxStats();
        return { pending, ageSeconds: oldestCreatedAt === null ? 0 : Math.max(0, clock.now() - oldestCreatedAt) / 1000 };
      } catch (error) {
        log.warn({ err: error }, 'metrics: the outbox could not be read');
        return { pending: Number.NaN, ageSeconds: Number.NaN };
      }
    });
    new Gauge({
      name: 'guildgate_outbox_pending_events',
      help: 'Events waiting in the outbox',
      registers: [own],
      async collect() {
        this.set((await outbox()).pending);
      },
    });
    new Gauge({
      name: 'guildgate_outbox_oldest_event_age_seconds',
      help: 'Age of the oldest event waiting in the outbox (0 when none)',
      registers: [own],
      async collect() {
        this.set((await outbox()).ageSeconds);
      },
    });
    new Gauge({
      name: 'guildgate_db_pool_in_use',
      help: 'Database connections in use (0 on SQLite: no pool)',
      registers: [own],
      collect() {
        this.set(store.poolUsage()?.inUse ?? 0);
      },
    });
    new Gauge({
      name: 'guildgate_db_pool_waiting',
      help: 'Queries waiting for a database connection (0 on SQLite)',
      registers: [own],
      collect() {
        this.set(store.poolUsage()?.waiting ?? 0);
      },
    });
    this.registry = Registry.merge([own, countersRegistry]);
  }

  /** The one observation of a request (the hot path's only metrics work). */
  observe(method: string, route: string, statusCode: number, seconds: number): void {
    this.requests.observe({ method, route, status_code: statusCode }, seconds);
  }

  /** Serves GET /metrics on host:port (port 0: any free port). */
  async listen(host: string, port: number): Promise<AddressInfo> {
    const server = http.createServer((request, response) => {
      if (request.method !== 'GET' || request.url !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      this.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
      );
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return this.address()!;
  }

  /** Where /metrics is served, once listening. */
  address(): AddressInfo | null {
    return (this.server?.address() as AddressInfo | null) ?? null;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}
