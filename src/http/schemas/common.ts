// Shared TypeBox schemas: ids, error bodies and the user object.
import { Type, type Static, type TSchema } from 'typebox';
import { SNOWFLAKE_PATTERN } from '../../ids.js';

export const Snowflake = Type.String({ maxLength: 20, pattern: SNOWFLAKE_PATTERN, description: 'Snowflake id as a decimal string' });

export const ApiErrorBody = Type.Object({
  code: Type.String(),
  message: Type.String(),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
});

export const UserBody = Type.Object({
  id: Snowflake,
  username: Type.String(),
  discriminator: Type.String(),
  global_name: Type.Union([Type.String(), Type.Null()]),
  avatar: Type.Union([Type.String(), Type.Null()]),
  bot: Type.Boolean(),
  system: Type.Boolean(),
  flags: Type.Integer(),
  email: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  verified: Type.Optional(Type.Boolean()),
});

export const IdParams = Type.Object({ id: Snowflake });

/**
 * The schema or null, as `type: [<type>, "null"]` rather than anyOf, so a wrong value gets one clear
 * validation message ("must be string,null") instead of one per branch.
 */
export function nullable<T extends TSchema & { type: string }>(schema: T) {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] });
}
