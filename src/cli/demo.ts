// The demo CLI command: a demo account with a random password, and how to log in with it.
import { randomBytes } from 'node:crypto';
import type { Command } from './command.js';
import { createUser } from './user.js';

export const demoCommands: Record<string, Command> = {
  demo: {
    usage: 'guildgate demo [--username <name>]\n  Creates a demo account with a random password and prints how to log in.',
    options: { username: { type: 'string' } },
    async run(values, config, _positionals, { print }) {
      const username = typeof values.username === 'string' ? values.username : `demo_${randomBytes(3).toString('hex')}`;
      const password = randomBytes(12).toString('base64url');
      const user = await createUser(config, username, password, undefined, false);
      print(`demo user: ${user.username}\npassword:  ${password}`);
      print(
        `log in:    curl -s -X POST ${config.issuer}/api/v1/auth/login -H 'Content-Type: application/json' -d '{"login":"${user.username}","password":"${password}"}'`,
      );
    },
  },
};
