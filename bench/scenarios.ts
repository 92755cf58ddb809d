// The benchmark scenarios: for each, the targets it runs against and how to prepare each target's workload.
import type { ScenarioName } from './config.js';
import {
  API,
  CODE_CHALLENGE,
  codeExchangeBody,
  guildgateApp,
  installBotInNewGuild,
  INTROSPECT_PATH,
  mintAccessToken,
  mintCode,
  mintRefreshToken,
  TOKEN_PATH,
} from './guildgate-setup.js';
import { basicAuth, call, field, formBody, SetupError } from './http.js';
import type { Workload } from './load.js';
import { OnceUsePool } from './pool.js';
import { PEER_CLIENT, PEER_CODE_CLIENT_ID, PEER_JWT_CLIENT_ID, PEER_PATHS, PEER_REDIRECT_URI } from './targets/peer.js';
import type { TargetKind } from './targets/index.js';
import type { ServerProcess } from './targets/process.js';

export interface Scenario {
  name: ScenarioName;
  title: string;
  /** The target kinds it runs against (round 1 order), each with how to prepare its workload; throws SetupError. */
  prepare: Partial<Record<TargetKind, (server: ServerProcess) => Promise<Workload>>>;
}

const FORM = 'application/x-www-form-urlencoded';
const PEER_AUTH = basicAuth(PEER_CLIENT.id, PEER_CLIENT.secret);
const PEER_JWT_AUTH = basicAuth(PEER_JWT_CLIENT_ID, PEER_CLIENT.secret);
const PEER_CODE_AUTH = basicAuth(PEER_CODE_CLIENT_ID, PEER_CLIENT.secret);
const GUILDGATE_CC = { grant_type: 'client_credentials', scope: 'identify' };
const PEER_CC = { grant_type: 'client_credentials' };

function tokenRequest(path: string, clientAuth: string, fields: Record<string, string>): Workload {
  return { method: 'POST', path, headers: { authorization: clientAuth, 'content-type': FORM }, body: formBody(fields) };
}

/** A token request whose answer must carry `name` as a JWT (three dot-separated parts). */
async function checkedJwt(server: ServerProcess, work: Workload, name: string): Promise<Workload> {
  await work.pool?.refill(1);
  const body = work.pool ? work.pool.body(work.pool.take()) : work.body;
  const answer = await call(server.url, work.method, work.path, { headers: work.headers, body });
  if (field(answer, name, work.path).split('.').length !== 3) throw new SetupError(`${work.path}: ${name} is not a JWT`);
  return work;
}

function poolRequest(path: string, clientAuth: string, pool: OnceUsePool): Workload {
  return { method: 'POST', path, headers: { authorization: clientAuth, 'content-type': FORM }, pool };
}

/** Introspection of a client_credentials token, after checking the server calls that token active. */
async function introspection(
  server: ServerProcess,
  paths: { token: string; introspect: string },
  clientAuth: string,
  grant: Record<string, string>,
): Promise<Workload> {
  const issued = await call(server.url, 'POST', paths.token, { headers: { authorization: clientAuth }, form: grant });
  const work = tokenRequest(paths.introspect, clientAuth, { token: field(issued, 'access_token', 'client_credentials') });
  const answer = await call(server.url, 'POST', paths.introspect, { headers: work.headers, body: work.body });
  if (typeof answer !== 'object' || answer === null || (answer as { active?: unknown }).active !== true) {
    throw new SetupError('introspection: a fresh access token is not reported active');
  }
  return work;
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'client-credentials',
    title: 'client_credentials issuance',
    prepare: {
      guildgate: async (server) => tokenRequest(TOKEN_PATH, (await guildgateApp(server.url)).clientAuth, GUILDGATE_CC),
      peer: async () => tokenRequest(PEER_PATHS.token, PEER_AUTH, PEER_CC),
    },
  },
  {
    name: 'jwt-issuance',
    title: 'client_credentials issuance of a JWT access token (RFC 9068, RS256)',
    prepare: {
      guildgate: async (server) =>
        checkedJwt(server, tokenRequest(TOKEN_PATH, (await guildgateApp(server.url, 'jwt')).clientAuth, GUILDGATE_CC), 'access_token'),
      peer: (server) => checkedJwt(server, tokenRequest(PEER_PATHS.token, PEER_JWT_AUTH, PEER_CC), 'access_token'),
    },
  },
  {
    name: 'authorization-code',
    title: 'authorization_code exchange (PKCE), one code per request',
    prepare: {
      guildgate: async (server) => {
        const app = await guildgateApp(server.url);
        const pool = new OnceUsePool(
          () => mintCode(app),
          (code) => formBody(codeExchangeBody(code)),
        );
        return poolRequest(TOKEN_PATH, app.clientAuth, pool);
      },
    },
  },
  {
    name: 'id-token',
    title: 'authorization_code exchange (PKCE) with openid: an RS256 id token, one code per request',
    prepare: {
      guildgate: async (server) => {
        const app = await guildgateApp(server.url);
        const pool = new OnceUsePool(
          () => mintCode(app, 'identify openid'),
          (code) => formBody(codeExchangeBody(code)),
        );
        return checkedJwt(server, poolRequest(TOKEN_PATH, app.clientAuth, pool), 'id_token');
      },
      peer: async (server) => {
        const pool = new OnceUsePool(
          async () => field(await call(server.url, 'POST', PEER_PATHS.mintCode, { form: { code_challenge: CODE_CHALLENGE } }), 'code', 'mint code'),
          (code) => formBody({ ...codeExchangeBody(code), redirect_uri: PEER_REDIRECT_URI }),
        );
        return checkedJwt(server, poolRequest(PEER_PATHS.token, PEER_CODE_AUTH, pool), 'id_token');
      },
    },
  },
  {
    name: 'refresh-token',
    title: 'refresh_token rotation, one refresh token per request',
    prepare: {
      guildgate: async (server) => {
        const app = await guildgateApp(server.url);
        const pool = new OnceUsePool(
          () => mintRefreshToken(app),
          (token) => formBody({ grant_type: 'refresh_token', refresh_token: token }),
        );
        return poolRequest(TOKEN_PATH, app.clientAuth, pool);
      },
    },
  },
  {
    name: 'introspection',
    title: 'introspection (RFC 7662) of an active access token',
    prepare: {
      guildgate: async (server) => {
        const app = await guildgateApp(server.url);
        return introspection(server, { token: TOKEN_PATH, introspect: INTROSPECT_PATH }, app.clientAuth, GUILDGATE_CC);
      },
      peer: (server) => introspection(server, PEER_PATHS, PEER_AUTH, PEER_CC),
    },
  },
  {
    name: 'users-me',
    title: 'GET /api/v1/users/@me with a Bearer access token (bare: same path, tiny JSON)',
    prepare: {
      guildgate: async (server) => {
        const token = await mintAccessToken(await guildgateApp(server.url));
        return { method: 'GET', path: `${API}/users/@me`, headers: { authorization: `Bearer ${token}` } };
      },
      bare: async () => ({ method: 'GET', path: `${API}/users/@me`, headers: {} }),
    },
  },
  {
    name: 'bot-guild',
    title: 'GET /api/v1/guilds/{id} with a Bot token',
    prepare: {
      guildgate: async (server) => {
        const app = await guildgateApp(server.url);
        const guildId = await installBotInNewGuild(app);
        return { method: 'GET', path: `${API}/guilds/${guildId}`, headers: { authorization: `Bot ${app.botToken}` } };
      },
    },
  },
  {
    name: 'healthz',
    title: 'GET /healthz through the full stack (fastify: plain Fastify, same route and response schema)',
    prepare: {
      guildgate: async () => ({ method: 'GET', path: '/healthz', headers: {} }),
      fastify: async () => ({ method: 'GET', path: '/healthz', headers: {} }),
    },
  },
];
