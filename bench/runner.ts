// Runs one scenario: prepare + probe each target, warm up, size single-use pools, then rounds in alternating order.
import type { BenchConfig, ScenarioName } from './config.js';
import { SetupError } from './http.js';
import { measure, probe, type Measurement, type Workload } from './load.js';
import type { Scenario } from './scenarios.js';
import type { Target, TargetKind } from './targets/index.js';
import type { ServerProcess } from './targets/process.js';

/** Single-use items minted per warm-up second before the rate is known. */
const WARMUP_ITEMS_PER_SEC = 5_000;
/** Pool headroom over the rate seen in the warm-up. */
const POOL_HEADROOM = 1.5;

export interface Summary {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  rssMb: number | undefined;
}

export interface Row {
  scenario: ScenarioName;
  target: string;
  kind: TargetKind;
  /** Why the target was not measured. */
  skipped: string | undefined;
  warmup: Measurement | undefined;
  rounds: Measurement[];
  /** Mean rps/p50/p99 over the rounds, summed errors, highest RSS. */
  summary: Summary | undefined;
  notes: string[];
  poolMinted: number | undefined;
}

interface Lane {
  row: Row;
  server: ServerProcess;
  work: Workload;
}

export type Log = (line: string) => void;

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function summarize(rounds: Measurement[]): Summary | undefined {
  if (rounds.length === 0) return undefined;
  const rss = rounds.map((m) => m.rssPeakMb).filter((v): v is number => v !== undefined);
  return {
    rps: mean(rounds.map((m) => m.rps)),
    p50Ms: mean(rounds.map((m) => m.p50Ms)),
    p99Ms: mean(rounds.map((m) => m.p99Ms)),
    errors: rounds.reduce((n, m) => n + m.errors, 0),
    non2xx: rounds.reduce((n, m) => n + m.non2xx, 0),
    rssMb: rss.length > 0 ? Math.max(...rss) : undefined,
  };
}

function errorText(err: unknown): string {
  if (err instanceof SetupError) return err.message;
  throw err;
}

/** Prepares the target's workload, fills its pool for the warm-up and probes it once; a failure skips the target. */
async function openLane(scenario: Scenario, target: Target, config: BenchConfig): Promise<Lane | Row> {
  const row: Row = {
    scenario: scenario.name,
    target: target.name,
    kind: target.kind,
    skipped: target.startError,
    warmup: undefined,
    rounds: [],
    summary: undefined,
    notes: [],
    poolMinted: undefined,
  };
  if (target.server === undefined) return row;
  try {
    const work = await scenario.prepare[target.kind]!(target.server);
    if (work.pool !== undefined) {
      const initial = Math.max(config.connections * 4, config.warmupSec * WARMUP_ITEMS_PER_SEC);
      await work.pool.refill(Math.min(config.poolMax, initial));
    }
    await probe(target.server, work);
    return { row, server: target.server, work };
  } catch (err) {
    row.skipped = errorText(err);
    return row;
  }
}

/** One timed run; with a pool, capped to its share of the items left (none if fewer than one per connection). */
async function runLane(lane: Lane, seconds: number, runsLeft: number, config: BenchConfig, label: string): Promise<Measurement | undefined> {
  const { pool } = lane.work;
  const maxRequests = pool === undefined ? undefined : Math.floor(pool.size / runsLeft);
  if (maxRequests !== undefined && maxRequests < config.connections) {
    lane.row.notes.push(`${label}: not run, pool ran out (${pool!.size} left)`);
    return undefined;
  }
  const m = await measure(lane.server, lane.work, { seconds, connections: config.connections, maxRequests });
  if (m.poolRanOut) lane.row.notes.push(`${label}: pool ran out after ${m.seconds.toFixed(1)}s of ${seconds}s`);
  return m;
}

/**
 * Tops a pool up to what `runs` more runs of `seconds` need at the best rate seen so far (with headroom),
 * never minting more than BENCH_POOL_MAX in all; a mint failure skips the target.
 */
async function topUp(lane: Lane, seconds: number, runs: number, config: BenchConfig, log: Log): Promise<void> {
  const { pool } = lane.work;
  const seen = [lane.row.warmup, ...lane.row.rounds].filter((m): m is Measurement => m !== undefined);
  if (pool === undefined || seen.length === 0) return;
  const want = Math.ceil(Math.max(...seen.map((m) => m.rps)) * seconds * runs * POOL_HEADROOM);
  const reachable = pool.size + config.poolMax - pool.minted;
  const capped = `pool capped by BENCH_POOL_MAX=${config.poolMax}`;
  if (want > reachable && !lane.row.notes.includes(capped)) lane.row.notes.push(capped);
  const count = Math.min(want, reachable) - pool.size;
  if (count <= 0) return;
  const started = Date.now();
  try {
    await pool.refill(count);
  } catch (err) {
    lane.row.skipped = `minting failed: ${errorText(err)}`;
    return;
  }
  log(`${lane.row.scenario} ${lane.row.target}: minted ${count} single-use items in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

export async function runScenario(scenario: Scenario, targets: Target[], config: BenchConfig, log: Log): Promise<Row[]> {
  const mine = targets.filter((t) => scenario.prepare[t.kind] !== undefined);
  const opened = await Promise.all(mine.map((t) => openLane(scenario, t, config)));
  const lanes = opened.filter((o): o is Lane => 'work' in o);
  const rows = opened.map((o) => ('work' in o ? o.row : o));
  for (const row of rows) if (row.skipped !== undefined) log(`${scenario.name} ${row.target}: skipped: ${row.skipped}`);

  for (const lane of lanes) {
    log(`${scenario.name} ${lane.row.target}: warm-up ${config.warmupSec}s`);
    lane.row.warmup = await runLane(lane, config.warmupSec, 1, config, 'warm-up');
  }
  for (let round = 0; round < config.rounds; round += 1) {
    const runsLeft = config.rounds - round;
    const order = round % 2 === 0 ? lanes : [...lanes].reverse();
    for (const lane of order) {
      await topUp(lane, config.durationSec, runsLeft, config, log);
      if (lane.row.skipped !== undefined) continue;
      log(`${scenario.name} ${lane.row.target}: round ${round + 1}/${config.rounds}, ${config.durationSec}s`);
      const m = await runLane(lane, config.durationSec, runsLeft, config, `round ${round + 1}`);
      if (m !== undefined) lane.row.rounds.push(m);
    }
  }
  for (const lane of lanes) {
    if (lane.row.skipped !== undefined) continue;
    lane.row.summary = summarize(lane.row.rounds);
    lane.row.poolMinted = lane.work.pool?.minted;
  }
  return rows;
}
