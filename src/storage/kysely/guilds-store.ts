// GuildStore on Kysely: guilds and memberships, permissions kept as decimal text of a 64-bit bitfield; the lookups of
// every guild read are prepared queries.
import type { Kysely, Selectable } from 'kysely';
import type { GuildMemberRecord, GuildPatch, GuildRecord, GuildStore, UserRecord } from '../types.js';
import { toUser } from './mappers.js';
import { param, PreparedQuery, type QueryRunner } from './prepared-query.js';
import type { Database, GuildMembersTable, GuildsTable } from './schema.js';
import { translatingUnique } from './unique-violation.js';

function toGuild(row: Selectable<GuildsTable>): GuildRecord {
  return { id: row.id, name: row.name, icon: row.icon, ownerId: row.owner_id, createdAt: Number(row.created_at), sourceProvider: row.source_provider };
}

function toMember(row: Selectable<GuildMembersTable>): GuildMemberRecord {
  return { guildId: row.guild_id, userId: row.user_id, permissions: BigInt(row.permissions), joinedAt: Number(row.joined_at) };
}

function memberRow(member: GuildMemberRecord): GuildMembersTable {
  return { guild_id: member.guildId, user_id: member.userId, permissions: member.permissions.toString(), joined_at: member.joinedAt };
}

const guildById = new PreparedQuery((db) => db.selectFrom('guilds').selectAll().where('id', '=', param('id')));

const memberOf = new PreparedQuery((db) =>
  db.selectFrom('guild_members').selectAll().where('guild_id', '=', param('guildId')).where('user_id', '=', param('userId')),
);

export class KyselyGuildStore implements GuildStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly runner: QueryRunner,
  ) {}

  async create(guild: GuildRecord): Promise<void> {
    await translatingUnique(() =>
      this.db
        .insertInto('guilds')
        .values({
          id: guild.id,
          name: guild.name,
          icon: guild.icon,
          owner_id: guild.ownerId,
          created_at: guild.createdAt,
          source_provider: guild.sourceProvider,
        })
        .execute(),
    );
  }

  async findById(id: string): Promise<GuildRecord | null> {
    const row = await this.runner.first(guildById, { id });
    return row ? toGuild(row) : null;
  }

  async update(id: string, patch: GuildPatch): Promise<GuildRecord | null> {
    const values = {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.icon !== undefined && { icon: patch.icon }),
      ...(patch.ownerId !== undefined && { owner_id: patch.ownerId }),
    };
    if (Object.keys(values).length === 0) return this.findById(id);
    const row = await this.db.updateTable('guilds').set(values).where('id', '=', id).returningAll().executeTakeFirst();
    return row ? toGuild(row) : null;
  }

  async findMember(guildId: string, userId: string): Promise<GuildMemberRecord | null> {
    const row = await this.runner.first(memberOf, { guildId, userId });
    return row ? toMember(row) : null;
  }

  async listForUser(userId: string): Promise<{ guild: GuildRecord; member: GuildMemberRecord }[]> {
    const rows = await this.db
      .selectFrom('guild_members as m')
      .innerJoin('guilds as g', 'g.id', 'm.guild_id')
      .selectAll('g')
      .select(['m.user_id', 'm.permissions', 'm.joined_at'])
      .where('m.user_id', '=', userId)
      .orderBy('m.joined_at')
      .orderBy('g.id')
      .execute();
    return rows.map((row) => ({
      guild: toGuild(row),
      member: toMember({ guild_id: row.id, user_id: row.user_id, permissions: row.permissions, joined_at: row.joined_at }),
    }));
  }

  async addMember(member: GuildMemberRecord): Promise<void> {
    await translatingUnique(() => this.db.insertInto('guild_members').values(memberRow(member)).execute());
  }

  async updateMember(guildId: string, userId: string, permissions: bigint): Promise<GuildMemberRecord | null> {
    const row = await this.db
      .updateTable('guild_members')
      .set({ permissions: permissions.toString() })
      .where('guild_id', '=', guildId)
      .where('user_id', '=', userId)
      .returningAll()
      .executeTakeFirst();
    return row ? toMember(row) : null;
  }

  async removeMember(guildId: string, userId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('guild_members').where('guild_id', '=', guildId).where('user_id', '=', userId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async listMembers(guildId: string, page: { limit: number; after?: string }): Promise<{ member: GuildMemberRecord; user: UserRecord }[]> {
    let query = this.db
      .selectFrom('guild_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .selectAll('u')
      .select(['m.guild_id', 'm.permissions', 'm.joined_at'])
      .where('m.guild_id', '=', guildId);
    // Snowflakes sort numerically: by length first, then as text (portable across dialects).
    if (page.after !== undefined) {
      const after = page.after;
      query = query.where((eb) =>
        eb.or([eb(eb.fn('length', ['u.id']), '>', after.length), eb.and([eb(eb.fn('length', ['u.id']), '=', after.length), eb('u.id', '>', after)])]),
      );
    }
    const rows = await query
      .orderBy((eb) => eb.fn('length', ['u.id']))
      .orderBy('u.id')
      .limit(page.limit)
      .execute();
    return rows.map((row) => ({
      member: toMember({ guild_id: row.guild_id, user_id: row.id, permissions: row.permissions, joined_at: row.joined_at }),
      user: toUser(row),
    }));
  }
}
