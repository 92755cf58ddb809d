// POST /oauth2/verify (seed 000): query or form parameters, single use shared with the token endpoint, bound to the
// client and to PKCE, optional but checked client credentials, expiry, and bad requests that change nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, createTestApp, registerUser, unchanged, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createBotApp, createGuild, install, installWithCode, verify, type BotApp } from '../helpers/bot-install.js';
import { accessWorks, authorizeCode, basic, exchangeCode, FORM } from '../helpers/oauth.js';
import { forEachDialect } from '../helpers/stores.js';

const USED = { error: 'invalid_grant', error_description: 'The authorization code was already used; tokens issued from it are revoked' };
const USED_UNPROVEN = { error: 'invalid_grant', error_description: 'The authorization code was already used' };
const INVALID = { error: 'invalid_grant', error_description: 'Invalid authorization code' };

forEachDialect('verify endpoint', (dialect) => {
  let t: TestApp;
  let owner: RegisteredUser;
  let bot: BotApp;
  let guild: { id: string; name: string };
  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off' } });
    owner = await registerUser(t.app);
    bot = await createBotApp(t.app, owner);
    guild = await createGuild(t.app, owner, 'No Icon Guild');
  });
  after(() => t.close());

  const authorized = () => ({ authorized: true, guild: { id: guild.id, name: 'No Icon Guild', avatarUrl: null } });

  /** A code from a code-flow install without PKCE, as Miki's flow has it: client_id and code are all verify needs. */
  async function plainCode(app: BotApp = bot): Promise<string> {
    const { redirect } = await install(t.app, owner, app, guild.id, '0', { redirect_uri: app.redirectUri, response_type: 'code' });
    return redirect!.searchParams.get('code')!;
  }

  test('client_id and code in the query or in a form body: authorized, with the guild (avatarUrl null without an icon)', async () => {
    const query = await verify(t.app, { client_id: bot.clientId, code: await plainCode() });
    assert.equal(query.statusCode, 200);
    assert.equal(query.headers['cache-control'], 'no-store');
    assert.deepEqual(query.data, authorized());
    const form = await verify(t.app, { client_id: bot.clientId, code: await plainCode() }, { form: true });
    assert.deepEqual([form.statusCode, form.data], [200, authorized()]);
    const basicAuth = await verify(t.app, { code: await plainCode() }, { headers: basic(bot.clientId, bot.clientSecret) });
    assert.deepEqual([basicAuth.statusCode, basicAuth.data], [200, authorized()]);
  });

  test('a code works once across verify and the token endpoint, and an authenticated replay revokes the tokens it issued', async () => {
    const verifiedFirst = await installWithCode(t.app, owner, bot, guild.id, '0');
    assert.deepEqual((await verify(t.app, { client_id: bot.clientId, code: verifiedFirst.code, code_verifier: verifiedFirst.verifier })).data, authorized());
    const again = await verify(t.app, { client_id: bot.clientId, code: verifiedFirst.code, code_verifier: verifiedFirst.verifier });
    assert.deepEqual([again.statusCode, again.data], [400, USED_UNPROVEN]);
    const exchanged = await exchangeCode(t.app, bot, verifiedFirst.code, verifiedFirst.verifier);
    assert.deepEqual([exchanged.statusCode, exchanged.data], [400, USED]);

    const exchangedFirst = await installWithCode(t.app, owner, bot, guild.id, '0');
    const tokens = await exchangeCode(t.app, bot, exchangedFirst.code, exchangedFirst.verifier);
    assert.equal(tokens.statusCode, 200);
    assert.equal(await accessWorks(t.app, tokens.data.access_token), true);
    const late = await verify(t.app, { client_id: bot.clientId, code: exchangedFirst.code, code_verifier: exchangedFirst.verifier });
    assert.deepEqual([late.statusCode, late.data], [400, USED_UNPROVEN]);
    assert.equal(await accessWorks(t.app, tokens.data.access_token), true, 'client_id alone proves nothing: no revocation');
    const authenticated = await verify(t.app, { code: exchangedFirst.code }, { headers: basic(bot.clientId, bot.clientSecret) });
    assert.deepEqual([authenticated.statusCode, authenticated.data], [400, USED]);
    assert.equal(await accessWorks(t.app, tokens.data.access_token), false, 'the authenticated replay revoked the tokens');
  });

  test("the code is bound to its client: another client's verify is invalid_grant and leaves the code usable", async () => {
    const other = await createBotApp(t.app, owner);
    const code = await plainCode();
    const wrong = await unchanged(t.db, () => verify(t.app, { client_id: other.clientId, code }));
    assert.deepEqual([wrong.statusCode, wrong.data], [400, INVALID]);
    assert.deepEqual((await verify(t.app, { client_id: bot.clientId, code })).data, authorized());
  });

  test('client credentials, when sent, must be valid: 401 invalid_client, and the code stays unused', async () => {
    const code = await plainCode();
    const failures: [Record<string, string>, { form?: boolean; headers?: Record<string, string> }, string][] = [
      [{ code }, { headers: basic(bot.clientId, 'wrong-secret') }, 'Client authentication failed'],
      [{ client_id: bot.clientId, client_secret: 'wrong-secret', code }, { form: true }, 'Client authentication failed'],
      [{ client_id: '4242', code }, {}, 'Client authentication failed'],
      [{ client_id: 'not-a-snowflake', code }, {}, 'Client authentication failed'],
      [{ code }, {}, 'client_id is required'],
    ];
    for (const [params, options, description] of failures) {
      const response = await unchanged(t.db, () => verify(t.app, params, options));
      assert.equal(response.statusCode, 401, JSON.stringify(params));
      assert.deepEqual(response.data, { error: 'invalid_client', error_description: description });
      assert.match(String(response.headers['www-authenticate']), /^Basic realm="guildgate"/);
    }
    const good = await verify(t.app, { client_id: bot.clientId, client_secret: bot.clientSecret, code }, { form: true });
    assert.deepEqual([good.statusCode, good.data], [200, authorized()]);
  });

  test('a code issued with a code_challenge needs its code_verifier; a malformed verifier changes nothing', async () => {
    const { code, verifier } = await installWithCode(t.app, owner, bot, guild.id, '0');
    const malformed = await unchanged(t.db, () => verify(t.app, { client_id: bot.clientId, code, code_verifier: 'short' }));
    assert.deepEqual([malformed.statusCode, malformed.data.error], [400, 'invalid_request']);
    const missing = await verify(t.app, { client_id: bot.clientId, code });
    assert.deepEqual([missing.statusCode, missing.data], [400, { error: 'invalid_grant', error_description: 'code_verifier is required' }]);
    const spent = await verify(t.app, { client_id: bot.clientId, code, code_verifier: verifier });
    assert.deepEqual(spent.data, USED_UNPROVEN, 'like the token endpoint, a failed redemption spends the code');
  });

  test('an expired code and a code without a bot install are invalid_grant', async () => {
    const code = await plainCode();
    t.clock.advance(301);
    const expired = await verify(t.app, { client_id: bot.clientId, code });
    assert.deepEqual([expired.statusCode, expired.data], [400, { error: 'invalid_grant', error_description: 'The authorization code has expired' }]);
    const user = await authorizeCode(t.app, owner.token, bot, 'identify');
    const notInstall = await verify(t.app, { client_id: bot.clientId, code: user.code, code_verifier: user.verifier });
    assert.deepEqual(
      [notInstall.statusCode, notInstall.data],
      [400, { error: 'invalid_grant', error_description: 'The code is not from a bot install or tied to a guild' }],
    );
  });

  test('bad requests are 400 invalid_request and change nothing: no code, a JSON body, a parameter in both query and body', async () => {
    const code = await plainCode();
    const noCode = await unchanged(t.db, () => verify(t.app, { client_id: bot.clientId }));
    assert.deepEqual([noCode.statusCode, noCode.data], [400, { error: 'invalid_request', error_description: 'code is required' }]);
    const json = await unchanged(t.db, () =>
      call(t.app, {
        method: 'POST',
        url: '/api/v1/oauth2/verify',
        headers: { 'content-type': 'application/json' },
        payload: { client_id: bot.clientId, code },
      }),
    );
    assert.deepEqual([json.statusCode, json.data.error], [400, 'invalid_request']);
    const twice = await unchanged(t.db, () =>
      call(t.app, {
        method: 'POST',
        url: `/api/v1/oauth2/verify?code=${code}`,
        headers: FORM,
        payload: new URLSearchParams({ client_id: bot.clientId, code }).toString(),
      }),
    );
    assert.deepEqual(
      [twice.statusCode, twice.data],
      [400, { error: 'invalid_request', error_description: 'Parameter given in both the query and the body: code' }],
    );
    const repeated = await unchanged(t.db, () =>
      call(t.app, { method: 'POST', url: `/api/v1/oauth2/verify?client_id=${bot.clientId}&code=${code}&code=${code}` }),
    );
    assert.deepEqual([repeated.statusCode, repeated.data.error], [400, 'invalid_request']);
    assert.deepEqual((await verify(t.app, { client_id: bot.clientId, code })).data, authorized());
  });
});
