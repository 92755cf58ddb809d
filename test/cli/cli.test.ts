// The guildgate command line: help, usage errors (exit 2), config errors that create nothing, user create, migrate and db purge.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { openStore } from '../../src/storage/open-store.js';
import { guildgate } from '../helpers/cli.js';
import { newUser } from '../helpers/records.js';
import { tempDir } from '../helpers/stores.js';

describe('guildgate CLI', () => {
  test('--help lists the commands; a command --help prints its usage', async () => {
    const overview = await guildgate(['--help']);
    assert.equal(overview.code, 0);
    for (const command of ['serve', 'migrate', 'user create', 'demo']) assert.match(overview.stdout, new RegExp(`^  ${command} +\\S`, 'm'));
    const serveHelp = await guildgate(['serve', '--help']);
    assert.equal(serveHelp.code, 0);
    assert.match(serveHelp.stdout, /^usage: guildgate serve \[--no-migrate\]/);
  });

  test('an unknown command or option prints usage and exits 2', async () => {
    const unknown = await guildgate(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^guildgate: unknown command "frobnicate"/);
    const badOption = await guildgate(['user', 'create', '--nickname', 'x']);
    assert.equal(badOption.code, 2);
    assert.match(badOption.stderr, /Unknown option '--nickname'[\s\S]*usage: guildgate user create/);
  });

  test('a bad configuration value prints one line, exits 2 and creates nothing', async () => {
    const dataDir = path.join(tempDir(), 'never-created');
    const result = await guildgate(['serve'], { GUILDGATE_DATA_DIR: dataDir, GUILDGATE_PORT: 'eighty' });
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'guildgate: GUILDGATE_PORT: expected an integer from 0 to 65535, got "eighty"\n');
    assert.equal(fs.existsSync(dataDir), false);
    const badDb = await guildgate(['migrate'], { GUILDGATE_DATA_DIR: dataDir, GUILDGATE_DATABASE_URL: 'mysql://x' });
    assert.equal(badDb.code, 2);
    assert.equal(badDb.stderr, 'guildgate: GUILDGATE_DATABASE_URL: expected sqlite:<path> or postgres://..., got "mysql://x"\n');
    assert.equal(fs.existsSync(dataDir), false);
  });

  test('migrate creates the database; user create adds an account; a duplicate is refused', async () => {
    const dataDir = tempDir();
    const env = { GUILDGATE_DATA_DIR: dataDir };
    const migrated = await guildgate(['migrate'], env);
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.match(migrated.stdout, /^applied: 0001-foundation/);
    assert.ok(fs.existsSync(path.join(dataDir, 'guildgate.db')));
    assert.equal((await guildgate(['migrate'], env)).stdout, 'database is up to date\n');
    const created = await guildgate(['user', 'create', '--username', 'root_admin', '--password', 'long enough pw', '--admin'], env);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^created user root_admin \(id \d+\) with admin rights\n$/);
    const duplicate = await guildgate(['user', 'create', '--username', 'ROOT_ADMIN', '--password', 'long enough pw'], env);
    assert.equal(duplicate.code, 1);
    assert.equal(duplicate.stderr, 'guildgate user create: That username is taken\n');
    const invalid = await guildgate(['user', 'create', '--username', 'x', '--password', 'long enough pw'], env);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /--username: 2 to 32 letters/);
  });

  test('demo creates an account and prints how to log in', async () => {
    const result = await guildgate(['demo', '--username', 'demo_user'], { GUILDGATE_DATA_DIR: tempDir() });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^demo user: demo_user\npassword: {2}\S{16}\nlog in: {4}curl -s -X POST http:\/\/127\.0\.0\.1:8080\/api\/v1\/auth\/login/);
  });
  test('db purge deletes what has expired and says how much', async () => {
    const env = { GUILDGATE_DATA_DIR: tempDir() };
    const open = () => openStore(`sqlite:${path.join(env.GUILDGATE_DATA_DIR, 'guildgate.db')}`);
    const seeded = open();
    await seeded.migrate();
    const user = await seeded.users.create(newUser());
    const session = { userId: user.id, type: 'api' as const, name: null, createdAt: 0, ip: null, userAgent: null, amr: [] };
    await seeded.sessions.create({ ...session, id: 'expired', tokenDigest: 'expired', expiresAt: 1 });
    await seeded.sessions.create({ ...session, id: 'forever', tokenDigest: 'forever', expiresAt: null });
    await seeded.close();

    const purged = await guildgate(['db', 'purge'], env);
    assert.deepEqual(
      [purged.code, purged.stdout, purged.stderr],
      [0, 'purged 0 codes, 0 device codes, 0 tokens, 1 sessions, 0 upstream states, 0 events, 0 images\n', ''],
    );
    const reopened = open();
    const left = await reopened.sessions.listActiveByUser(user.id, 0);
    await reopened.close();
    assert.deepEqual(
      left.map((s) => s.id),
      ['forever'],
    );
  });
});
