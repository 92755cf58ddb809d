// Refuses NUL characters anywhere in an API request's body, query or path parameters: PostgreSQL text cannot hold them.
// (The HTML pages check their few fields themselves, to answer with a page.)
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../errors/api-error.js';
import { OAuthError } from '../../errors/oauth-error.js';

export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  // A loop over own keys, not Object.entries: this runs on every API request and allocates nothing.
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (key.includes('\u0000') || containsNul((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

export function registerRejectNul(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    if (!request.url.startsWith('/api/') || !(containsNul(request.params) || containsNul(request.query) || containsNul(request.body))) return done();
    if (request.routeOptions.config?.oauthErrors) return done(new OAuthError('invalid_request', 'Parameters must not contain NUL characters'));
    done(ApiError.badRequest('Request contains a NUL character'));
  });
}
