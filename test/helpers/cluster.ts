// Three real `guildgate serve` processes on one PostgreSQL schema and one Redis, started at the same moment on an
// empty schema, with small HTTP helpers; skipped with the reason when PostgreSQL or Redis is not configured.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startServe, type ServeProcess } from './serve-process.js';
import { POSTGRES_URL, underSchemaLock } from './stores.js';

const REDIS_URL = process.env.GUILDGATE_TEST_REDIS_URL;

/** Three processes starting at once on a busy machine take a while. */
const STARTUP_MS = 120_000;

export const CLUSTER_SKIP = !POSTGRES_URL
  ? 'multi-node tests skipped: GUILDGATE_TEST_POSTGRES_URL is not set'
  : !REDIS_URL
    ? 'multi-node tests skipped: GUILDGATE_TEST_REDIS_URL is not set'
    : false;

export interface Cluster {
  nodes: ServeProcess[];
  schema: string;
  /** The application_name of every node's connections (to find their backends in pg_stat_activity). */
  applicationName: string;
  /** Runs SQL in the nodes' schema. */
  sql<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** The environment every node shares; `extra` adds to it. */
function clusterEnv(databaseUrl: string, extra: Record<string, string>): Record<string, string> {
  return {
    GUILDGATE_DATABASE_URL: databaseUrl,
    GUILDGATE_REDIS_URL: REDIS_URL!,
    GUILDGATE_SECRET: 'cluster-secret-cluster-secret-cluster-secret-0123',
    GUILDGATE_ISSUER: 'http://guildgate.test',
    GUILDGATE_PASSWORD_SCRYPT_COST: '1024',
    GUILDGATE_LOG_LEVEL: 'warn',
    GUILDGATE_RATE_LIMIT: 'off',
    GUILDGATE_REGISTER_ADDRESS_LIMIT: '1000000',
    GUILDGATE_LOGIN_ADDRESS_LIMIT: '1000000',
    GUILDGATE_WEBHOOK_POLL_INTERVAL: '50',
    GUILDGATE_WEBHOOK_ALLOW_PRIVATE: 'on',
    ...extra,
  };
}

export async function startCluster(extra: Record<string, string> = {}): Promise<Cluster> {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const schema = `gg_cluster_${suffix}`;
  const applicationName = `gg_cluster_${suffix}`;
  const url = new URL(POSTGRES_URL!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const admin = new pg.Client({ connectionString: url.toString() });
  url.searchParams.set('application_name', applicationName);
  await admin.connect();
  // The nodes migrate at once (their own advisory lock decides); other test files' schema changes wait meanwhile.
  const nodes = await underSchemaLock(async (lock) => {
    await lock.query(`create schema ${schema}`);
    const started = await Promise.allSettled([0, 1, 2].map(() => startServe(clusterEnv(url.toString(), extra), STARTUP_MS)));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) {
      for (const result of started) if (result.status === 'fulfilled') result.value.child.kill('SIGKILL');
      throw (failed as PromiseRejectedResult).reason;
    }
    return started.map((result) => (result as PromiseFulfilledResult<ServeProcess>).value);
  });
  return {
    nodes,
    schema,
    applicationName,
    sql: async (text, values) => (await admin.query(text, values)).rows,
    async close() {
      await Promise.all(
        nodes.map(async (node) => {
          if (node.child.exitCode === null) node.child.kill('SIGTERM');
          await node.exited;
        }),
      );
      await admin.end();
      await underSchemaLock((lock) => lock.query(`drop schema ${schema} cascade`));
    },
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  data: any;
  text: string;
}

/** One HTTP request to a node; JSON bodies are sent and parsed, forms sent as given. */
export async function request(
  node: ServeProcess,
  method: string,
  path: string,
  options: { json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  const response = await fetch(`${node.base}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  return { status: response.status, headers: response.headers, data, text };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });
