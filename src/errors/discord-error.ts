// guildgate's API errors in Discord's JSON error shape, for the Discord-style prefixes: `{code, message}` with Discord's
// numeric codes, `errors` nested by field for 50035 Invalid Form Body, `retry_after` on 429. One table maps the codes.
import type { ApiError } from './api-error.js';

interface DiscordCode {
  code: number;
  message: string;
}

/** guildgate error code -> Discord JSON error code and message. Codes not listed answer code 0 (general error). */
const DISCORD_CODES: Readonly<Record<string, DiscordCode>> = {
  UNAUTHORIZED: { code: 0, message: '401: Unauthorized' },
  UNKNOWN_ROUTE: { code: 0, message: '404: Not Found' },
  UNKNOWN_APPLICATION: { code: 10002, message: 'Unknown Application' },
  UNKNOWN_GUILD: { code: 10004, message: 'Unknown Guild' },
  UNKNOWN_INTEGRATION: { code: 10005, message: 'Unknown Integration' },
  UNKNOWN_MEMBER: { code: 10007, message: 'Unknown Member' },
  UNKNOWN_USER: { code: 10013, message: 'Unknown User' },
  UNKNOWN_SESSION: { code: 10020, message: 'Unknown Session' },
  MISSING_ACCESS: { code: 50001, message: 'Missing Access' },
  INSUFFICIENT_SCOPE: { code: 50001, message: 'Missing Access' },
  MISSING_PERMISSIONS: { code: 50013, message: 'Missing Permissions' },
  CANNOT_MODIFY_OWNER: { code: 50013, message: 'Missing Permissions' },
  INVALID_OAUTH_TOKEN: { code: 50025, message: 'Invalid OAuth2 access token' },
  INVALID_FORM_BODY: { code: 50035, message: 'Invalid Form Body' },
  INVALID_JSON: { code: 50109, message: 'The request body contains invalid JSON.' },
  RATE_LIMITED: { code: 0, message: 'You are being rate limited.' },
};

/** Discord's general messages for statuses whose guildgate code has no Discord counterpart. */
const GENERAL_MESSAGES: Readonly<Record<number, string>> = {
  401: '401: Unauthorized',
  403: '403: Forbidden',
  404: '404: Not Found',
  405: '405: Method Not Allowed',
};

/** Field paths are split at most this deep; the rest stays one key. */
const MAX_DEPTH = 8;

type ErrorTree = { [key: string]: ErrorTree | { code: string; message: string }[] };

/** `[{field: "a.b", message}]` -> `{a: {b: {_errors: [{code, message}]}}}` (null-prototype objects: keys come from input). */
function nestedErrors(errors: NonNullable<ApiError['errors']>): ErrorTree {
  const root: ErrorTree = Object.create(null);
  for (const { field, message } of errors) {
    const parts = field.split('.', MAX_DEPTH);
    let node = root;
    for (const part of parts) node = (node[part] ??= Object.create(null)) as ErrorTree;
    const list = ((node._errors as { code: string; message: string }[] | undefined) ??= []);
    list.push(message === 'is required' ? { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' } : { code: 'BASE_TYPE_INVALID', message });
  }
  return root;
}

export function discordErrorBody(error: ApiError): Record<string, unknown> {
  const known = DISCORD_CODES[error.code];
  const body: Record<string, unknown> = known ? { ...known } : { code: 0, message: GENERAL_MESSAGES[error.status] ?? error.message };
  if (known?.code === 50035 && error.errors) body.errors = nestedErrors(error.errors);
  if (error.status === 429) {
    body.retry_after = Number(error.headers?.['retry-after'] ?? 1);
    body.global = false;
  }
  return body;
}
