// The bench's settings (BENCH_* variables refused with one clear line) and its CPU profile summary.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { ConfigError, readConfig } from '../../bench/config.js';
import { summarizeProfiles } from '../../bench/profile-summary.js';
import { tempDir } from '../helpers/stores.js';

const VARIABLES = ['BENCH_DURATION', 'BENCH_SCENARIOS', 'BENCH_PROFILE', 'BENCH_NODES', 'BENCH_POSTGRES_POOL_SIZES', 'GUILDGATE_BENCH_POSTGRES_URL'];

describe('bench settings', () => {
  afterEach(() => {
    for (const name of VARIABLES) delete process.env[name];
  });

  test('defaults: 10 s rounds, every scenario, no profile, no pool sizes, no scale-out', () => {
    delete process.env.GUILDGATE_BENCH_POSTGRES_URL;
    const config = readConfig();
    assert.equal(config.durationSec, 10);
    assert.equal(config.scenarios.length, 9);
    assert.equal(config.profile, false);
    assert.deepEqual(config.postgresPoolSizes, []);
    assert.deepEqual(config.nodes, []);
  });

  test('BENCH_NODES and BENCH_POSTGRES_POOL_SIZES: lists of counts, on PostgreSQL only', () => {
    process.env.BENCH_NODES = '1, 2,3,2';
    process.env.BENCH_POSTGRES_POOL_SIZES = '4,10';
    assert.throws(
      readConfig,
      (error: unknown) => error instanceof ConfigError && error.message === 'BENCH_POSTGRES_POOL_SIZES and BENCH_NODES need GUILDGATE_BENCH_POSTGRES_URL',
    );
    process.env.GUILDGATE_BENCH_POSTGRES_URL = 'postgres://bench@127.0.0.1/bench';
    const config = readConfig();
    assert.deepEqual(config.nodes, [1, 2, 3]);
    assert.deepEqual(config.postgresPoolSizes, [4, 10]);
  });

  test('BENCH_PROFILE=1 profiles; BENCH_SCENARIOS keeps the named ones in their order', () => {
    process.env.BENCH_PROFILE = '1';
    process.env.BENCH_SCENARIOS = 'users-me, client-credentials';
    const config = readConfig();
    assert.equal(config.profile, true);
    assert.deepEqual(config.scenarios, ['client-credentials', 'users-me']);
  });

  test('bad values are refused with one line naming the variable', () => {
    for (const [name, value, message] of [
      ['BENCH_PROFILE', 'yes', 'BENCH_PROFILE must be 1 or 0, got "yes"'],
      ['BENCH_DURATION', '-3', 'BENCH_DURATION must be a positive integer, got "-3"'],
      [
        'BENCH_SCENARIOS',
        'users-me,nope',
        'BENCH_SCENARIOS: unknown nope; known: client-credentials, jwt-issuance, authorization-code, id-token, refresh-token, introspection, users-me, bot-guild, healthz',
      ],
      ['BENCH_NODES', '0,2', 'BENCH_NODES must be a comma-separated list of integers from 1 to 8, got "0,2"'],
      ['BENCH_NODES', '2,x', 'BENCH_NODES must be a comma-separated list of integers from 1 to 8, got "2,x"'],
      ['BENCH_POSTGRES_POOL_SIZES', '5000', 'BENCH_POSTGRES_POOL_SIZES must be a comma-separated list of integers from 1 to 1000, got "5000"'],
    ] as const) {
      process.env[name] = value;
      assert.throws(readConfig, (error: unknown) => error instanceof ConfigError && error.message === message);
      delete process.env[name];
    }
  });
});

describe('bench profile summary', () => {
  test('self time by function and by package, as shares of busy time (idle left out)', () => {
    const dir = tempDir();
    const root = '/srv/guildgate';
    const frame = (id: number, functionName: string, url: string, lineNumber = 0) => ({ id, callFrame: { functionName, url, lineNumber } });
    fs.mkdirSync(path.join(dir, 'guildgate'));
    fs.writeFileSync(
      path.join(dir, 'guildgate', 'CPU.1.cpuprofile'),
      JSON.stringify({
        nodes: [
          frame(1, '(root)', ''),
          frame(2, '(idle)', ''),
          frame(3, 'first', `file://${root}/dist/storage/sqlite/sqlite-runner.js`, 58),
          frame(4, 'send', `file://${root}/node_modules/fastify/lib/reply.js`, 9),
        ],
        samples: [2, 3, 3, 4, 2],
        timeDeltas: [500_000, 300_000, 300_000, 400_000, 500_000],
      }),
    );
    const [summary] = summarizeProfiles(dir, root);
    assert.equal(
      summary,
      [
        `${path.relative(root, path.join(dir, 'guildgate', 'CPU.1.cpuprofile'))} (1.0 s busy; shares of busy time)`,
        ' self time by function:',
        '   60.0%  first dist/storage/sqlite/sqlite-runner.js:59',
        '   40.0%  send fastify:10',
        ' by package or file:',
        '   60.0%  dist/storage/sqlite/sqlite-runner.js',
        '   40.0%  fastify',
      ].join('\n'),
    );
  });
});
