// CLI commands on local accounts: user create, user ban, user unban.
import type { Config } from '../config.js';
import { EMAIL_PATTERN, PASSWORD_MAX, PASSWORD_MIN, USERNAME_PATTERN } from '../accounts/usernames.js';
import { UsageError, type Command } from './command.js';
import { userNamed, withServices } from './with-store.js';

export async function createUser(config: Config, username: string, password: string, email: string | undefined, admin: boolean) {
  if (!new RegExp(USERNAME_PATTERN).test(username)) throw new UsageError('--username: 2 to 32 letters, digits, "_" or "."');
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) throw new UsageError(`--password: ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`);
  if (email !== undefined && !new RegExp(EMAIL_PATTERN).test(email)) throw new UsageError('--email: an email address');
  return withServices(config, (services) => services.accounts.register({ username, password, email, admin }));
}

export const userCommands: Record<string, Command> = {
  'user create': {
    usage: 'guildgate user create --username <name> --password <password> [--email <email>] [--admin]\n  Creates a local account.',
    options: { username: { type: 'string' }, password: { type: 'string' }, email: { type: 'string' }, admin: { type: 'boolean' } },
    async run(values, config, _positionals, { print }) {
      if (typeof values.username !== 'string' || typeof values.password !== 'string') throw new UsageError('--username and --password are required');
      const user = await createUser(config, values.username, values.password, values.email as string | undefined, values.admin === true);
      print(`created user ${user.username} (id ${user.id})${user.admin ? ' with admin rights' : ''}`);
    },
  },
  'user ban': {
    usage: 'guildgate user ban <username>\n  Bans a local account: it cannot log in, and its sessions, OAuth2 tokens and grants end now.',
    options: {},
    positionals: ['username'],
    async run(_values, config, [username], { print }) {
      const user = await withServices(config, async (services, store) => services.bans.ban((await userNamed(store, username!)).id));
      print(`banned ${user.username} (id ${user.id})`);
    },
  },
  'user unban': {
    usage: 'guildgate user unban <username>\n  Lifts the ban on a local account: it can log in again.',
    options: {},
    positionals: ['username'],
    async run(_values, config, [username], { print }) {
      const user = await withServices(config, async (services, store) => services.bans.unban((await userNamed(store, username!)).id));
      print(`unbanned ${user.username} (id ${user.id})`);
    },
  },
};
