// Discovery advertises only what is implemented: each endpoint is served, each grant type and scope is accepted, and
// OpenID Connect fields appear only with id tokens and a JWKS behind them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, createTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { createTestClient } from '../helpers/applications.js';
import { basic, postForm } from '../helpers/oauth.js';
import { parseScopes } from '../../src/oauth/scopes.js';

const ISSUER = 'https://auth.example';

describe('discovery advertises only what is implemented', () => {
  let t: TestApp;
  let metadata: Record<string, unknown>;
  before(async () => {
    t = await createTestApp({ env: { GUILDGATE_ISSUER: ISSUER } });
    metadata = (await call(t.app, { method: 'GET', url: '/.well-known/oauth-authorization-server' })).data;
  });
  after(() => t.close());

  test('every advertised URL is a route of this server', () => {
    const urls = Object.entries(metadata).filter(([name]) => name.endsWith('_endpoint') || name === 'jwks_uri' || name === 'service_documentation');
    assert.ok(urls.length >= 7);
    for (const [name, url] of urls) {
      assert.ok(typeof url === 'string' && url.startsWith(`${ISSUER}/`), name);
      const path = url.slice(ISSUER.length);
      const served = ['GET', 'POST'].some(
        (method) => t.app.hasRoute({ method: method as 'GET', url: path }) || t.app.hasRoute({ method: method as 'GET', url: `${path}/` }),
      );
      assert.ok(served, `${name} ${path} is not served`);
    }
  });

  test('every advertised grant type reaches its grant (never unsupported_grant_type), every scope parses', async () => {
    const client = await createTestClient(t.db.store, { ownerId: (await registerUser(t.app)).id });
    const token = (grantType: string) => postForm(t.app, '/api/v1/oauth2/token', { grant_type: grantType }, basic(client.clientId, client.clientSecret!));
    for (const grantType of metadata.grant_types_supported as string[]) {
      const response = await token(grantType);
      assert.notEqual(response.data.error, 'unsupported_grant_type', grantType);
    }
    for (const grantType of ['password', 'implicit', 'urn:ietf:params:oauth:grant-type:jwt-bearer']) {
      assert.ok(!(metadata.grant_types_supported as string[]).includes(grantType));
      assert.equal((await token(grantType)).data.error, 'unsupported_grant_type', grantType);
    }
    assert.deepEqual(parseScopes((metadata.scopes_supported as string[]).join(' ')), metadata.scopes_supported);
    assert.deepEqual(metadata.response_types_supported, ['code']);
  });

  test('OpenID Connect fields come with a JWKS that has keys to verify id tokens', async () => {
    const oidcFields = ['subject_types_supported', 'id_token_signing_alg_values_supported'].filter((name) => name in metadata);
    const advertisesOidc = (metadata.scopes_supported as string[]).includes('openid') || oidcFields.length > 0;
    if (!advertisesOidc) return;
    assert.deepEqual(oidcFields, ['subject_types_supported', 'id_token_signing_alg_values_supported']);
    const jwks = await call(t.app, { method: 'GET', url: String(metadata.jwks_uri).slice(ISSUER.length) });
    assert.equal(jwks.statusCode, 200);
    assert.ok(jwks.data.keys.length > 0);
    for (const key of jwks.data.keys) assert.ok((metadata.id_token_signing_alg_values_supported as string[]).includes(key.alg), key.alg);
  });
});
