// Shared TypeBox schemas: ids, error bodies and the user object.
import { Type, type Static } from 'typebox';
import { SNOWFLAKE_PATTERN } from '../../ids.js';

export const Snowflake = Type.String({ pattern: SNOWFLAKE_PATTERN, description: 'Snowflake id as a decimal string' });

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

export type UserJson = Static<typeof UserBody>;

export const IdParams = Type.Object({ id: Snowflake });

export function nullable<T extends Parameters<typeof Type.Union>[0][number]>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}
