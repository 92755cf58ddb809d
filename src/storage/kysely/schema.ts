// Kysely table types: the database's own shape (snake_case, integers for booleans and millisecond times).
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  username: string;
  username_lower: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  banner: string | null;
  bio: string | null;
  email: string | null;
  email_lower: string | null;
  verified: number;
  flags: number;
  bot: number;
  system: number;
  admin: number;
  state: string;
  banned_at: number | null;
  password_hash: string | null;
  created_at: number;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  type: string;
  name: string | null;
  token_digest: string;
  created_at: number;
  expires_at: number | null;
  ip: string | null;
  user_agent: string | null;
  amr: string | null;
}

export interface ApplicationsTable {
  id: string;
  owner_id: string;
  name: string;
  description: string | null;
  icon: string | null;
  terms_of_service_url: string | null;
  privacy_policy_url: string | null;
  /** JSON array of strings. */
  redirect_uris: string;
  token_endpoint_auth_method: string;
  client_secret_digest: string | null;
  bot_user_id: string;
  bot_token_digest: string;
  bot_public: number;
  bot_require_code_grant: number;
  flags: number;
  created_at: number;
  /** JSON array of strings. */
  post_logout_redirect_uris: string;
  access_token_format: string;
}

export interface ImagesTable {
  hash: string;
  content_type: string;
  /** blob on SQLite, bytea on PostgreSQL. */
  bytes: Buffer;
  size: number;
  created_at: number;
}

export interface OAuthAuthorizationsTable {
  id: string;
  user_id: string;
  application_id: string;
  /** Space-separated scope list. */
  scopes: string;
  created_at: number;
  updated_at: number;
}

export interface OAuthCodesTable {
  digest: string;
  application_id: string;
  user_id: string;
  authorization_id: string;
  family_id: string;
  redirect_uri: string | null;
  scopes: string;
  code_challenge: string | null;
  nonce: string | null;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
  guild_id: string | null;
  /** Decimal text of the permission bitfield granted with a bot install. */
  permissions: string | null;
  integration_id: string | null;
  auth_time: number | null;
  amr: string | null;
  id_token_claims: string | null;
}

export interface OAuthTokensTable {
  digest: string;
  kind: string;
  family_id: string;
  family_started_at: number;
  application_id: string;
  user_id: string;
  authorization_id: string | null;
  grant_type: string;
  scopes: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  guild_id: string | null;
  integration_id: string | null;
  auth_time: number | null;
  amr: string | null;
  id_token_claims: string | null;
}

export interface GuildsTable {
  id: string;
  name: string;
  icon: string | null;
  owner_id: string;
  created_at: number;
  source_provider: string | null;
}

export interface GuildMembersTable {
  guild_id: string;
  user_id: string;
  /** Decimal text of a 64-bit permission bitfield. */
  permissions: string;
  joined_at: number;
}

export interface GuildIntegrationsTable {
  id: string;
  guild_id: string;
  application_id: string;
  /** Decimal text of a 64-bit permission bitfield. */
  permissions: string;
  /** Space-separated scope list of the install. */
  scopes: string;
  installed_by: string | null;
  installed_at: number;
}

export interface ApplicationEventSettingsTable {
  application_id: string;
  url: string | null;
  /** JSON array of event type names. */
  types: string;
  status: string;
  verify_key: string;
  signing_key: string;
}

export interface EventsTable {
  id: string;
  application_id: string;
  type: string;
  payload: string;
  status: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  delivered_at: number | null;
  last_status: number | null;
  last_error: string | null;
}

export interface EventDeliveriesTable {
  event_id: string;
  attempt: number;
  at: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface LinkedIdentitiesTable {
  provider: string;
  upstream_user_id: string;
  user_id: string;
  created_at: number;
  name: string | null;
}

export interface SigningKeysTable {
  kid: string;
  seq: number;
  alg: string;
  /** JSON of the public JWK. */
  public_jwk: string;
  /** Compact JWE of the private JWK. */
  private_jwk: string;
  created_at: number;
  activated_at: number;
  retired_at: number | null;
}

export interface DeviceCodesTable {
  /** SHA-256 of the device code. */
  digest: string;
  /** Keyed digest (HMAC-SHA256) of the normalised user code, never the code itself. */
  user_code: string;
  application_id: string;
  scopes: string;
  status: string;
  user_id: string | null;
  authorization_id: string | null;
  auth_time: number | null;
  amr: string | null;
  poll_interval: number;
  created_at: number;
  expires_at: number;
  last_polled_at: number | null;
}

export interface UpstreamLoginStatesTable {
  state_digest: string;
  expires_at: number;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  applications: ApplicationsTable;
  images: ImagesTable;
  oauth_authorizations: OAuthAuthorizationsTable;
  oauth_codes: OAuthCodesTable;
  oauth_tokens: OAuthTokensTable;
  guilds: GuildsTable;
  guild_members: GuildMembersTable;
  guild_integrations: GuildIntegrationsTable;
  application_event_settings: ApplicationEventSettingsTable;
  events: EventsTable;
  event_deliveries: EventDeliveriesTable;
  linked_identities: LinkedIdentitiesTable;
  signing_keys: SigningKeysTable;
  device_codes: DeviceCodesTable;
  upstream_login_states: UpstreamLoginStatesTable;
}

export type { Generated };
