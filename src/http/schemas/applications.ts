// TypeBox schemas of the seed 002 application and bot bodies (field names, types and nullability as in the seed), and
// the service inputs made from them.
import { Type, type Static } from 'typebox';
import type { ApplicationFields } from '../../applications/applications-service.js';
import type { BotProfileChange } from '../../applications/bots-service.js';
import { APPLICATION_NAME_MAX, DESCRIPTION_MAX } from '../../applications/applications-service.js';
import { BOT_DISCRIMINATOR_PATTERN } from '../../applications/bot-usernames.js';
import { USERNAME_MAX, USERNAME_PATTERN } from '../../accounts/usernames.js';
import { MAX_URL_LENGTH } from '../../applications/redirect-uris.js';
import { IMAGE_DATA_URI_MAX } from '../../images/image-data-uri.js';
import { nullable, Snowflake } from './common.js';

const AuthMethod = Type.Enum(['client_secret_basic', 'client_secret_post', 'none']);
const AccessTokenFormat = Type.Enum(['opaque', 'jwt']);
const ImageDataUri = Type.String({ maxLength: IMAGE_DATA_URI_MAX, description: 'A base64 data URI: data:image/png;base64,... (PNG, JPEG, GIF or WebP)' });
const WebUrl = Type.String({ maxLength: MAX_URL_LENGTH, description: 'An absolute http(s) URL' });
/** Redirect URI rules (src/applications/redirect-uris.ts) run in the service, so each entry gets its own message. */
const RedirectUris = Type.Array(Type.String({ maxLength: MAX_URL_LENGTH }), {
  description: 'Absolute https, loopback http, or private-use scheme URIs; at most 10',
});

const writableFields = {
  bot_public: Type.Optional(Type.Boolean()),
  bot_require_code_grant: Type.Optional(Type.Boolean()),
  redirect_uris: Type.Optional(nullable(RedirectUris)),
  /** OpenID Connect RP-Initiated Logout: where end_session may send the user back, exact match, same rules. */
  post_logout_redirect_uris: Type.Optional(nullable(RedirectUris)),
  /** RFC 9068: `jwt` makes access tokens signed JWTs; `opaque` (default) keeps them random strings. */
  access_token_format: Type.Optional(AccessTokenFormat),
  description: Type.Optional(nullable(Type.String({ maxLength: DESCRIPTION_MAX }))),
  icon: Type.Optional(nullable(ImageDataUri)),
  terms_of_service_url: Type.Optional(nullable(WebUrl)),
  privacy_policy_url: Type.Optional(nullable(WebUrl)),
  token_endpoint_auth_method: Type.Optional(AuthMethod),
};

const Name = Type.String({ minLength: 1, maxLength: APPLICATION_NAME_MAX, pattern: '\\S' });

export const ApplicationCreateRequest = Type.Object({ name: Name, ...writableFields }, { additionalProperties: false });

export const ApplicationUpdateRequest = Type.Object({ name: Type.Optional(Name), ...writableFields }, { additionalProperties: false, minProperties: 1 });

/** A bot's public profile. */
const botProfileFields = {
  id: Snowflake,
  username: Type.String(),
  discriminator: Type.String(),
  avatar: nullable(Type.String()),
  banner: nullable(Type.String()),
  bio: nullable(Type.String()),
};

export const BotProfileResponse = Type.Object(botProfileFields);

export const ApplicationBotResponse = Type.Object({
  ...botProfileFields,
  flags: Type.Integer({ description: 'BotFlags: FRIENDLY_BOT 16, FRIENDLY_BOT_MANUAL_APPROVAL 32' }),
  mfa_enabled: Type.Boolean({ description: 'Always false: bots sign in with their token' }),
  authenticator_types: Type.Array(Type.Integer(), { description: 'Always empty for bots' }),
  token: Type.Optional(Type.String({ description: 'Only in the create response' })),
});

/** The owner's view; `client_secret` only in the create and reset responses. */
export const ApplicationResponse = Type.Object({
  id: Snowflake,
  name: Type.String(),
  bot_public: Type.Boolean(),
  bot_require_code_grant: Type.Boolean(),
  redirect_uris: Type.Array(Type.String()),
  post_logout_redirect_uris: Type.Array(Type.String()),
  access_token_format: AccessTokenFormat,
  bot: Type.Optional(ApplicationBotResponse),
  client_secret: Type.Optional(Type.String()),
  description: nullable(Type.String()),
  icon: nullable(Type.String()),
  terms_of_service_url: nullable(Type.String()),
  privacy_policy_url: nullable(Type.String()),
  token_endpoint_auth_method: AuthMethod,
  flags: Type.Integer(),
  owner_id: Snowflake,
  /** On a single application's GET and PATCH: the event signing key and webhook settings. */
  verify_key: Type.Optional(Type.String({ description: 'Hex Ed25519 public key that verifies X-Signature-Ed25519' })),
  event_webhooks_url: Type.Optional(nullable(Type.String())),
  event_webhooks_types: Type.Optional(Type.Array(Type.String())),
  event_webhooks_status: Type.Optional(
    Type.Union([Type.String(), Type.Integer()], { description: '`enabled`/`disabled` on /api/v1; 2 enabled, 1 disabled on the Discord-style prefixes' }),
  ),
});

/** What every view of an application shows. */
const applicationIdentityFields = {
  id: Snowflake,
  name: Type.String(),
  description: nullable(Type.String()),
  icon: nullable(Type.String()),
  bot_public: Type.Boolean(),
};

export const ApplicationPublicResponse = Type.Object({
  ...applicationIdentityFields,
  redirect_uris: Type.Array(Type.String()),
  scopes: Type.Array(Type.String()),
  bot: nullable(ApplicationBotResponse),
});

export const ApplicationsMeResponse = Type.Object({
  ...applicationIdentityFields,
  bot_require_code_grant: Type.Boolean(),
  flags: Type.Integer(),
  bot: Type.Optional(ApplicationBotResponse),
});

export const BotProfileUpdateRequest = Type.Object(
  {
    username: Type.Optional(Type.String({ maxLength: USERNAME_MAX, pattern: USERNAME_PATTERN })),
    discriminator: Type.Optional(Type.String({ maxLength: 4, pattern: BOT_DISCRIMINATOR_PATTERN, description: 'Four digits, 0001 to 9999' })),
    bio: Type.Optional(nullable(Type.String({ maxLength: 1024 }))),
    bot_flags: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
    avatar: Type.Optional(nullable(ImageDataUri)),
    banner: Type.Optional(nullable(ImageDataUri)),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** Seed 002 OAuth2AuthorizationResponseApplication: the application in a user's authorizations and a guild's integrations. */
export const ApplicationSummaryResponse = Type.Object(applicationIdentityFields);

export const BotTokenResetResponse = Type.Object({ token: Type.String(), bot: ApplicationBotResponse });

/** The service's fields from a create or update body (the API and the portal's forms). */
export function applicationFieldsOf(body: Static<typeof ApplicationUpdateRequest>): ApplicationFields {
  return {
    name: body.name,
    description: body.description,
    icon: body.icon,
    termsOfServiceUrl: body.terms_of_service_url,
    privacyPolicyUrl: body.privacy_policy_url,
    redirectUris: body.redirect_uris,
    postLogoutRedirectUris: body.post_logout_redirect_uris,
    accessTokenFormat: body.access_token_format,
    tokenEndpointAuthMethod: body.token_endpoint_auth_method,
    botPublic: body.bot_public,
    botRequireCodeGrant: body.bot_require_code_grant,
  };
}

/** The service's change from a bot profile body (the API and the portal's bot page). */
export function botChangeOf(body: Static<typeof BotProfileUpdateRequest>): BotProfileChange {
  const { username, discriminator, bio, bot_flags, avatar, banner } = body;
  return { username, discriminator, bio, botFlags: bot_flags, avatar, banner };
}
