// Builds a guildgate app on a fresh test store and frozen clock, with small request helpers.
import assert from 'node:assert/strict';
import type { FastifyInstance, FastifyServerOptions, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Redis } from 'ioredis';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Dialect } from '../../src/storage/types.js';
import type { Resolve } from '../../src/webhooks/guarded-agent.js';
import { FrozenClock } from './clock.js';
import { openTestStore, tempDir, type TestStore } from './stores.js';

export interface TestApp {
  app: FastifyInstance;
  db: TestStore;
  clock: FrozenClock;
  config: Config;
  close(): Promise<void>;
}

/** Test configuration: cheap password hashing, rate limits on, a temp data dir; `env` overrides. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    GUILDGATE_DATA_DIR: tempDir(),
    GUILDGATE_PASSWORD_SCRYPT_COST: '1024',
    GUILDGATE_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    GUILDGATE_LOG_LEVEL: 'silent',
    // Tests step the event delivery worker with runOnce().
    GUILDGATE_WEBHOOK_POLL_INTERVAL: '0',
    // Every test registers, logs in and uploads from one address; the limit tests set their own.
    GUILDGATE_REGISTER_ADDRESS_LIMIT: '100000',
    GUILDGATE_LOGIN_ADDRESS_LIMIT: '100000',
    GUILDGATE_IMAGE_WRITE_LIMIT: '100000',
    GUILDGATE_UPSTREAM_LOGIN_ADDRESS_LIMIT: '100000',
    ...env,
  });
}

export async function createTestApp(
  options: {
    dialect?: Dialect;
    env?: Record<string, string>;
    clock?: FrozenClock;
    logger?: FastifyServerOptions['logger'];
    redis?: Redis;
    limitKeyPrefix?: string;
    resolve?: Resolve;
  } = {},
): Promise<TestApp> {
  const db = await openTestStore(options.dialect ?? 'sqlite');
  const clock = options.clock ?? new FrozenClock();
  const config = testConfig(options.env);
  const app = await buildApp({
    config,
    store: db.store,
    clock,
    logger: options.logger ?? false,
    redis: options.redis ?? null,
    limitKeyPrefix: options.limitKeyPrefix,
    resolve: options.resolve,
  });
  await app.ready();
  return {
    app,
    db,
    clock,
    config,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export async function call(app: FastifyInstance, options: InjectOptions): Promise<LightMyRequestResponse & { body: string; data: any }> {
  const response = await app.inject(options);
  let data: unknown;
  try {
    data = response.body ? JSON.parse(response.body) : undefined;
  } catch {
    data = undefined;
  }
  return Object.assign(response, { data });
}

export interface RegisteredUser {
  id: string;
  token: string;
  sessionId: string;
  username: string;
  password: string;
}

let counter = 0;

export async function registerUser(
  app: FastifyInstance,
  username = `user${process.pid}_${++counter}`,
  password = 'correct horse battery',
): Promise<RegisteredUser> {
  const response = await call(app, { method: 'POST', url: '/api/v1/auth/register', payload: { username, password } });
  if (response.statusCode !== 201) throw new Error(`register failed: ${response.statusCode} ${response.body}`);
  return { id: response.data.user_id, token: response.data.token, sessionId: response.data.session_id, username, password };
}

/** Runs `action` and asserts that no row of any table changed. */
export async function unchanged<T>(db: TestStore, action: () => Promise<T>): Promise<T> {
  const before = await db.snapshot();
  const result = await action();
  assert.deepEqual(await db.snapshot(), before, 'the database changed');
  return result;
}

/** An `Authorization: Bot <token>` header. */
export function botAuth(token: string): Record<string, string> {
  return { authorization: `Bot ${token}` };
}
