// Discovery documents (RFC 8414 / OIDC Discovery) and the Redis-backed rate limit store shared by nodes.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { call, createTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { createTestClient } from '../helpers/applications.js';
import { basic, postForm } from '../helpers/oauth.js';

describe('discovery', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { GUILDGATE_ISSUER: 'https://auth.example' } });
  });
  after(() => t.close());

  test('both well-known documents describe the same server', async () => {
    const oauth = await call(t.app, { method: 'GET', url: '/.well-known/oauth-authorization-server' });
    const oidc = await call(t.app, { method: 'GET', url: '/.well-known/openid-configuration' });
    assert.equal(oauth.statusCode, 200);
    assert.deepEqual(oidc.data, oauth.data);
    const methods = ['client_secret_basic', 'client_secret_post', 'none'];
    assert.deepEqual(oauth.data, {
      issuer: 'https://auth.example',
      authorization_endpoint: 'https://auth.example/oauth2/authorize',
      token_endpoint: 'https://auth.example/api/v1/oauth2/token',
      revocation_endpoint: 'https://auth.example/api/v1/oauth2/token/revoke',
      introspection_endpoint: 'https://auth.example/api/v1/oauth2/introspect',
      userinfo_endpoint: 'https://auth.example/api/v1/oauth2/userinfo',
      jwks_uri: 'https://auth.example/api/v1/oauth2/keys',
      end_session_endpoint: 'https://auth.example/oauth2/logout',
      device_authorization_endpoint: 'https://auth.example/api/v1/oauth2/device/code',
      scopes_supported: [
        'identify',
        'email',
        'guilds',
        'guilds.join',
        'guilds.members.read',
        'connections',
        'bot',
        'applications.commands',
        'openid',
        'profile',
      ],
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: methods,
      revocation_endpoint_auth_methods_supported: methods,
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      authorization_response_iss_parameter_supported: true,
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256', 'ES256', 'EdDSA'],
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'nonce',
        'at_hash',
        'amr',
        'preferred_username',
        'name',
        'picture',
        'email',
        'email_verified',
      ],
      claims_parameter_supported: true,
      claim_types_supported: ['normal'],
      service_documentation: 'https://auth.example/docs',
    });
  });

  test('the OpenAPI document lists the OAuth2 endpoints', async () => {
    const doc = await call(t.app, { method: 'GET', url: '/openapi.json' });
    assert.equal(doc.statusCode, 200);
    for (const path of [
      '/api/v1/oauth2/token',
      '/api/v1/oauth2/token/revoke',
      '/api/v1/oauth2/introspect',
      '/api/v1/oauth2/authorize/consent',
      '/api/v1/oauth2/@me',
    ]) {
      assert.ok(doc.data.paths[path], path);
    }
  });
});

const REDIS_SERVER = '/usr/bin/redis-server';

describe('rate limits in Redis', { skip: fs.existsSync(REDIS_SERVER) ? false : 'redis-server is not installed' }, () => {
  let server: ChildProcess;
  let redis: Redis;
  const port = 20000 + (process.pid % 20000);

  before(async () => {
    server = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let attempt = 0; ; attempt++) {
      redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
      try {
        await redis.connect();
        break;
      } catch (error) {
        redis.disconnect();
        if (attempt > 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  after(async () => {
    redis.disconnect();
    server.kill();
  });

  test('token endpoint counts are kept in Redis under guildgate:limit:<name>:<key>', async () => {
    const t = await createTestApp({ redis });
    try {
      const user = await registerUser(t.app);
      const client = await createTestClient(t.db.store, { ownerId: user.id });
      const response = await postForm(t.app, '/api/v1/oauth2/token', { grant_type: 'client_credentials' }, basic(client.clientId, client.clientSecret!));
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['x-ratelimit-remaining'], '119');
      assert.equal(await redis.get(`guildgate:limit:oauth-client:token:${client.clientId}`), '1');
      const keys = await redis.keys('guildgate:limit:oauth-address:token:*');
      assert.equal(keys.length, 1, keys.join());
    } finally {
      await t.close();
    }
  });
});
