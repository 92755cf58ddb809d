// `guildgate db backup`: SQLite's online backup API, a consistent copy while a server keeps reading and writing.
import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';

export class BackupError extends Error {}

/** Copies the SQLite database `file` to `destination` (which must not exist); returns the pages copied. */
export async function backupSqlite(file: string, destination: string): Promise<number> {
  if (fs.existsSync(destination)) throw new BackupError(`<file>: ${destination} exists; name a new file`);
  let source: BetterSqlite3.Database;
  try {
    source = new BetterSqlite3(file, { fileMustExist: true });
  } catch (error) {
    throw new BackupError(`cannot open SQLite database ${file}: ${(error as Error).message}`);
  }
  try {
    source.pragma('busy_timeout = 5000');
    const { totalPages } = await source.backup(destination);
    return totalPages;
  } finally {
    source.close();
  }
}
