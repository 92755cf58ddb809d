// `guildgate db copy` from a SQLite database holding every kind of row into a fresh PostgreSQL schema, verified, and
// an app on the copy answering the same tokens and sessions; refusals, --force and --resume; `guildgate db backup`.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { buildApp } from '../../src/app.js';
import { JWKS_PATH } from '../../src/oauth/discovery.js';
import { openPostgresStore } from '../../src/storage/postgres/open.js';
import { bearer, botAuth, call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { PNG_URI } from '../helpers/applications.js';
import { createBotApp, createGuild, installWithCode, type BotApp } from '../helpers/bot-install.js';
import { guildgate } from '../helpers/cli.js';
import { FrozenClock } from '../helpers/clock.js';
import { exchangeCode, introspectToken, refresh } from '../helpers/oauth.js';
import { POSTGRES_SKIP, POSTGRES_URL, tempDir, underSchemaLock } from '../helpers/stores.js';
import { startWebhookListener } from '../helpers/webhook-listener.js';

/** Row counts of every guildgate table of a SQLite file. */
function sqliteCounts(file: string): Record<string, number> {
  const reader = new BetterSqlite3(file, { readonly: true });
  try {
    const tables = reader
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name")
      .all() as { name: string }[];
    return Object.fromEntries(tables.map(({ name }) => [name, (reader.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n]));
  } finally {
    reader.close();
  }
}

interface Source {
  t: TestApp;
  owner: RegisteredUser;
  apiToken: string;
  bot: BotApp;
  access: string;
  refreshToken: string;
  pendingCode: { code: string; verifier: string };
  image: string;
}

/** A SQLite database with at least one row in every table, made through the app (linked identities through the store). */
async function populatedSource(): Promise<Source> {
  const t = await createTestApp({ env: { GUILDGATE_RATE_LIMIT: 'off', GUILDGATE_WEBHOOK_ALLOW_PRIVATE: 'on' } });
  const listener = await startWebhookListener();
  try {
    return await populate(t, listener.url);
  } finally {
    await listener.close();
  }
}

async function populate(t: TestApp, webhookUrl: string): Promise<Source> {
  const owner = await registerUser(t.app);
  const api = await call(t.app, { method: 'POST', url: '/api/v1/sessions', headers: bearer(owner.token), payload: { name: 'ci', type: 'api', expires_in: 0 } });
  assert.equal(api.statusCode, 201, api.body);
  const bot = await createBotApp(t.app, owner);
  const patched = await call(t.app, {
    method: 'PATCH',
    url: `/api/v1/oauth2/applications/${bot.clientId}/bot`,
    headers: bearer(owner.token),
    payload: { avatar: PNG_URI },
  });
  assert.equal(patched.statusCode, 200, patched.body);
  const settings = await call(t.app, {
    method: 'PATCH',
    url: `/api/v1/oauth2/applications/${bot.clientId}/events/settings`,
    headers: bearer(owner.token),
    payload: { event_webhooks_url: webhookUrl, event_webhooks_types: ['INTEGRATION_CREATED'], event_webhooks_status: 'enabled' },
  });
  assert.equal(settings.statusCode, 200, settings.body);
  const guild = await createGuild(t.app, owner);
  const installed = await installWithCode(t.app, owner, bot, guild.id, '8', 'bot identify');
  const exchanged = await exchangeCode(t.app, bot, installed.code, installed.verifier);
  assert.equal(exchanged.statusCode, 200, exchanged.body);
  await t.app.eventDelivery.runOnce();
  const second = await createGuild(t.app, owner, 'Second Guild');
  const pendingCode = await installWithCode(t.app, owner, bot, second.id, '0', 'bot identify');
  await t.db.store.identities.create({ provider: 'discord', upstreamUserId: '80351110224678912', userId: owner.id, createdAt: t.clock.now(), name: 'nelly' });
  const jwks = await call(t.app, { method: 'GET', url: JWKS_PATH });
  assert.equal(jwks.statusCode, 200);
  // Device authorization (RFC 8628) has no endpoint yet: its row goes in by hand. A new table needs a row here too.
  const file = new BetterSqlite3(t.db.file!);
  file
    .prepare(
      'insert into device_codes (digest, user_code, application_id, scopes, status, poll_interval, created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run('device-digest', 'WDJB-MJHT', bot.clientId, 'identify', 'pending', 5, t.clock.now(), t.clock.now() + 600_000);
  // An upstream web login under way needs a configured provider: its state row goes in by hand too.
  file.prepare('insert into upstream_login_states (state_digest, expires_at) values (?, ?)').run('state-digest', t.clock.now() + 600_000);
  file.close();
  return {
    t,
    owner,
    apiToken: api.data.token,
    bot,
    access: exchanged.data.access_token,
    refreshToken: exchanged.data.refresh_token,
    pendingCode: { code: pendingCode.code, verifier: pendingCode.verifier },
    image: patched.data.avatar,
  };
}

/** A connection string for a new, empty PostgreSQL schema. */
async function freshSchema(): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = `gg_copy_${process.pid}_${randomBytes(4).toString('hex')}`;
  await underSchemaLock((admin) => admin.query(`create schema ${schema}`));
  const url = new URL(POSTGRES_URL!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), schema, drop: () => underSchemaLock((admin) => admin.query(`drop schema ${schema} cascade`)).then(() => undefined) };
}

/** `guildgate db copy` while no other test migrates a schema (see underSchemaLock). */
function copy(args: string[]) {
  return underSchemaLock(() => guildgate(['db', 'copy', ...args]));
}

async function targetCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      "select table_name from information_schema.tables where table_schema = current_schema() and table_name not like 'kysely%' order by 1",
    );
    const counts: Record<string, number> = {};
    for (const { table_name } of rows) counts[table_name] = Number((await client.query(`select count(*) as n from "${table_name}"`)).rows[0].n);
    return counts;
  } finally {
    await client.end();
  }
}

describe('db copy from SQLite to PostgreSQL', { skip: POSTGRES_SKIP }, () => {
  let source: Source;
  let target: Awaited<ReturnType<typeof freshSchema>>;
  before(async () => {
    source = await populatedSource();
    target = await freshSchema();
  });
  after(async () => {
    await source.t.close();
    await target.drop();
  });

  test('the source has a row in every table', () => {
    const counts = sqliteCounts(source.t.db.file!);
    const empty = Object.entries(counts).filter(([, rows]) => rows === 0);
    assert.deepEqual(empty, [], 'every kind of row is copied');
    assert.ok(Object.keys(counts).length >= 14);
  });

  test('copies every table, verified, and an app on the copy answers the same tokens, sessions, code and image', async () => {
    const result = await copy(['--from', `sqlite:${source.t.db.file}`, '--to', target.url]);
    assert.equal(result.stderr, '');
    assert.equal(result.code, 0);
    const counts = sqliteCounts(source.t.db.file!);
    const total = Object.values(counts).reduce((sum, rows) => sum + rows, 0);
    assert.match(result.stdout, new RegExp(`copied ${Object.keys(counts).length} tables, ${total} rows; verified\\n$`));
    for (const [table, rows] of Object.entries(counts)) assert.match(result.stdout, new RegExp(`^${table}: ${rows} rows, checksum [0-9a-f]{16} matches$`, 'm'));
    assert.deepEqual(await targetCounts(target.url), counts);

    const store = openPostgresStore({ connectionString: target.url });
    const app = await buildApp({ config: source.t.config, store, clock: new FrozenClock(source.t.clock.now()), logger: false });
    try {
      const introspected = await introspectToken(app, source.bot, source.access);
      assert.equal(introspected.statusCode, 200);
      assert.deepEqual(introspected.data, (await introspectToken(source.t.app, source.bot, source.access)).data);
      assert.equal(introspected.data.active, true);
      const me = await call(app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(source.owner.token) });
      assert.equal(me.statusCode, 200);
      assert.equal(me.data.id, source.owner.id);
      assert.equal((await call(app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(source.apiToken) })).data.id, source.owner.id);
      const asBot = await call(app, { method: 'GET', url: '/api/v1/users/@me', headers: botAuth(source.bot.botToken) });
      assert.equal(asBot.statusCode, 200);
      assert.equal(asBot.data.id, source.bot.botId);
      const image = await call(app, { method: 'GET', url: `/images/${source.image}` });
      assert.equal(image.statusCode, 200);
      assert.deepEqual(image.rawPayload, (await call(source.t.app, { method: 'GET', url: `/images/${source.image}` })).rawPayload);
      const redeemed = await exchangeCode(app, source.bot, source.pendingCode.code, source.pendingCode.verifier);
      assert.equal(redeemed.statusCode, 200, redeemed.body);
      const refreshed = await refresh(app, source.bot, source.refreshToken);
      assert.equal(refreshed.statusCode, 200, refreshed.body);
    } finally {
      await app.close();
      await store.close();
    }
  });

  test('a target holding rows is refused and left unchanged; --force copies again; --resume adds what is missing', async () => {
    const before = await targetCounts(target.url);
    const refused = await copy(['--from', `sqlite:${source.t.db.file}`, '--to', target.url]);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /^guildgate: --to: the target is not empty \(table \w+ has rows\); --force empties it first, --resume keeps its rows and adds the missing ones\n$/,
    );
    assert.equal(refused.stdout, '');
    assert.deepEqual(await targetCounts(target.url), before);

    const forced = await copy(['--from', `sqlite:${source.t.db.file}`, '--to', target.url, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.deepEqual(await targetCounts(target.url), sqliteCounts(source.t.db.file!));

    // A copy cut short: the last tables lost rows.
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    await client.query('delete from event_deliveries');
    await client.query('delete from oauth_tokens');
    await client.end();
    const resumed = await copy(['--from', `sqlite:${source.t.db.file}`, '--to', target.url, '--resume']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(await targetCounts(target.url), sqliteCounts(source.t.db.file!));
  });

  test('a target row that differs from the source fails verification with --resume', async () => {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    await client.query("update users set global_name = 'changed' where id = $1", [source.owner.id]);
    await client.end();
    const resumed = await copy(['--from', `sqlite:${source.t.db.file}`, '--to', target.url, '--resume']);
    assert.equal(resumed.code, 1);
    assert.equal(
      resumed.stderr,
      `guildgate: verification failed: users (${sqliteCounts(source.t.db.file!).users} rows in the source, ${sqliteCounts(source.t.db.file!).users} in the target) differ; run again with --force\n`,
    );
  });
});

describe('db copy and db backup arguments', () => {
  test('missing or malformed arguments exit 2 with the usage; a missing source exits 1 naming it', async () => {
    const missing = await guildgate(['db', 'copy', '--from', 'sqlite:/nowhere/x.db']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^guildgate db copy: --from and --to are required\n\nusage: guildgate db copy/);
    const mysql = await guildgate(['db', 'copy', '--from', 'sqlite:/x.db', '--to', 'mysql://host/db']);
    assert.equal(mysql.code, 2);
    assert.match(mysql.stderr, /^guildgate db copy: --to: postgres:\/\/user@host:port\/database\n/);
    const both = await guildgate(['db', 'copy', '--from', 'sqlite:/x.db', '--to', 'postgres://h/db', '--force', '--resume']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /^guildgate db copy: --force and --resume exclude each other\n/);
    const dir = tempDir();
    const absent = path.join(dir, 'absent.db');
    const noSource = await guildgate(['db', 'copy', '--from', `sqlite:${absent}`, '--to', 'postgres://127.0.0.1:1/db']);
    assert.equal(noSource.code, 1);
    assert.match(noSource.stderr, new RegExp(`^guildgate: --from: cannot open SQLite database ${absent}: `));
    assert.equal(fs.existsSync(absent), false, 'the source is never created');
  });

  test('db backup writes a consistent copy while the database serves; refuses an existing file and PostgreSQL', async () => {
    const t = await createTestApp();
    const user = await registerUser(t.app);
    const backup = path.join(tempDir(), 'backup.db');
    const env = { GUILDGATE_DATABASE_URL: `sqlite:${t.db.file}` };
    const result = await guildgate(['db', 'backup', backup], env);
    assert.equal(result.stderr, '');
    assert.equal(result.code, 0);
    assert.match(result.stdout, new RegExp(`^backed up ${t.db.file} to ${backup} \\(\\d+ pages\\)\\n$`));
    assert.deepEqual(sqliteCounts(backup), sqliteCounts(t.db.file!));
    const reader = new BetterSqlite3(backup, { readonly: true });
    assert.deepEqual(reader.prepare('select id from users').all(), [{ id: user.id }]);
    reader.close();
    const again = await guildgate(['db', 'backup', backup], env);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, `guildgate: <file>: ${backup} exists; name a new file\n`);
    const onPostgres = await guildgate(['db', 'backup', backup], { GUILDGATE_DATABASE_URL: 'postgres://127.0.0.1/db' });
    assert.equal(onPostgres.code, 2);
    assert.match(onPostgres.stderr, /^guildgate db backup: db backup is for SQLite databases; back PostgreSQL up with pg_dump\n/);
    await t.close();
  });
});
