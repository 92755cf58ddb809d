// Upstream accounts as local users through linked identities: a first login creates and links a user, later ones refresh its profile.
import { randomInt } from 'node:crypto';
import { HUMAN_DISCRIMINATOR } from '../accounts/usernames.js';
import { ApiError } from '../errors/api-error.js';
import { newId } from '../ids.js';
import type { NewUser, Tx, UserRecord } from '../storage/types.js';
import type { UpstreamUser } from './upstream-shapes.js';

/** The upstream id the provider's own system user is linked under: no upstream account has it (ids start at 1). */
export const PROVIDER_ACCOUNT_ID = '0';
const USERNAME_ATTEMPTS = 10;

type Profile = Pick<NewUser, 'globalName' | 'avatar' | 'email' | 'verified' | 'system'>;

/** A local username (2 to 32 of A-Z a-z 0-9 _ .) from an upstream one: accents dropped, other characters become `_`. */
export function localUsername(upstream: string): string {
  const name = upstream
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_.]+/g, '_')
    .slice(0, 32);
  return /[A-Za-z0-9]/.test(name) ? name.padEnd(2, '_') : 'user';
}

/**
 * Creates a user under `preferredId` when it is free (an upstream Snowflake: platforms correlate by it), else a new id,
 * named `base` or, when that is taken, `base_NNNN`. Inserts never raise, so an enclosing transaction stays usable.
 */
async function createUser(tx: Tx, preferredId: string | null, base: string, profile: Profile, now: number): Promise<UserRecord> {
  let id = preferredId !== null && !(await tx.users.findById(preferredId)) ? preferredId : newId();
  for (let attempt = 0; attempt < USERNAME_ATTEMPTS; attempt++) {
    const username = attempt === 0 ? base : `${base.slice(0, 27)}_${randomInt(1000, 10_000)}`;
    const user = await tx.users.createUnlessTaken({
      id,
      username,
      discriminator: HUMAN_DISCRIMINATOR,
      ...profile,
      flags: 0,
      bot: false,
      admin: false,
      state: 'normal',
      passwordHash: null,
      createdAt: now,
    });
    if (user) return user;
    if (await tx.users.findById(id)) id = newId();
  }
  throw ApiError.conflict('USERNAME_TAKEN', 'No free username was found for this account; try again');
}

/** Whether `email` may be stored on `userId`: emails are unique, and an account is never linked through its email. */
async function emailAvailable(tx: Tx, email: string | null, userId: string | null): Promise<boolean> {
  if (email === null) return false;
  const holder = await tx.users.findByLogin(email);
  return holder === null || holder.id === userId;
}

/** The local user of an upstream account: linked at its first login; a later login refreshes name, avatar and email. */
export async function linkedUser(tx: Tx, provider: string, upstream: UpstreamUser, now: number): Promise<UserRecord> {
  const link = await tx.identities.find(provider, upstream.id);
  const { globalName, avatar } = upstream;
  if (link) {
    // A link never outlives its user (ON DELETE CASCADE).
    const user = (await tx.users.findById(link.userId))!;
    if (link.name !== upstream.username) await tx.identities.rename(provider, upstream.id, upstream.username);
    if (user.state === 'banned') return user;
    const email = (await emailAvailable(tx, upstream.email, user.id)) ? { email: upstream.email, verified: upstream.verified } : {};
    return (await tx.users.update(user.id, { globalName, avatar, ...email }))!;
  }
  const email = (await emailAvailable(tx, upstream.email, null)) ? upstream.email : null;
  const profile = { globalName, avatar, email, verified: email !== null && upstream.verified, system: false };
  const user = await createUser(tx, upstream.id, localUsername(upstream.username), profile, now);
  await tx.identities.create({ provider, upstreamUserId: upstream.id, userId: user.id, createdAt: now, name: upstream.username });
  return user;
}

/** The provider's system user, created on first need: it owns imported guilds whose upstream owner has not logged in here. */
export async function providerAccount(tx: Tx, provider: string, now: number): Promise<string> {
  const link = await tx.identities.find(provider, PROVIDER_ACCOUNT_ID);
  if (link) return link.userId;
  const profile = { globalName: null, avatar: null, email: null, verified: false, system: true };
  const user = await createUser(tx, null, localUsername(provider), profile, now);
  await tx.identities.create({ provider, upstreamUserId: PROVIDER_ACCOUNT_ID, userId: user.id, createdAt: now, name: null });
  return user.id;
}
