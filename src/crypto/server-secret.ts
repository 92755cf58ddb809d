// The server secret: GUILDGATE_SECRET, or else a random one generated into the data dir on first use and read back
// after (one node only: several nodes must share GUILDGATE_SECRET).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const FILE = 'secret';

export function serverSecret(config: { secret: string | null; dataDir: string }): string {
  if (config.secret !== null) return config.secret;
  const file = path.join(config.dataDir, FILE);
  fs.mkdirSync(config.dataDir, { recursive: true });
  try {
    // `wx`: of two processes starting together exactly one creates the file; the other reads it.
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return fs.readFileSync(file, 'utf8').trim();
}
