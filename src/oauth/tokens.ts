// Access and refresh token minting and the successful token response (RFC 6749 sections 5.1 and 6).
import { digestToken, generateToken } from '../crypto/tokens.js';
import type { GuildJson } from '../guilds/guild-json.js';
import type { JwtAccessTokenInput } from '../oidc/jwt-access-token.js';
import type { AccessTokenFormat, LoginFacts, OAuthTokenRecord } from '../storage/types.js';
import type { OAuthContext } from './context.js';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
  /** OpenID Connect: with the `openid` scope, on the code exchange and on refreshes. */
  id_token?: string;
  /** The guild of a bot install, on the code exchange that completes it. */
  guild?: GuildJson;
}

export interface TokenGrantSubject {
  applicationId: string;
  userId: string;
  authorizationId: string | null;
  familyId: string;
  /** When the family started: its refresh tokens never outlive it by more than the absolute lifetime. */
  familyStartedAt: number;
  grantType: string;
  /** Scopes of the access token. */
  scopes: string[];
  /** Scopes of the refresh token (RFC 6749 6: unchanged across rotation), or null for no refresh token. */
  refreshScopes: string[] | null;
  /** The bot install the grant came from (guild and integration), inherited across refreshes. */
  guildId: string | null;
  integrationId: string | null;
  /** The login the grant rests on, kept on its tokens for the id tokens of later refreshes. */
  login: LoginFacts;
  /** The application's choice: opaque access tokens, or JWTs (RFC 9068) signed once the rows are stored. */
  accessTokenFormat: AccessTokenFormat;
}

/** A grant without a user's login (client_credentials). */
export const NO_LOGIN: LoginFacts = { authTime: null, amr: [], idTokenClaims: [] };

export interface MintedTokens {
  records: OAuthTokenRecord[];
  /** For a JWT access token, `access_token` is its jti until finishResponse signs it. */
  response: TokenResponse;
  /** What the JWT access token says, when the application asked for one. */
  jwt: JwtAccessTokenInput | null;
}

/** A new random token and its digest (what is stored). */
export interface DrawnToken {
  token: string;
  digest: string;
}

/** The random values of a grant's tokens; the refresh token's only when the grant issues one. */
export interface DrawnTokens {
  access: DrawnToken;
  refresh: DrawnToken | null;
}

function drawToken(kind: 'access' | 'refresh'): DrawnToken {
  const token = generateToken(kind);
  return { token, digest: digestToken(token) };
}

/** Draws a grant's token values ahead of the unit that stores them, where no random bytes or hashing belong. */
export function drawTokens(withRefresh: boolean): DrawnTokens {
  return { access: drawToken('access'), refresh: withRefresh ? drawToken('refresh') : null };
}

/**
 * The subject's tokens from `drawn` (new ones unless given; a refresh token only with refresh scopes): the records to
 * store (digests only) and the response carrying the tokens.
 */
export function mintTokens(ctx: OAuthContext, subject: TokenGrantSubject, drawn = drawTokens(subject.refreshScopes !== null)): MintedTokens {
  const now = ctx.clock.now();
  const record = ({ digest }: DrawnToken, kind: OAuthTokenRecord['kind'], scopes: string[], expiresAt: number): OAuthTokenRecord => ({
    digest,
    kind,
    familyId: subject.familyId,
    familyStartedAt: subject.familyStartedAt,
    applicationId: subject.applicationId,
    userId: subject.userId,
    authorizationId: subject.authorizationId,
    grantType: subject.grantType,
    scopes,
    createdAt: now,
    expiresAt,
    revokedAt: null,
    guildId: subject.guildId,
    integrationId: subject.integrationId,
    login: subject.login,
  });
  // A JWT access token's row is keyed by its jti, a random value like any opaque token.
  const accessToken = drawn.access.token;
  const records = [record(drawn.access, 'access', subject.scopes, now + ctx.lifetimes.accessToken * 1000)];
  const jwt: JwtAccessTokenInput | null =
    subject.accessTokenFormat === 'jwt'
      ? {
          jti: accessToken,
          userId: subject.userId,
          clientId: subject.applicationId,
          scopes: subject.scopes,
          expiresAt: records[0]!.expiresAt,
          authTime: subject.login.authTime,
        }
      : null;
  const response: TokenResponse = {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: ctx.lifetimes.accessToken,
    scope: subject.scopes.join(' '),
  };
  if (subject.refreshScopes) {
    if (!drawn.refresh) throw new Error('a grant with refresh scopes needs a drawn refresh token');
    const expiresAt = Math.min(now + ctx.lifetimes.refreshToken * 1000, familyEnd(ctx, subject.familyStartedAt));
    records.push(record(drawn.refresh, 'refresh', subject.refreshScopes, expiresAt));
    response.refresh_token = drawn.refresh.token;
  }
  return { records, response, jwt };
}

/** When a family that started at `startedAt` ends: no refresh token of it is good after this. */
export function familyEnd(ctx: OAuthContext, startedAt: number): number {
  return startedAt + ctx.lifetimes.refreshTokenMax * 1000;
}

/** Whether a stored token can be used at `now`. */
export function isActive(token: Pick<OAuthTokenRecord, 'revokedAt' | 'expiresAt'>, now: number): boolean {
  return token.revokedAt === null && token.expiresAt > now;
}
