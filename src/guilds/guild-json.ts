// JSON forms of guilds and members: Snowflake strings, permissions as decimal strings.
import type { GuildMemberRecord, GuildRecord, UserRecord } from '../storage/types.js';

export interface GuildJson {
  id: string;
  name: string;
  icon: string | null;
  owner_id: string;
}

export function guildJson(guild: GuildRecord): GuildJson {
  return { id: guild.id, name: guild.name, icon: guild.icon, owner_id: guild.ownerId };
}

/** An entry of GET /users/@me/guilds: the guild as the user sees it. */
export function userGuildJson(guild: GuildRecord, userId: string, permissions: bigint) {
  return { id: guild.id, name: guild.name, icon: guild.icon, owner: guild.ownerId === userId, permissions: permissions.toString() };
}

export function memberJson(member: GuildMemberRecord, user: UserRecord) {
  return {
    user: { id: user.id, username: user.username, discriminator: user.discriminator, global_name: user.globalName, avatar: user.avatar, bot: user.bot },
    permissions: member.permissions.toString(),
    joined_at: new Date(member.joinedAt).toISOString(),
  };
}
