// The JSON forms of an application and its bot: owner view, public view, the bot's own view, the bot profile and a summary.
import { SUPPORTED_SCOPES } from '../oauth/scopes.js';
import type { AccessTokenFormat, ApplicationRecord, TokenEndpointAuthMethod, UserRecord } from '../storage/types.js';
import type { ApplicationWithBot } from './ownership.js';

/** A bot's public profile. */
export interface BotProfileJson {
  id: string;
  username: string;
  discriminator: string;
  avatar: string | null;
  banner: string | null;
  bio: string | null;
}

/** The bot user of an application; `token` only in the answer that issued it. */
export interface ApplicationBotJson extends BotProfileJson {
  flags: number;
  /** Bots sign in with their token only: no MFA, no authenticators (seed 002 ApplicationBotResponse). */
  mfa_enabled: false;
  authenticator_types: never[];
  token?: string;
}

/** The owner's view of an application; `client_secret` only in the answer that issued it. */
export interface ApplicationJson {
  id: string;
  name: string;
  bot_public: boolean;
  bot_require_code_grant: boolean;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  access_token_format: AccessTokenFormat;
  bot?: ApplicationBotJson;
  client_secret?: string;
  description: string | null;
  icon: string | null;
  terms_of_service_url: string | null;
  privacy_policy_url: string | null;
  token_endpoint_auth_method: TokenEndpointAuthMethod;
  flags: number;
  owner_id: string;
}

/** The application in a user's authorizations and a guild's integrations, and what every view of it shows. */
export interface ApplicationSummaryJson {
  id: string;
  name: string;
  icon: string | null;
  description: string | null;
  bot_public: boolean;
}

/** What anyone may see of an application (the consent page, bot installs). */
export interface ApplicationPublicJson extends ApplicationSummaryJson {
  redirect_uris: string[];
  scopes: string[];
  bot: ApplicationBotJson | null;
}

/** What a bot sees of its own application. */
export interface ApplicationsMeJson extends ApplicationSummaryJson {
  bot_require_code_grant: boolean;
  flags: number;
  bot?: ApplicationBotJson;
}

/** The scopes an application may request: every scope of the registry (each application has its bot user, so `bot` too). */
export const APPLICATION_SCOPES: readonly string[] = SUPPORTED_SCOPES;

export function botProfileJson(bot: UserRecord): BotProfileJson {
  return { id: bot.id, username: bot.username, discriminator: bot.discriminator, avatar: bot.avatar, banner: bot.banner, bio: bot.bio };
}

/** The bot user; `token` only when it was just issued (application create). */
export function applicationBotJson(bot: UserRecord, token?: string): ApplicationBotJson {
  return { ...botProfileJson(bot), flags: bot.flags, mfa_enabled: false, authenticator_types: [], ...(token !== undefined && { token }) };
}

/** The owner's view. Secrets appear only when this call issued them. */
export function applicationJson({ application, bot }: ApplicationWithBot, issued: { clientSecret?: string | null; botToken?: string } = {}): ApplicationJson {
  return {
    id: application.id,
    name: application.name,
    bot_public: application.botPublic,
    bot_require_code_grant: application.botRequireCodeGrant,
    redirect_uris: application.redirectUris,
    post_logout_redirect_uris: application.postLogoutRedirectUris,
    access_token_format: application.accessTokenFormat,
    bot: applicationBotJson(bot, issued.botToken),
    ...(issued.clientSecret && { client_secret: issued.clientSecret }),
    description: application.description,
    icon: application.icon,
    terms_of_service_url: application.termsOfServiceUrl,
    privacy_policy_url: application.privacyPolicyUrl,
    token_endpoint_auth_method: application.tokenEndpointAuthMethod,
    flags: application.flags,
    owner_id: application.ownerId,
  };
}

export function applicationPublicJson({ application, bot }: ApplicationWithBot): ApplicationPublicJson {
  return {
    ...applicationSummaryJson(application),
    redirect_uris: application.redirectUris,
    scopes: [...APPLICATION_SCOPES],
    bot: applicationBotJson(bot),
  };
}

/** What a bot sees of its own application (GET /applications/@me). */
export function applicationsMeJson({ application, bot }: ApplicationWithBot): ApplicationsMeJson {
  return {
    ...applicationSummaryJson(application),
    bot_require_code_grant: application.botRequireCodeGrant,
    flags: application.flags,
    bot: applicationBotJson(bot),
  };
}

/** The application in a user's authorizations and a guild's integrations. */
export function applicationSummaryJson(application: ApplicationRecord): ApplicationSummaryJson {
  return { id: application.id, name: application.name, icon: application.icon, description: application.description, bot_public: application.botPublic };
}
