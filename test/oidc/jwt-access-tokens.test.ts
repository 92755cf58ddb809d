// JWT access tokens (RFC 9068), opt-in per application: verified with jose against the JWKS; the API, introspection and
// revocation keep working for them, and a revoked one is inactive here while local validators see it until expiry.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { bearer, call, registerUser, type RegisteredUser } from '../helpers/app.js';
import { FrozenClock } from '../helpers/clock.js';
import { listeningTestApp } from '../helpers/listening.js';
import { consent } from '../helpers/oauth.js';
import { pkceAuthorizationUrl } from '../helpers/openid-client.js';

describe('JWT access tokens (sqlite)', () => {
  let t: Awaited<ReturnType<typeof listeningTestApp>>;
  let owner: RegisteredUser;
  let app: { id: string; client_secret: string; access_token_format: string };
  let config: client.Configuration;

  async function signIn(scope: string) {
    const nonce: Record<string, string> = scope.includes('openid') ? { nonce: 'n' } : {};
    const { url, verifier } = await pkceAuthorizationUrl(config, {
      redirect_uri: 'https://rp.example/cb',
      scope,
      state: 's',
      ...nonce,
    });
    const { redirect } = await consent(t.app, owner.token, Object.fromEntries(url.searchParams));
    return client.authorizationCodeGrant(config, redirect!, {
      pkceCodeVerifier: verifier,
      expectedState: 's',
      ...(nonce.nonce && { expectedNonce: nonce.nonce }),
    });
  }

  const verifyLocally = (token: string) =>
    jwtVerify(token, createRemoteJWKSet(new URL(`${t.issuer}/api/v1/oauth2/keys`)), {
      issuer: t.issuer,
      audience: `${t.issuer}/api/v1`,
      typ: 'at+jwt',
      currentDate: new Date(t.clock.now()),
    });
  const introspect = (token: string) => client.tokenIntrospection(config, token);

  before(async () => {
    t = await listeningTestApp('sqlite', {}, new FrozenClock(Date.now()));
    owner = await registerUser(t.app);
    const created = await call(t.app, {
      method: 'POST',
      url: '/api/v1/oauth2/applications',
      headers: bearer(owner.token),
      payload: { name: 'JWT RP', redirect_uris: ['https://rp.example/cb'], access_token_format: 'jwt' },
    });
    assert.equal(created.statusCode, 201, created.body);
    app = created.data;
    assert.equal(app.access_token_format, 'jwt');
    config = await client.discovery(new URL(t.issuer), app.id, app.client_secret, undefined, { execute: [client.allowInsecureRequests] });
    client.enableNonRepudiationChecks(config);
  });
  after(() => t.close());

  test('a bad access_token_format is a 400 and changes nothing', async () => {
    const bad = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/oauth2/applications/${app.id}`,
      headers: bearer(owner.token),
      payload: { access_token_format: 'paseto' },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal((await t.db.store.applications.findById(app.id))!.accessTokenFormat, 'jwt');
  });

  test('the access token is an at+jwt that jose verifies against the JWKS, with the RFC 9068 claims', async () => {
    const tokens = await signIn('openid identify');
    const { payload, protectedHeader } = await verifyLocally(tokens.access_token);
    assert.equal(protectedHeader.typ, 'at+jwt');
    assert.equal(payload.iss, t.issuer);
    assert.equal(payload.sub, owner.id);
    assert.equal(payload.aud, `${t.issuer}/api/v1`);
    assert.equal(payload.client_id, app.id);
    assert.equal(payload.scope, 'openid identify');
    assert.equal(typeof payload.jti, 'string');
    assert.equal(payload.exp, Math.floor(t.clock.now() / 1000) + 3600);
    assert.equal(tokens.expires_in, 3600);
    assert.ok(tokens.claims()!.at_hash);
    const me = await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(tokens.access_token) });
    assert.equal(me.statusCode, 200);
    assert.equal(me.data.id, owner.id);
  });

  test('refresh and client_credentials give JWT access tokens too', async () => {
    const tokens = await signIn('identify');
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    assert.equal((await verifyLocally(refreshed.access_token)).payload.scope, 'identify');
    const service = await client.clientCredentialsGrant(config, { scope: 'identify' });
    assert.equal((await verifyLocally(service.access_token)).payload.client_id, app.id);
  });

  test('introspection and revocation work; a revoked JWT is inactive here but verifies locally until it expires', async () => {
    const tokens = await signIn('identify');
    const active = await introspect(tokens.access_token);
    assert.equal(active.active, true);
    assert.equal(active.sub, owner.id);
    await client.tokenRevocation(config, tokens.access_token);
    assert.deepEqual(await introspect(tokens.access_token), { active: false });
    assert.equal((await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(tokens.access_token) })).statusCode, 401);
    assert.equal((await verifyLocally(tokens.access_token)).payload.sub, owner.id, 'a resource server validating locally sees the revocation only at expiry');
  });

  test('a tampered JWT is nothing: inactive on introspection and 401 on the API', async () => {
    const tokens = await signIn('identify');
    const [header, payload, signature] = tokens.access_token.split('.');
    const changed = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), scope: 'identify email' })).toString(
      'base64url',
    );
    const tampered = `${header}.${changed}.${signature}`;
    assert.deepEqual(await introspect(tampered), { active: false });
    assert.equal((await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(tampered) })).statusCode, 401);
  });

  test('applications stay opaque by default', async () => {
    const created = await call(t.app, { method: 'POST', url: '/api/v1/oauth2/applications', headers: bearer(owner.token), payload: { name: 'Opaque RP' } });
    assert.equal(created.data.access_token_format, 'opaque');
    const opaque = await client.discovery(new URL(t.issuer), created.data.id, created.data.client_secret, undefined, {
      execute: [client.allowInsecureRequests],
    });
    assert.match((await client.clientCredentialsGrant(opaque, { scope: 'identify' })).access_token, /^ggat_/);
  });
});
