// No code, token, verifier or secret reaches the database files: only their SHA-256 digests are stored.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { createTestApp, registerUser } from '../helpers/app.js';
import { createTestClient } from '../helpers/applications.js';
import { authorizeCode, basic, exchangeCode, postForm, refresh } from '../helpers/oauth.js';

describe('secrets at rest (sqlite files)', () => {
  test('no code, token, verifier or secret appears in the database files', async () => {
    const t = await createTestApp({ env: { GUILDGATE_RATE_LIMIT: 'off' } });
    try {
      const user = await registerUser(t.app);
      const client = await createTestClient(t.db.store, { ownerId: user.id });
      const { code, verifier } = await authorizeCode(t.app, user.token, client, 'identify email', { nonce: 'n-0123456789' });
      const pending = await authorizeCode(t.app, user.token, client);
      const tokens = (await exchangeCode(t.app, client, code, verifier)).data;
      const rotated = (await refresh(t.app, client, tokens.refresh_token)).data;
      const credentials = (await postForm(t.app, '/api/v1/oauth2/token', { grant_type: 'client_credentials' }, basic(client.clientId, client.clientSecret!)))
        .data;
      const secrets = [
        user.token,
        client.clientSecret!,
        code,
        verifier,
        pending.code,
        pending.verifier,
        tokens.access_token,
        tokens.refresh_token,
        rotated.access_token,
        rotated.refresh_token,
        credentials.access_token,
      ];
      const files = t.db.files();
      assert.ok(files.length > 0);
      const bytes = Buffer.concat(files.map((file) => fs.readFileSync(file)));
      for (const secret of secrets) {
        const random = secret.replace(/^[a-z]+_/, '');
        assert.equal(bytes.includes(secret), false, `found ${secret.slice(0, 8)}...`);
        assert.equal(bytes.includes(random), false, `found the random part of ${secret.slice(0, 8)}...`);
      }
    } finally {
      await t.close();
    }
  });
});
