// guildgate guild create / add-member: a platform sets up and syncs its guilds from the command line.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ALL_PERMISSIONS } from '../../src/guilds/permissions.js';
import { openSqliteStore } from '../../src/storage/sqlite/open.js';
import { guildgate } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

describe('guildgate guild CLI', () => {
  test('--help prints usage; missing or bad arguments exit 2', async () => {
    const help = await guildgate(['guild', 'create', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage: guildgate guild create --owner <username> --name <name>/);
    assert.match((await guildgate(['--help'])).stdout, /guild create .*\n.*guild add-member /);
    const env = { GUILDGATE_DATA_DIR: tempDir() };
    const cases: [string[], RegExp][] = [
      [['guild', 'create', '--name', 'x'], /--owner and --name are required/],
      [['guild', 'create', '--owner', 'a', '--name', ' '], /--name: 1 to 100 characters/],
      [['guild', 'create', '--owner', 'a', '--name', 'x', 'extra'], /does not take positional arguments/],
      [['guild', 'add-member', '--user', 'a'], /expects <guild id>/],
      [['guild', 'add-member', 'abc', '--user', 'a'], /<guild id>: a numeric id/],
      [['guild', 'add-member', '123', '--user', 'a', '--colour', 'red'], /Unknown option '--colour'/],
    ];
    for (const [args, message] of cases) {
      const result = await guildgate(args, env);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message);
      assert.match(result.stderr, /usage: guildgate guild/);
    }
  });

  test('guild create prints the id; add-member adds, then updates, with masked permissions', async () => {
    const dataDir = tempDir();
    const env = { GUILDGATE_DATA_DIR: dataDir };
    for (const username of ['platform_owner', 'member_one']) {
      assert.equal((await guildgate(['user', 'create', '--username', username, '--password', 'long enough pw'], env)).code, 0);
    }
    const created = await guildgate(['guild', 'create', '--owner', 'platform_owner', '--name', 'Synced Guild'], env);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^\d{1,20}\n$/);
    const guildId = created.stdout.trim();

    const added = await guildgate(['guild', 'add-member', guildId, '--user', 'member_one', '--permissions', '2048'], env);
    assert.equal(added.code, 0, added.stderr);
    assert.equal(added.stdout, `added member_one in guild ${guildId} with permissions 2048\n`);
    const updated = await guildgate(['guild', 'add-member', guildId, '--user', 'member_one', '--permissions', String((1n << 47n) | 8n)], env);
    assert.equal(updated.stdout, `updated member_one in guild ${guildId} with permissions 8\n`);

    const badBits = await guildgate(['guild', 'add-member', guildId, '--user', 'member_one', '--permissions=-1'], env);
    assert.equal(badBits.code, 2);
    assert.match(badBits.stderr, /^guildgate guild add-member: Invalid permissions: must be a decimal integer string/);
    const nobody = await guildgate(['guild', 'add-member', guildId, '--user', 'nobody'], env);
    assert.deepEqual([nobody.code, nobody.stderr], [1, 'guildgate guild add-member: Unknown user\n']);
    const noGuild = await guildgate(['guild', 'add-member', '999', '--user', 'member_one'], env);
    assert.deepEqual([noGuild.code, noGuild.stderr], [1, 'guildgate guild add-member: Unknown guild\n']);
    const owner = await guildgate(['guild', 'add-member', guildId, '--user', 'platform_owner'], env);
    assert.deepEqual([owner.code, owner.stderr], [1, "guildgate guild add-member: The guild owner's membership cannot be changed\n"]);

    const store = openSqliteStore(path.join(dataDir, 'guildgate.db'));
    try {
      const guild = await store.guilds.findById(guildId);
      assert.equal(guild?.name, 'Synced Guild');
      const members = await store.guilds.listMembers(guildId, { limit: 10 });
      assert.deepEqual(members.map(({ member, user }) => [user.username, member.permissions]).sort(), [
        ['member_one', 8n],
        ['platform_owner', ALL_PERMISSIONS],
      ]);
    } finally {
      await store.close();
    }
  });
});
