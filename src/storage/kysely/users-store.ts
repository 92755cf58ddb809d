// UserStore on Kysely: case-insensitive usernames and emails through lower-cased indexed columns.
import type { Kysely } from 'kysely';
import type { NewUser, UserPatch, UserRecord, UserStore } from '../types.js';
import { UniqueViolationError } from '../types.js';
import { flag, toUser } from './mappers.js';
import type { Database, UsersTable } from './schema.js';
import { asUniqueViolation } from './unique-violation.js';

/** Names the field a users unique violation is about, whatever the dialect called the constraint. */
function userConflict(error: unknown): unknown {
  const violation = asUniqueViolation(error);
  if (!violation) return error;
  return new UniqueViolationError(violation.constraint.includes('email') ? 'email' : 'username');
}

function toRow(user: NewUser): UsersTable {
  return {
    id: user.id,
    username: user.username,
    username_lower: user.username.toLowerCase(),
    discriminator: user.discriminator,
    global_name: user.globalName,
    avatar: user.avatar,
    banner: user.banner ?? null,
    bio: user.bio ?? null,
    email: user.email,
    email_lower: user.email?.toLowerCase() ?? null,
    verified: flag(user.verified),
    flags: user.flags,
    bot: flag(user.bot),
    system: flag(user.system),
    admin: flag(user.admin),
    state: user.state,
    banned_at: user.bannedAt ?? null,
    password_hash: user.passwordHash,
    created_at: user.createdAt,
  };
}

export class KyselyUserStore implements UserStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(user: NewUser): Promise<UserRecord> {
    try {
      const row = await this.db.insertInto('users').values(toRow(user)).returningAll().executeTakeFirstOrThrow();
      return toUser(row);
    } catch (error) {
      throw userConflict(error);
    }
  }

  async createUnlessTaken(user: NewUser): Promise<UserRecord | null> {
    const row = await this.db
      .insertInto('users')
      .values(toRow(user))
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async lock(id: string): Promise<void> {
    // A no-op update takes the row lock portably (SQLite has no SELECT ... FOR UPDATE).
    await this.db
      .updateTable('users')
      .set((eb) => ({ state: eb.ref('state') }))
      .where('id', '=', id)
      .execute();
  }

  async findById(id: string): Promise<UserRecord | null> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async findByLogin(login: string): Promise<UserRecord | null> {
    const lower = login.toLowerCase();
    const column = lower.includes('@') ? 'email_lower' : 'username_lower';
    const row = await this.db.selectFrom('users').selectAll().where(column, '=', lower).where('bot', '=', 0).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async replacePasswordHash(id: string, expected: string, replacement: string): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ password_hash: replacement })
      .where('id', '=', id)
      .where('password_hash', '=', expected)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async update(id: string, patch: UserPatch): Promise<UserRecord | null> {
    const values = {
      ...(patch.username !== undefined && { username: patch.username, username_lower: patch.username.toLowerCase() }),
      ...(patch.discriminator !== undefined && { discriminator: patch.discriminator }),
      ...(patch.globalName !== undefined && { global_name: patch.globalName }),
      ...(patch.avatar !== undefined && { avatar: patch.avatar }),
      ...(patch.banner !== undefined && { banner: patch.banner }),
      ...(patch.bio !== undefined && { bio: patch.bio }),
      ...(patch.email !== undefined && { email: patch.email, email_lower: patch.email?.toLowerCase() ?? null }),
      ...(patch.verified !== undefined && { verified: flag(patch.verified) }),
      ...(patch.flags !== undefined && { flags: patch.flags }),
      ...(patch.state !== undefined && { state: patch.state }),
      ...(patch.bannedAt !== undefined && { banned_at: patch.bannedAt }),
      ...(patch.passwordHash !== undefined && { password_hash: patch.passwordHash }),
    };
    if (Object.keys(values).length === 0) return this.findById(id);
    try {
      const row = await this.db.updateTable('users').set(values).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? toUser(row) : null;
    } catch (error) {
      throw userConflict(error);
    }
  }
}
