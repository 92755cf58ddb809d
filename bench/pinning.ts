// CPU pinning with `taskset`: servers on core 0, this process (the load generator) on core 1.
import { spawnSync } from 'node:child_process';

export interface Pinning {
  /** Core for server processes, or undefined when pinning is unavailable. */
  serverCore: number | undefined;
  loadCore: number | undefined;
  /** Why pinning is off, when it is. */
  reason: string | undefined;
}

function tasksetWorks(): boolean {
  return spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Pins every thread of this process to core 1 when taskset exists and there are 2+ cores. */
export function pinLoadGenerator(cpus: number): Pinning {
  if (cpus < 2) return { serverCore: undefined, loadCore: undefined, reason: `only ${cpus} core(s)` };
  if (!tasksetWorks()) return { serverCore: undefined, loadCore: undefined, reason: 'taskset not found' };
  const pinned = spawnSync('taskset', ['-a', '-c', '-p', '1', String(process.pid)], { stdio: 'ignore' });
  if (pinned.status !== 0) return { serverCore: undefined, loadCore: undefined, reason: 'taskset -p failed' };
  return { serverCore: 0, loadCore: 1, reason: undefined };
}

/** The command line that runs `args` on the server core (taskset execs, so the pid is the server's). */
export function pinnedCommand(pinning: Pinning, args: string[]): { command: string; args: string[] } {
  if (pinning.serverCore === undefined) return { command: args[0]!, args: args.slice(1) };
  return { command: 'taskset', args: ['-c', String(pinning.serverCore), ...args] };
}
