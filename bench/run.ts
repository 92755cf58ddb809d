// Entry of `npm run bench`: starts guildgate, the bare server and the peer, runs the scenarios, reports, stops them all.
import { cpus, loadavg } from 'node:os';
import { relative } from 'node:path';
import { ConfigError, readConfig, redactUrl } from './config.js';
import { lifetimePeakMb } from './memory.js';
import { pinLoadGenerator } from './pinning.js';
import { summarizeProfiles } from './profile-summary.js';
import { renderTable, resultsPath, writeJson } from './report.js';
import { runScenario, type Row } from './runner.js';
import { SCENARIOS } from './scenarios.js';
import { startTargets, type TargetKind } from './targets/index.js';
import { stopAllServers } from './targets/process.js';

/** 1-minute load average above which the machine is too busy for meaningful figures. */
const BUSY_LOAD = 0.5;

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
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

  const targetInfo = targets.map((t) => ({
    name: t.name,
    kind: t.kind,
    url: t.server?.url,
    startError: t.startError,
    vmHwmMb: t.server && lifetimePeakMb(t.server.pid),
  }));
  await stopAllServers();

  console.log(renderTable(rows));
  if (profileDir !== undefined) {
    for (const summary of summarizeProfiles(profileDir, process.cwd())) console.log(`\n${summary}`);
  }
  const file = writeJson(
    {
      startedAt,
      finishedAt: new Date(),
      config: { ...config, postgresUrl: config.postgresUrl && redactUrl(config.postgresUrl) },
      machine: { node: process.version, cpus: config.cpus, cpuModel: cpus()[0]?.model, pinning, loadAverageBefore: loadBefore },
      targets: targetInfo,
    },
    rows,
  );
  log(`results written to ${relative(process.cwd(), file)}`);
}

function stopAndExit(signal: string, code: number): void {
  log(`${signal}: stopping the servers`);
  void stopAllServers().finally(() => process.exit(code));
}

process.once('SIGINT', () => stopAndExit('SIGINT', 130));
process.once('SIGTERM', () => stopAndExit('SIGTERM', 143));

main().catch(async (err: unknown) => {
  log(err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err));
  await stopAllServers();
  process.exitCode = 1;
});
