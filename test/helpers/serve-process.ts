// Runs `guildgate serve` as a child process on a free port, with its output collected, until it is healthy.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { compiledEntry } from './compiled.js';
import { freePort } from './listening.js';

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  base: string;
  /** Everything the process wrote so far. */
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

async function waitForHealth(url: string, deadline: number): Promise<Response> {
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Spawns the server with `env` (plus PATH and the port) and waits until /healthz answers; returns that answer too.
 * The process runs the sources compiled once per test process (see compiled.ts); the default wait is generous for a
 * busy machine.
 */
export async function startServe(env: Record<string, string>, startupMs = 120_000): Promise<ServeProcess & { health: Response }> {
  const port = await freePort();
  const program = await compiledEntry('src/main.ts');
  const child = spawn(process.execPath, [program, 'serve'], {
    env: { PATH: process.env.PATH, GUILDGATE_PORT: String(port), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const base = `http://127.0.0.1:${port}`;
  try {
    const health = await waitForHealth(`${base}/healthz`, Date.now() + startupMs);
    return { child, base, output: () => output, exited, health };
  } catch (error) {
    child.kill('SIGTERM');
    throw new Error(`serve did not start: ${String(error)}\n${output}`);
  }
}
