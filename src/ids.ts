// Snowflake ids with the guildgate epoch (2025-01-01T00:00:00Z), serialized as decimal strings.
import { Snowflake } from '@sapphire/snowflake';

export const GUILDGATE_EPOCH = Date.UTC(2025, 0, 1);

const snowflake = new Snowflake(GUILDGATE_EPOCH);

export function newId(): string {
  return snowflake.generate().toString();
}

/** Snowflakes in JSON and URLs: 1 to 20 decimal digits. */
export const SNOWFLAKE_PATTERN = '^[0-9]{1,20}$';

const SNOWFLAKE = new RegExp(SNOWFLAKE_PATTERN);

export function isSnowflake(value: string): boolean {
  return SNOWFLAKE.test(value);
}
