// POST /oauth2/verify (seed 000): client_id and code as query or form parameters -> {authorized, guild}; OAuth errors.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { OAuthError } from '../../errors/oauth-error.js';
import { verifyCode } from '../../oauth/verify.js';
import type { RouteOptions } from '../context.js';
import { ClientAuthFields, formBodyIfAny, formField } from '../plugins/oauth-form.js';
import { addressBudget, gatedInput } from '../plugins/oauth-limits.js';
import { nullable, Snowflake } from '../schemas/common.js';

const VerifyParams = Type.Object(
  {
    code: formField('The code from the install redirect', 256),
    code_verifier: formField('The PKCE verifier, when the authorization request had a code_challenge', 256),
    ...ClientAuthFields,
  },
  { additionalProperties: true },
);

const VerifyResponseBody = Type.Object({
  authorized: Type.Boolean(),
  guild: nullable(Type.Object({ id: Snowflake, name: Type.String(), avatarUrl: nullable(Type.String({ description: 'The guild icon URL' })) })),
});

const OAuthErrorBody = Type.Object({ error: Type.String(), error_description: Type.String() });

/** Query and form parameters together; one given in both places is a bad request (RFC 6749 3.1: parameters appear once). */
function merged(query: Record<string, string | undefined>, body: Record<string, string | undefined>): Record<string, string | undefined> {
  const twice = Object.keys(body).filter((name) => Object.hasOwn(query, name));
  if (twice.length > 0) throw new OAuthError('invalid_request', `Parameter given in both the query and the body: ${twice.join(', ').slice(0, 100)}`);
  return { ...query, ...body };
}

export const oauth2VerifyRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  const limit = addressBudget(ctx.services.limits.verifyPerAddress, 'verify', ctx.clock);
  app.post(
    '/oauth2/verify',
    {
      config: { oauthErrors: true },
      // No body at all (parameters in the query) is fine; a body must be a form.
      onRequest: formBodyIfAny,
      preValidation: async (request) => {
        request.body ??= {};
      },
      ...(limit && { preHandler: limit }),
      schema: {
        tags: ['oauth2'],
        summary: 'Verify a bot install code (seed 000): single use, bound to the client',
        security: [{ clientBasic: [] }, {}],
        querystring: VerifyParams,
        body: VerifyParams,
        response: { 200: VerifyResponseBody, 400: OAuthErrorBody, 401: OAuthErrorBody, 429: OAuthErrorBody },
      },
    },
    async (request, reply) =>
      verifyCode(ctx.services.oauth, gatedInput(ctx.services.clientGate, 'verify', request, reply, merged(request.query, request.body))),
  );
};
