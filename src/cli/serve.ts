// CLI commands that run the server and migrate its database: serve, migrate.
import type { Command } from './command.js';
import { withStore } from './with-store.js';

export const serveCommands: Record<string, Command> = {
  serve: {
    usage: 'guildgate serve [--no-migrate]\n  Serves the API and pages on GUILDGATE_HOST:GUILDGATE_PORT; migrates the database first unless --no-migrate.',
    options: { 'no-migrate': { type: 'boolean' } },
    async run(values, config) {
      const { serve } = await import('../serve.js');
      await serve(config, { migrate: !values['no-migrate'] });
    },
  },
  migrate: {
    usage: 'guildgate migrate\n  Applies pending database migrations and exits.',
    options: {},
    async run(_values, config, _positionals, { print }) {
      const applied = await withStore(config, async (_store, names) => names);
      print(applied.length === 0 ? 'database is up to date' : `applied: ${applied.join(', ')}`);
    },
  },
};
