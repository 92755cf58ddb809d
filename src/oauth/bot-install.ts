// Bot install parameters of an authorization request (Discord's bot authorization flow): guild, permissions, guild select.
import { InvalidPermissionsError, parsePermissions } from '../guilds/permissions.js';
import { isSnowflake } from '../ids.js';

export interface BotInstallRequest {
  /** The guild to install into: preselected by the authorize URL, or chosen (page form, consent API); null until chosen. */
  guildId: string | null;
  /** The permissions to grant the bot, unknown bits masked off. */
  permissions: bigint;
  /** disable_guild_select=true: the page shows `guildId` without a choice (a display hint, not a security boundary). */
  guildSelectDisabled: boolean;
}

export type InstallParameter = 'guild_id' | 'permissions' | 'disable_guild_select';

/** A bad bot install parameter: the consent API answers 400 naming the field; the page treats it as invalid_request. */
export class InstallParameterError extends Error {
  constructor(
    readonly field: InstallParameter,
    readonly reason: string,
  ) {
    super(`${field} ${reason}`);
    this.name = 'InstallParameterError';
  }
}

export type InstallParameters = Partial<Record<InstallParameter, string>>;

function permissionsOf(value: string): bigint {
  try {
    return parsePermissions(value);
  } catch (error) {
    if (error instanceof InvalidPermissionsError) throw new InstallParameterError('permissions', error.message);
    throw error;
  }
}

/** Validates the bot install parameters (also when the scope has no `bot`, where they are then unused). */
export function parseInstallParameters(params: InstallParameters): BotInstallRequest {
  const guildId = params.guild_id ?? null;
  if (guildId !== null && !isSnowflake(guildId)) throw new InstallParameterError('guild_id', 'must be a Snowflake id');
  const disable = params.disable_guild_select;
  if (disable !== undefined && disable !== 'true' && disable !== 'false') throw new InstallParameterError('disable_guild_select', 'must be true or false');
  if (disable === 'true' && guildId === null) throw new InstallParameterError('disable_guild_select', 'needs guild_id');
  const permissions = params.permissions === undefined ? 0n : permissionsOf(params.permissions);
  return { guildId, permissions, guildSelectDisabled: disable === 'true' };
}

/** The permissions the user left ticked on the page (one decimal bitfield per checkbox), within those requested. */
export function tickedPermissions(requested: bigint, ticked: readonly string[]): bigint {
  return ticked.reduce((bits, value) => bits | permissionsOf(value), 0n) & requested;
}

/** The scope parameter asks for `bot` and nothing else. */
export function isBotOnlyScope(scope: string | undefined): boolean {
  const scopes = new Set((scope ?? '').trim().split(/ +/));
  return scopes.size === 1 && scopes.has('bot');
}
