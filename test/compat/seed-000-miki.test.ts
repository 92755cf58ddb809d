// Seed 000 (Miki) walked with only the document's paths and fields: POST /oauth2/authorize with query parameters
// (client_id, redirect_uri, scope, guild_id; no response_type), the user's grant, the redirect with a code, then
// POST /oauth2/verify at the root with client_id and code as query parameters -> {authorized, guild{id, name, avatarUrl}}.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { addMember, createBotApp, createGuild, type BotApp } from '../helpers/bot-install.js';
import { hiddenFields, postPage, sessionCookie } from '../helpers/pages.js';

const MANAGE_GUILD = '32';

describe('seed 000 (Miki) flow', () => {
  let t: TestApp;
  let app: BotApp;
  let manager: RegisteredUser;
  let guild: { id: string; name: string };
  before(async () => {
    t = await createTestApp({ env: { GUILDGATE_RATE_LIMIT: 'off' } });
    app = await createBotApp(t.app, await registerUser(t.app));
    const owner = await registerUser(t.app);
    manager = await registerUser(t.app);
    guild = await createGuild(t.app, owner, 'Miki Lounge');
    await addMember(t.app, owner, guild.id, manager, MANAGE_GUILD);
  });
  after(() => t.close());

  /** The document's Authorize step as the user's browser does it: POST with query parameters, then the grant. */
  async function authorize(user: RegisteredUser, query: Record<string, string>): Promise<URL> {
    const cookie = sessionCookie(user);
    const page = await call(t.app, { method: 'POST', url: `/oauth2/authorize?${new URLSearchParams(query)}`, headers: { cookie } });
    assert.equal(page.statusCode, 200, page.body);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    // The browser submits the hidden fields and the preselected guild of the select (bot installs).
    const selected = /<option value="([0-9]+)" selected>/.exec(page.body);
    const fields = { ...hiddenFields(page.body), ...(selected && { guild_id: selected[1]! }), decision: 'approve' };
    const granted = await postPage(t.app, '/oauth2/authorize', cookie, fields);
    assert.equal(granted.statusCode, 303, granted.body);
    return new URL(String(granted.headers.location));
  }

  const verify = (query: Record<string, string>) => call(t.app, { method: 'POST', url: `/oauth2/verify?${new URLSearchParams(query)}` });

  test('bot scope with guild_id: the redirect carries a code; verify answers authorized with the guild', async () => {
    const redirect = await authorize(manager, { client_id: app.clientId, redirect_uri: app.redirectUri, scope: 'bot', guild_id: guild.id });
    assert.equal(`${redirect.origin}${redirect.pathname}`, app.redirectUri);
    const code = redirect.searchParams.get('code')!;
    assert.equal(redirect.searchParams.get('guild_id'), guild.id);
    const verified = await verify({ client_id: app.clientId, code });
    assert.equal(verified.statusCode, 200, verified.body);
    assert.equal(verified.headers['content-type'], 'application/json');
    assert.deepEqual(verified.data, { authorized: true, guild: { id: guild.id, name: 'Miki Lounge', avatarUrl: null } });
    const replay = await verify({ client_id: app.clientId, code });
    assert.deepEqual([replay.statusCode, replay.data.error], [400, 'invalid_grant']);
  });

  test('guild_id beside scopes other than bot still correlates the verify answer with a guild the user manages', async () => {
    const redirect = await authorize(manager, { client_id: app.clientId, redirect_uri: app.redirectUri, scope: 'identify guilds', guild_id: guild.id });
    const verified = await verify({ client_id: app.clientId, code: redirect.searchParams.get('code')! });
    assert.equal(verified.statusCode, 200, verified.body);
    assert.deepEqual(verified.data, { authorized: true, guild: { id: guild.id, name: 'Miki Lounge', avatarUrl: null } });
  });

  test('a guild the user cannot manage is not correlated: verify refuses the code as tied to no guild', async () => {
    const bystander = await registerUser(t.app);
    const redirect = await authorize(bystander, { client_id: app.clientId, redirect_uri: app.redirectUri, scope: 'identify', guild_id: guild.id });
    const verified = await verify({ client_id: app.clientId, code: redirect.searchParams.get('code')! });
    assert.equal(verified.statusCode, 400);
    assert.equal(verified.data.error, 'invalid_grant');
  });

  test('a POST without a query and without the consent form is refused as before', async () => {
    const response = await call(t.app, { method: 'POST', url: '/oauth2/authorize', headers: { cookie: sessionCookie(manager) } });
    assert.equal(response.statusCode, 403);
  });
});
