// Upstream providers for the upstream-login tests: a second guildgate listening on 127.0.0.1, and a scriptable fake provider.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dialect } from '../../src/storage/types.js';
import { bearer, call, registerUser, type RegisteredUser, type TestApp } from './app.js';
import { createApplication } from './applications.js';
import { listeningTestApp } from './listening.js';
import { consent } from './oauth.js';

/** The issuer of a test app that does not listen (createTestApp's default). */
export const DOWNSTREAM_ISSUER = 'http://127.0.0.1:8080';
/** An app's own redirect URI, allowed for API logins. */
export const APP_REDIRECT = 'https://app.example/callback';
/** The redirect URI the downstream guildgate is configured to treat as an app login (APP_LOGIN_REDIRECT_URIS). */
export const APP_LOGIN_REDIRECT = 'https://app.example/app-login';

export function webCallback(name: string, issuer = DOWNSTREAM_ISSUER): string {
  return `${issuer}/login/upstream/${name.toLowerCase()}/callback`;
}

/** The GUILDGATE_UPSTREAM_<NAME>_* variables of a provider. */
export function providerEnv(name: string, settings: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).map(([setting, value]) => [`GUILDGATE_UPSTREAM_${name}_${setting}`, value]));
}

export interface UpstreamGuildgate {
  t: TestApp & { issuer: string };
  /** The application registered there, allowing APP_REDIRECT and the downstream web callback of provider GG. */
  client: { id: string; secret: string };
  /** Downstream variables naming this guildgate as provider `name` (its web callback allowed when the application allows it). */
  env(name?: string, extra?: Record<string, string>): Record<string, string>;
  /** A code for the user through the consent API; with PKCE when a challenge is given. */
  code(user: RegisteredUser, options?: { scope?: string; challenge?: string; redirectUri?: string }): Promise<string>;
  /** Creates a guild there owned by `owner`, with members holding the given permissions. */
  guild(owner: RegisteredUser, name: string, members?: [RegisteredUser, string][]): Promise<string>;
  close(): Promise<void>;
}

export async function startUpstreamGuildgate(dialect: Dialect): Promise<UpstreamGuildgate> {
  const t = await listeningTestApp(dialect);
  const owner = await registerUser(t.app);
  const application = await createApplication(t.app, owner, {
    name: 'Downstream guildgate',
    redirect_uris: [APP_REDIRECT, APP_LOGIN_REDIRECT, webCallback('GG')],
  });
  const client = { id: application.id as string, secret: application.client_secret as string };
  return {
    t,
    client,
    env: (name = 'GG', extra = {}) =>
      providerEnv(name, {
        CLIENT_ID: client.id,
        CLIENT_SECRET: client.secret,
        AUTHORIZE_URL: `${t.issuer}/oauth2/authorize`,
        TOKEN_URL: `${t.issuer}/api/v1/oauth2/token`,
        API_URL: `${t.issuer}/api/v1`,
        REDIRECT_URIS: `${APP_REDIRECT},${APP_LOGIN_REDIRECT},${webCallback(name)}`,
        APP_LOGIN_REDIRECT_URIS: APP_LOGIN_REDIRECT,
        ...extra,
      }),
    async code(user, options = {}) {
      const { response, redirect } = await consent(t.app, user.token, {
        client_id: client.id,
        redirect_uri: options.redirectUri ?? APP_REDIRECT,
        response_type: 'code',
        scope: options.scope ?? 'identify guilds',
        state: 'upstream-state',
        ...(options.challenge && { code_challenge: options.challenge, code_challenge_method: 'S256' }),
      });
      const code = redirect?.searchParams.get('code');
      if (!code) throw new Error(`upstream consent gave no code: ${response.statusCode} ${response.body}`);
      return code;
    },
    async guild(guildOwner, name, members = []) {
      const created = await call(t.app, { method: 'POST', url: '/api/v1/guilds', headers: bearer(guildOwner.token), payload: { name } });
      if (created.statusCode !== 201) throw new Error(`upstream guild create failed: ${created.body}`);
      for (const [member, permissions] of members) {
        const put = await call(t.app, {
          method: 'PUT',
          url: `/api/v1/guilds/${created.data.id}/members/${member.id}`,
          headers: bearer(guildOwner.token),
          payload: { permissions },
        });
        if (put.statusCode !== 201) throw new Error(`upstream member put failed: ${put.body}`);
      }
      return created.data.id as string;
    },
    close: () => t.close(),
  };
}

/** `hang` never answers (the client times out); otherwise a status and a raw body, `chunked` without a Content-Length. */
export type FakeAnswer = 'hang' | { status: number; body: string | object; chunked?: boolean };

export interface FakeRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export const FAKE_USER = { id: '80351110224678912', username: 'nelly', discriminator: '0', global_name: 'Nelly', avatar: '8342729096ea3675442027381ff50dfe' };

export interface FakeUpstream {
  url: string;
  /** Answers by path: `/token`, `/api/users/@me`, `/api/users/@me/guilds`. */
  answers: Record<string, FakeAnswer>;
  received: FakeRequest[];
  /** Back to a provider that works: a Discord-shaped user in no guilds. */
  reset(): void;
  env(name: string, extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

function workingAnswers(): Record<string, FakeAnswer> {
  return {
    '/token': { status: 200, body: { access_token: 'upstream-access-token', token_type: 'Bearer', expires_in: 604800, scope: 'identify guilds' } },
    '/api/users/@me': { status: 200, body: FAKE_USER },
    '/api/users/@me/guilds': { status: 200, body: [] },
  };
}

/** A tiny provider on 127.0.0.1 answering what each test scripts. */
export async function startFakeUpstream(): Promise<FakeUpstream> {
  const fake = { answers: workingAnswers(), received: [] as FakeRequest[] } as FakeUpstream;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url!.split('?')[0]!;
      fake.received.push({ method: request.method!, path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = fake.answers[path] ?? { status: 404, body: 'not found' };
      if (answer === 'hang') return;
      response.statusCode = answer.status;
      response.setHeader('content-type', typeof answer.body === 'string' ? 'text/plain' : 'application/json');
      const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      // Chunked: written in pieces, so the answer's length is known only by reading it all.
      const pieces = answer.chunked ? Math.ceil(body.length / 65_536) : 0;
      for (let piece = 0; piece < pieces; piece++) response.write(body.slice(piece * 65_536, (piece + 1) * 65_536));
      response.end(answer.chunked ? undefined : body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.reset = () => {
    fake.answers = workingAnswers();
    fake.received.length = 0;
  };
  fake.env = (name, extra = {}) =>
    providerEnv(name, {
      CLIENT_ID: 'fake-client',
      CLIENT_SECRET: 'fake-secret',
      AUTHORIZE_URL: `${fake.url}/authorize`,
      TOKEN_URL: `${fake.url}/token`,
      API_URL: `${fake.url}/api`,
      REDIRECT_URIS: APP_REDIRECT,
      ...extra,
    });
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

/** A URL on 127.0.0.1 where nothing listens: connections are refused. */
export async function refusedUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
