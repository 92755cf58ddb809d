// The store operations the conformance suite races: each runs once per contender and answers its outcome as a string
// ("won", or the error it met), the same in a worker thread (SQLite) as on a pooled connection (PostgreSQL).
import { insertAccount } from '../../src/accounts/accounts-service.js';
import { ApiError } from '../../src/errors/api-error.js';
import { OAuthError } from '../../src/errors/oauth-error.js';
import { loadConfig } from '../../src/config.js';
import type { AuthenticatedClient } from '../../src/oauth/client-auth.js';
import { redeemCode } from '../../src/oauth/code-redemption.js';
import type { OAuthContext } from '../../src/oauth/context.js';
import { deviceCodeGrant } from '../../src/oauth/grants/device-code.js';
import { refreshTokenGrant } from '../../src/oauth/grants/refresh-token.js';
import { newId } from '../../src/ids.js';
import type { DeviceCodeRecord, OAuthTokenRecord, Store } from '../../src/storage/types.js';
import { newToken, newUser } from './records.js';

export type RaceArgs = Record<string, string>;

/** What a failed contender met: an OAuth error code, an API error code, or the error's name. */
function outcomeOf(error: unknown): string {
  if (error instanceof OAuthError) return error.error;
  if (error instanceof ApiError) return error.code;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function settle(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
    return 'won';
  } catch (error) {
    return outcomeOf(error);
  }
}

/** The OAuth core's context for the refresh and device_code grants: the store and a clock (without openid they use nothing else). */
function grantContext(store: Store, now: number): OAuthContext {
  return { store, clock: { now: () => now }, issuer: 'http://guildgate.test', lifetimes: loadConfig({}).lifetimes } as OAuthContext;
}

/** An access and a refresh token issued from a code, with new random values. */
function codeTokens(code: Pick<OAuthTokenRecord, 'applicationId' | 'userId' | 'authorizationId' | 'familyId'>): OAuthTokenRecord[] {
  const grant = { applicationId: code.applicationId, userId: code.userId, authorizationId: code.authorizationId };
  return [newToken(grant, { familyId: code.familyId }), newToken(grant, { kind: 'refresh', familyId: code.familyId })];
}

export const RACE_OPERATIONS = {
  /**
   * Redeems the code in a transaction, as the token endpoint does for an authenticated confidential client (whose
   * replay revokes the code's token family).
   */
  redeemCode: (store: Store, { digest, applicationId, now }: RaceArgs) =>
    settle(async () => {
      const redeemer = { applicationId: applicationId!, authenticated: true, isPublic: false };
      const result = await store.transaction((tx) => redeemCode(tx, digest!, redeemer, Number(now)));
      if (result instanceof OAuthError) throw result;
    }),
  /** Presents the refresh token to the refresh_token grant. */
  refresh: (store: Store, { token, applicationId, now }: RaceArgs) =>
    settle(() =>
      refreshTokenGrant.handle(grantContext(store, Number(now)), { application: { id: applicationId } } as AuthenticatedClient, { refresh_token: token }),
    ),
  /** Polls with the device code at the token endpoint's device_code grant, as the application. */
  pollDevice: (store: Store, { deviceCode, applicationId, now }: RaceArgs) =>
    settle(() =>
      deviceCodeGrant.handle(grantContext(store, Number(now)), { application: { id: applicationId } } as AuthenticatedClient, { device_code: deviceCode }),
    ),
  /** Exchanges the authorization code for an access and a refresh token in its family, as the token endpoint does. */
  exchangeCode: (store: Store, { digest, applicationId, now }: RaceArgs) =>
    settle(async () => {
      const exchange = await store.codes.exchange(digest!, applicationId!, Number(now), (code) => ({ tokens: codeTokens(code), readUser: false }));
      if (exchange?.outcome !== 'issued') throw OAuthError.invalidGrant('already used');
    }),
  /** Exchanges the approved device code for an access and a refresh token, as the grant does once a poll is on time. */
  exchangeDeviceCode: (store: Store, { digest, applicationId, now }: RaceArgs) =>
    settle(async () => {
      const tokens = (code: DeviceCodeRecord) => codeTokens({ ...code, userId: code.userId!, familyId: newId() });
      if (!(await store.deviceCodes.exchange(digest!, applicationId!, Number(now), (code) => ({ tokens: tokens(code), readUser: false })))) {
        throw OAuthError.invalidGrant('already used');
      }
    }),
  /** Grants one scope to the user's authorization of the application. */
  grant: (store: Store, { userId, applicationId, scope, now }: RaceArgs) =>
    settle(() => store.authorizations.grant(userId!, applicationId!, [scope!], Number(now))),
  /** Signs up an account with the username, in a transaction, as sign-up does. */
  signUp: (store: Store, { username }: RaceArgs) => settle(() => store.transaction((tx) => insertAccount(tx, newUser({ username })))),
} satisfies Record<string, (store: Store, args: RaceArgs) => Promise<string>>;

export type RaceOperation = keyof typeof RACE_OPERATIONS;
