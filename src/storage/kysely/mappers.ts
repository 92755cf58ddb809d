// Row <-> record mapping shared by the Kysely stores.
import type { Selectable } from 'kysely';
import type { AccessTokenFormat, ApplicationRecord, LoginFacts, SessionRecord, SessionType, TokenEndpointAuthMethod, UserRecord, UserState } from '../types.js';
import type { ApplicationsTable, SessionsTable, UsersTable } from './schema.js';

export function toUser(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    username: row.username,
    discriminator: row.discriminator,
    globalName: row.global_name,
    avatar: row.avatar,
    banner: row.banner,
    bio: row.bio,
    email: row.email,
    verified: row.verified === 1,
    flags: row.flags,
    bot: row.bot === 1,
    system: row.system === 1,
    admin: row.admin === 1,
    state: row.state as UserState,
    bannedAt: row.banned_at === null ? null : Number(row.banned_at),
    passwordHash: row.password_hash,
    createdAt: Number(row.created_at),
  };
}

export function toSession(row: Selectable<SessionsTable>): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    type: row.type as SessionType,
    name: row.name,
    tokenDigest: row.token_digest,
    createdAt: Number(row.created_at),
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    ip: row.ip,
    userAgent: row.user_agent,
    amr: wordList(row.amr),
  };
}

export function toApplication(row: Selectable<ApplicationsTable>): ApplicationRecord {
  return {
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    description: row.description,
    icon: row.icon,
    termsOfServiceUrl: row.terms_of_service_url,
    privacyPolicyUrl: row.privacy_policy_url,
    redirectUris: JSON.parse(row.redirect_uris) as string[],
    tokenEndpointAuthMethod: row.token_endpoint_auth_method as TokenEndpointAuthMethod,
    clientSecretDigest: row.client_secret_digest,
    botUserId: row.bot_user_id,
    botTokenDigest: row.bot_token_digest,
    botPublic: row.bot_public === 1,
    botRequireCodeGrant: row.bot_require_code_grant === 1,
    flags: row.flags,
    createdAt: Number(row.created_at),
    postLogoutRedirectUris: JSON.parse(row.post_logout_redirect_uris) as string[],
    accessTokenFormat: row.access_token_format as AccessTokenFormat,
  };
}

/** A list of space-free words as one nullable column: null for an empty list. */
export function words(list: readonly string[]): string | null {
  return list.length === 0 ? null : list.join(' ');
}

export function wordList(column: string | null): string[] {
  return column ? column.split(' ') : [];
}

/** The login facts of a code or token row. */
export interface LoginColumns {
  auth_time: number | null;
  amr: string | null;
  id_token_claims: string | null;
}

export function loginColumns(login: LoginFacts): LoginColumns {
  return { auth_time: login.authTime, amr: words(login.amr), id_token_claims: words(login.idTokenClaims) };
}

export function toLogin(row: LoginColumns): LoginFacts {
  return { authTime: row.auth_time === null ? null : Number(row.auth_time), amr: wordList(row.amr), idTokenClaims: wordList(row.id_token_claims) };
}

export function flag(value: boolean): number {
  return value ? 1 : 0;
}
