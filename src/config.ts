// Configuration: parses and validates GUILDGATE_* environment variables once, failing fast with one clear line.
import path from 'node:path';
import { choice, ConfigError, httpUrl, integer, powerOfTwo, read, type Env } from './config-values.js';
import { IMAGE_MAX_BYTES_CEILING } from './images/image-data-uri.js';
import type { AbuseLimitSettings } from './limits/limits.js';
import type { PurgeSettings } from './storage/purge.js';
import { trustProxySetting, type TrustProxy } from './trust-proxy.js';
import { loadUpstreamSettings, type UpstreamSettings } from './upstream/provider-config.js';

export { ConfigError };

export interface Lifetimes {
  /** All lifetimes in seconds. */
  code: number;
  /** A device authorization's device and user codes (RFC 8628 3.2 expires_in). */
  deviceCode: number;
  accessToken: number;
  /** Sliding: each rotation issues a refresh token good for this long (within the family's absolute lifetime). */
  refreshToken: number;
  /** Absolute: a refresh token family (one code redemption and its rotations) ends this long after it started. */
  refreshTokenMax: number;
  idToken: number;
  loginSession: number;
  appLoginSession: number;
}

export interface Config {
  port: number;
  host: string;
  issuer: string;
  databaseUrl: string;
  redisUrl: string | null;
  /** PostgreSQL connections per node (GUILDGATE_DATABASE_POOL_SIZE). */
  databasePoolSize: number;
  dataDir: string;
  secret: string | null;
  rateLimit: boolean;
  logLevel: string;
  bodyLimit: number;
  /** Milliseconds a shutdown waits for in-flight requests before it closes their connections. */
  shutdownTimeoutMs: number;
  trustProxy: TrustProxy;
  lifetimes: Lifetimes;
  loginThrottle: { maxFailures: number; windowSeconds: number };
  limits: AbuseLimitSettings;
  passwordScryptCost: number;
  /** Largest accepted avatar, banner or icon, in decoded bytes. */
  imageMaxBytes: number;
  /** How many applications one user may own. */
  appLimit: number;
  /** How many live API tokens one user may hold. */
  apiTokenLimit: number;
  webhooks: WebhookSettings;
  /** The purge job (GUILDGATE_PURGE_*). */
  purge: PurgeSettings;
  /** Upstream Discord-compatible login providers (GUILDGATE_UPSTREAM_*). */
  upstream: UpstreamSettings;
  /** The Prometheus /metrics listener: null when GUILDGATE_METRICS_PORT is unset. */
  metrics: { port: number; host: string } | null;
}

export interface WebhookSettings {
  /** Milliseconds an event delivery or PING may take. */
  timeoutMs: number;
  /** Milliseconds between outbox polls; 0 turns the delivery worker off. */
  pollIntervalMs: number;
  /** Attempts before an event is given up as failed. */
  maxAttempts: number;
  /** Milliseconds a node holds a claimed attempt; unreported by then (the node died), any node retries it. */
  leaseMs: number;
  /** Private and loopback targets and plain http allowed: for local development and tests. */
  allowPrivate: boolean;
}

function webhookSettings(env: Env): WebhookSettings {
  const timeoutMs = integer(env, 'WEBHOOK_TIMEOUT', 5000, 100, 60_000);
  return {
    timeoutMs,
    pollIntervalMs: integer(env, 'WEBHOOK_POLL_INTERVAL', 1000, 0, 3_600_000),
    maxAttempts: integer(env, 'WEBHOOK_MAX_ATTEMPTS', 10, 1, 100),
    // Longer than the request may take, so a live node always reports before its lease lapses.
    leaseMs: integer(env, 'WEBHOOK_LEASE', timeoutMs + 60_000, timeoutMs + 100, 3_600_000),
    allowPrivate: choice(env, 'WEBHOOK_ALLOW_PRIVATE', 'off', ['on', 'off']) === 'on',
  };
}

function databaseUrl(env: Env, dataDir: string): string {
  const raw = read(env, 'DATABASE_URL');
  if (raw === undefined) return `sqlite:${path.join(dataDir, 'guildgate.db')}`;
  if (/^sqlite:.+/.test(raw) || /^postgres(ql)?:\/\/.+/.test(raw)) return raw;
  throw new ConfigError('DATABASE_URL', `sqlite:<path> or postgres://..., got "${raw}"`);
}

function redisUrl(env: Env): string | null {
  const raw = read(env, 'REDIS_URL');
  if (raw === undefined) return null;
  if (!/^rediss?:\/\/.+/.test(raw)) throw new ConfigError('REDIS_URL', `redis://host:port, got "${raw}"`);
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 8080, 0, 65535);
  const host = read(env, 'HOST') ?? '127.0.0.1';
  const dataDir = path.resolve(read(env, 'DATA_DIR') ?? './data');
  const issuerRaw = read(env, 'ISSUER');
  const issuer = issuerRaw === undefined ? `http://${host.includes(':') ? `[${host}]` : host}:${port}` : httpUrl('ISSUER', issuerRaw);
  const secret = read(env, 'SECRET') ?? null;
  if (secret !== null && secret.length < 32) throw new ConfigError('SECRET', 'at least 32 characters of key material');
  const day = 86_400;
  return {
    port,
    host,
    issuer,
    dataDir,
    databaseUrl: databaseUrl(env, dataDir),
    redisUrl: redisUrl(env),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 1000),
    secret,
    rateLimit: choice(env, 'RATE_LIMIT', 'on', ['on', 'off']) === 'on',
    logLevel: choice(env, 'LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    bodyLimit: integer(env, 'BODY_LIMIT', 1_048_576, 1024, 104_857_600),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT', 10_000, 0, 600_000),
    trustProxy: trustProxySetting(env),
    lifetimes: {
      code: integer(env, 'CODE_TTL', 300, 10, 3600),
      deviceCode: integer(env, 'DEVICE_CODE_TTL', 600, 60, 3600),
      accessToken: integer(env, 'ACCESS_TOKEN_TTL', 3600, 60, 30 * day),
      refreshToken: integer(env, 'REFRESH_TOKEN_TTL', 7 * day, 60, 365 * day),
      refreshTokenMax: integer(env, 'REFRESH_TOKEN_MAX_LIFETIME', 90 * day, 60, 3650 * day),
      idToken: integer(env, 'ID_TOKEN_TTL', 3600, 60, day),
      loginSession: integer(env, 'LOGIN_SESSION_TTL', 3600, 60, 30 * day),
      appLoginSession: integer(env, 'APP_LOGIN_SESSION_TTL', 14 * day, 60, 365 * day),
    },
    loginThrottle: {
      maxFailures: integer(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000),
      windowSeconds: integer(env, 'LOGIN_THROTTLE_WINDOW', 900, 1, day),
    },
    limits: {
      loginAddressPerMinute: integer(env, 'LOGIN_ADDRESS_LIMIT', 60, 1, 1_000_000),
      registerAddressPerHour: integer(env, 'REGISTER_ADDRESS_LIMIT', 10, 1, 1_000_000),
      passwordHashConcurrency: integer(env, 'PASSWORD_HASH_CONCURRENCY', 2, 1, 256),
      passwordHashQueue: integer(env, 'PASSWORD_HASH_QUEUE', 16, 0, 100_000),
      upstreamLoginAddressPerMinute: integer(env, 'UPSTREAM_LOGIN_ADDRESS_LIMIT', 10, 1, 1_000_000),
      upstreamLoginPerMinute: integer(env, 'UPSTREAM_LOGIN_LIMIT', 300, 1, 10_000_000),
      imageWritesPerHour: integer(env, 'IMAGE_WRITE_LIMIT', 30, 1, 1_000_000),
    },
    passwordScryptCost: powerOfTwo(env, 'PASSWORD_SCRYPT_COST', 131_072, 1024, 1_048_576),
    imageMaxBytes: integer(env, 'IMAGE_MAX_BYTES', 1_048_576, 1024, IMAGE_MAX_BYTES_CEILING),
    appLimit: integer(env, 'APP_LIMIT', 25, 1, 10_000),
    apiTokenLimit: integer(env, 'API_TOKEN_LIMIT', 25, 1, 10_000),
    webhooks: webhookSettings(env),
    purge: {
      intervalMs: integer(env, 'PURGE_INTERVAL', 600, 0, day) * 1000,
      retentionMs: integer(env, 'PURGE_RETENTION', 7 * day, 0, 365 * day) * 1000,
    },
    upstream: loadUpstreamSettings(env),
    metrics:
      read(env, 'METRICS_PORT') === undefined ? null : { port: integer(env, 'METRICS_PORT', 0, 0, 65535), host: read(env, 'METRICS_HOST') ?? '127.0.0.1' },
  };
}
