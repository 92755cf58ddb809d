// Turns on an application's event webhook through the API, as its owner (the server PINGs the URL before it answers).
import type { FastifyInstance } from 'fastify';
import { bearer, call, type RegisteredUser } from './app.js';

/** PATCH the application's event settings: enabled, to `url`, for `types`; answers the response (verify_key in its data). */
export function enableEventWebhook(app: FastifyInstance, owner: RegisteredUser, applicationId: string, url: string, types: string[]) {
  return call(app, {
    method: 'PATCH',
    url: `/api/v1/oauth2/applications/${applicationId}/events/settings`,
    headers: bearer(owner.token),
    payload: { event_webhooks_url: url, event_webhooks_types: types, event_webhooks_status: 'enabled' },
  });
}
