// Refuses NUL characters anywhere in an API request's body, query or path parameters: PostgreSQL text cannot hold them.
// (The HTML pages check their few fields themselves, to answer with a page.)
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../errors/api-error.js';
import { OAuthError } from '../../errors/oauth-error.js';

export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item, depth + 1));
}

export function registerRejectNul(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    if (!request.url.startsWith('/api/') || !(containsNul(request.params) || containsNul(request.query) || containsNul(request.body))) return done();
    if (request.routeOptions.config?.oauthErrors) return done(new OAuthError('invalid_request', 'Parameters must not contain NUL characters'));
    done(ApiError.badRequest('Request contains a NUL character'));
  });
}
