// Store records for tests that write straight through the store: a user with every field set, overridable.
import { newId } from '../../src/ids.js';
import type { NewUser } from '../../src/storage/types.js';

/** A human user with a fresh id and username. */
export function newUser(overrides: Partial<NewUser> = {}): NewUser {
  return {
    id: newId(),
    username: `u${newId()}`,
    discriminator: '0',
    globalName: null,
    avatar: null,
    email: null,
    verified: false,
    flags: 0,
    bot: false,
    system: false,
    admin: false,
    state: 'normal',
    passwordHash: null,
    createdAt: 1_000,
    ...overrides,
  };
}
