// One load measurement with autocannon against one server, feeding single-use pools through setupRequest.
import autocannon from 'autocannon';
import { call } from './http.js';
import { sampleRss } from './memory.js';
import type { OnceUsePool } from './pool.js';
import type { ServerProcess } from './targets/process.js';

/** What a scenario sends to one target. */
export interface Workload {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  /** Fixed body of a reusable request. */
  body?: string;
  /** Single-use items: every request takes one and builds its body from it. */
  pool?: OnceUsePool;
}

export interface Measurement {
  seconds: number;
  /** Completed responses, any status. */
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  rssPeakMb: number | undefined;
  /** Set when the single-use pool ran out before the time was up. */
  poolRanOut: boolean;
}

export interface LoadOptions {
  seconds: number;
  connections: number;
}

/** Sends the workload's request once (using one pool item) and fails with a SetupError unless it answers 2xx. */
export async function probe(server: ServerProcess, work: Workload): Promise<void> {
  const body = work.pool ? work.pool.body(work.pool.take()) : work.body;
  await call(server.url, work.method, work.path, { headers: work.headers, body });
}

/**
 * Runs for `seconds`, or with a pool until it is used up (each item once); needs pool size >= connections. Given several
 * servers (nodes of one deployment), the connections are spread over them round-robin and RSS is the highest node's.
 */
export async function measure(servers: ServerProcess | ServerProcess[], work: Workload, options: LoadOptions): Promise<Measurement> {
  const nodes = Array.isArray(servers) ? servers : [servers];
  const { pool } = work;
  const maxRequests = pool?.size;
  let taken = 0;
  const request: autocannon.Request = { method: work.method, path: work.path, headers: work.headers, body: work.body };
  if (pool !== undefined) {
    request.setupRequest = (req) => {
      taken += 1;
      return { ...req, body: pool.body(pool.take()) };
    };
  }
  const samplers = nodes.map((node) => sampleRss(node.pid));
  const result = await autocannon({
    // autocannon takes a list of URLs (connection i goes to url i mod n); its types know only one.
    url: (nodes.length === 1 ? nodes[0]!.url : nodes.map((node) => node.url)) as string,
    connections: options.connections,
    duration: options.seconds,
    requests: [request],
    sampleInt: 100,
    ...(maxRequests === undefined ? {} : { maxOverallRequests: maxRequests }),
  });
  const peaks = samplers.map((sampler) => sampler.stop()).filter((mb): mb is number => mb !== undefined);
  const rssPeakMb = peaks.length > 0 ? Math.max(...peaks) : undefined;
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0]));
  return {
    seconds: result.duration,
    requests: result.requests.total,
    rps: result.duration > 0 ? result.requests.total / result.duration : 0,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    statusCodes,
    rssPeakMb,
    poolRanOut: maxRequests !== undefined && taken >= maxRequests,
  };
}
