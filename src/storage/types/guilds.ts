// The guild store: guilds and their members.
import type { UserRecord } from './users.js';

export interface GuildRecord {
  id: string;
  name: string;
  icon: string | null;
  ownerId: string;
  createdAt: number;
  /** The upstream provider the guild was imported from (its id is the upstream one); null for guilds created here. */
  sourceProvider: string | null;
}

export type GuildPatch = Partial<Pick<GuildRecord, 'name' | 'icon' | 'ownerId'>>;

export interface GuildMemberRecord {
  guildId: string;
  userId: string;
  /** The granted 64-bit permission bitfield. */
  permissions: bigint;
  joinedAt: number;
}

export interface GuildStore {
  /** Inserts the guild (its members are added on their own). Throws UniqueViolationError when the id is taken. */
  create(guild: GuildRecord): Promise<void>;
  findById(id: string): Promise<GuildRecord | null>;
  /** Applies the patch; null when no such guild. */
  update(id: string, patch: GuildPatch): Promise<GuildRecord | null>;
  findMember(guildId: string, userId: string): Promise<GuildMemberRecord | null>;
  /** The guilds the user is a member of, with that membership, oldest first. */
  listForUser(userId: string): Promise<{ guild: GuildRecord; member: GuildMemberRecord }[]>;
  /** Inserts a membership; throws UniqueViolationError when the user is already a member. */
  addMember(member: GuildMemberRecord): Promise<void>;
  /** Replaces a member's permissions; null when no such member. */
  updateMember(guildId: string, userId: string, permissions: bigint): Promise<GuildMemberRecord | null>;
  removeMember(guildId: string, userId: string): Promise<boolean>;
  /** Members with their users, by ascending user id, after `after` (a user id) when given. */
  listMembers(guildId: string, page: { limit: number; after?: string }): Promise<{ member: GuildMemberRecord; user: UserRecord }[]>;
}
