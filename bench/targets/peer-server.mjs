// @ts-check
// Peer server: node-oidc-provider (in-memory adapter, one RS256 key) with three clients: client_credentials with opaque
// access tokens, client_credentials with JWT access tokens (a resource server), and the authorization code flow with
// `openid`, whose codes the bench mints through POST /bench/code (a code the provider made itself, without a login page).
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { Provider } from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import LRU from 'oidc-provider/lib/helpers/lru.js';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const secret = String(process.env.PEER_CLIENT_SECRET);
const ids = { opaque: String(process.env.PEER_CLIENT_ID), jwt: `${process.env.PEER_CLIENT_ID}-jwt`, code: `${process.env.PEER_CLIENT_ID}-code` };
const redirectUri = String(process.env.PEER_REDIRECT_URI);
const resource = 'urn:guildgate-bench:api';
const accountId = '1';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
// The default in-memory store keeps the last 1000 entries: codes minted ahead of the load would be gone before use.
// Codes and grants go to one large enough for a run; everything else stays in the default store.
const kept = new LRU({ maxSize: 1_000_000 });
const KEPT_MODELS = new Set(['AuthorizationCode', 'Grant']);

const provider = new Provider(issuer, {
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: 'bench' }] },
  clients: [
    { client_id: ids.opaque, client_secret: secret, grant_types: ['client_credentials'], response_types: [], redirect_uris: [] },
    { client_id: ids.jwt, client_secret: secret, grant_types: ['client_credentials'], response_types: [], redirect_uris: [] },
    { client_id: ids.code, client_secret: secret, grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: [redirectUri] },
  ],
  clientDefaults: { token_endpoint_auth_method: 'client_secret_basic', id_token_signed_response_alg: 'RS256' },
  adapter: (/** @type {string} */ model) => new MemoryAdapter(model, KEPT_MODELS.has(model) ? kept : undefined),
  findAccount: (/** @type {unknown} */ _ctx, /** @type {string} */ sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  features: {
    clientCredentials: { enabled: true },
    // Policy set explicitly: the default one warns; any authenticated client may introspect.
    introspection: { enabled: true, allowedPolicy: async () => true },
    devInteractions: { enabled: false },
    // Only the JWT client's tokens are for a resource server, which makes them RS256 JWTs.
    resourceIndicators: {
      enabled: true,
      defaultResource: (/** @type {unknown} */ _ctx, /** @type {{ clientId: string } | undefined} */ client) =>
        client?.clientId === ids.jwt ? resource : undefined,
      getResourceServerInfo: () => ({ scope: 'api', accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
      useGrantedResource: () => true,
    },
  },
  // 1 h like guildgate's access tokens (set explicitly: the default functions warn).
  ttl: { ClientCredentials: 3600, AccessToken: 3600, IdToken: 3600, AuthorizationCode: 600, Grant: 3600 },
});

/**
 * A code for the `openid` client, made the way the authorization endpoint makes one after login and consent.
 * @param {string} codeChallenge
 */
async function mintCode(codeChallenge) {
  const client = await provider.Client.find(ids.code);
  const grant = new provider.Grant({ accountId, clientId: ids.code });
  grant.addOIDCScope('openid');
  const grantId = await grant.save();
  const code = new provider.AuthorizationCode({
    accountId,
    client,
    grantId,
    scope: 'openid',
    redirectUri,
    codeChallenge,
    codeChallengeMethod: 'S256',
    authTime: Math.floor(Date.now() / 1000),
  });
  return code.save();
}

const handle = provider.callback();
createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/bench/code') return handle(req, res);
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    mintCode(new URLSearchParams(body).get('code_challenge') ?? '').then(
      (code) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code })),
      (err) => res.writeHead(500).end(String(err)),
    );
  });
}).listen(port, '127.0.0.1');
