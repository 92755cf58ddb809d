// `guildgate app create|list|reset-secret|token-format`: print ids and one-time secrets, take --help, and exit 2 with usage on bad arguments.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { digestToken } from '../../src/crypto/tokens.js';
import { openSqliteStore } from '../../src/storage/sqlite/open.js';
import { guildgate } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

describe('guildgate app commands', () => {
  let dir: string;
  const run = (...args: string[]) => guildgate(args, { GUILDGATE_DATA_DIR: dir });
  const field = (output: string, label: string) => new RegExp(`^${label}:\\s+(\\S+)`, 'm').exec(output)?.[1];

  before(async () => {
    dir = tempDir();
    assert.equal((await run('user', 'create', '--username', 'carol', '--password', 'correct horse battery')).code, 0);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('app create prints the client id, secret and bot token; list and reset-secret work on it', async () => {
    const created = await run(
      'app',
      'create',
      '--owner',
      'carol',
      '--name',
      'Carol App',
      '--redirect-uri',
      'https://carol.example/cb',
      '--redirect-uri',
      'http://localhost:5000/cb',
    );
    assert.equal(created.code, 0, created.stderr);
    const id = field(created.stdout, 'client id')!;
    const secret = field(created.stdout, 'client secret')!;
    const botToken = field(created.stdout, 'bot token')!;
    assert.match(id, /^[0-9]+$/);
    assert.match(secret, /^ggcs_/);
    assert.match(botToken, /^ggb_/);

    const list = await run('app', 'list', '--owner', 'carol');
    assert.equal(list.code, 0);
    assert.equal(list.stdout, `${id}  Carol App  client_secret_basic  opaque  https://carol.example/cb http://localhost:5000/cb\n`);
    assert.ok(!list.stdout.includes(secret));

    const reset = await run('app', 'reset-secret', id);
    assert.equal(reset.code, 0, reset.stderr);
    const newSecret = field(reset.stdout, 'client secret')!;
    assert.match(newSecret, /^ggcs_/);
    assert.notEqual(newSecret, secret);

    const store = openSqliteStore(path.join(dir, 'guildgate.db'));
    try {
      const application = await store.applications.findById(id);
      assert.equal(application?.clientSecretDigest, digestToken(newSecret));
      assert.equal(application?.botTokenDigest, digestToken(botToken));
    } finally {
      await store.close();
    }
  });

  test('--public creates a client without a secret', async () => {
    const created = await run('app', 'create', '--owner', 'carol', '--name', 'Native', '--redirect-uri', 'com.carol.app:/cb', '--public');
    assert.equal(created.code, 0, created.stderr);
    assert.equal(field(created.stdout, 'client secret'), '(none:');
  });

  test('--access-token-format and app token-format choose the access token format; a bad format changes nothing', async () => {
    const created = await run('app', 'create', '--owner', 'carol', '--name', 'Jwt App', '--access-token-format', 'jwt');
    assert.equal(created.code, 0, created.stderr);
    const id = field(created.stdout, 'client id')!;
    const formatOf = async () => {
      const store = openSqliteStore(path.join(dir, 'guildgate.db'));
      try {
        return (await store.applications.findById(id))?.accessTokenFormat;
      } finally {
        await store.close();
      }
    };
    assert.equal(await formatOf(), 'jwt');

    const bad = await run('app', 'token-format', id, 'paseto');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /<opaque\|jwt>: opaque or jwt/);
    assert.equal(await formatOf(), 'jwt');

    const set = await run('app', 'token-format', id, 'opaque');
    assert.deepEqual([set.code, set.stdout], [0, `application ${id} now issues opaque access tokens\n`]);
    assert.equal(await formatOf(), 'opaque');

    const unknown = await run('app', 'token-format', '42', 'jwt');
    assert.deepEqual([unknown.code, unknown.stderr], [1, 'guildgate app token-format: Unknown application\n']);
  });

  test('--help prints the usage and exits 0', async () => {
    const help = await run('app', 'create', '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage: guildgate app create --owner <username> --name <name> \[--redirect-uri <uri>\]\.\.\./);
  });

  test('bad arguments exit 2 with the usage', async () => {
    const cases: [string[], string][] = [
      [['app', 'create', '--owner', 'carol'], '--owner and --name are required'],
      [['app', 'create', '--owner', 'carol', '--name', 'X', '--bogus'], "Unknown option '--bogus'"],
      [['app', 'create', '--owner', 'carol', '--name', 'X', '--redirect-uri', 'http://carol.example/cb'], 'redirect_uris.0 must use https'],
      [['app', 'list'], '--owner is required'],
      [['app', 'reset-secret'], 'expects <application id>'],
      [['app', 'reset-secret', 'abc'], '<application id>: a numeric id'],
      [['app', 'create', '--owner', 'carol', '--name', 'X', '--access-token-format', 'paseto'], '--access-token-format: opaque or jwt'],
      [['app', 'token-format', '1'], 'expects <application id> <opaque|jwt>'],
      [['app', 'token-format', 'abc', 'jwt'], '<application id>: a numeric id'],
    ];
    for (const [args, message] of cases) {
      const result = await run(...args);
      assert.equal(result.code, 2, args.join(' '));
      assert.ok(result.stderr.includes(message), `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /usage: guildgate app /);
    }
  });

  test('an unknown owner or application exits 1', async () => {
    const owner = await run('app', 'list', '--owner', 'nobody');
    assert.deepEqual([owner.code, owner.stderr], [1, 'guildgate app list: Unknown user\n']);
    const application = await run('app', 'reset-secret', '42');
    assert.deepEqual([application.code, application.stderr], [1, 'guildgate app reset-secret: Unknown application\n']);
  });
});
