// BENCH_NODES: issuance and introspection with 1, 2, 3... guildgate nodes on one PostgreSQL schema (and Redis when
// given), load spread round-robin over the nodes, and how long a revocation on one node takes to show on another.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { BenchConfig } from './config.js';
import { API, guildgateApp, INTROSPECT_PATH, TOKEN_PATH } from './guildgate-setup.js';
import { call, field } from './http.js';
import { measure, probe, type Measurement, type Workload } from './load.js';
import type { Pinning } from './pinning.js';
import { freshSchemaUrl } from './postgres-schema.js';
import type { Scenario } from './scenarios.js';
import { startGuildgate } from './targets/guildgate.js';
import type { ServerProcess } from './targets/process.js';

/** The scenarios measured across nodes. */
const SCALED = new Set(['client-credentials', 'introspection']);
/** A revocation not seen on the other node within this long counts as never seen. */
const VISIBILITY_TIMEOUT_MS = 5_000;

export interface ScaleOutRow {
  scenario: string;
  nodes: number;
  rounds: Measurement[];
  rps: number | undefined;
  p99Ms: number | undefined;
  non2xx: number;
}

export interface RevocationVisibility {
  tries: number;
  /**
   * Milliseconds from the revocation's answer on one node to the first `active: false` from another: at most one
   * introspection's latency when no node caches what it read.
   */
  medianMs: number;
  maxMs: number;
  /** Introspections that still answered active after the revocation was acknowledged (0 when none cache). */
  staleAnswers: number;
  notSeen: number;
}

export interface ScaleOut {
  rows: ScaleOutRow[];
  revocation: RevocationVisibility | undefined;
}

type Log = (line: string) => void;

/** Every node on one fresh schema with one secret (tokens and signing keys valid on all), and Redis when configured. */
async function startNodes(count: number, config: BenchConfig, pinning: Pinning): Promise<ServerProcess[]> {
  const databaseUrl = await freshSchemaUrl(config.postgresUrl!);
  const settings = {
    GUILDGATE_SECRET: randomBytes(32).toString('base64url'),
    // The setup registers through the API; with Redis the per-address count is shared with every earlier run.
    GUILDGATE_REGISTER_ADDRESS_LIMIT: '1000000',
    ...(config.redisUrl === undefined ? {} : { GUILDGATE_REDIS_URL: config.redisUrl }),
  };
  // The first node migrates the empty schema; the others find it current.
  const first = await startGuildgate('guildgate node 1', pinning, { databaseUrl, settings });
  const rest = await Promise.all(Array.from({ length: count - 1 }, (_, i) => startGuildgate(`guildgate node ${i + 2}`, pinning, { databaseUrl, settings })));
  return [first, ...rest];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Issues a token on node A, revokes it there, then introspects on node B until it answers inactive. */
async function revocationVisibility(nodes: ServerProcess[], tries: number): Promise<RevocationVisibility> {
  const app = await guildgateApp(nodes[0]!.url);
  const auth = { authorization: app.clientAuth };
  const delays: number[] = [];
  let staleAnswers = 0;
  let notSeen = 0;
  for (let i = 0; i < tries; i++) {
    const a = nodes[i % nodes.length]!;
    const b = nodes[(i + 1) % nodes.length]!;
    const issued = await call(a.url, 'POST', TOKEN_PATH, { headers: auth, form: { grant_type: 'client_credentials', scope: 'identify' } });
    const token = field(issued, 'access_token', 'client_credentials');
    await call(a.url, 'POST', `${API}/oauth2/token/revoke`, { headers: auth, form: { token } });
    const revokedAt = performance.now();
    for (;;) {
      const answer = await call(b.url, 'POST', INTROSPECT_PATH, { headers: auth, form: { token } });
      const elapsed = performance.now() - revokedAt;
      if ((answer as { active?: unknown }).active === false) {
        delays.push(elapsed);
        break;
      }
      staleAnswers += 1;
      if (elapsed > VISIBILITY_TIMEOUT_MS) {
        notSeen += 1;
        break;
      }
    }
  }
  return { tries, medianMs: median(delays), maxMs: Math.max(...delays), staleAnswers, notSeen };
}

export async function runScaleOut(scenarios: Scenario[], config: BenchConfig, pinning: Pinning, log: Log): Promise<ScaleOut> {
  const counts = config.nodes;
  const nodes = await startNodes(Math.max(...counts), config, pinning);
  log(`scale-out: ${nodes.length} nodes up (${nodes.map((n) => n.url).join(', ')})`);
  const rows: ScaleOutRow[] = [];
  for (const scenario of scenarios.filter((s) => SCALED.has(s.name))) {
    const work: Workload = await scenario.prepare.guildgate!(nodes[0]!);
    for (const node of nodes) await probe(node, work);
    const lanes = counts.map((n) => ({
      n,
      row: { scenario: scenario.name, nodes: n, rounds: [], rps: undefined, p99Ms: undefined, non2xx: 0 } as ScaleOutRow,
    }));
    for (const { n } of lanes) {
      log(`scale-out ${scenario.name} ${n} node(s): warm-up ${config.warmupSec}s`);
      await measure(nodes.slice(0, n), work, { seconds: config.warmupSec, connections: config.connections });
    }
    for (let round = 0; round < config.rounds; round++) {
      for (const lane of round % 2 === 0 ? lanes : [...lanes].reverse()) {
        log(`scale-out ${scenario.name} ${lane.n} node(s): round ${round + 1}/${config.rounds}, ${config.durationSec}s`);
        lane.row.rounds.push(await measure(nodes.slice(0, lane.n), work, { seconds: config.durationSec, connections: config.connections }));
      }
    }
    for (const { row } of lanes) {
      row.rps = row.rounds.reduce((a, m) => a + m.rps, 0) / row.rounds.length;
      row.p99Ms = row.rounds.reduce((a, m) => a + m.p99Ms, 0) / row.rounds.length;
      row.non2xx = row.rounds.reduce((a, m) => a + m.non2xx + m.errors, 0);
      rows.push(row);
    }
  }
  let revocation: RevocationVisibility | undefined;
  if (nodes.length > 1) {
    log(`scale-out: ${config.revocationTries} revocations, each seen from another node`);
    revocation = await revocationVisibility(nodes, config.revocationTries);
  }
  return { rows, revocation };
}

export function renderScaleOut(result: ScaleOut, cpus: number): string {
  const lines = ['Scale-out on one PostgreSQL (load spread round-robin over the nodes):'];
  for (const row of result.rows) {
    const one = result.rows.find((r) => r.scenario === row.scenario && r.nodes === 1);
    const ratio = one?.rps && row.rps !== undefined && row !== one ? ` (${(row.rps / one.rps).toFixed(2)}x 1 node)` : '';
    lines.push(
      `  ${row.scenario.padEnd(20)} ${String(row.nodes).padStart(2)} node(s)  ${(row.rps ?? 0).toFixed(0).padStart(6)} req/s${ratio}  p99 ${(row.p99Ms ?? 0).toFixed(1)} ms  err/non2xx ${row.non2xx}`,
    );
  }
  const r = result.revocation;
  if (r !== undefined) {
    lines.push(
      `  revocation visibility across nodes (${r.tries} tries): median ${r.medianMs.toFixed(1)} ms, max ${r.maxMs.toFixed(1)} ms, ` +
        `${r.staleAnswers} stale answers, ${r.notSeen} not seen within ${VISIBILITY_TIMEOUT_MS / 1000} s`,
    );
  }
  if (cpus <= 4) {
    lines.push(
      `  On ${cpus} cores every node, PostgreSQL and the load generator share the same CPUs: more nodes show the overhead of`,
      '  more processes, not scaling. On real hardware what decides scaling is the database round trips per request (above).',
    );
  }
  return lines.join('\n');
}
