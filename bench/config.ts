// Benchmark settings read from BENCH_* / GUILDGATE_BENCH_* environment variables (fails fast on bad values).
import { availableParallelism } from 'node:os';

export const SCENARIO_NAMES = ['client-credentials', 'authorization-code', 'refresh-token', 'introspection', 'users-me', 'bot-guild', 'healthz'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

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

export function readConfig(): BenchConfig {
  return {
    durationSec: positiveInt('BENCH_DURATION', 10),
    warmupSec: positiveInt('BENCH_WARMUP', 3),
    connections: positiveInt('BENCH_CONNECTIONS', 50),
    rounds: 2,
    poolMax: positiveInt('BENCH_POOL_MAX', 100_000),
    scenarios: scenarioList(),
    postgresUrl: process.env.GUILDGATE_BENCH_POSTGRES_URL || undefined,
    cpus: availableParallelism(),
    profile: flag('BENCH_PROFILE'),
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
