// Store records for tests that write straight through the store: users, sessions and tokens with every field set, overridable.
import { newId } from '../../src/ids.js';
import type { NewUser, OAuthTokenRecord, SessionRecord } from '../../src/storage/types.js';

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

/** A login session of the user, overridable. */
export function newSession(userId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: crypto.randomUUID(),
    userId,
    type: 'login',
    name: null,
    tokenDigest: `digest-${newId()}`,
    createdAt: 1_000,
    expiresAt: 5_000,
    ip: '127.0.0.1',
    userAgent: null,
    amr: [],
    ...overrides,
  };
}

/** An access token of the grant (application, user, authorization) with a fresh digest and family, overridable. */
export function newToken(
  grant: Pick<OAuthTokenRecord, 'applicationId' | 'userId' | 'authorizationId'>,
  overrides: Partial<OAuthTokenRecord> = {},
): OAuthTokenRecord {
  return {
    digest: `token-${newId()}`,
    kind: 'access',
    familyId: newId(),
    familyStartedAt: 1_000,
    ...grant,
    grantType: grant.authorizationId === null ? 'client_credentials' : 'authorization_code',
    scopes: ['identify'],
    createdAt: 1_000,
    expiresAt: 5_000,
    revokedAt: null,
    guildId: null,
    integrationId: null,
    login: { authTime: null, amr: [], idTokenClaims: [] },
    ...overrides,
  };
}
