// Malformed input on every route (enumerated from the app as it registers them): wrong types, huge strings, lone
// surrogates, NUL, deep nesting, repeated parameters and wrong content types never answer 5xx or a stack trace, and
// leave the data as it was.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { RouteOptions } from 'fastify';
import { buildApp } from '../../src/app.js';
import { bearer, call, registerUser, testConfig } from '../helpers/app.js';
import { forEachDialect, openTestStore, type TestStore } from '../helpers/stores.js';

/** Runs per route: bounded so a dialect stays well under 40 s. */
const RUNS_PER_ROUTE = 6;
const STACK_TRACE = /\bat [^\s]+ \(?[^\s]*:\d+:\d+\)?|node:internal|\.ts:\d+/;

const deep = (depth: number): unknown => (depth === 0 ? 'x' : { a: deep(depth - 1) });
const deepArray = (depth: number): unknown => (depth === 0 ? [] : [deepArray(depth - 1)]);

/** Values that are wrong for any field. */
const badValue = fc.oneof(
  fc.constantFrom<unknown>(null, true, 0, -1, 1e308, [], {}, '', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\u202e\ufeff', '%00', '../../etc/passwd'),
  fc.constantFrom('a'.repeat(100_000), '.'.repeat(100_000) + ' ', `${'a@'.repeat(20_000)}`, '\ud83d'.repeat(10_000)),
  fc.constantFrom(deep(200), deepArray(500)),
  fc.string({ maxLength: 64 }),
  fc.integer(),
);

const contentTypes = fc.constantFrom(
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/xml',
  undefined,
);

function fieldNames(schema: unknown): string[] {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ? Object.keys(properties) : [];
}

function encode(body: Record<string, unknown>, contentType: string | undefined): string {
  if (contentType === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(body)) {
      form.append(name, typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
      form.append(name, 'repeated');
    }
    return form.toString();
  }
  return contentType === 'application/json' ? JSON.stringify(body) : `--x\r\n${JSON.stringify(body).slice(0, 1000)}`;
}

/** Row counts of every table but the limit counters (which count these very requests). */
async function rowCounts(db: TestStore): Promise<Record<string, number>> {
  const snapshot = await db.snapshot();
  return Object.fromEntries(
    Object.entries(snapshot)
      .filter(([table]) => !table.includes('limit'))
      .map(([table, rows]) => [table, rows.length]),
  );
}

forEachDialect('malformed input on every route', (dialect) => {
  let db: TestStore;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const routes: RouteOptions[] = [];
  let token: string;
  let applicationId: string;

  before(async () => {
    db = await openTestStore(dialect);
    app = await buildApp({ config: testConfig({ GUILDGATE_RATE_LIMIT: 'off' }), store: db.store, logger: false, onRoute: (route) => routes.push(route) });
    await app.ready();
    const user = await registerUser(app);
    token = user.token;
    applicationId = (await call(app, { method: 'POST', url: '/api/v1/oauth2/applications', headers: bearer(token), payload: { name: 'Fuzzed' } })).data.id;
    // The first signing key is made on first use: made here, so the row counts compare like with like.
    assert.equal((await call(app, { method: 'GET', url: '/api/v1/oauth2/keys' })).statusCode, 200);
  });
  after(async () => {
    await app.close();
    await db.close();
  });

  test('no route answers 5xx or a stack trace, and no row is added or removed', async () => {
    const targets = routes
      .flatMap((route) => [route.method].flat().map((method) => ({ method, route })))
      .filter(({ method, route }) => method !== 'HEAD' && !route.url.startsWith('/docs'));
    assert.ok(targets.length > 60, `only ${targets.length} routes`);
    const before = await rowCounts(db);
    for (const { method, route } of targets) {
      const schema = (route.schema ?? {}) as Record<string, unknown>;
      const bodyFields = fieldNames(schema.body);
      const queryFields = fieldNames(schema.querystring);
      // Credentials only where a malformed field is sure to be refused first (a route without an input schema could
      // act on a well-formed request: log out, reset a secret).
      const authenticated = bodyFields.length > 0 || queryFields.length > 0;
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(fc.constantFrom(...(bodyFields.length ? bodyFields : ['field'])), badValue, { minKeys: 1, maxKeys: 3 }),
          fc.dictionary(fc.constantFrom(...(queryFields.length ? queryFields : ['q'])), fc.string({ maxLength: 300 }), { maxKeys: 2 }),
          contentTypes,
          // Path segments as sent, already encoded: a lone surrogate's bytes, NUL, overlong.
          fc.constantFrom(applicationId, '0', 'x'.repeat(300), '%00', '%ED%A0%80', '%FF', '-1'),
          async (body, query, contentType, id) => {
            const path = route.url.replace(/:[a-z_]+/g, id).replace('*', 'x');
            const search = new URLSearchParams();
            for (const [name, value] of Object.entries(query)) {
              // Every parameter twice: a repeated parameter must be refused, never crash a handler.
              search.append(name, value);
              search.append(name, value);
            }
            const hasBody = method !== 'GET' && method !== 'DELETE';
            const response = await app.inject({
              method: method as 'POST',
              url: `${path}${search.size ? `?${search}` : ''}`,
              headers: { ...(authenticated && bearer(token)), ...(hasBody && contentType && { 'content-type': contentType }) },
              ...(hasBody && { payload: encode(body, contentType) }),
            });
            assert.ok(response.statusCode < 500, `${method} ${route.url} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
            assert.doesNotMatch(response.body, STACK_TRACE, `${method} ${route.url}`);
          },
        ),
        { numRuns: RUNS_PER_ROUTE, seed: 13 },
      );
    }
    assert.deepEqual(await rowCounts(db), before);
  });
});
