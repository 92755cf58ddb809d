// Every string a route takes is capped before any pattern runs, validation stops at the first failure, and the email
// pattern is linear: a 100 KB worst-case email is refused while the server keeps answering.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RouteOptions } from 'fastify';
import { EMAIL_MAX, EMAIL_PATTERN } from '../../src/accounts/usernames.js';
import { buildApp } from '../../src/app.js';
import { call, createTestApp, testConfig, unchanged, type TestApp } from '../helpers/app.js';
import { openTestStore } from '../helpers/stores.js';

/** Paths of the string schemas under `schema` that have no maxLength (enums and constants are bounded already). */
function uncappedStrings(schema: unknown, path: string): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const node = schema as Record<string, any>;
  const types = [node.type].flat();
  const own = types.includes('string') && node.maxLength === undefined && node.enum === undefined && node.const === undefined ? [path] : [];
  const children = [
    ...Object.entries(node.properties ?? {}).map(([key, child]) => uncappedStrings(child, `${path}.${key}`)),
    ...['anyOf', 'oneOf', 'allOf'].flatMap((key) => (node[key] ?? []).map((child: unknown, i: number) => uncappedStrings(child, `${path}|${i}`))),
    uncappedStrings(node.items, `${path}[]`),
    uncappedStrings(typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined, `${path}{}`),
  ];
  return [...own, ...children.flat()];
}

describe('input length caps', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('every string in every route body, query, path parameter and header schema has a maxLength', async () => {
    const db = await openTestStore('sqlite');
    const routes: RouteOptions[] = [];
    const app = await buildApp({ config: testConfig(), store: db.store, logger: false, onRoute: (route) => routes.push(route) });
    try {
      await app.ready();
      const uncapped = routes.flatMap((route) =>
        ['body', 'querystring', 'params', 'headers'].flatMap((part) =>
          uncappedStrings((route.schema as Record<string, unknown> | undefined)?.[part], `${route.method} ${route.url} ${part}`),
        ),
      );
      assert.ok(routes.length > 100, `only ${routes.length} routes seen`);
      assert.deepEqual(uncapped, []);
    } finally {
      await app.close();
      await db.close();
    }
  });

  test('a 100 KB worst-case email on registration is refused on its length alone, and /healthz answers meanwhile', async () => {
    const email = `a@${'.'.repeat(100_000)} `;
    const [register, health] = await unchanged(t.db, () =>
      Promise.all([
        call(t.app, { method: 'POST', url: '/api/v1/auth/register', payload: { username: 'redos_1', password: 'long enough pw', email } }),
        call(t.app, { method: 'GET', url: '/healthz' }),
      ]),
    );
    assert.equal(register.statusCode, 400);
    assert.deepEqual(register.data, {
      code: 'INVALID_FORM_BODY',
      message: `Invalid request: email must NOT have more than ${EMAIL_MAX} characters`,
      errors: [{ field: 'email', message: `must NOT have more than ${EMAIL_MAX} characters` }],
    });
    assert.equal(health.statusCode, 200);
    assert.deepEqual(health.data, { status: 'ok' });
  });

  test('a body with several bad fields is answered for the first one only', async () => {
    const response = await call(t.app, { method: 'POST', url: '/api/v1/auth/register', payload: { username: 'x', password: 'short', email: 'nope' } });
    assert.equal(response.statusCode, 400);
    assert.equal(response.data.errors.length, 1);
  });

  test('the email pattern accepts addresses and refuses look-alikes', () => {
    const pattern = new RegExp(EMAIL_PATTERN, 'u');
    for (const good of ['a@b.co', 'first.last+tag@mail.example.org', 'x@sub.domain.example']) assert.ok(pattern.test(good), good);
    for (const bad of ['a@b', 'a@b.', 'a@.', '@b.co', 'a b@c.de', 'a@b@c.de', 'a@b.c d', `${'l'.repeat(65)}@b.co`]) assert.ok(!pattern.test(bad), bad);
  });
});
