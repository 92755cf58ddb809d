// OAuth endpoints take application/x-www-form-urlencoded bodies only (RFC 6749 sections 3.2, 4.1.3; RFC 7009 2.1; RFC 7662 2.1).
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { Type } from 'typebox';
import { OAuthError } from '../../errors/oauth-error.js';
import type { OAuthRequestInput } from '../../oauth/token-endpoint.js';

/** Rejects anything but a form body before it is parsed: JSON or other types get 400 invalid_request. */
export const formBodyOnly: onRequestAsyncHookHandler = async (request) => {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded');
  }
};

/** A form parameter; a repeated one parses as an array and fails validation (RFC 6749 3.2: parameters appear once). */
export function formField(description: string, maxLength = 2048) {
  return Type.Optional(Type.String({ maxLength, description }));
}

export const ClientAuthFields = {
  client_id: formField('The client id (client_secret_post, or public clients)', 64),
  client_secret: formField('The client secret (client_secret_post)', 512),
};

/** The header and the body of a validated form request, as the protocol core takes them. */
export function oauthInput(request: FastifyRequest): OAuthRequestInput {
  return { authorization: request.headers.authorization, params: (request.body ?? {}) as Record<string, string | undefined> };
}
