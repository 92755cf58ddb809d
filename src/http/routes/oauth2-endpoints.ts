// The client-facing OAuth2 endpoints: token (RFC 6749 3.2), revocation (RFC 7009), introspection (RFC 7662) and device
// authorization (RFC 8628 3.1), form bodies only.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { introspect } from '../../oauth/introspection.js';
import { revoke } from '../../oauth/revocation.js';
import { authenticatedClientOf, exchangeToken } from '../../oauth/token-endpoint.js';
import type { RouteOptions } from '../context.js';
import { ClientAuthFields, formBodyOnly, formField } from '../plugins/oauth-form.js';
import { addressBudget, gatedInput } from '../plugins/oauth-limits.js';
import { Snowflake } from '../schemas/common.js';
import { GuildResponse } from '../schemas/guilds.js';

const TokenForm = Type.Object(
  {
    grant_type: formField('authorization_code, refresh_token, client_credentials or urn:ietf:params:oauth:grant-type:device_code', 64),
    code: formField('authorization_code: the code from the redirect', 256),
    redirect_uri: formField('authorization_code: the redirect_uri of the authorization request'),
    code_verifier: formField('authorization_code: the PKCE verifier', 256),
    refresh_token: formField('refresh_token: the refresh token', 256),
    device_code: formField('urn:ietf:params:oauth:grant-type:device_code: the device code', 256),
    scope: formField('refresh_token: a narrower scope; client_credentials: the scope', 1024),
    ...ClientAuthFields,
  },
  { additionalProperties: true },
);

const TokenResponseBody = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  refresh_token: Type.Optional(Type.String()),
  scope: Type.String(),
  id_token: Type.Optional(Type.String()),
  /** authorization_code of a bot install: the guild the bot was added to. */
  guild: Type.Optional(GuildResponse),
});

const TokenForms = Type.Object(
  {
    token: formField('The access or refresh token (a JWT access token is longer)', 4096),
    token_type_hint: formField('access_token or refresh_token', 64),
    ...ClientAuthFields,
  },
  { additionalProperties: true },
);

const IntrospectResponseBody = Type.Object({
  active: Type.Boolean(),
  client_id: Type.Optional(Snowflake),
  exp: Type.Optional(Type.Integer()),
  iat: Type.Optional(Type.Integer()),
  scope: Type.Optional(Type.String()),
  sub: Type.Optional(Snowflake),
  token_type: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
});

const DeviceAuthorizationForm = Type.Object(
  {
    scope: formField('The scopes the device asks for, space-separated (not bot)', 1024),
    ...ClientAuthFields,
  },
  { additionalProperties: true },
);

const DeviceAuthorizationBody = Type.Object({
  device_code: Type.String(),
  user_code: Type.String({ description: 'XXXX-XXXX, for the user to enter at verification_uri' }),
  verification_uri: Type.String(),
  verification_uri_complete: Type.String(),
  expires_in: Type.Integer(),
  interval: Type.Integer({ description: 'Seconds to wait between token requests' }),
});

const OAuthErrorBody = Type.Object({ error: Type.String(), error_description: Type.String() });

export const oauth2EndpointRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  app.addHook('onRequest', formBodyOnly);
  const { clientGate, limits } = ctx.services;
  const route = (endpoint: string) => {
    const budget = addressBudget(limits.oauthPerAddress, endpoint, ctx.clock);
    return { config: { oauthErrors: true }, ...(budget && { preHandler: budget }) };
  };
  const security: Record<string, string[]>[] = [{ clientBasic: [] }, {}];
  const errors = { 400: OAuthErrorBody, 401: OAuthErrorBody, 429: OAuthErrorBody };

  app.post(
    '/oauth2/token',
    {
      ...route('token'),
      schema: { tags: ['oauth2'], summary: 'Exchange a grant for tokens', security, body: TokenForm, response: { 200: TokenResponseBody, ...errors } },
    },
    async (request, reply) => exchangeToken(ctx.services.oauth, gatedInput(clientGate, 'token', request, reply)),
  );

  app.post(
    '/oauth2/token/revoke',
    {
      ...route('revoke'),
      schema: {
        tags: ['oauth2'],
        summary: 'Revoke a token (RFC 7009)',
        security,
        body: TokenForms,
        response: { 200: Type.Unknown({ description: 'Empty body' }), ...errors },
      },
    },
    async (request, reply) => {
      await revoke(ctx.services.oauth, gatedInput(clientGate, 'revoke', request, reply));
      return reply.code(200).send();
    },
  );

  app.post(
    '/oauth2/introspect',
    {
      ...route('introspect'),
      schema: { tags: ['oauth2'], summary: 'Introspect a token (RFC 7662)', security, body: TokenForms, response: { 200: IntrospectResponseBody, ...errors } },
    },
    async (request, reply) => introspect(ctx.services.oauth, gatedInput(clientGate, 'introspect', request, reply)),
  );

  app.post(
    '/oauth2/device/code',
    {
      ...route('device'),
      schema: {
        tags: ['oauth2'],
        summary: 'Start a device authorization (RFC 8628)',
        security,
        body: DeviceAuthorizationForm,
        response: { 200: DeviceAuthorizationBody, ...errors },
      },
    },
    async (request, reply) => {
      const input = gatedInput(clientGate, 'device', request, reply);
      return ctx.services.devices.start(await authenticatedClientOf(input), input.params.scope);
    },
  );
};
