// Web login through upstream providers: /login/upstream/{name} starts it (state and PKCE verifier in an encrypted
// short-lived cookie, the state also recorded on the server), its callback uses the state up once and signs in.
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { decryptJson, derivedKey, encryptJson } from '../../crypto/key-encryption.js';
import { serverSecret } from '../../crypto/server-secret.js';
import { digestToken, safeEqual } from '../../crypto/tokens.js';
import { ApiError } from '../../errors/api-error.js';
import { s256Challenge } from '../../oauth/pkce.js';
import type { UpstreamProvider } from '../../upstream/provider-config.js';
import { authorizationUrl, callbackUrl, webLoginProviders } from '../../upstream/web-login.js';
import type { RouteOptions } from '../context.js';
import { sendPage } from '../plugins/page-response.js';
import { safeReturnPath, SESSION_COOKIE, setPageCookie } from '../plugins/page-session.js';
import { errorPage } from '../views/error-page.js';
import { clientInfo } from '../../accounts/sign-up.js';

const STATE_COOKIE = 'gg_upstream_login';
const STATE_TTL_SECONDS = 600;
const CODE = /^[\x21-\x7e]{1,2048}$/;
/** HKDF info of the key that encrypts the pending login cookie. */
export const STATE_KEY_PURPOSE = 'guildgate upstream login state v1';
/** A compact JWE of a pending login is far shorter; anything longer is not one. */
const SEALED_MAX = 4096;

/** What the callback needs from the start: the state sent upstream (RFC 6749 10.12), the PKCE verifier and where to return. */
interface PendingLogin {
  provider: string;
  state: string;
  verifier: string;
  returnTo: string;
  expiresAt: number;
}

type Query = Record<string, string | string[] | undefined>;

/** A pending login decrypted from its cookie; null when it does not decrypt or parse (another secret, altered, a format change). */
async function openPending(sealed: string | undefined, key: Uint8Array): Promise<PendingLogin | null> {
  if (!sealed || sealed.length > SEALED_MAX) return null;
  try {
    const pending = await decryptJson<Partial<PendingLogin> | null>(sealed, key);
    const complete = typeof pending?.provider === 'string' && typeof pending.state === 'string' && typeof pending.verifier === 'string';
    return complete && typeof pending.returnTo === 'string' && typeof pending.expiresAt === 'number' ? (pending as PendingLogin) : null;
  } catch {
    return null;
  }
}

/** A parameter given once; repeated or absent is undefined. */
function single(query: Query, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' ? value : undefined;
}

export const upstreamPageRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  // The pending login is encrypted (AES-256-GCM under a key derived from the server secret): the browser can neither
  // read the PKCE verifier nor alter anything, and the callback can trust what it reads back.
  const key = derivedKey(serverSecret(ctx.config), STATE_KEY_PURPOSE);
  const unseal = async (sealed: string | undefined): Promise<PendingLogin | null> => {
    const pending = await openPending(sealed, key);
    return pending && pending.expiresAt > ctx.clock.now() ? pending : null;
  };
  const webProvider = (name: string): UpstreamProvider | undefined =>
    webLoginProviders(ctx.config.upstream.providers, ctx.config.issuer).find((provider) => provider.name === name);
  const unknownProvider = (reply: FastifyReply) =>
    sendPage(reply, 404, errorPage('Unknown sign-in provider', 'This server offers no sign-in with that provider.'));
  const failed = (reply: FastifyReply, status: number, message: string) => sendPage(reply, status, errorPage('Sign-in failed', message));
  const hide = { schema: { hide: true } };

  app.get('/login/upstream/:provider', hide, async (request, reply) => {
    const provider = webProvider((request.params as { provider: string }).provider);
    if (!provider) return unknownProvider(reply);
    const state = randomBytes(32).toString('base64url');
    const verifier = randomBytes(32).toString('base64url');
    const returnTo = safeReturnPath(single(request.query as Query, 'return_to'));
    const now = ctx.clock.now();
    const pending: PendingLogin = { provider: provider.name, state, verifier, returnTo, expiresAt: now + STATE_TTL_SECONDS * 1000 };
    const sealed = await encryptJson(pending, key);
    await ctx.store.upstreamStates.create(digestToken(state), pending.expiresAt);
    setPageCookie(ctx, reply, STATE_COOKIE, sealed, STATE_TTL_SECONDS);
    return reply.header('cache-control', 'no-store').redirect(authorizationUrl(provider, ctx.config.issuer, state, s256Challenge(verifier)), 302);
  });

  app.get('/login/upstream/:provider/callback', hide, async (request, reply) => {
    const provider = webProvider((request.params as { provider: string }).provider);
    if (!provider) return unknownProvider(reply);
    const query = request.query as Query;
    const pending = await unseal(request.cookies[STATE_COOKIE]);
    // Single use: whatever happens next, this pending login is over.
    reply.clearCookie(STATE_COOKIE, { path: '/' });
    const state = single(query, 'state');
    if (!pending || pending.provider !== provider.name || state === undefined || !safeEqual(state, pending.state)) {
      return failed(reply, 400, `The sign-in with ${provider.label} expired or did not start in this browser. Go back and try again.`);
    }
    const error = single(query, 'error');
    if (error !== undefined) return failed(reply, 400, `${provider.label} did not sign you in: ${error.slice(0, 100)}`);
    const code = single(query, 'code');
    if (code === undefined || !CODE.test(code)) return failed(reply, 400, `${provider.label} sent no usable authorization code.`);
    // Used up on the server before anything goes upstream: a replayed callback (the same cookie and state) finds nothing.
    if (!(await ctx.store.upstreamStates.consume(digestToken(pending.state), ctx.clock.now()))) {
      return failed(reply, 400, `The sign-in with ${provider.label} expired or was already used. Go back and try again.`);
    }
    try {
      const { issued } = await ctx.services.upstream.login(
        { provider: provider.name, code, redirectUri: callbackUrl(ctx.config.issuer, provider), codeVerifier: pending.verifier },
        { type: 'login', ...clientInfo(request) },
      );
      setPageCookie(ctx, reply, SESSION_COOKIE, issued.token, ctx.config.lifetimes.loginSession);
      return reply.redirect(pending.returnTo, 302);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // A refusal keeps its Retry-After and X-RateLimit-* headers on the page.
      if (error.headers) reply.headers(error.headers);
      return failed(reply, error.status, error.message);
    }
  });
};
