// Three `guildgate serve` processes on one PostgreSQL schema and one Redis behave as one: a simultaneous start on an
// empty schema, credentials made on one node working on the others, revocations seen at once everywhere, the shared
// login-failure limit, the outbox delivering each event once in total, and shared signing material.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { migrationNames } from '../../src/storage/migrations/index.js';
import { basic, bearer, request, startCluster, CLUSTER_SKIP, type Cluster } from '../helpers/cluster.js';
import { pkce } from '../helpers/oauth.js';
import { startWebhookListener } from '../helpers/webhook-listener.js';

const REDIRECT = 'https://app.example/callback';

describe('three nodes on one PostgreSQL and one Redis', { skip: CLUSTER_SKIP }, () => {
  let cluster: Cluster;
  let a: Cluster['nodes'][number], b: Cluster['nodes'][number], c: Cluster['nodes'][number];
  let counter = 0;
  before(async () => {
    cluster = await startCluster();
    [a, b, c] = cluster.nodes as [typeof a, typeof b, typeof c];
  });
  after(() => cluster?.close());

  async function register(node = a) {
    const username = `multi${process.pid}_${++counter}`;
    const password = 'correct horse battery';
    const answer = await request(node, 'POST', '/api/v1/auth/register', { json: { username, password } });
    assert.equal(answer.status, 201, answer.text);
    return { id: answer.data.user_id as string, token: answer.data.token as string, username, password };
  }

  async function createApp(node: typeof a, ownerToken: string) {
    const answer = await request(node, 'POST', '/api/v1/oauth2/applications', {
      headers: bearer(ownerToken),
      json: { name: 'Cluster App', redirect_uris: [REDIRECT] },
    });
    assert.equal(answer.status, 201, answer.text);
    return {
      id: answer.data.id as string,
      secret: answer.data.client_secret as string,
      botToken: answer.data.bot.token as string,
      botId: answer.data.bot.id as string,
    };
  }

  /** Consent on `consentNode`; returns the code and its verifier. */
  async function authorize(consentNode: typeof a, userToken: string, clientId: string) {
    const { verifier, challenge } = pkce();
    const consent = await request(consentNode, 'POST', '/api/v1/oauth2/authorize/consent', {
      headers: bearer(userToken),
      json: {
        client_id: clientId,
        scope: 'identify',
        redirect_uri: REDIRECT,
        response_type: 'code',
        state: 's',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      },
    });
    assert.equal(consent.status, 200, consent.text);
    const code = new URL(consent.data.redirect_to).searchParams.get('code');
    assert.ok(code, consent.text);
    return { code, verifier };
  }

  function exchange(node: typeof a, app: { id: string; secret: string }, code: string, verifier: string) {
    return request(node, 'POST', '/api/v1/oauth2/token', {
      headers: basic(app.id, app.secret),
      form: { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier },
    });
  }

  const me = (node: typeof a, token: string) => request(node, 'GET', '/api/v1/users/@me', { headers: bearer(token) });
  const oauthMe = (node: typeof a, token: string) => request(node, 'GET', '/api/v1/oauth2/@me', { headers: bearer(token) });

  test('started at the same moment on an empty schema: every migration ran once, one signing key, every node ready', async () => {
    const applied = await cluster.sql<{ name: string }>('select name from kysely_migration order by name');
    assert.deepEqual(
      applied.map((row) => row.name),
      migrationNames(),
    );
    assert.deepEqual(await cluster.sql('select count(*)::int as keys from signing_keys'), [{ keys: 1 }]);
    for (const node of cluster.nodes) {
      const ready = await request(node, 'GET', '/readyz');
      assert.equal(ready.status, 200);
      assert.deepEqual(ready.data, { status: 'ok' });
    }
  });

  test('a session, an API token, an authorization code and tokens made on one node work on the others', async () => {
    const user = await register(a);
    for (const node of [b, c]) assert.equal((await me(node, user.token)).data.id, user.id);
    const api = await request(b, 'POST', '/api/v1/sessions', { headers: bearer(user.token), json: { name: 'ci', type: 'api', expires_in: 0 } });
    assert.equal(api.status, 201, api.text);
    for (const node of [a, c]) assert.equal((await me(node, api.data.token)).data.id, user.id);

    const app = await createApp(a, user.token);
    const { code, verifier } = await authorize(a, user.token, app.id);
    const tokens = await exchange(b, app, code, verifier);
    assert.equal(tokens.status, 200, tokens.text);
    const introspected = await request(c, 'POST', '/api/v1/oauth2/introspect', {
      headers: basic(app.id, app.secret),
      form: { token: tokens.data.access_token },
    });
    assert.equal(introspected.data.active, true);
    assert.equal(introspected.data.sub, user.id);
    const refreshed = await request(a, 'POST', '/api/v1/oauth2/token', {
      headers: basic(app.id, app.secret),
      form: { grant_type: 'refresh_token', refresh_token: tokens.data.refresh_token },
    });
    assert.equal(refreshed.status, 200, refreshed.text);
    assert.equal((await oauthMe(c, refreshed.data.access_token)).status, 200);
    // The code is single-use across nodes; its replay elsewhere revokes what it issued, everywhere.
    const replay = await exchange(c, app, code, verifier);
    assert.equal(replay.status, 400);
    assert.equal(replay.data.error, 'invalid_grant');
    for (const node of cluster.nodes) assert.equal((await oauthMe(node, refreshed.data.access_token)).status, 401);
    const asBot = await request(c, 'GET', '/api/v1/users/@me', { headers: { authorization: `Bot ${app.botToken}` } });
    assert.equal(asBot.data.id, app.botId);
  });

  test('signing material is shared: a login form from one node is accepted by another, and every node publishes the same keys', async () => {
    const user = await register(c);
    const form = await fetch(`${a.base}/login`);
    const html = await form.text();
    const binding = /gg_login_csrf=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!;
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(html)![1]!;
    const login = await fetch(`${b.base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `gg_login_csrf=${binding}` },
      body: new URLSearchParams({ login: user.username, password: user.password, csrf_token: csrf }).toString(),
    });
    assert.equal(login.status, 303);
    const session = /gg_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
    const portal = await fetch(`${c.base}/developers/applications`, { headers: { cookie: `gg_session=${session}` }, redirect: 'manual' });
    assert.equal(portal.status, 200);
    const keys = await Promise.all(cluster.nodes.map(async (node) => (await request(node, 'GET', '/api/v1/oauth2/keys')).data));
    assert.equal(keys[0].keys.length, 1);
    assert.deepEqual(keys[1], keys[0]);
    assert.deepEqual(keys[2], keys[0]);
  });

  test('revocations made on one node hold on the others at once: token revoke, grant removal, logout, bot token reset, client secret reset, application delete, ban', async () => {
    const user = await register(a);
    const app = await createApp(b, user.token);
    const first = await authorize(a, user.token, app.id);
    const tokens = (await exchange(a, app, first.code, first.verifier)).data;
    assert.equal(
      (await request(a, 'POST', '/api/v1/oauth2/token/revoke', { headers: basic(app.id, app.secret), form: { token: tokens.access_token } })).status,
      200,
    );
    for (const node of [b, c]) assert.equal((await oauthMe(node, tokens.access_token)).status, 401);

    const second = await authorize(c, user.token, app.id);
    const granted = (await exchange(c, app, second.code, second.verifier)).data;
    assert.equal((await oauthMe(a, granted.access_token)).status, 200);
    assert.equal((await request(b, 'DELETE', `/api/v1/oauth2/@me/authorizations/${app.id}`, { headers: bearer(user.token) })).status, 204);
    for (const node of [a, c]) assert.equal((await oauthMe(node, granted.access_token)).status, 401);
    const refreshed = await request(c, 'POST', '/api/v1/oauth2/token', {
      headers: basic(app.id, app.secret),
      form: { grant_type: 'refresh_token', refresh_token: granted.refresh_token },
    });
    assert.equal(refreshed.status, 400);

    const login = await request(c, 'POST', '/api/v1/auth/login', { json: { login: user.username, password: user.password } });
    assert.equal(login.status, 200, login.text);
    assert.equal((await request(a, 'POST', '/api/v1/auth/logout', { headers: bearer(login.data.token) })).status, 204);
    for (const node of [b, c]) assert.equal((await me(node, login.data.token)).status, 401);

    const reset = await request(b, 'POST', `/api/v1/oauth2/applications/${app.id}/bot/reset-token`, { headers: bearer(user.token) });
    assert.equal(reset.status, 200, reset.text);
    for (const node of [a, c])
      assert.equal((await request(node, 'GET', '/api/v1/users/@me', { headers: { authorization: `Bot ${app.botToken}` } })).status, 401);
    assert.equal((await request(c, 'GET', '/api/v1/users/@me', { headers: { authorization: `Bot ${reset.data.token}` } })).status, 200);

    // Client authentication is cached per node: a secret reset and a deletion on one node empty every node's cache.
    const clientCredentials = (node: typeof a, secret: string) =>
      request(node, 'POST', '/api/v1/oauth2/token', { headers: basic(app.id, secret), form: { grant_type: 'client_credentials' } });
    for (const node of cluster.nodes) assert.equal((await clientCredentials(node, app.secret)).status, 200);
    const newSecret = await request(a, 'POST', `/api/v1/oauth2/applications/${app.id}/client-secret/reset`, { headers: bearer(user.token) });
    assert.equal(newSecret.status, 200, newSecret.text);
    for (const node of [b, c]) assert.equal((await clientCredentials(node, app.secret)).status, 401);
    for (const node of cluster.nodes) assert.equal((await clientCredentials(node, newSecret.data.client_secret)).status, 200);
    assert.equal((await request(b, 'DELETE', `/api/v1/oauth2/applications/${app.id}`, { headers: bearer(user.token) })).status, 204);
    for (const node of [a, c]) assert.equal((await clientCredentials(node, newSecret.data.client_secret)).status, 401);

    // A ban is an operator's write to the database; no node keeps a copy of the account.
    await cluster.sql("update users set state = 'banned' where id = $1", [user.id]);
    for (const node of cluster.nodes) assert.equal((await me(node, user.token)).status, 403);
  });

  test('failed logins are counted across nodes: five failures spread over three nodes, then 429 on any', async () => {
    const user = await register(b);
    const wrong = { login: user.username, password: 'not the password' };
    for (const node of [a, b, c, a, b]) assert.equal((await request(node, 'POST', '/api/v1/auth/login', { json: wrong })).status, 401);
    const refused = await request(c, 'POST', '/api/v1/auth/login', { json: { login: user.username, password: user.password } });
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('x-ratelimit-bucket'), 'login-failures');
  });

  test('the outbox delivers each event once in total while every node runs the delivery worker', async () => {
    const listener = await startWebhookListener();
    try {
      const developer = await register(a);
      const app = await createApp(a, developer.token);
      const settings = await request(b, 'PATCH', `/api/v1/oauth2/applications/${app.id}/events/settings`, {
        headers: bearer(developer.token),
        json: { event_webhooks_url: listener.url, event_webhooks_types: ['APPLICATION_AUTHORIZED'], event_webhooks_status: 'enabled' },
      });
      assert.equal(settings.status, 200, settings.text);
      const users = [];
      for (let i = 0; i < 12; i++) {
        const node = cluster.nodes[i % 3]!;
        const user = await register(node);
        await authorize(node, user.token, app.id);
        users.push(user.id);
      }
      // Delivery is asynchronous: wait until the outbox is empty (every node polls every 50 ms).
      for (let waited = 0; ; waited += 100) {
        const [{ pending }] = await cluster.sql<{ pending: number }>("select count(*)::int as pending from events where status = 'pending'");
        if (pending === 0) break;
        if (waited > 30_000) assert.fail(`${pending} events still pending`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const events = await cluster.sql<{ id: string; status: string; attempts: number }>(
        'select id, status, attempts from events where application_id = $1 order by id',
        [app.id],
      );
      assert.equal(events.length, 12);
      assert.deepEqual(new Set(events.map((event) => `${event.status}/${event.attempts}`)), new Set(['delivered/1']));
      // The settings change sent a PING (type 0) first; events are type 1.
      const received = listener.received.map((delivery) => JSON.parse(delivery.body)).filter((body) => body.type === 1);
      assert.deepEqual(received.map((body) => body.id).sort(), events.map((event) => event.id).sort());
      assert.deepEqual(received.map((body) => body.event.data.user.id).sort(), [...users].sort());
      assert.deepEqual(
        await cluster.sql('select count(*)::int as attempts from event_deliveries d join events e on e.id = d.event_id where e.application_id = $1', [app.id]),
        [{ attempts: 12 }],
      );
    } finally {
      await listener.close();
    }
  });

  test('no node exited', () => {
    for (const node of cluster.nodes) assert.equal(node.child.exitCode, null, node.output());
  });
});
