// Local accounts: registration, password login with atomic attempt limits before hashing, and profile changes.
import type { Clock } from '../clock.js';
import { hashPassword, needsRehash, unusablePasswordHash, verifyPassword } from '../crypto/passwords.js';
import { ApiError } from '../errors/api-error.js';
import { newId } from '../ids.js';
import type { Limits } from '../limits/limits.js';
import { loginFailures } from '../metrics/counters.js';
import type { NewUser, Repositories, Store, UserRecord } from '../storage/types.js';
import { UniqueViolationError } from '../storage/types.js';
import { endCredentials } from './credential-reset.js';
import { HUMAN_DISCRIMINATOR } from './usernames.js';

export interface Registration {
  username: string;
  password: string;
  email?: string | null;
  admin?: boolean;
}

export interface ProfileChange {
  globalName?: string | null;
  email?: string | null;
  currentPassword?: string;
  newPassword?: string;
  /** With a new password: keep the authorized applications listed (their tokens are revoked all the same). */
  keepAuthorizations?: boolean;
}

export function conflictError(error: unknown): unknown {
  if (!(error instanceof UniqueViolationError)) return error;
  return error.constraint === 'email'
    ? ApiError.conflict('EMAIL_TAKEN', 'That email is already registered')
    : ApiError.conflict('USERNAME_TAKEN', 'That username is taken');
}

/** Inserts a new account (alone or in a transaction): 409 USERNAME_TAKEN or EMAIL_TAKEN when either is taken. */
export async function insertAccount(db: Repositories, account: NewUser): Promise<UserRecord> {
  try {
    return await db.users.create(account);
  } catch (error) {
    throw conflictError(error);
  }
}

export class AccountsService {
  private readonly unusableHash: string;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly limits: Pick<Limits, 'loginAddress' | 'loginFailures' | 'passwordHashes'>,
    private readonly scryptCost: number,
  ) {
    this.unusableHash = unusablePasswordHash(scryptCost);
  }

  /** The record of a new local account with its password hashed (scrypt): made before the write that stores it. */
  async newAccount(input: Registration): Promise<NewUser> {
    return {
      id: newId(),
      username: input.username,
      discriminator: HUMAN_DISCRIMINATOR,
      globalName: null,
      avatar: null,
      email: input.email ?? null,
      verified: false,
      flags: 0,
      bot: false,
      system: false,
      admin: input.admin ?? false,
      state: 'normal',
      passwordHash: await this.limits.passwordHashes.run(() => hashPassword(input.password, this.scryptCost)),
      createdAt: this.clock.now(),
    };
  }

  /** Creates a local account on its own (no session: the command line). */
  async register(input: Registration): Promise<UserRecord> {
    return insertAccount(this.store, await this.newAccount(input));
  }

  /**
   * Checks a login (username or email) and password. Before any hashing, the attempt is counted (atomically) against
   * the address's attempts a minute and reserved as a failure of the login name and address: past either limit the
   * answer is 429 with nothing evaluated. A success clears the failures of the pair.
   */
  async verifyLogin(login: string, password: string, ip: string): Promise<UserRecord> {
    const now = this.clock.now();
    await this.limits.loginAddress.enforce(ip, now, 'Too many logins from this address; try again later');
    const failureKey = `${login.toLowerCase()}|${ip}`;
    await this.limits.loginFailures.enforce(failureKey, now, 'Too many failed logins; try again later');
    const user = await this.store.users.findByLogin(login);
    const valid = await this.checkPassword(password, user?.passwordHash ?? this.unusableHash);
    if (!user || !valid) {
      loginFailures.inc();
      throw ApiError.unauthorized('Invalid login or password');
    }
    await this.limits.loginFailures.reset(failureKey);
    if (user.state === 'banned') throw ApiError.forbidden('USER_BANNED', 'This account is banned');
    if (user.passwordHash && needsRehash(user.passwordHash, this.scryptCost)) return this.rehash(user, user.passwordHash, password);
    return user;
  }

  /**
   * Replaces a weaker stored hash with one at the current cost, hashed before the write. The write is conditional on
   * the old hash, so a password changed meanwhile is never overwritten.
   */
  private async rehash(user: UserRecord, stored: string, password: string): Promise<UserRecord> {
    const passwordHash = await this.limits.passwordHashes.run(() => hashPassword(password, this.scryptCost));
    return (await this.store.users.replacePasswordHash(user.id, stored, passwordHash)) ? { ...user, passwordHash } : user;
  }

  /** A password check through the hash gate (a bounded number at once). */
  private checkPassword(password: string, hash: string): Promise<boolean> {
    return this.limits.passwordHashes.run(() => verifyPassword(password, hash));
  }

  /** The current password before a change, limited as logins are (per user): guessing it is refused past the limit. */
  private async checkCurrentPassword(user: UserRecord, password: string): Promise<void> {
    const failureKey = `user:${user.id}`;
    await this.limits.loginFailures.enforce(failureKey, this.clock.now(), 'Too many wrong passwords; try again later');
    if (!user.passwordHash || !(await this.checkPassword(password, user.passwordHash))) {
      throw ApiError.invalidField('password', 'the current password is incorrect');
    }
    await this.limits.loginFailures.reset(failureKey);
  }

  /**
   * Changes the profile. A password change needs the current password, signs out every other session and revokes the
   * user's OAuth2 tokens and authorizations (the authorizations stay listed with `keepAuthorizations`).
   */
  async changeProfile(user: UserRecord, change: ProfileChange, currentSessionId: string | null): Promise<UserRecord> {
    let passwordHash: string | undefined;
    if (change.newPassword !== undefined) {
      if (change.currentPassword === undefined) throw ApiError.invalidField('password', 'the current password is required to set a new one');
      await this.checkCurrentPassword(user, change.currentPassword);
      passwordHash = await this.limits.passwordHashes.run(() => hashPassword(change.newPassword!, this.scryptCost));
    }
    return this.store.transaction(async (tx) => {
      let updated: UserRecord | null;
      try {
        const emailChanged = change.email !== undefined && change.email !== user.email;
        updated = await tx.users.update(user.id, {
          globalName: change.globalName,
          email: change.email,
          passwordHash,
          ...(emailChanged && { verified: false }),
        });
      } catch (error) {
        throw conflictError(error);
      }
      if (!updated) throw ApiError.notFound('user');
      if (passwordHash !== undefined) {
        await endCredentials(tx, user.id, this.clock.now(), { keepSessionId: currentSessionId, keepAuthorizations: change.keepAuthorizations === true });
      }
      return updated;
    });
  }
}
