// OAuth endpoints take application/x-www-form-urlencoded bodies only (RFC 6749 sections 3.2, 4.1.3; RFC 7009 2.1; RFC 7662 2.1).
import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import { Type } from 'typebox';
import { OAuthError } from '../../errors/oauth-error.js';

function formBodyProblem(request: FastifyRequest): OAuthError | undefined {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded' ? undefined : new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded');
}

/** OAuth answers are never cached (RFC 6749 5.1); a body other than a form gets 400 invalid_request before it is parsed. */
export const formBodyOnly: onRequestHookHandler = (request, reply, done) => {
  reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
  done(formBodyProblem(request));
};

/** The same where a request may carry no body at all (its parameters in the query). */
export const formBodyIfAny: onRequestHookHandler = (request, reply, done) => {
  reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
  const hasBody = request.headers['content-type'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  done(hasBody ? formBodyProblem(request) : undefined);
};

/** A form parameter; a repeated one parses as an array and fails validation (RFC 6749 3.2: parameters appear once). */
export function formField(description: string, maxLength = 2048) {
  return Type.Optional(Type.String({ maxLength, description }));
}

export const ClientAuthFields = {
  client_id: formField('The client id (client_secret_post, or public clients)', 64),
  client_secret: formField('The client secret (client_secret_post)', 512),
};
