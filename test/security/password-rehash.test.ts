// scrypt at N 2^17 by default; a stored hash weaker than the setting is replaced at the next successful login, by one
// conditional write that never overwrites a password changed meanwhile.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { hashPassword, needsRehash, verifyPassword } from '../../src/crypto/passwords.js';
import { call, createTestApp, registerUser, unchanged, type TestApp } from '../helpers/app.js';
import { forEachDialect } from '../helpers/stores.js';

const hashParameters = (hash: string | null) => hash?.split('$').slice(0, 4).join('$');

describe('password hashing cost', () => {
  test('the default is N 2^17 (OWASP), and a hash at that cost is made and verified within the memory it needs', async () => {
    const config = loadConfig({ GUILDGATE_SECRET: 'test-secret-test-secret-test-secret-0123456789' });
    assert.equal(config.passwordScryptCost, 131_072);
    const hash = await hashPassword('correct horse battery', config.passwordScryptCost);
    assert.equal(hashParameters(hash), 'scrypt$131072$8$1');
    assert.equal(await verifyPassword('correct horse battery', hash), true);
    assert.equal(await verifyPassword('wrong horse battery', hash), false);
  });

  test('a hash is weaker when any parameter is below the current one', () => {
    const tail = 'c2FsdA$aGFzaA';
    assert.equal(needsRehash(`scrypt$2048$8$1$${tail}`, 2048), false);
    assert.equal(needsRehash(`scrypt$4096$8$1$${tail}`, 2048), false);
    assert.equal(needsRehash(`scrypt$1024$8$1$${tail}`, 2048), true);
    assert.equal(needsRehash(`scrypt$2048$4$1$${tail}`, 2048), true);
    assert.equal(needsRehash(`scrypt$2048$8$0$${tail}`, 2048), true);
    assert.equal(needsRehash(`bcrypt$10$${tail}`, 2048), true);
  });
});

forEachDialect('password re-hash at login', (dialect) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_PASSWORD_SCRYPT_COST: '2048' } });
  });
  after(() => t.close());

  const login = (username: string, password: string) => call(t.app, { method: 'POST', url: '/api/v1/auth/login', payload: { login: username, password } });
  const storedHash = async (id: string) => (await t.db.store.users.findById(id))!.passwordHash!;

  test('a successful login replaces a weaker hash; a failed one changes nothing; the new hash verifies', async () => {
    const user = await registerUser(t.app);
    const weak = await hashPassword(user.password, 1024);
    await t.db.store.users.update(user.id, { passwordHash: weak });

    const failed = await unchanged(t.db, () => login(user.username, 'wrong password'));
    assert.equal(failed.statusCode, 401);
    assert.equal(await storedHash(user.id), weak);

    const first = await login(user.username, user.password);
    assert.equal(first.statusCode, 200, first.body);
    const upgraded = await storedHash(user.id);
    assert.equal(hashParameters(upgraded), 'scrypt$2048$8$1');
    assert.equal(await verifyPassword(user.password, upgraded), true);

    const second = await login(user.username, user.password);
    assert.equal(second.statusCode, 200);
    assert.equal(await storedHash(user.id), upgraded, 'a hash at the current cost stays');
  });

  test('the replacement is conditional on the hash it replaces', async () => {
    const user = await registerUser(t.app);
    const current = await storedHash(user.id);
    const stale = await hashPassword('an older password', 1024);
    assert.equal(await t.db.store.users.replacePasswordHash(user.id, stale, await hashPassword(user.password, 2048)), false);
    assert.equal(await storedHash(user.id), current);
    const replacement = await hashPassword(user.password, 4096);
    assert.equal(await t.db.store.users.replacePasswordHash(user.id, current, replacement), true);
    assert.equal(await storedHash(user.id), replacement);
  });
});
