// guildgate fixtures through its public HTTP API only (DESIGN.md): user, application, codes, tokens, bot install.
import { createHash, randomBytes } from 'node:crypto';
import { basicAuth, call, field, SetupError } from './http.js';

export const API = '/api/v1';
export const TOKEN_PATH = `${API}/oauth2/token`;
export const INTROSPECT_PATH = `${API}/oauth2/introspect`;
export const REDIRECT_URI = 'http://127.0.0.1:9/cb';
/** One PKCE verifier for every code: the bench measures the exchange, not verifier handling. */
export const CODE_VERIFIER = randomBytes(32).toString('base64url');
export const CODE_CHALLENGE = createHash('sha256').update(CODE_VERIFIER).digest('base64url');

export interface GuildgateApp {
  baseUrl: string;
  /** Login session token of the app's owner. */
  session: string;
  clientId: string;
  /** `Authorization` header value for client_secret_basic. */
  clientAuth: string;
  botToken: string;
}

const apps = new Map<string, Promise<GuildgateApp>>();

/** Access tokens of an application: random strings looked up in the database, or signed JWTs (RFC 9068). */
export type TokenFormat = 'opaque' | 'jwt';

async function createApp(baseUrl: string, format: TokenFormat): Promise<GuildgateApp> {
  const username = `bench_${randomBytes(6).toString('hex')}`;
  const registered = await call(baseUrl, 'POST', `${API}/auth/register`, {
    json: { username, password: randomBytes(18).toString('base64url') },
  });
  const session = field(registered, 'token', 'register');
  const app = await call(baseUrl, 'POST', `${API}/oauth2/applications`, {
    headers: { authorization: `Bearer ${session}` },
    json: { name: `bench ${username}`, redirect_uris: [REDIRECT_URI], access_token_format: format },
  });
  const clientId = field(app, 'id', 'create application');
  return {
    baseUrl,
    session,
    clientId,
    clientAuth: basicAuth(clientId, field(app, 'client_secret', 'create application')),
    botToken: field(app, 'bot.token', 'create application'),
  };
}

/** The user + application of one guildgate instance (one per token format), made once and shared by its scenarios. */
export function guildgateApp(baseUrl: string, format: TokenFormat = 'opaque'): Promise<GuildgateApp> {
  const key = `${format} ${baseUrl}`;
  let app = apps.get(key);
  if (app === undefined) {
    app = createApp(baseUrl, format);
    apps.set(key, app);
  }
  return app;
}

function consent(app: GuildgateApp, body: Record<string, string>): Promise<unknown> {
  return call(app.baseUrl, 'POST', `${API}/oauth2/authorize/consent`, {
    headers: { authorization: `Bearer ${app.session}` },
    json: { client_id: app.clientId, ...body },
  });
}

/** A fresh authorization code (PKCE S256) from the consent endpoint; with `openid` in scope its exchange signs an id token. */
export async function mintCode(app: GuildgateApp, scope = 'identify'): Promise<string> {
  const answer = await consent(app, {
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope,
    state: randomBytes(8).toString('hex'),
    code_challenge: CODE_CHALLENGE,
    code_challenge_method: 'S256',
  });
  const code = new URL(field(answer, 'redirect_to', 'consent')).searchParams.get('code');
  if (!code) throw new SetupError('consent: redirect_to has no code');
  return code;
}

export function codeExchangeBody(code: string): Record<string, string> {
  return { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: CODE_VERIFIER };
}

async function exchangeCode(app: GuildgateApp): Promise<unknown> {
  return call(app.baseUrl, 'POST', TOKEN_PATH, {
    headers: { authorization: app.clientAuth },
    form: codeExchangeBody(await mintCode(app)),
  });
}

export async function mintAccessToken(app: GuildgateApp): Promise<string> {
  return field(await exchangeCode(app), 'access_token', 'code exchange');
}

export async function mintRefreshToken(app: GuildgateApp): Promise<string> {
  return field(await exchangeCode(app), 'refresh_token', 'code exchange');
}

/** Creates a guild owned by the app's owner and installs the app's bot there (bot scope, no redirect). */
export async function installBotInNewGuild(app: GuildgateApp): Promise<string> {
  const guild = await call(app.baseUrl, 'POST', `${API}/guilds`, {
    headers: { authorization: `Bearer ${app.session}` },
    json: { name: 'bench guild' },
  });
  const guildId = field(guild, 'id', 'create guild');
  await consent(app, { scope: 'bot', guild_id: guildId, permissions: '0' });
  return guildId;
}
