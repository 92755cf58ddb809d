// Server child processes: spawn pinned, wait until they answer HTTP, and kill every one of them at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { send } from '../http.js';
import { pinnedCommand, type Pinning } from '../pinning.js';

/** Generous: several servers start at once on one core of a machine that may be busy. */
const READY_TIMEOUT_MS = 120_000;
const KILL_GRACE_MS = 3_000;
const OUTPUT_TAIL_LINES = 15;

export interface ServerProcess {
  url: string;
  pid: number;
}

export interface ServerSpec {
  label: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  port: number;
  /** Any HTTP answer on this path means the server is up. */
  readyPath: string;
  pinning: Pinning;
  /** Runs after the process is gone (e.g. removing its data directory). */
  cleanup?: () => void;
  /** Where the server's stdout (its request log) goes, instead of a pipe that the load generator's core would drain. */
  stdoutFile?: string;
}

interface Running {
  child: ChildProcess;
  cleanup: (() => void) | undefined;
}

const running = new Set<Running>();

export class StartError extends Error {}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function keepTail(child: ChildProcess): () => string {
  const lines: string[] = [];
  const collect = (chunk: Buffer): void => {
    lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim() !== ''),
    );
    lines.splice(0, Math.max(0, lines.length - OUTPUT_TAIL_LINES));
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return () => lines.join('\n');
}

async function answers(url: string): Promise<boolean> {
  try {
    await send(url, 'GET', {}, undefined, 1_000);
    return true;
  } catch {
    return false;
  }
}

export async function startServer(spec: ServerSpec): Promise<ServerProcess> {
  const { command, args } = pinnedCommand(spec.pinning, spec.args);
  const stdoutFd = spec.stdoutFile === undefined ? undefined : openSync(spec.stdoutFile, 'a');
  const child = spawn(command, args, { env: spec.env, cwd: spec.cwd, stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'] });
  if (stdoutFd !== undefined) closeSync(stdoutFd);
  const entry: Running = { child, cleanup: spec.cleanup };
  running.add(entry);
  const tail = keepTail(child);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = signal ? `killed by ${signal}` : `exited with code ${code}`;
  });
  child.once('error', (err) => {
    exited = `could not spawn: ${err.message}`;
  });

  const url = `http://127.0.0.1:${spec.port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (exited === undefined && Date.now() < deadline) {
    if (await answers(url + spec.readyPath)) return { url, pid: child.pid! };
    await sleep(100);
  }
  const why = exited ?? `no HTTP answer on ${spec.readyPath} within ${READY_TIMEOUT_MS / 1000}s`;
  // Read before stop: the cleanup may remove the log file.
  const output = [spec.stdoutFile === undefined ? '' : readFileSync(spec.stdoutFile, 'utf8'), tail()].join('\n').trim();
  await stop(entry);
  throw new StartError(`${spec.label} did not start: ${why}${output ? `; output: ${output.split('\n').slice(-3).join(' | ')}` : ''}`);
}

async function stop(entry: Running): Promise<void> {
  const { child } = entry;
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    await gone;
    clearTimeout(timer);
  }
  entry.cleanup?.();
  running.delete(entry);
}

export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map(stop));
}

/** Last resort if the harness exits without stopAllServers (uncaught error): no orphans. */
process.on('exit', () => {
  for (const { child, cleanup } of running) {
    child.kill('SIGKILL');
    cleanup?.();
  }
});
