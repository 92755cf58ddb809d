// Database round trips per request of each hot path on PostgreSQL: one guildgate node talks to PostgreSQL through a
// TCP relay that reads the frontend protocol; every Sync (extended protocol) or Query (simple) waits for one answer.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { BenchConfig } from './config.js';
import { freshSchemaUrl } from './postgres-schema.js';
import { probe } from './load.js';
import type { Pinning } from './pinning.js';
import type { Scenario } from './scenarios.js';
import { startGuildgate } from './targets/guildgate.js';

/** Requests per hot path; the figure is their mean. */
const REQUESTS = 20;
/** Background work (event delivery, purge) off, so only the requests' own statements are counted. */
const QUIET = { GUILDGATE_WEBHOOK_POLL_INTERVAL: '0', GUILDGATE_PURGE_INTERVAL: '0' };

export interface RoundTrips {
  scenario: string;
  /** Mean per request: answers waited for (Sync or Query messages) and statements executed (Execute or Query). */
  roundTrips: number;
  statements: number;
  skipped?: string;
}

export interface Counts {
  roundTrips: number;
  statements: number;
}

/** Counts one connection's frontend messages: after the untyped startup packets, each is a type byte and a length. */
export function protocolCounter(counts: Counts): (chunk: Buffer) => void {
  let buffered = Buffer.alloc(0);
  let started = false;
  return (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      const typed = started ? 1 : 0;
      if (buffered.length < typed + 4) return;
      const length = buffered.readInt32BE(typed);
      if (buffered.length < typed + length) return;
      if (!started) {
        // SSLRequest / GSSENCRequest (8 bytes) come before the StartupMessage; the startup message has a protocol version.
        started = length !== 8;
      } else {
        const type = String.fromCharCode(buffered[0]!);
        if (type === 'S' || type === 'Q') counts.roundTrips += 1;
        if (type === 'E' || type === 'Q') counts.statements += 1;
      }
      buffered = buffered.subarray(typed + length);
    }
  };
}

/** A relay to host:port that counts what its clients send. */
async function countingRelay(host: string, port: number, counts: Counts): Promise<Server> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(port, host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => (s === client ? upstream : client).destroy());
    }
    const count = protocolCounter(counts);
    client.on('data', (chunk: Buffer) => {
      count(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Round trips per request for every scenario with a guildgate workload, on one node through the relay. */
export async function countRoundTrips(scenarios: Scenario[], config: BenchConfig, pinning: Pinning): Promise<RoundTrips[]> {
  const target = new URL(await freshSchemaUrl(config.postgresUrl!));
  const counts: Counts = { roundTrips: 0, statements: 0 };
  const relay = await countingRelay(target.hostname || '127.0.0.1', Number(target.port || 5432), counts);
  const address = relay.address();
  target.hostname = '127.0.0.1';
  target.port = String(typeof address === 'object' && address !== null ? address.port : 0);
  try {
    const server = await startGuildgate('guildgate (postgres, counted)', pinning, { databaseUrl: target.toString(), settings: QUIET });
    const results: RoundTrips[] = [];
    for (const scenario of scenarios) {
      const prepare = scenario.prepare.guildgate;
      if (prepare === undefined) continue;
      try {
        const work = await prepare(server);
        await work.pool?.refill(REQUESTS + 1);
        await probe(server, work);
        counts.roundTrips = 0;
        counts.statements = 0;
        for (let i = 0; i < REQUESTS; i++) await probe(server, work);
        results.push({ scenario: scenario.name, roundTrips: counts.roundTrips / REQUESTS, statements: counts.statements / REQUESTS });
      } catch (err) {
        results.push({ scenario: scenario.name, roundTrips: NaN, statements: NaN, skipped: err instanceof Error ? err.message : String(err) });
      }
    }
    return results;
  } finally {
    relay.close();
  }
}

export function renderRoundTrips(results: RoundTrips[]): string {
  return [
    'PostgreSQL round trips per request (one node, sequential requests, background work off):',
    ...results.map((r) =>
      r.skipped !== undefined
        ? `  ${r.scenario}: skipped: ${r.skipped}`
        : `  ${r.scenario.padEnd(20)} ${r.roundTrips.toFixed(2)} round trips, ${r.statements.toFixed(2)} statements`,
    ),
  ].join('\n');
}
