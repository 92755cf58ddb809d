// Transactions only read and write rows: password hashing (scrypt), Ed25519 key generation and signing, image decoding
// and every outbound request (upstream login, webhook PING and delivery) run while no transaction of the store is open.
// Each is recorded, with whether a transaction was open, while the flows that need them run through the API.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { after, before, mock, test } from 'node:test';
import { hashPassword } from '../../src/crypto/passwords.js';
import { ImagesService } from '../../src/images/images-service.js';
import type { Tx } from '../../src/storage/types.js';
import { bearer, call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createApplication, createTestClient, PNG_URI } from '../helpers/applications.js';
import { authorizeCode, exchangeCode } from '../helpers/oauth.js';
import { forEachDialect } from '../helpers/stores.js';
import { APP_REDIRECT, startFakeUpstream, type FakeUpstream } from '../helpers/upstream.js';
import { LOOPBACK_WEBHOOKS, startWebhookListener, type WebhookListener } from '../helpers/webhook-listener.js';

type Work = 'scrypt' | 'ed25519 key pair' | 'ed25519 signature' | 'image decode' | 'upstream request' | 'webhook request';

forEachDialect('slow work outside transactions', (dialect) => {
  let t: TestApp;
  let fake: FakeUpstream;
  let listener: WebhookListener;
  let user: RegisteredUser;
  /** Transactions of the app's store open right now (counted from the call, so waiting for the connection counts). */
  let open = 0;
  const seen: { work: Work; inTransaction: boolean }[] = [];
  const record = (work: Work) => seen.push({ work, inTransaction: open > 0 });

  /** Records each call of `object[name]` as `work`, then runs the original. */
  function watch<T extends object>(object: T, name: keyof T & string, work: Work): void {
    const original = (object as Record<string, (...args: unknown[]) => unknown>)[name]!;
    mock.method(
      object,
      name as never,
      function (this: unknown, ...args: unknown[]) {
        record(work);
        return original.apply(this, args);
      } as never,
    );
  }

  /** Records each request the server receives (it lists them in `received`). */
  function watchRequests(received: unknown[], work: Work): void {
    received.push = (...items: unknown[]) => {
      record(work);
      return Array.prototype.push.apply(received, items);
    };
  }

  before(async () => {
    fake = await startFakeUpstream();
    listener = await startWebhookListener();
    t = await createTestApp({ dialect, env: { ...fake.env('FAKE'), ...LOOPBACK_WEBHOOKS } });
    const transaction = t.db.store.transaction.bind(t.db.store);
    mock.method(t.db.store, 'transaction', async (work: (tx: Tx) => Promise<unknown>) => {
      open++;
      try {
        return await transaction(work);
      } finally {
        open--;
      }
    });
    watch(crypto, 'scrypt', 'scrypt');
    watch(crypto, 'generateKeyPairSync', 'ed25519 key pair');
    watch(crypto, 'sign', 'ed25519 signature');
    syncBuiltinESMExports();
    watch(ImagesService.prototype, 'decode', 'image decode');
    watchRequests(fake.received, 'upstream request');
    watchRequests(listener.received, 'webhook request');
  });
  after(async () => {
    mock.restoreAll();
    syncBuiltinESMExports();
    await t.close();
    await fake.close();
    await listener.close();
  });

  test('the recorder sees work done inside a transaction (so the checks below can fail)', async () => {
    await t.db.store.transaction(() => hashPassword('inside on purpose', 1024));
    assert.deepEqual(seen.splice(0), [{ work: 'scrypt', inTransaction: true }]);
  });

  test('sign-up and a password change hash before their transactions', async () => {
    user = await registerUser(t.app);
    const changed = await call(t.app, {
      method: 'PATCH',
      url: '/api/v1/users/@me',
      headers: bearer(user.token),
      payload: { password: user.password, new_password: 'a brand new password' },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    const works = seen.splice(0);
    assert.deepEqual(new Set(works.map((w) => w.work)), new Set(['scrypt']));
    assert.deepEqual(
      works.filter((w) => w.inTransaction),
      [],
    );
  });

  test('icons and avatars are decoded before the transactions that store them', async () => {
    const application = await createApplication(t.app, user, { icon: PNG_URI });
    const icon = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/oauth2/applications/${application.id}`,
      headers: bearer(user.token),
      payload: { icon: PNG_URI },
    });
    const avatar = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/oauth2/applications/${application.id}/bot`,
      headers: bearer(user.token),
      payload: { avatar: PNG_URI },
    });
    assert.deepEqual([icon.statusCode, avatar.statusCode], [200, 200], `${icon.body} ${avatar.body}`);
    const works = seen.splice(0);
    assert.ok(works.filter((w) => w.work === 'image decode').length >= 3);
    assert.deepEqual(
      works.filter((w) => w.inTransaction),
      [],
    );
  });

  test('webhook keys, the signed PING and event deliveries happen outside transactions; the event is enqueued inside one', async () => {
    const client = await createTestClient(t.db.store, { ownerId: user.id });
    const settings = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/oauth2/applications/${client.clientId}/events/settings`,
      headers: bearer(user.token),
      payload: { event_webhooks_url: listener.url, event_webhooks_types: ['APPLICATION_AUTHORIZED'], event_webhooks_status: 'enabled' },
    });
    assert.equal(settings.statusCode, 200, settings.body);
    const { code, verifier } = await authorizeCode(t.app, user.token, client);
    assert.equal((await exchangeCode(t.app, client, code, verifier)).statusCode, 200);
    assert.equal(await t.app.eventDelivery.runOnce(), 1);
    const works = seen.splice(0);
    assert.deepEqual(new Set(works.map((w) => w.work)), new Set(['ed25519 key pair', 'ed25519 signature', 'webhook request']));
    assert.equal(works.filter((w) => w.work === 'webhook request').length, 2, 'the PING and the APPLICATION_AUTHORIZED delivery');
    assert.deepEqual(
      works.filter((w) => w.inTransaction),
      [],
    );
  });

  test('an upstream login calls the provider before the transaction that links the user', async () => {
    const login = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/oauth2',
      payload: { provider: 'fake', code: 'upstream-code', redirect_uri: APP_REDIRECT },
    });
    assert.equal(login.statusCode, 200, login.body);
    const works = seen.splice(0);
    assert.deepEqual(
      works.map((w) => w.work),
      ['upstream request', 'upstream request', 'upstream request'],
    );
    assert.deepEqual(
      works.filter((w) => w.inTransaction),
      [],
    );
  });
});
