// Upstream login API (seed 004 POST /oauth2): POST /auth/oauth2 with a code from a Discord-compatible provider -> a login or app_login session.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CODE_VERIFIER_PATTERN } from '../../oauth/pkce.js';
import type { RouteOptions } from '../context.js';
import { clientInfo } from '../../accounts/sign-up.js';
import { SessionGrantBody, sessionGrantJson } from '../schemas/auth.js';

/** Printable ASCII without spaces: codes and URIs as providers issue them. */
const VISIBLE_ASCII = '^[\\x21-\\x7e]+$';

const UpstreamLoginBody = Type.Object(
  {
    provider: Type.Optional(
      Type.String({ maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9]{0,63}$', description: 'A configured provider; defaults to the only one' }),
    ),
    code: Type.String({ maxLength: 2048, pattern: VISIBLE_ASCII, description: 'The authorization code from the provider' }),
    redirect_uri: Type.String({ maxLength: 2048, pattern: VISIBLE_ASCII, description: "The redirect URI of the flow; one of the provider's allowed ones" }),
    code_verifier: Type.Optional(Type.String({ maxLength: 128, pattern: CODE_VERIFIER_PATTERN, description: 'PKCE verifier, passed to the provider' })),
  },
  { additionalProperties: false },
);

export const upstreamAuthRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  app.post(
    '/auth/oauth2',
    {
      schema: {
        tags: ['auth'],
        summary: "Log in with an authorization code from an upstream provider (login session; app_login for the provider's app-login redirect URIs)",
        body: UpstreamLoginBody,
        response: { 200: SessionGrantBody },
      },
    },
    async (request) => {
      const { provider, code, redirect_uri, code_verifier } = request.body;
      // Decided by the server's configuration (the redirect URI), never by which parameters the client sent.
      const type = ctx.services.upstream.sessionType(provider, redirect_uri);
      const { user, issued } = await ctx.services.upstream.login(
        { provider, code, redirectUri: redirect_uri, codeVerifier: code_verifier },
        { type, ...clientInfo(request) },
      );
      return sessionGrantJson(user, issued);
    },
  );
};
