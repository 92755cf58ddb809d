// Row <-> record mapping for the OAuth2 tables, and the column aliasing the token lookup join needs.
import { sql, type AliasedRawBuilder, type Selectable } from 'kysely';
import type { AuthorizationRecord, CodeRecord, OAuthTokenKind, OAuthTokenRecord } from '../types.js';
import { loginColumns, toLogin } from './mappers.js';
import type { ApplicationsTable, OAuthAuthorizationsTable, OAuthCodesTable, OAuthTokensTable } from './schema.js';

export function scopeList(scopes: string): string[] {
  return scopes === '' ? [] : scopes.split(' ');
}

export function toAuthorization(row: Selectable<OAuthAuthorizationsTable>): AuthorizationRecord {
  return {
    id: row.id,
    userId: row.user_id,
    applicationId: row.application_id,
    scopes: scopeList(row.scopes),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function codeRow(code: CodeRecord): OAuthCodesTable {
  return {
    digest: code.digest,
    application_id: code.applicationId,
    user_id: code.userId,
    authorization_id: code.authorizationId,
    family_id: code.familyId,
    redirect_uri: code.redirectUri,
    scopes: code.scopes.join(' '),
    code_challenge: code.codeChallenge,
    nonce: code.nonce,
    created_at: code.createdAt,
    expires_at: code.expiresAt,
    consumed_at: code.consumedAt,
    guild_id: code.guildId,
    permissions: code.permissions === null ? null : code.permissions.toString(),
    integration_id: code.integrationId,
    ...loginColumns(code.login),
  };
}

export function toCode(row: Selectable<OAuthCodesTable>): CodeRecord {
  return {
    digest: row.digest,
    applicationId: row.application_id,
    userId: row.user_id,
    authorizationId: row.authorization_id,
    familyId: row.family_id,
    redirectUri: row.redirect_uri,
    scopes: scopeList(row.scopes),
    codeChallenge: row.code_challenge,
    nonce: row.nonce,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    consumedAt: row.consumed_at === null ? null : Number(row.consumed_at),
    guildId: row.guild_id,
    permissions: row.permissions === null ? null : BigInt(row.permissions),
    integrationId: row.integration_id,
    login: toLogin(row),
  };
}

export function tokenRow(token: OAuthTokenRecord): OAuthTokensTable {
  return {
    digest: token.digest,
    kind: token.kind,
    family_id: token.familyId,
    family_started_at: token.familyStartedAt,
    application_id: token.applicationId,
    user_id: token.userId,
    authorization_id: token.authorizationId,
    grant_type: token.grantType,
    scopes: token.scopes.join(' '),
    created_at: token.createdAt,
    expires_at: token.expiresAt,
    revoked_at: token.revokedAt,
    guild_id: token.guildId,
    integration_id: token.integrationId,
    ...loginColumns(token.login),
  };
}

export function toToken(row: Selectable<OAuthTokensTable>): OAuthTokenRecord {
  return {
    digest: row.digest,
    kind: row.kind as OAuthTokenKind,
    familyId: row.family_id,
    familyStartedAt: Number(row.family_started_at),
    applicationId: row.application_id,
    userId: row.user_id,
    authorizationId: row.authorization_id,
    grantType: row.grant_type,
    scopes: scopeList(row.scopes),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
    guildId: row.guild_id,
    integrationId: row.integration_id,
    login: toLogin(row),
  };
}

export const TOKEN_COLUMNS: readonly (keyof OAuthTokensTable)[] = [
  'digest',
  'kind',
  'family_id',
  'family_started_at',
  'application_id',
  'user_id',
  'authorization_id',
  'grant_type',
  'scopes',
  'created_at',
  'expires_at',
  'revoked_at',
  'guild_id',
  'integration_id',
  'auth_time',
  'amr',
  'id_token_claims',
];

const APPLICATION_COLUMNS: readonly (keyof ApplicationsTable)[] = [
  'id',
  'owner_id',
  'name',
  'description',
  'icon',
  'terms_of_service_url',
  'privacy_policy_url',
  'redirect_uris',
  'token_endpoint_auth_method',
  'client_secret_digest',
  'bot_user_id',
  'bot_token_digest',
  'bot_public',
  'bot_require_code_grant',
  'flags',
  'created_at',
  'post_logout_redirect_uris',
  'access_token_format',
];

/** One table's columns in a join, selected as `<alias>_<column>`, and read back out of the joined row. */
export class AliasedColumns<T> {
  readonly selection: AliasedRawBuilder<unknown, string>[];
  private readonly keys: (readonly [column: string, key: string])[];

  constructor(alias: string, columns: readonly string[]) {
    this.selection = columns.map((column) => sql.ref(`${alias}.${column}`).as(`${alias}_${column}`));
    this.keys = columns.map((column) => [column, `${alias}_${column}`] as const);
  }

  from(row: Record<string, unknown>): T {
    const out: Record<string, unknown> = {};
    for (const [column, key] of this.keys) out[column] = row[key];
    return out as T;
  }
}

/** `t.<column> as t_<column>` for every column of the token table aliased `t`. */
export const tokenColumns = new AliasedColumns<Selectable<OAuthTokensTable>>('t', TOKEN_COLUMNS);

/** `a.<column> as a_<column>` for every column of the applications table aliased `a`. */
export const applicationColumns = new AliasedColumns<Selectable<ApplicationsTable>>('a', APPLICATION_COLUMNS);
