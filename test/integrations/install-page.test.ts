// The bot install page: the guilds the user manages in a select (or fixed), a checkbox per requested permission,
// unticking, the confirmation page, the code flow from the page, and refusals shown as pages or redirected errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, createTestApp, registerUser, unchanged, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { addMember, createBotApp, createGuild, listIntegrations, type BotApp } from '../helpers/bot-install.js';
import { FORM, pkce } from '../helpers/oauth.js';
import { hiddenFields, signInCookie } from '../helpers/pages.js';
import { forEachDialect } from '../helpers/stores.js';

forEachDialect('bot install page', (dialect) => {
  let t: TestApp;
  let bot: BotApp;
  let user: RegisteredUser;
  let cookie: string;
  let owned: { id: string; name: string };
  let managed: { id: string; name: string };
  let memberOnly: { id: string; name: string };
  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off' } });
    bot = await createBotApp(t.app, await registerUser(t.app));
    user = await registerUser(t.app);
    cookie = await signInCookie(t.app, user);
    const other = await registerUser(t.app);
    owned = await createGuild(t.app, user, 'Owned <Guild>');
    managed = await createGuild(t.app, other, 'Managed Guild');
    await addMember(t.app, other, managed.id, user, (32n | 8192n).toString());
    memberOnly = await createGuild(t.app, other, 'Member Guild');
    await addMember(t.app, other, memberOnly.id, user, '2048');
  });
  after(() => t.close());

  const authorizePage = (params: Record<string, string>, withCookie = cookie) =>
    call(t.app, {
      method: 'GET',
      url: `/oauth2/authorize?${new URLSearchParams({ client_id: bot.clientId, scope: 'bot', ...params })}`,
      headers: { cookie: withCookie },
    });
  const submit = (fields: Record<string, string>, ticks: string[] = []) => {
    const body = new URLSearchParams({ ...fields, decision: 'approve' });
    for (const tick of ticks) body.append('permission', tick);
    return call(t.app, { method: 'POST', url: '/oauth2/authorize', headers: { ...FORM, cookie }, payload: body.toString() });
  };
  const confirmationPath = (location: string) => location.slice(t.config.issuer.length);

  test('the page offers only the guilds the user manages, preselects guild_id, and lists each requested permission in plain words', async () => {
    const page = await authorizePage({ permissions: '2056', guild_id: managed.id });
    assert.equal(page.statusCode, 200);
    const options = [...page.body.matchAll(/<option value="(\d*)"( selected)?>([^<]*)<\/option>/g)].map((m) => [m[1], Boolean(m[2]), m[3]]);
    assert.deepEqual(options, [
      ['', false, 'Select a server'],
      [owned.id, false, 'Owned &lt;Guild&gt;'],
      [managed.id, true, 'Managed Guild'],
    ]);
    const boxes = [...page.body.matchAll(/<input type="checkbox" name="permission" value="(\d+)" checked> ([^<]+)<\/label>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(boxes, [
      ['8', 'Administrator (every permission, in every channel)'],
      ['2048', 'Send messages'],
    ]);
    assert.match(page.body, /Once you authorize, you will see a confirmation here\./);
    assert.deepEqual(hiddenFields(page.body), { client_id: bot.clientId, scope: 'bot', permissions: '2056', csrf_token: hiddenFields(page.body).csrf_token });
  });

  test('unticked permissions are not granted; a bot-only install ends on a confirmation page naming the guild for its members', async () => {
    const page = await authorizePage({ permissions: '2056' });
    const response = await submit({ ...hiddenFields(page.body), guild_id: owned.id }, ['2048', '32']);
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `${t.config.issuer}/oauth2/authorized?guild_id=${owned.id}&application_id=${bot.clientId}`);
    const [integration] = (await listIntegrations(t.app, user, owned.id)).data;
    assert.equal(integration.permissions, '2048', 'ADMINISTRATOR was unticked; a tick outside the request is ignored');
    const path = confirmationPath(String(response.headers.location));
    const confirmation = await call(t.app, { method: 'GET', url: path, headers: { cookie } });
    assert.equal(confirmation.statusCode, 200);
    assert.match(confirmation.body, /Install Bot has been added to <strong>Owned &lt;Guild&gt;<\/strong>\./);
    const anonymous = await call(t.app, { method: 'GET', url: path });
    assert.match(anonymous.body, /Install Bot has been authorized\./);
    assert.doesNotMatch(anonymous.body, /Owned/);
  });

  test('disable_guild_select shows the guild fixed; a fixed guild the user cannot manage is a 403 page', async () => {
    const page = await authorizePage({ guild_id: managed.id, disable_guild_select: 'true' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Adding to <strong>Managed Guild<\/strong>/);
    assert.doesNotMatch(page.body, /<select/);
    assert.equal(hiddenFields(page.body).guild_id, managed.id);
    assert.match(page.body, /The bot asks for no permissions\./);
    const refused = await authorizePage({ guild_id: memberOnly.id, disable_guild_select: 'true' });
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /You need the Manage Server permission in that server to add a bot to it/);
  });

  test('with a redirect URI and more scopes the page completes the code flow: code, state, guild_id, permissions and iss', async () => {
    const { challenge } = pkce();
    const page = await authorizePage({
      scope: 'bot identify',
      permissions: '2056',
      redirect_uri: bot.redirectUri,
      response_type: 'code',
      state: 'page-state',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-security-policy']), /form-action 'self' https:\/\/app\.example/);
    const response = await submit({ ...hiddenFields(page.body), guild_id: owned.id }, ['2048']);
    assert.equal(response.statusCode, 303);
    const location = new URL(String(response.headers.location));
    assert.equal(`${location.origin}${location.pathname}`, bot.redirectUri);
    assert.deepEqual([...location.searchParams.keys()], ['code', 'state', 'guild_id', 'permissions', 'iss']);
    assert.deepEqual(
      ['state', 'guild_id', 'permissions', 'iss'].map((name) => location.searchParams.get(name)),
      ['page-state', owned.id, '2048', t.config.issuer],
    );
  });

  test('a chosen guild the user does not manage is a 403 page; no guild or a bad checkbox value is a 400 page; nothing changes', async () => {
    const page = await authorizePage({ permissions: '0' });
    const response = await unchanged(t.db, () => submit({ ...hiddenFields(page.body), guild_id: memberOnly.id }));
    assert.equal(response.statusCode, 403);
    assert.match(response.body, /Adding a bot needs MANAGE_GUILD in that guild/);
    const none = await unchanged(t.db, () => submit(hiddenFields(page.body)));
    assert.equal(none.statusCode, 400, 'no guild chosen');
    const badTick = await unchanged(t.db, () => submit({ ...hiddenFields(page.body), guild_id: owned.id }, ['-1']));
    assert.equal(badTick.statusCode, 400);
    assert.match(badTick.body, /permissions must be a decimal integer string of at most 20 digits/);
  });

  test('bad permissions: an error page without a redirect URI, invalid_request to the redirect URI with one; nothing changes', async () => {
    for (const permissions of ['-8', 'eight', '1'.repeat(21), '18446744073709551616']) {
      const page = await unchanged(t.db, () => authorizePage({ permissions }));
      assert.equal(page.statusCode, 400, permissions);
      assert.match(page.body, /Invalid authorization request/);
      const redirected = await unchanged(t.db, () => authorizePage({ permissions, redirect_uri: bot.redirectUri, response_type: 'code', state: 'st' }));
      assert.equal(redirected.statusCode, 302);
      const location = new URL(String(redirected.headers.location));
      assert.deepEqual([location.searchParams.get('error'), location.searchParams.get('state')], ['invalid_request', 'st']);
      assert.match(location.searchParams.get('error_description')!, /^permissions must/);
    }
  });

  test('bot_public false is a 403 page for anyone but the owner; prompt=none with bot answers consent_required', async () => {
    const privateBot = await createBotApp(t.app, await registerUser(t.app), { bot_public: false });
    const page = await call(t.app, { method: 'GET', url: `/oauth2/authorize?client_id=${privateBot.clientId}&scope=bot`, headers: { cookie } });
    assert.equal(page.statusCode, 403);
    assert.match(page.body, /Only the owner of this application can add its bot to a guild/);
    const silent = await authorizePage({ redirect_uri: bot.redirectUri, response_type: 'code', prompt: 'none' });
    assert.equal(silent.statusCode, 302);
    assert.equal(new URL(String(silent.headers.location)).searchParams.get('error'), 'consent_required');
  });

  test('the confirmation page: a cancelled install says nothing was added; a bad or unknown link is refused', async () => {
    const cancelled = await call(t.app, { method: 'GET', url: `/oauth2/authorized?application_id=${bot.clientId}&error=access_denied` });
    assert.equal(cancelled.statusCode, 200);
    assert.match(cancelled.body, /Install Bot was not authorized/);
    assert.match(cancelled.body, /You cancelled the request\./);
    for (const query of [
      '',
      `application_id=${bot.clientId}`,
      `application_id=x&guild_id=${owned.id}`,
      `application_id=${bot.clientId}&guild_id=1&error=access_denied`,
    ]) {
      assert.equal((await call(t.app, { method: 'GET', url: `/oauth2/authorized?${query}` })).statusCode, 400, query);
    }
    assert.equal((await call(t.app, { method: 'GET', url: `/oauth2/authorized?application_id=42&guild_id=${owned.id}` })).statusCode, 404);
  });
});
