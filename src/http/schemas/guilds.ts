// Shared TypeBox schemas of guilds.
import { Type } from 'typebox';
import { nullable, Snowflake } from './common.js';

/** `{id, name, icon, owner_id}`: a guild, in guild routes, the token response of a bot install and events. */
export const GuildResponse = Type.Object({ id: Snowflake, name: Type.String(), icon: nullable(Type.String()), owner_id: Snowflake });
