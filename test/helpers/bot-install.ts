// Bot install helpers: an application with its bot token, guilds, installs through the consent API, verify, removal.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { bearer, botAuth, call, type RegisteredUser } from './app.js';
import { createApplication, type TestClient } from './applications.js';
import { consent, FORM, pkce } from './oauth.js';

export interface BotApp extends TestClient {
  clientSecret: string;
  botToken: string;
  botId: string;
}

/** An application created over HTTP (so its bot token is known), confidential, with one redirect URI. */
export async function createBotApp(app: FastifyInstance, owner: RegisteredUser, body: Record<string, unknown> = {}): Promise<BotApp> {
  const created = await createApplication(app, owner, { name: 'Install Bot', ...body });
  return {
    clientId: created.id,
    clientSecret: created.client_secret,
    redirectUri: created.redirect_uris[0],
    botToken: created.bot.token,
    botId: created.bot.id,
  };
}

export async function createGuild(
  app: FastifyInstance,
  owner: RegisteredUser,
  name = 'Test Guild',
  icon?: string,
): Promise<{ id: string; name: string; icon: string | null; owner_id: string }> {
  const response = await call(app, { method: 'POST', url: '/api/v1/guilds', headers: bearer(owner.token), payload: { name, ...(icon && { icon }) } });
  assert.equal(response.statusCode, 201, response.body);
  return response.data;
}

/** Makes `user` a member of the guild with `permissions`, as its owner. */
export async function addMember(app: FastifyInstance, owner: RegisteredUser, guildId: string, user: RegisteredUser, permissions: string): Promise<void> {
  const response = await call(app, {
    method: 'PUT',
    url: `/api/v1/guilds/${guildId}/members/${user.id}`,
    headers: bearer(owner.token),
    payload: { permissions },
  });
  assert.equal(response.statusCode, 201, response.body);
}

/** A bot install through the consent API: scope `bot` with `guild_id` and `permissions` (and anything in `extra`). */
export function install(
  app: FastifyInstance,
  user: RegisteredUser,
  bot: TestClient,
  guildId: string,
  permissions: string,
  extra: Record<string, unknown> = {},
) {
  return consent(app, user.token, { client_id: bot.clientId, scope: 'bot', guild_id: guildId, permissions, ...extra });
}

/** A code-flow install (redirect_uri, state, PKCE) answering with a code; returns the code, its verifier and the redirect. */
export async function installWithCode(app: FastifyInstance, user: RegisteredUser, bot: TestClient, guildId: string, permissions: string, scope = 'bot') {
  const { verifier, challenge } = pkce();
  const { response, redirect } = await install(app, user, bot, guildId, permissions, {
    scope,
    redirect_uri: bot.redirectUri,
    response_type: 'code',
    state: 'install-state',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const code = redirect?.searchParams.get('code');
  assert.ok(code, `install gave no code: ${response.statusCode} ${response.body}`);
  return { code, verifier, redirect: redirect! };
}

/** POST /oauth2/verify with the parameters in the query string (Miki's way) or, with `form`, in a form body. */
export function verify(app: FastifyInstance, params: Record<string, string>, options: { form?: boolean; headers?: Record<string, string> } = {}) {
  const encoded = new URLSearchParams(params).toString();
  return options.form
    ? call(app, { method: 'POST', url: '/api/v1/oauth2/verify', headers: { ...FORM, ...options.headers }, payload: encoded })
    : call(app, { method: 'POST', url: `/api/v1/oauth2/verify?${encoded}`, headers: options.headers ?? {} });
}

export function removeIntegration(app: FastifyInstance, user: RegisteredUser, guildId: string, applicationId: string) {
  return call(app, { method: 'DELETE', url: `/api/v1/guilds/${guildId}/integrations/${applicationId}`, headers: bearer(user.token) });
}

export function listIntegrations(app: FastifyInstance, user: RegisteredUser, guildId: string) {
  return call(app, { method: 'GET', url: `/api/v1/guilds/${guildId}/integrations`, headers: bearer(user.token) });
}

/** GET /guilds/{id} as the bot. */
export function botReadsGuild(app: FastifyInstance, bot: BotApp, guildId: string) {
  return call(app, { method: 'GET', url: `/api/v1/guilds/${guildId}`, headers: botAuth(bot.botToken) });
}
