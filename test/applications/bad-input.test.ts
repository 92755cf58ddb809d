// Malformed application bodies and ids: exact 400 answers, and no application is created or changed.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, type RegisteredUser } from '../helpers/app.js';
import { createApplication, listApplications } from '../helpers/applications.js';
import { forEachDialect } from '../helpers/stores.js';
import { suiteFixture } from '../helpers/suite-fixture.js';

function invalid(...errors: [string, string][]) {
  return {
    code: 'INVALID_FORM_BODY',
    message: `Invalid request: ${errors.map(([field, message]) => `${field} ${message}`).join('; ')}`,
    errors: errors.map(([field, message]) => ({ field, message })),
  };
}

/** Create bodies that the schema refuses, with the exact answer. */
const BAD_CREATES: [unknown, object][] = [
  [{}, invalid(['name', 'is required'])],
  [{ name: 'Ok', secret: 'x' }, invalid(['secret', 'is not allowed'])],
  [{ name: 'Ok', client_secret: 'mine' }, invalid(['client_secret', 'is not allowed'])],
  [{ name: 5 }, invalid(['name', 'must be string'])],
  [{ name: '' }, invalid(['name', 'must NOT have fewer than 1 characters'])],
  [{ name: '   ' }, invalid(['name', 'must match pattern "\\S"'])],
  [{ name: 'x'.repeat(101) }, invalid(['name', 'must NOT have more than 100 characters'])],
  [{ name: 'Ok', bot_public: 'yes' }, invalid(['bot_public', 'must be boolean'])],
  [{ name: 'Ok', redirect_uris: 'https://app.example/cb' }, invalid(['redirect_uris', 'must be array or null'])],
  [{ name: 'Ok', redirect_uris: [5] }, invalid(['redirect_uris.0', 'must be string'])],
  [{ name: 'Ok', description: 7 }, invalid(['description', 'must be string or null'])],
  [{ name: 'Ok', description: 'd'.repeat(401) }, invalid(['description', 'must NOT have more than 400 characters'])],
  [{ name: 'Ok', token_endpoint_auth_method: 'private_key_jwt' }, invalid(['token_endpoint_auth_method', 'must be equal to one of the allowed values'])],
  [[{ name: 'Ok' }], invalid(['body', 'must be object'])],
];

forEachDialect('application bad input', (dialect) => {
  const t = suiteFixture(() => createTestApp({ dialect }));
  let owner: RegisteredUser;
  before(async () => (owner = await registerUser(t.app)));

  test('each malformed create body answers its exact 400, and nothing is created', async () => {
    for (const [payload, body] of BAD_CREATES) {
      const response = await call(t.app, { method: 'POST', url: '/api/v1/oauth2/applications', headers: bearer(owner.token), payload: payload as object });
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.deepEqual(response.data, body, JSON.stringify(payload));
    }
    assert.deepEqual(await listApplications(t.app, owner), []);
  });

  test('malformed PATCH bodies answer 400 and change nothing', async () => {
    const created = await createApplication(t.app, owner);
    const before = await listApplications(t.app, owner);
    const cases: [object, object][] = [
      [{ name: 'New', owner_id: owner.id }, invalid(['owner_id', 'is not allowed'])],
      [{ name: null }, invalid(['name', 'must be string'])],
      [{ bot_require_code_grant: 1 }, invalid(['bot_require_code_grant', 'must be boolean'])],
      [{ flags: 4 }, invalid(['flags', 'is not allowed'])],
    ];
    for (const [payload, body] of cases) {
      const response = await call(t.app, { method: 'PATCH', url: `/api/v1/oauth2/applications/${created.id}`, headers: bearer(owner.token), payload });
      assert.deepEqual([response.statusCode, response.data], [400, body], JSON.stringify(payload));
    }
    assert.deepEqual(await listApplications(t.app, owner), before);
  });

  test('non-numeric application ids answer 400 on the id', async () => {
    const response = await call(t.app, { method: 'GET', url: '/api/v1/oauth2/applications/abc', headers: bearer(owner.token) });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.data, invalid(['id', 'must match pattern "^[0-9]{1,20}$"']));
  });

  test('a body that is not JSON answers 400 INVALID_JSON', async () => {
    const response = await call(t.app, {
      method: 'POST',
      url: '/api/v1/oauth2/applications',
      headers: { ...bearer(owner.token), 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    assert.deepEqual([response.statusCode, response.data], [400, { code: 'INVALID_JSON', message: 'Request body is not valid JSON' }]);
  });
});
