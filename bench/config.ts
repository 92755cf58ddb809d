// Benchmark settings read from BENCH_* / GUILDGATE_BENCH_* environment variables (fails fast on bad values).
import { availableParallelism } from 'node:os';

export const SCENARIO_NAMES = [
  'client-credentials',
  'jwt-issuance',
  'authorization-code',
  'id-token',
  'refresh-token',
  'introspection',
  'users-me',
  'bot-guild',
  'healthz',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** Most guildgate nodes the scale-out measurement starts. */
export const MAX_NODES = 8;

/** A bad BENCH_* value: reported as one line, without a stack. */
export class ConfigError extends Error {}

export interface BenchConfig {
  durationSec: number;
  warmupSec: number;
  connections: number;
  rounds: number;
  /** Most single-use items (codes, refresh tokens) minted per scenario and target. */
  poolMax: number;
  scenarios: ScenarioName[];
  postgresUrl: string | undefined;
  cpus: number;
  /** BENCH_PROFILE=1: guildgate runs under `node --cpu-prof`, its profiles written beside the results. */
  profile: boolean;
  /** BENCH_POSTGRES_POOL_SIZES: one PostgreSQL target per pool size (empty: one target, guildgate's default pool). */
  postgresPoolSizes: number[];
  /** BENCH_NODES: node counts for the scale-out measurement on PostgreSQL (empty: not measured). */
  nodes: number[];
  redisUrl: string | undefined;
  /** Revocations timed across nodes in the scale-out measurement. */
  revocationTries: number;
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

function flag(name: string): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '' || raw === '0') return false;
  if (raw === '1') return true;
  throw new ConfigError(`${name} must be 1 or 0, got "${raw}"`);
}

function scenarioList(): ScenarioName[] {
  const raw = process.env.BENCH_SCENARIOS;
  if (raw === undefined || raw.trim() === '') return [...SCENARIO_NAMES];
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const known = new Set<string>(SCENARIO_NAMES);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new ConfigError(`BENCH_SCENARIOS: unknown ${unknown.join(', ')}; known: ${SCENARIO_NAMES.join(', ')}`);
  }
  return SCENARIO_NAMES.filter((n) => names.includes(n));
}

/** A comma-separated list of integers in [1, max], in the order given; empty when unset. */
function intList(name: string, max: number): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return [];
  const values = raw.split(',').map((s) => s.trim());
  if (values.some((v) => !/^[0-9]{1,4}$/.test(v) || Number(v) < 1 || Number(v) > max)) {
    throw new ConfigError(`${name} must be a comma-separated list of integers from 1 to ${max}, got "${raw.slice(0, 80)}"`);
  }
  return [...new Set(values.map(Number))];
}

export function readConfig(): BenchConfig {
  const postgresUrl = process.env.GUILDGATE_BENCH_POSTGRES_URL || undefined;
  const postgresPoolSizes = intList('BENCH_POSTGRES_POOL_SIZES', 1000);
  const nodes = intList('BENCH_NODES', MAX_NODES);
  if (postgresUrl === undefined && (postgresPoolSizes.length > 0 || nodes.length > 0)) {
    throw new ConfigError('BENCH_POSTGRES_POOL_SIZES and BENCH_NODES need GUILDGATE_BENCH_POSTGRES_URL');
  }
  return {
    durationSec: positiveInt('BENCH_DURATION', 10),
    warmupSec: positiveInt('BENCH_WARMUP', 3),
    connections: positiveInt('BENCH_CONNECTIONS', 50),
    rounds: 2,
    poolMax: positiveInt('BENCH_POOL_MAX', 100_000),
    scenarios: scenarioList(),
    postgresUrl,
    cpus: availableParallelism(),
    profile: flag('BENCH_PROFILE'),
    postgresPoolSizes,
    nodes,
    redisUrl: process.env.GUILDGATE_BENCH_REDIS_URL || undefined,
    revocationTries: positiveInt('BENCH_REVOCATION_TRIES', 50),
  };
}

/** The URL without its password, for reports. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
