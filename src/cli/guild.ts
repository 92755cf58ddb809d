// CLI commands on guilds: guild create, guild add-member.
import { GUILD_ICON_PATTERN, GUILD_NAME_MAX } from '../guilds/guilds-service.js';
import { isSnowflake } from '../ids.js';
import { UsageError, type Command } from './command.js';
import { userNamed, withServices } from './with-store.js';

export const guildCommands: Record<string, Command> = {
  'guild create': {
    usage: 'guildgate guild create --owner <username> --name <name> [--icon <hash>]\n  Creates a guild owned by a local account; prints its id.',
    options: { owner: { type: 'string' }, name: { type: 'string' }, icon: { type: 'string' } },
    async run(values, config, _positionals, { print }) {
      const { owner, name, icon } = values;
      if (typeof owner !== 'string' || typeof name !== 'string') throw new UsageError('--owner and --name are required');
      if (!/\S/.test(name) || name.length > GUILD_NAME_MAX) throw new UsageError(`--name: 1 to ${GUILD_NAME_MAX} characters`);
      if (icon !== undefined && !new RegExp(GUILD_ICON_PATTERN).test(icon as string)) throw new UsageError('--icon: an image hash');
      const guild = await withServices(config, async (services, store) =>
        services.guilds.create((await userNamed(store, owner)).id, { name, icon: icon as string | undefined }),
      );
      print(guild.id);
    },
  },
  'guild add-member': {
    usage:
      'guildgate guild add-member <guild id> --user <username> [--permissions <decimal>]\n' +
      '  Adds a local account to a guild, or sets its permissions when it is a member (a new member gets 0 unless told).',
    options: { user: { type: 'string' }, permissions: { type: 'string' } },
    positionals: ['guild id'],
    async run(values, config, [guildId], { print }) {
      const { user, permissions } = values;
      if (!isSnowflake(guildId!)) throw new UsageError('<guild id>: a numeric id');
      if (typeof user !== 'string') throw new UsageError('--user is required');
      const { member, created } = await withServices(config, async (services, store) =>
        services.guilds.putMember(null, guildId!, (await userNamed(store, user)).id, permissions as string | undefined),
      );
      print(`${created ? 'added' : 'updated'} ${user} in guild ${guildId} with permissions ${member.permissions}`);
    },
  },
};
