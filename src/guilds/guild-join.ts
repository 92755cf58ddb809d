// guilds.join: a bot adds a user to its guild with the access token the user granted its application (Discord's Add Guild Member).
import { ApiError } from '../errors/api-error.js';
import { authenticateAccessToken } from '../oauth/access-tokens.js';
import type { Services } from '../services.js';
import type { ApplicationRecord, UserRecord } from '../storage/types.js';
import type { MemberWithUser } from './guilds-service.js';

/**
 * The token must be an active access token of `userId` issued to the bot's own application with `guilds.join`
 * (403 INVALID_OAUTH_TOKEN, Discord's 50025, otherwise); the guild checks are the bot's membership and permission.
 */
export async function joinWithAccessToken(
  services: Pick<Services, 'oauth' | 'guilds'>,
  bot: { application: ApplicationRecord; user: UserRecord },
  guildId: string,
  userId: string,
  accessToken: string,
): Promise<MemberWithUser & { created: boolean }> {
  const found = await authenticateAccessToken(services.oauth, accessToken);
  if (!found || found.token.applicationId !== bot.application.id || found.user.id !== userId) {
    throw ApiError.forbidden('INVALID_OAUTH_TOKEN', 'access_token is not an active token of this user for this application');
  }
  if (!found.token.scopes.includes('guilds.join')) throw ApiError.forbidden('INSUFFICIENT_SCOPE', 'access_token lacks the guilds.join scope');
  if (found.user.state === 'banned') throw ApiError.forbidden('USER_BANNED', 'This account is banned');
  return services.guilds.joinByBot(bot.user.id, guildId, found.user);
}
