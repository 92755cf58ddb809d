// Setup-time HTTP calls (fetch): JSON or form bodies; any non-2xx answer becomes a SetupError naming the call.
export class SetupError extends Error {}

export interface CallOptions {
  /** A body sent as is, with the caller's content-type header. */
  body?: string;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

const SNIPPET_CHARS = 160;

export function basicAuth(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Sends one request and answers the parsed JSON body (or the text when it is not JSON). */
export async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = formBody(options.form);
  }
  let res: Response;
  try {
    res = await fetch(baseUrl + path, { method, headers, body, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new SetupError(`${method} ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) {
    throw new SetupError(`${method} ${path} -> ${res.status} ${text.replace(/\s+/g, ' ').slice(0, SNIPPET_CHARS)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A string field of a JSON answer, at a dotted path ("bot.token"); SetupError when absent. */
export function field(body: unknown, path: string, what: string): string {
  let value: unknown = body;
  for (const key of path.split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  throw new SetupError(`${what}: answer has no "${path}"`);
}
