// PATCH changes only what it names; client types switch with their secrets; secret resets kill the old secret at once.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { digestToken } from '../../src/crypto/tokens.js';
import { APPLICATION_RESPONSE_EXTRAS } from '../fixtures/seed-002-shapes.js';
import { bearer, call, createTestApp, registerUser, type RegisteredUser } from '../helpers/app.js';
import { createApplication, getApplication, PNG_URI } from '../helpers/applications.js';
import { assertShape } from '../helpers/shapes.js';
import { forEachDialect } from '../helpers/stores.js';
import { suiteFixture } from '../helpers/suite-fixture.js';

const extras = APPLICATION_RESPONSE_EXTRAS;

forEachDialect('application update and client types', (dialect) => {
  const t = suiteFixture(() => createTestApp({ dialect }));
  let owner: RegisteredUser;
  before(async () => (owner = await registerUser(t.app)));

  const patch = (id: string, payload: unknown) =>
    call(t.app, { method: 'PATCH', url: `/api/v1/oauth2/applications/${id}`, headers: bearer(owner.token), payload: payload as object });
  const resetSecret = (id: string) =>
    call(t.app, { method: 'POST', url: `/api/v1/oauth2/applications/${id}/client-secret/reset`, headers: bearer(owner.token) });

  test('PATCH answers ApplicationResponse and changes only the named fields', async () => {
    const created = await createApplication(t.app, owner, { description: 'before' });
    const response = await patch(created.id, {
      name: 'Renamed',
      redirect_uris: ['https://new.example/cb'],
      bot_public: false,
      bot_require_code_grant: true,
      terms_of_service_url: 'https://new.example/tos',
    });
    assert.equal(response.statusCode, 200);
    assertShape(response.data, 'ApplicationResponse', { extras, present: ['bot'] });
    assert.equal('client_secret' in response.data, false);
    const read = await getApplication(t.app, owner, created.id);
    assert.deepEqual(read, {
      ...response.data,
      description: 'before',
      name: 'Renamed',
      redirect_uris: ['https://new.example/cb'],
      bot_public: false,
      bot_require_code_grant: true,
      terms_of_service_url: 'https://new.example/tos',
    });
    assert.equal(read.bot.username, 'Test_App', 'renaming the application leaves the bot user alone');
    const cleared = await patch(created.id, { description: null, redirect_uris: null, terms_of_service_url: null });
    assert.deepEqual([cleared.data.description, cleared.data.redirect_uris, cleared.data.terms_of_service_url], [null, [], null]);
  });

  test('PATCH sets and removes the icon', async () => {
    const created = await createApplication(t.app, owner);
    const withIcon = await patch(created.id, { icon: PNG_URI });
    assert.match(withIcon.data.icon, /^[0-9a-f]{64}$/);
    const without = await patch(created.id, { icon: null });
    assert.equal(without.data.icon, null);
  });

  test('an empty PATCH answers 400 and changes nothing', async () => {
    const created = await createApplication(t.app, owner);
    const response = await patch(created.id, {});
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.data, {
      code: 'INVALID_FORM_BODY',
      message: 'Invalid request: body must NOT have fewer than 1 properties',
      errors: [{ field: 'body', message: 'must NOT have fewer than 1 properties' }],
    });
  });

  test('resetting the secret answers a new one once; the old digest is gone at once', async () => {
    const created = await createApplication(t.app, owner);
    const response = await resetSecret(created.id);
    assert.equal(response.statusCode, 200);
    assertShape(response.data, 'ApplicationResponse', { extras, present: ['bot', 'client_secret'] });
    assert.match(response.data.client_secret, /^ggcs_/);
    assert.notEqual(response.data.client_secret, created.client_secret);
    assert.equal('token' in response.data.bot, false);
    const stored = await t.db.store.applications.findById(created.id);
    assert.equal(stored?.clientSecretDigest, digestToken(response.data.client_secret));
    assert.equal('client_secret' in (await getApplication(t.app, owner, created.id)), false);
  });

  test('switching to none drops the secret; resetting a public client answers 400 PUBLIC_CLIENT', async () => {
    const created = await createApplication(t.app, owner);
    const response = await patch(created.id, { token_endpoint_auth_method: 'none' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.data.token_endpoint_auth_method, 'none');
    assert.equal('client_secret' in response.data, false);
    assert.equal((await t.db.store.applications.findById(created.id))?.clientSecretDigest, null);
    const reset = await resetSecret(created.id);
    assert.equal(reset.statusCode, 400);
    assert.deepEqual(reset.data, { code: 'PUBLIC_CLIENT', message: 'Public clients (token_endpoint_auth_method "none") have no client secret' });
    assert.equal((await t.db.store.applications.findById(created.id))?.clientSecretDigest, null);
  });

  test('making a public client confidential issues a secret in that PATCH response, once', async () => {
    const created = await createApplication(t.app, owner, { token_endpoint_auth_method: 'none' });
    const response = await patch(created.id, { token_endpoint_auth_method: 'client_secret_basic' });
    assert.equal(response.statusCode, 200);
    assertShape(response.data, 'ApplicationResponse', { extras, present: ['bot', 'client_secret'] });
    assert.equal((await t.db.store.applications.findById(created.id))?.clientSecretDigest, digestToken(response.data.client_secret));
    const again = await patch(created.id, { token_endpoint_auth_method: 'client_secret_basic' });
    assert.equal('client_secret' in again.data, false);
  });

  test('switching between client_secret_basic and client_secret_post keeps the secret', async () => {
    const created = await createApplication(t.app, owner);
    const response = await patch(created.id, { token_endpoint_auth_method: 'client_secret_post' });
    assert.equal(response.data.token_endpoint_auth_method, 'client_secret_post');
    assert.equal('client_secret' in response.data, false);
    assert.equal((await t.db.store.applications.findById(created.id))?.clientSecretDigest, digestToken(created.client_secret));
  });
});
