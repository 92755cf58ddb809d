// Runs one scenario: prepare + probe each target, warm up, size single-use pools, then rounds in alternating order.
import type { BenchConfig, ScenarioName } from './config.js';
import { SetupError } from './http.js';
import { measure, probe, type Measurement, type Workload } from './load.js';
import type { Scenario } from './scenarios.js';
import type { Target, TargetKind } from './targets/index.js';
import type { ServerProcess } from './targets/process.js';

/** Single-use items minted per warm-up second before the rate is known. */
const WARMUP_ITEMS_PER_SEC = 5_000;
/** Pool headroom over the best rate seen before a round. */
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
      await work.pool.refill(Math.min(Math.floor(config.poolMax / (config.rounds + 1)), initial));
    }
    await probe(target.server, work);
    return { row, server: target.server, work };
  } catch (err) {
    row.skipped = errorText(err);
    return row;
  }
}

/** One timed run; with a pool, capped to the items in it (not run if fewer than one per connection). */
async function runLane(lane: Lane, seconds: number, config: BenchConfig, label: string): Promise<Measurement | undefined> {
  const left = lane.work.pool?.size;
  if (left !== undefined && left < config.connections) {
    lane.row.notes.push(`${label}: not run, pool ran out (${left} left)`);
    return undefined;
  }
  const m = await measure(lane.server, lane.work, { seconds, connections: config.connections });
  if (m.poolRanOut) lane.row.notes.push(`${label}: pool ran out after ${m.seconds.toFixed(1)}s of ${seconds}s`);
  return m;
}

/**
 * Before a round: tops a pool up to one round at the best rate seen so far (with headroom), within this
 * round's fair share of what BENCH_POOL_MAX still allows; a mint failure skips the target.
 */
async function topUp(lane: Lane, runsLeft: number, config: BenchConfig, log: Log): Promise<void> {
  const { pool } = lane.work;
  const seen = [lane.row.warmup, ...lane.row.rounds].filter((m): m is Measurement => m !== undefined);
  if (pool === undefined || seen.length === 0) return;
  const want = Math.ceil(Math.max(...seen.map((m) => m.rps)) * config.durationSec * POOL_HEADROOM);
  const share = Math.floor((pool.size + config.poolMax - pool.minted) / runsLeft);
  const capped = `pool capped by BENCH_POOL_MAX=${config.poolMax}`;
  if (want > share && !lane.row.notes.includes(capped)) lane.row.notes.push(capped);
  const count = Math.min(want, share) - pool.size;
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
    lane.row.warmup = await runLane(lane, config.warmupSec, config, 'warm-up');
  }
  for (let round = 0; round < config.rounds; round += 1) {
    const order = round % 2 === 0 ? lanes : [...lanes].reverse();
    for (const lane of order) {
      await topUp(lane, config.rounds - round, config, log);
      if (lane.row.skipped !== undefined) continue;
      log(`${scenario.name} ${lane.row.target}: round ${round + 1}/${config.rounds}, ${config.durationSec}s`);
      const m = await runLane(lane, config.durationSec, config, `round ${round + 1}`);
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
