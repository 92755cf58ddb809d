// Device authorization grant (RFC 8628) test helpers: start a device authorization, poll the token endpoint, and answer
// on the /device page as a signed-in user (session cookie and the page's CSRF token).
import type { FastifyInstance } from 'fastify';
import { DEVICE_CODE_GRANT_TYPE } from '../../src/oauth/grants/device-code.js';
import type { TestClient } from './applications.js';
import { clientAuth, postForm } from './oauth.js';
import { csrfOf, postPage } from './pages.js';

export const DEVICE_AUTHORIZATION = '/api/v1/oauth2/device/code';

/** POST the device authorization request with the client's own credentials. */
export function startDevice(app: FastifyInstance, client: TestClient, params: Record<string, string> = { scope: 'identify' }) {
  const { headers, params: auth } = clientAuth(client);
  return postForm(app, DEVICE_AUTHORIZATION, { ...auth, ...params }, headers);
}

/** One poll of the token endpoint with the device code. */
export function pollDevice(app: FastifyInstance, client: TestClient, deviceCode: string) {
  const { headers, params } = clientAuth(client);
  return postForm(app, '/api/v1/oauth2/token', { ...params, grant_type: DEVICE_CODE_GRANT_TYPE, device_code: deviceCode }, headers);
}

/** The user's answer on the page: the code entered (consent screen), then Authorize or Cancel. */
export async function answerOnPage(app: FastifyInstance, cookie: string, userCode: string, decision: 'approve' | 'deny') {
  const csrf = await csrfOf(app, cookie, '/device');
  const consent = await postPage(app, '/device', cookie, { csrf_token: csrf, user_code: userCode });
  if (consent.statusCode !== 200) throw new Error(`entering the code failed: ${consent.statusCode}`);
  return postPage(app, '/device/decision', cookie, { csrf_token: csrf, user_code: userCode, decision });
}
