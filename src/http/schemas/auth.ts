// Schemas of the local account routes (register, login) and the login session they answer, with its mapper.
import { Type } from 'typebox';
import { userJson } from '../../accounts/user-json.js';
import { EMAIL_MAX, EMAIL_PATTERN, PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX, USERNAME_PATTERN } from '../../accounts/usernames.js';
import { toIso } from '../../clock.js';
import type { IssuedSession } from '../../sessions/sessions-service.js';
import type { UserRecord } from '../../storage/types.js';
import { Snowflake, UserBody } from './common.js';

export const SessionGrantBody = Type.Object({
  token: Type.String(),
  session_id: Type.String(),
  user_id: Snowflake,
  expires_at: Type.Union([Type.String(), Type.Null()]),
  user: UserBody,
});

export function sessionGrantJson(user: UserRecord, issued: IssuedSession) {
  return {
    token: issued.token,
    session_id: issued.session.id,
    user_id: user.id,
    expires_at: issued.session.expiresAt === null ? null : toIso(issued.session.expiresAt),
    user: userJson(user, true),
  };
}

export const RegisterBody = Type.Object(
  {
    username: Type.String({ maxLength: USERNAME_MAX, pattern: USERNAME_PATTERN }),
    password: Type.String({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX }),
    email: Type.Optional(Type.String({ maxLength: EMAIL_MAX, pattern: EMAIL_PATTERN })),
  },
  { additionalProperties: false },
);

export const LoginBody = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: EMAIL_MAX }),
    password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX }),
  },
  { additionalProperties: false },
);
