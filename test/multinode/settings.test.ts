// The scale-out settings: GUILDGATE_DATABASE_POOL_SIZE (connections per node) and what it refuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.js';

test('GUILDGATE_DATABASE_POOL_SIZE: 10 by default, 1 to 1000, anything else refused in one line', () => {
  assert.equal(loadConfig({}).databasePoolSize, 10);
  assert.equal(loadConfig({ GUILDGATE_DATABASE_POOL_SIZE: '25' }).databasePoolSize, 25);
  for (const bad of ['0', '1001', 'ten', '-1']) {
    assert.throws(() => loadConfig({ GUILDGATE_DATABASE_POOL_SIZE: bad }), {
      message: `GUILDGATE_DATABASE_POOL_SIZE: expected an integer from 1 to 1000, got "${bad}"`,
    });
  }
});
