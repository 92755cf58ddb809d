// Starts guildgate from its build (`node dist/main.js serve`) on a fresh data dir, SQLite or PostgreSQL.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pinning } from '../pinning.js';
import { freePort, startServer, StartError, type ServerProcess } from './process.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** DESIGN/brief say dist/main.js; package.json's bin says dist/src/main.js: whichever the build made. */
const ENTRY_CANDIDATES = ['dist/main.js', 'dist/src/main.js'];

/** The parent's env without any GUILDGATE_* variable, so only the bench's settings reach the server. */
function baseEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GUILDGATE_')));
}

export interface GuildgateOptions {
  databaseUrl?: string;
  /** When set, the server runs under `node --cpu-prof` and writes its profile there on exit. */
  profileDir?: string;
  /** More GUILDGATE_* settings (pool size, shared secret, Redis). */
  settings?: Record<string, string>;
}

export async function startGuildgate(label: string, pinning: Pinning, options: GuildgateOptions = {}): Promise<ServerProcess> {
  const { databaseUrl, profileDir } = options;
  const entry = ENTRY_CANDIDATES.map((p) => join(REPO_ROOT, p)).find((p) => existsSync(p));
  if (entry === undefined) {
    throw new StartError(`${label} did not start: no ${ENTRY_CANDIDATES.join(' or ')} (run npm run build)`);
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'guildgate-bench-'));
  return startServer({
    label,
    args: [process.execPath, ...(profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]), entry, 'serve'],
    cwd: REPO_ROOT,
    env: {
      ...baseEnv(),
      GUILDGATE_RATE_LIMIT: 'off',
      GUILDGATE_PORT: String(port),
      GUILDGATE_HOST: '127.0.0.1',
      GUILDGATE_DATA_DIR: dataDir,
      // The default level, as users run it: one line per request.
      GUILDGATE_LOG_LEVEL: 'info',
      // Only the setup registers (one password hash per target); a full-cost hash there can outlast its timeout on a busy machine.
      GUILDGATE_PASSWORD_SCRYPT_COST: '16384',
      ...(databaseUrl === undefined ? {} : { GUILDGATE_DATABASE_URL: databaseUrl }),
      ...options.settings,
    },
    port,
    readyPath: '/healthz',
    pinning,
    stdoutFile: join(dataDir, 'server.log'),
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  });
}
