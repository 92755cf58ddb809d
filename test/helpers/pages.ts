// Page test helpers: signed-in cookies (through the login form, or from an API session), a page's CSRF token and hidden
// fields, and urlencoded or multipart form posts.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { call, type RegisteredUser } from './app.js';
import { FORM } from './oauth.js';

export const CSRF_INPUT = /name="csrf_token" value="([^"]+)"/;

/** The pages' session cookie for a user registered through the API (both are login sessions). */
export function sessionCookie(user: RegisteredUser): string {
  return `gg_session=${user.token}`;
}

/** Signs in through GET and POST /login; returns the `Cookie` header value carrying the session. */
export async function signInCookie(app: FastifyInstance, user: RegisteredUser): Promise<string> {
  const page = await call(app, { method: 'GET', url: '/login' });
  const binding = page.cookies.find((c) => c.name === 'gg_login_csrf')!.value;
  const csrf = CSRF_INPUT.exec(page.body)![1]!;
  const response = await call(app, {
    method: 'POST',
    url: '/login',
    headers: { ...FORM, cookie: `gg_login_csrf=${binding}` },
    payload: new URLSearchParams({ login: user.username, password: user.password, csrf_token: csrf }).toString(),
  });
  return `gg_session=${response.cookies.find((c) => c.name === 'gg_session')!.value}`;
}

/** The hidden inputs of a page's form, unescaped. */
export function hiddenFields(html: string): Record<string, string> {
  return Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&')]),
  );
}

/** The CSRF token of the forms on `url` as `cookie` sees it. */
export async function csrfOf(app: FastifyInstance, cookie: string, url = '/'): Promise<string> {
  const page = await call(app, { method: 'GET', url, headers: { cookie } });
  const match = CSRF_INPUT.exec(page.body);
  if (!match) throw new Error(`no CSRF token on ${url}: ${page.statusCode}`);
  return match[1]!;
}

export type Fields = Record<string, string | string[]>;

function encode(fields: Fields): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const item of ([] as string[]).concat(value)) params.append(name, item);
  return params.toString();
}

export function postPage(app: FastifyInstance, url: string, cookie: string, fields: Fields) {
  return call(app, { method: 'POST', url, headers: { ...FORM, cookie }, payload: encode(fields) });
}

export interface UploadFile {
  field: string;
  filename: string;
  type: string;
  bytes: Buffer;
}

/** A multipart/form-data post, as a browser sends a form with a file input. */
export function postUpload(app: FastifyInstance, url: string, cookie: string, fields: Fields, file: UploadFile) {
  const boundary = `----guildgate${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const item of ([] as string[]).concat(value)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${item}\r\n`));
    }
  }
  parts.push(
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`),
  );
  parts.push(file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return call(app, { method: 'POST', url, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) });
}

/** The text of the page's error box (role=alert), tags stripped, for exact asserts. */
export function alertText(body: string): string | null {
  const match = /<div class="error" role="alert">([\s\S]*?)<\/div>/.exec(body) ?? /<p class="error" role="alert">([\s\S]*?)<\/p>/.exec(body);
  return match
    ? match[1]!
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
    : null;
}
