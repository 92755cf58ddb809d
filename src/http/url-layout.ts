// Where guildgate answers besides its own `/api/v1` layout: Discord's (`/api`, `/api/v6`…`/api/v10`, the authorize page
// also under those), and the seed documents' own paths. Every alias is a URL rewrite onto the one route that serves it,
// so no route is registered twice and start-up does not grow with the number of aliases.

const API_V1 = '/api/v1/';
/** Discord's API prefixes: `/api/` and `/api/v6/` … `/api/v10/` (not `/api/v1/`, guildgate's own). */
const DISCORD_PREFIX = /^\/api\/(?:v(?:[6-9]|10)\/)?/;
const AUTHORIZE_PAGE = '/oauth2/authorize';

/**
 * The seed documents' paths at the root (their hosts have no `/api` prefix), by method and path. Where a document is
 * ambiguous the choice is noted beside the entry.
 */
const ROOT_ALIASES = new Map<string, string>([
  // Seed 000 (Miki): `POST https://api.miki.bot/oauth2/verify`.
  ['POST /oauth2/verify', '/api/v1/oauth2/verify'],
  // Seed 003 (Metafy): the authorize URL is the authorization page; token and revocation are the RFC 6749/7009
  // endpoints with the document's parameters (its revocation takes client_id and client_secret in the form).
  ['GET /auth/authorize', AUTHORIZE_PAGE],
  ['HEAD /auth/authorize', AUTHORIZE_PAGE],
  ['POST /auth/authorize', AUTHORIZE_PAGE],
  ['POST /irk/oauth/token', '/api/v1/oauth2/token'],
  ['POST /irk/oauth/revoke', '/api/v1/oauth2/token/revoke'],
  // Seed 004 names no base URL; its paths are served at the root. `POST /oauth2` exchanges a code from the upstream
  // (Discord) login for a session: guildgate's upstream login.
  ['POST /oauth2', '/api/v1/auth/oauth2'],
  ['POST /sessions', '/api/v1/sessions'],
  ['GET /sessions/@me', '/api/v1/sessions/@me'],
  ['HEAD /sessions/@me', '/api/v1/sessions/@me'],
]);

/** True for a URL under one of Discord's API prefixes: those answer errors in Discord's shape. */
export function isDiscordUrl(url: string): boolean {
  return url.startsWith('/api/') && !url.startsWith(API_V1);
}

/** The URL a request is routed by: guildgate's own paths unchanged, every alias onto the route it stands for. */
export function rewriteUrl(method: string, url: string): string {
  if (url.startsWith(API_V1)) return url;
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? '' : url.slice(queryAt);
  if (url.startsWith('/api/')) {
    const rest = path.slice(DISCORD_PREFIX.exec(path)![0].length);
    return rest === 'oauth2/authorize' ? AUTHORIZE_PAGE + query : API_V1 + rest + query;
  }
  const alias = ROOT_ALIASES.get(`${method} ${path}`);
  return alias === undefined ? url : alias + query;
}
