// Runs the guildgate CLI in a child process (through tsx) and captures its exit code and output.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const MAIN = path.resolve('src/main.ts');

export function guildgate(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { PATH: process.env.PATH, GUILDGATE_PASSWORD_SCRYPT_COST: '1024', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
