// Schemas of seed 004's sessions and API tokens.
import { Type } from 'typebox';
import { nullable, Snowflake } from './common.js';

/**
 * Seed 004: expiry in seconds, 0 (no expiry) to 9223372036854775. JSON numbers are doubles, so the bound and a
 * client's value round alike (to 9223372036854776) and compare as the seed means.
 */
// eslint-disable-next-line no-loss-of-precision
export const MAX_EXPIRES_IN = 9223372036854775;
export const SessionType = Type.Union([Type.Literal('login'), Type.Literal('app_login'), Type.Literal('api')]);
export const SessionId = Type.Object({ id: Type.String({ maxLength: 36, pattern: '^[0-9a-f-]{36}$' }) });

export const CreateApiToken = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    type: Type.Literal('api'),
    expires_in: Type.Integer({ minimum: 0, maximum: MAX_EXPIRES_IN }),
  },
  { additionalProperties: false },
);

export const CurrentSession = Type.Object({ user_id: Snowflake, session_id: Type.String(), state: Type.String(), type: SessionType });

export const SessionListItem = Type.Object({
  id: Type.String(),
  type: SessionType,
  name: nullable(Type.String()),
  created_at: Type.String(),
  expires_at: nullable(Type.String()),
  current: Type.Boolean(),
});

export const CreatedApiToken = Type.Object({
  token: Type.String(),
  session_id: Type.String(),
  user_id: Snowflake,
  name: Type.String(),
  type: Type.Literal('api'),
  expires_at: nullable(Type.String()),
});
