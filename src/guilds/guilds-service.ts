// Guilds: creation with the owner as first member, membership checks, member listing, permission grants and removal.
import type { Clock } from '../clock.js';
import { ApiError } from '../errors/api-error.js';
import { newId } from '../ids.js';
import type { GuildMemberRecord, GuildRecord, Repositories, Store, UserRecord } from '../storage/types.js';
import {
  ALL_PERMISSIONS,
  canManage,
  effectivePermissions,
  holdsAll,
  InvalidPermissionsError,
  parsePermissions,
  PERMISSIONS,
  type Membership,
} from './permissions.js';

/** A guild with the membership of the member acting on it. */
export interface GuildAccess {
  guild: GuildRecord;
  actor: Membership;
}

export const GUILD_NAME_MAX = 100;
/** Icons are image hashes. */
export const GUILD_ICON_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

export interface NewGuild {
  name: string;
  icon?: string | null;
}

export interface MemberWithUser {
  member: GuildMemberRecord;
  user: UserRecord;
}

const missingPermissions = (message: string) => ApiError.forbidden('MISSING_PERMISSIONS', message);
const botMembersByInstall = () =>
  new ApiError(400, 'BOT_MEMBER_NOT_ALLOWED', 'Bots join and leave a guild by being installed and removed (integrations), not as members');
const ownerImmutable = () => ApiError.forbidden('CANNOT_MODIFY_OWNER', "The guild owner's membership cannot be changed");

function parseField(permissions: string): bigint {
  try {
    return parsePermissions(permissions);
  } catch (error) {
    if (error instanceof InvalidPermissionsError) throw ApiError.invalidField('permissions', error.message);
    throw error;
  }
}

export class GuildsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async create(ownerId: string, input: NewGuild): Promise<GuildRecord> {
    const now = this.clock.now();
    const guild: GuildRecord = { id: newId(), name: input.name, icon: input.icon ?? null, ownerId, createdAt: now, sourceProvider: null };
    await this.store.transaction(async (tx) => {
      await tx.guilds.create(guild);
      await tx.guilds.addMember({ guildId: guild.id, userId: ownerId, permissions: ALL_PERMISSIONS, joinedAt: now });
    });
    return guild;
  }

  /** The guild, for one of its members (403 MISSING_ACCESS for anyone else). */
  async get(actorId: string, guildId: string): Promise<GuildRecord> {
    return (await this.access(this.store, actorId, guildId)).guild;
  }

  /** The user's guilds with what the user may do in each (everything for owners and administrators). */
  async listForUser(userId: string): Promise<{ guild: GuildRecord; permissions: bigint }[]> {
    const memberships = await this.store.guilds.listForUser(userId);
    return memberships.map(({ guild, member }) => ({ guild, permissions: effectivePermissions({ ownerId: guild.ownerId, ...member }) }));
  }

  /** The guilds the user may manage (owner, ADMINISTRATOR or MANAGE_GUILD): where the user may install bots. */
  async listManaged(userId: string): Promise<GuildRecord[]> {
    const memberships = await this.store.guilds.listForUser(userId);
    return memberships.filter(({ guild, member }) => canManage({ ownerId: guild.ownerId, ...member })).map(({ guild }) => guild);
  }

  /**
   * The guild and the actor's membership when the actor manages it (alone, or in the caller's transaction): 404
   * UNKNOWN_GUILD, 403 MISSING_ACCESS or MISSING_PERMISSIONS.
   */
  async managedGuild(db: Repositories, actorId: string, guildId: string, why: string): Promise<GuildAccess> {
    const access = await this.access(db, actorId, guildId);
    if (!canManage(access.actor)) throw missingPermissions(why);
    return access;
  }

  async listMembers(actorId: string, guildId: string, page: { limit: number; after?: string }): Promise<MemberWithUser[]> {
    const { actor } = await this.access(this.store, actorId, guildId);
    if (!canManage(actor)) throw missingPermissions('Listing members needs MANAGE_GUILD');
    return this.store.guilds.listMembers(guildId, page);
  }

  /**
   * Adds a member or changes its permissions (kept when `permissions` is absent; a new member starts with none).
   * `actorId` null is the platform itself (CLI): no permission checks. A manager may only grant or revoke bits it holds.
   */
  async putMember(actorId: string | null, guildId: string, userId: string, permissions?: string): Promise<MemberWithUser & { created: boolean }> {
    const requested = permissions === undefined ? undefined : parseField(permissions);
    return this.store.transaction(async (tx) => {
      const { guild, actor } = actorId === null ? { guild: await this.findGuild(tx, guildId), actor: null } : await this.access(tx, actorId, guildId);
      if (actor && !canManage(actor)) throw missingPermissions('Managing members needs MANAGE_GUILD');
      const user = await tx.users.findById(userId);
      if (!user) throw ApiError.notFound('user');
      if (user.bot) throw botMembersByInstall();
      if (userId === guild.ownerId) throw ownerImmutable();
      const existing = await tx.guilds.findMember(guildId, userId);
      const bits = requested ?? existing?.permissions ?? 0n;
      if (actor && !holdsAll(actor, bits ^ (existing?.permissions ?? 0n))) {
        throw missingPermissions('You cannot grant or revoke permissions you do not have');
      }
      if (existing) {
        const member = (await tx.guilds.updateMember(guildId, userId, bits))!;
        return { member, user, created: false };
      }
      const member: GuildMemberRecord = { guildId, userId, permissions: bits, joinedAt: this.clock.now() };
      await tx.guilds.addMember(member);
      return { member, user, created: true };
    });
  }

  /** The user's own membership (Discord's GET /users/@me/guilds/{id}/member): 404 UNKNOWN_GUILD unless the user is in it. */
  async ownMember(user: UserRecord, guildId: string): Promise<MemberWithUser> {
    const member = await this.store.guilds.findMember(guildId, user.id);
    if (!member) throw ApiError.notFound('guild');
    return { member, user };
  }

  /**
   * Discord's Add Guild Member: a bot in the guild holding CREATE_INSTANT_INVITE adds `user` (who granted its
   * application `guilds.join`) with no permissions; a user already in the guild stays as it is (`created` false).
   */
  async joinByBot(botUserId: string, guildId: string, user: UserRecord): Promise<MemberWithUser & { created: boolean }> {
    return this.store.transaction(async (tx) => {
      const { actor } = await this.access(tx, botUserId, guildId);
      if (!holdsAll(actor, PERMISSIONS.CREATE_INSTANT_INVITE)) throw missingPermissions('Adding members needs CREATE_INSTANT_INVITE');
      const existing = await tx.guilds.findMember(guildId, user.id);
      if (existing) return { member: existing, user, created: false };
      const member: GuildMemberRecord = { guildId, userId: user.id, permissions: 0n, joinedAt: this.clock.now() };
      await tx.guilds.addMember(member);
      return { member, user, created: true };
    });
  }

  /** Removes a member: managers remove others holding no more than they do; any member may leave; the owner stays. */
  async removeMember(actorId: string, guildId: string, userId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const { guild, actor } = await this.access(tx, actorId, guildId);
      if (userId === guild.ownerId) throw ownerImmutable();
      if ((await tx.users.findById(userId))?.bot) throw botMembersByInstall();
      if (userId !== actorId) {
        if (!canManage(actor)) throw missingPermissions('Removing members needs MANAGE_GUILD');
        const target = await tx.guilds.findMember(guildId, userId);
        if (!target) throw ApiError.notFound('member');
        if (!holdsAll(actor, target.permissions)) throw missingPermissions('You cannot remove a member holding permissions you do not have');
      }
      if (!(await tx.guilds.removeMember(guildId, userId))) throw ApiError.notFound('member');
    });
  }

  private async findGuild(db: Repositories, guildId: string): Promise<GuildRecord> {
    const guild = await db.guilds.findById(guildId);
    if (!guild) throw ApiError.notFound('guild');
    return guild;
  }

  /** The guild and the actor's membership; 404 UNKNOWN_GUILD, or 403 MISSING_ACCESS for a non-member. */
  private async access(db: Repositories, actorId: string, guildId: string): Promise<GuildAccess> {
    const guild = await this.findGuild(db, guildId);
    const member = await db.guilds.findMember(guildId, actorId);
    if (!member) throw ApiError.forbidden('MISSING_ACCESS', 'You are not a member of this guild');
    return { guild, actor: { ownerId: guild.ownerId, userId: member.userId, permissions: member.permissions } };
  }
}
