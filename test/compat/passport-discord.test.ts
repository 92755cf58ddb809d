// passport-discord through passport's strategy in an Express app started here: authorizationURL and tokenURL name
// guildgate; the profile reads the library makes at https://discord.com/api reach guildgate through a local TLS terminator.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import passport from 'passport';
import { Strategy as DiscordStrategy, type Profile } from 'passport-discord';
import { registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createBotApp, type BotApp } from '../helpers/bot-install.js';
import { startDiscordHost, type DiscordHost } from '../helpers/discord-host.js';
import { listeningTestApp } from '../helpers/listening.js';
import { consent } from '../helpers/oauth.js';

describe('passport-discord against guildgate', () => {
  let t: TestApp & { issuer: string };
  let host: DiscordHost;
  let server: Server;
  let site: string;
  let user: RegisteredUser;
  let client: BotApp;
  before(async () => {
    t = await listeningTestApp('sqlite');
    host = await startDiscordHost(t.issuer);
    user = await registerUser(t.app);
    const owner = await registerUser(t.app);
    const web = express();
    server = web.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = await createBotApp(t.app, owner, { redirect_uris: [`${site}/callback`], token_endpoint_auth_method: 'client_secret_post' });
    passport.use(
      new DiscordStrategy(
        {
          clientID: client.clientId,
          clientSecret: client.clientSecret,
          callbackURL: `${site}/callback`,
          authorizationURL: `${t.issuer}/api/oauth2/authorize`,
          tokenURL: `${t.issuer}/api/oauth2/token`,
          scope: ['identify', 'email', 'guilds', 'connections'],
        },
        (_accessToken: string, _refreshToken: string, profile: Profile, done: (error: unknown, user?: Profile) => void) => done(null, profile),
      ),
    );
    web.use(passport.initialize());
    web.get('/login', passport.authenticate('discord', { session: false }));
    web.get('/callback', passport.authenticate('discord', { session: false }), (request, response) => {
      response.json(request.user);
    });
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await host.close();
    await t.close();
  });

  test('login redirects to the authorize page, the callback exchanges the code and reads the profile', async () => {
    const login = await fetch(`${site}/login`, { redirect: 'manual' });
    assert.equal(login.status, 302);
    const authorize = new URL(login.headers.get('location')!);
    assert.equal(`${authorize.origin}${authorize.pathname}`, `${t.issuer}/api/oauth2/authorize`);
    const page = await fetch(authorize, { redirect: 'manual' });
    assert.equal(page.status, 302, 'the authorize page sends a signed-out user to sign in');

    const { redirect } = await consent(t.app, user.token, Object.fromEntries(authorize.searchParams));
    assert.equal(`${redirect!.origin}${redirect!.pathname}`, `${site}/callback`);
    const callback = await fetch(redirect!);
    assert.equal(callback.status, 200, await callback.clone().text());
    const profile = (await callback.json()) as Profile & { connections: unknown[]; guilds: unknown[] };
    assert.equal(profile.id, user.id);
    assert.equal(profile.username, user.username);
    assert.equal(profile.provider, 'discord');
    assert.deepEqual(profile.guilds, []);
    assert.deepEqual(profile.connections, []);
  });
});
