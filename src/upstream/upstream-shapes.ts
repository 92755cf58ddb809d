// What guildgate reads from an upstream provider (Discord's shapes): token answers (RFC 6749 5.1, 5.2), the user and its guilds, checked before use.
import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { EMAIL_MAX, EMAIL_PATTERN, GLOBAL_NAME_MAX } from '../accounts/usernames.js';
import { GUILD_ICON_PATTERN, GUILD_NAME_MAX } from '../guilds/guilds-service.js';
import { InvalidPermissionsError, parsePermissions } from '../guilds/permissions.js';

/** Text without control characters (PostgreSQL refuses NUL; none belongs in a name). */
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '^[^\\x00-\\x1f\\x7f]*$' });
const Hash = Type.Union([Type.String({ maxLength: 64, pattern: GUILD_ICON_PATTERN }), Type.Null()]);
/** Snowflakes from 1 up: no upstream id is 0 (the provider's own system user is linked under it). */
const Id = Type.String({ maxLength: 20, pattern: '^[1-9][0-9]{0,19}$' });

const TokenAnswer = Type.Object({
  access_token: Type.String({ minLength: 1, maxLength: 4096 }),
  token_type: Type.String({ maxLength: 6, pattern: '^[Bb][Ee][Aa][Rr][Ee][Rr]$' }),
  scope: Type.Optional(Type.String({ maxLength: 2048 })),
});

const TokenErrorAnswer = Type.Object({
  error: Type.String({ minLength: 1, maxLength: 256 }),
  error_description: Type.Optional(Type.String({ maxLength: 4096 })),
});

const UserAnswer = Type.Object({
  id: Id,
  username: Text(64),
  global_name: Type.Optional(Type.Union([Text(128), Type.Null()])),
  avatar: Type.Optional(Hash),
  email: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  verified: Type.Optional(Type.Boolean()),
});

const GuildsAnswer = Type.Array(
  Type.Object({ id: Id, name: Text(GUILD_NAME_MAX), icon: Hash, owner: Type.Boolean(), permissions: Type.String({ maxLength: 20, pattern: '^[0-9]{1,20}$' }) }),
  { maxItems: 1000 },
);

export interface UpstreamGrant {
  accessToken: string;
  /** The granted scopes when the answer lists them (RFC 6749 5.1), else null: as requested. */
  scopes: string[] | null;
}

export interface UpstreamUser {
  id: string;
  username: string;
  globalName: string | null;
  avatar: string | null;
  /** Only a well-formed address is kept. */
  email: string | null;
  verified: boolean;
}

export interface UpstreamGuild {
  id: string;
  name: string;
  icon: string | null;
  owner: boolean;
  /** Known permission bits only. */
  permissions: bigint;
}

export class MalformedAnswerError extends Error {}

function checked<T extends TSchema>(schema: T, value: unknown, what: string): Static<T> {
  if (!Value.Check(schema, value)) throw new MalformedAnswerError(`unexpected ${what}`);
  return value as Static<T>;
}

export function parseTokenAnswer(value: unknown): UpstreamGrant {
  const answer = checked(TokenAnswer, value, 'token answer');
  return { accessToken: answer.access_token, scopes: answer.scope === undefined ? null : answer.scope.split(' ').filter(Boolean) };
}

/** The OAuth error of a refused code exchange, or null when the body is not one. */
export function tokenError(value: unknown): { error: string; description: string | null } | null {
  if (!Value.Check(TokenErrorAnswer, value)) return null;
  return { error: value.error, description: value.error_description ?? null };
}

export function parseUser(value: unknown): UpstreamUser {
  const user = checked(UserAnswer, value, 'user object');
  const email = typeof user.email === 'string' && user.email.length <= EMAIL_MAX && new RegExp(EMAIL_PATTERN).test(user.email) ? user.email : null;
  return {
    id: user.id,
    username: user.username,
    globalName: user.global_name ? [...user.global_name].slice(0, GLOBAL_NAME_MAX).join('') : null,
    avatar: user.avatar ?? null,
    email,
    verified: email !== null && user.verified === true,
  };
}

export function parseGuilds(value: unknown): UpstreamGuild[] {
  const guilds = checked(GuildsAnswer, value, 'guild list');
  try {
    return guilds.map((guild) => ({ id: guild.id, name: guild.name, icon: guild.icon, owner: guild.owner, permissions: parsePermissions(guild.permissions) }));
  } catch (error) {
    if (error instanceof InvalidPermissionsError) throw new MalformedAnswerError('unexpected guild list');
    throw error;
  }
}
