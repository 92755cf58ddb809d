// Setup-time HTTP calls (node:http, keep-alive): JSON or form bodies; a non-2xx answer becomes a SetupError.
import { Agent, request } from 'node:http';

export class SetupError extends Error {}

export interface CallOptions {
  /** A body sent as is, with the caller's content-type header. */
  body?: string;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

const SNIPPET_CHARS = 160;
const TIMEOUT_MS = 10_000;
/**
 * fetch (undici) mints tokens several times slower than node:http on the pinned core. An idle socket is dropped after
 * 4 s, before a server's keep-alive timeout (Node's default: 5 s) closes it under a reused request ("socket hang up").
 */
const agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: 4_000 });

export function basicAuth(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** One HTTP exchange; answers the status and body text (rejects on network errors and timeouts). */
export function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
  timeoutMs = TIMEOUT_MS,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000}s`)));
    req.on('error', reject);
    req.end(body);
  });
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
  let answer: { status: number; text: string };
  try {
    answer = await send(baseUrl + path, method, headers, body);
  } catch (err) {
    throw new SetupError(`${method} ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { status, text } = answer;
  if (status < 200 || status >= 300) {
    throw new SetupError(`${method} ${path} -> ${status} ${text.replace(/\s+/g, ' ').slice(0, SNIPPET_CHARS)}`);
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
