// Page helpers: sign in through the login form for a session cookie, and read a page form's hidden fields.
import type { FastifyInstance } from 'fastify';
import { call, type RegisteredUser } from './app.js';
import { FORM } from './oauth.js';

/** Signs in through GET and POST /login; returns the `Cookie` header value carrying the session. */
export async function signInCookie(app: FastifyInstance, user: RegisteredUser): Promise<string> {
  const page = await call(app, { method: 'GET', url: '/login' });
  const binding = page.cookies.find((c) => c.name === 'gg_login_csrf')!.value;
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(page.body)![1]!;
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
