// CLI commands on the database as a whole: db purge, db copy (SQLite to PostgreSQL), db backup (SQLite).
import { systemClock } from '../clock.js';
import { copyProgress } from '../storage/copy/copy-progress.js';
import { purgeOnce } from '../storage/purge.js';
import { UsageError, type Command } from './command.js';
import { withStore } from './with-store.js';

export const dbCommands: Record<string, Command> = {
  'db purge': {
    usage:
      'guildgate db purge\n  Deletes expired codes, tokens and sessions, finished events past GUILDGATE_PURGE_RETENTION and images nothing\n' +
      '  names, as the server does every GUILDGATE_PURGE_INTERVAL; prints how many rows of each went.',
    options: {},
    async run(_values, config, _positionals, { print }) {
      const counts = await withStore(config, (store) => purgeOnce(store, systemClock.now(), config.purge.retentionMs));
      print(
        `purged ${Object.entries(counts)
          .map(([what, count]) => `${count} ${what.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`)
          .join(', ')}`,
      );
    },
  },
  'db copy': {
    usage:
      'guildgate db copy --from sqlite:<path> --to postgres://... [--force | --resume]\n' +
      '  Copies every table from a SQLite database into PostgreSQL (schema made by the migrations), in batches, and\n' +
      '  verifies row counts and checksums per table. A target holding rows is refused unless --force (empty it first:\n' +
      '  the way to restart a copy) or --resume (keep its rows, add the missing ones). The source may be serving.',
    options: { from: { type: 'string' }, to: { type: 'string' }, force: { type: 'boolean' }, resume: { type: 'boolean' } },
    async run(values, _config, _positionals, { print, progressOnTerminal }) {
      const { from, to } = values;
      if (typeof from !== 'string' || typeof to !== 'string') throw new UsageError('--from and --to are required');
      if (!/^sqlite:./.test(from)) throw new UsageError('--from: sqlite:<path>');
      if (!/^postgres(ql)?:\/\/./.test(to)) throw new UsageError('--to: postgres://user@host:port/database');
      if (values.force && values.resume) throw new UsageError('--force and --resume exclude each other');
      const { copyDatabase } = await import('../storage/copy/copy-database.js');
      const progress = copyProgress(progressOnTerminal);
      try {
        const reports = await copyDatabase({
          from: from.slice('sqlite:'.length),
          to,
          existing: values.force ? 'replace' : values.resume ? 'resume' : 'refuse',
          ...progress,
        });
        progress.stop();
        for (const { table, rows, digest } of reports) print(`${table}: ${rows} rows, checksum ${digest.slice(0, 16)} matches`);
        print(`copied ${reports.length} tables, ${reports.reduce((sum, report) => sum + report.rows, 0)} rows; verified`);
      } finally {
        progress.stop();
      }
    },
  },
  'db backup': {
    usage: 'guildgate db backup <file>\n  Writes a consistent copy of the SQLite database (GUILDGATE_DATABASE_URL) to a new file, also while it serves.',
    options: {},
    positionals: ['file'],
    async run(_values, config, [file], { print }) {
      if (!config.databaseUrl.startsWith('sqlite:')) throw new UsageError('db backup is for SQLite databases; back PostgreSQL up with pg_dump');
      const { backupSqlite } = await import('../storage/sqlite/backup.js');
      const pages = await backupSqlite(config.databaseUrl.slice('sqlite:'.length), file!);
      print(`backed up ${config.databaseUrl.slice('sqlite:'.length)} to ${file} (${pages} pages)`);
    },
  },
};
