// Entry of `npm run bench`: starts guildgate, the bare server and the peer, runs the scenarios, reports, stops them all.
import { cpus, loadavg } from 'node:os';
import { relative } from 'node:path';
import { ConfigError, readConfig, redactUrl } from './config.js';
import { lifetimePeakMb } from './memory.js';
import { pinLoadGenerator } from './pinning.js';
import { dropBenchSchemas } from './postgres-schema.js';
import { summarizeProfiles } from './profile-summary.js';
import { renderTable, resultsPath, writeJson } from './report.js';
import { countRoundTrips, renderRoundTrips, type RoundTrips } from './round-trips.js';
import { runScenario, type Row } from './runner.js';
import { runScaleOut, renderScaleOut, type ScaleOut } from './scale-out.js';
import { SCENARIOS } from './scenarios.js';
import { measureSigningCost, renderSigningCost, type SigningCost } from './signing-cost.js';
import { startTargets, type TargetKind } from './targets/index.js';
import { stopAllServers } from './targets/process.js';

/** Scenarios in which guildgate signs one RS256 JWT per request. */
const SIGNING_SCENARIOS = new Set(['id-token', 'jwt-issuance']);

/** 1-minute load average above which the machine is too busy for meaningful figures. */
const BUSY_LOAD = 0.5;

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

/** Stops every server, then drops the PostgreSQL schemas they worked in. */
async function stopAll(): Promise<void> {
  await stopAllServers();
  await dropBenchSchemas(log);
}

async function main(): Promise<void> {
  const config = readConfig();
  const startedAt = new Date();
  const pinning = pinLoadGenerator(config.cpus);
  const loadBefore = loadavg()[0]!;
  if (loadBefore > BUSY_LOAD) log(`warning: load average ${loadBefore.toFixed(1)} before start: other work will skew the figures`);
  log(pinning.reason === undefined ? 'servers pinned to core 0, load generator to core 1' : `no CPU pinning: ${pinning.reason}`);

  const scenarios = SCENARIOS.filter((s) => config.scenarios.includes(s.name));
  const kinds = new Set(scenarios.flatMap((s) => Object.keys(s.prepare) as TargetKind[]));
  const profileDir = config.profile ? resultsPath(`profiles-${startedAt.toISOString().replace(/[:.]/g, '-')}`) : undefined;
  const targets = await startTargets(config, pinning, kinds, profileDir);
  for (const t of targets) log(t.server ? `${t.name} up at ${t.server.url} (pid ${t.server.pid})` : t.startError!);

  const rows: Row[] = [];
  for (const scenario of scenarios) rows.push(...(await runScenario(scenario, targets, config, log)));
  let scaleOut: ScaleOut | undefined;
  if (config.nodes.length > 0) scaleOut = await runScaleOut(scenarios, config, pinning, log);
  let roundTrips: RoundTrips[] | undefined;
  if (config.postgresUrl !== undefined) {
    log('counting PostgreSQL round trips per request');
    roundTrips = await countRoundTrips(scenarios, config, pinning);
  }
  const loadAfter = loadavg()[0]!;

  const targetInfo = targets.map((t) => ({
    name: t.name,
    kind: t.kind,
    url: t.server?.url,
    startError: t.startError,
    vmHwmMb: t.server && lifetimePeakMb(t.server.pid),
  }));
  await stopAll();
  const signingRows = rows.filter((r) => r.kind === 'guildgate' && SIGNING_SCENARIOS.has(r.scenario) && r.summary !== undefined);
  const signingCost: SigningCost | undefined = signingRows.length > 0 ? await measureSigningCost() : undefined;

  console.log(renderTable(rows));
  if (signingCost !== undefined) {
    const rates = signingRows.map((r) => ({ label: `${r.scenario} ${r.target}`, rps: r.summary!.rps }));
    console.log(`\n${renderSigningCost(signingCost, rates)}`);
  }
  if (roundTrips !== undefined) console.log(`\n${renderRoundTrips(roundTrips)}`);
  if (scaleOut !== undefined) console.log(`\n${renderScaleOut(scaleOut, config.cpus)}`);
  console.log(`\nload average (1 min): ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
  if (profileDir !== undefined) {
    for (const summary of summarizeProfiles(profileDir, process.cwd())) console.log(`\n${summary}`);
  }
  const file = writeJson(
    {
      startedAt,
      finishedAt: new Date(),
      config: { ...config, postgresUrl: config.postgresUrl && redactUrl(config.postgresUrl), redisUrl: config.redisUrl && redactUrl(config.redisUrl) },
      machine: { node: process.version, cpus: config.cpus, cpuModel: cpus()[0]?.model, pinning, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter },
      targets: targetInfo,
      roundTrips,
      scaleOut,
      signingCost,
    },
    rows,
  );
  log(`results written to ${relative(process.cwd(), file)}`);
}

function stopAndExit(signal: string, code: number): void {
  log(`${signal}: stopping the servers`);
  void stopAll().finally(() => process.exit(code));
}

process.once('SIGINT', () => stopAndExit('SIGINT', 130));
process.once('SIGTERM', () => stopAndExit('SIGTERM', 143));

main().catch(async (err: unknown) => {
  log(err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err));
  await stopAll();
  process.exitCode = 1;
});
