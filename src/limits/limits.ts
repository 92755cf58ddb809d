// Every limit guildgate counts, built from the settings: in Redis when configured (shared by all nodes), else in process.
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import { GuardedLimit, type StoreDownPolicy } from './guarded-limit.js';
import { HashGate } from './hash-gate.js';
import type { LimitRule } from './limiter.js';
import { MemoryLimiter } from './memory-limiter.js';
import { REDIS_KEY_PREFIX, RedisLimiter } from './redis-limiter.js';
import { StoreHealth, type LimitsLog } from './store-health.js';

/** Abuse limits (README "Limits"); they stay on whatever GUILDGATE_RATE_LIMIT says. */
export interface AbuseLimitSettings {
  /** Login attempts a minute from one address. */
  loginAddressPerMinute: number;
  /** Accounts an hour from one address. */
  registerAddressPerHour: number;
  /** Password hashes running at once, and waiting beyond them (503 SERVER_BUSY past the queue). */
  passwordHashConcurrency: number;
  passwordHashQueue: number;
  /** Upstream logins a minute from one address, and from everyone together. */
  upstreamLoginAddressPerMinute: number;
  upstreamLoginPerMinute: number;
  /** Image writes (avatars, icons, banners) an hour per user. */
  imageWritesPerHour: number;
}

export interface LimitSettings extends AbuseLimitSettings {
  /** Off (GUILDGATE_RATE_LIMIT=off) drops the request budgets only; the abuse limits stay. */
  requestBudgets: boolean;
  loginFailures: { max: number; windowSeconds: number };
}

/** Fixed limits of the OAuth endpoints (README "Limits"). */
export const OAUTH_LIMITS = {
  /** Failed client authentications from one address in 10 minutes; beyond, the address is refused before checking. */
  clientAuthFailuresPerAddress: 50,
  /** Failed client authentications naming one client in 10 minutes; beyond, failing requests answer 429 (never a right secret). */
  clientAuthFailuresPerClient: 500,
  /** Requests a minute of one authenticated client at the token, revocation and introspection endpoints. */
  requestsPerClient: 120,
  /** Requests a minute from one address at those endpoints. */
  requestsPerAddress: 300,
  /** Verify requests a minute from one address. */
  verifyPerAddress: 60,
  /** Device user codes tried on the verification page from one address in 10 minutes (each lookup counts). */
  userCodesPerAddress: 50,
  /** Device user codes tried by one signed-in user in 10 minutes. */
  userCodesPerUser: 20,
} as const;

export interface Limits {
  loginAddress: GuardedLimit;
  /** Failed logins per login name and address (and failed current-password checks per user): reserved before hashing. */
  loginFailures: GuardedLimit;
  registerAddress: GuardedLimit;
  upstreamLoginAddress: GuardedLimit;
  upstreamLogin: GuardedLimit;
  imageWrites: GuardedLimit;
  clientAuthFailuresPerAddress: GuardedLimit;
  clientAuthFailuresPerClient: GuardedLimit;
  /** The request budgets: null when GUILDGATE_RATE_LIMIT=off. */
  oauthPerAddress: GuardedLimit | null;
  oauthPerClient: GuardedLimit | null;
  verifyPerAddress: GuardedLimit | null;
  userCodesPerAddress: GuardedLimit;
  userCodesPerUser: GuardedLimit;
  passwordHashes: HashGate;
}

export interface LimitStore {
  redis: Redis | null;
  clock: Clock;
  log: LimitsLog;
  /** Redis key prefix (tests use their own); `guildgate:limit` otherwise. */
  redisKeyPrefix?: string;
}

export function buildLimits(settings: LimitSettings, store: LimitStore): Limits {
  const health = new StoreHealth(store.log);
  const limit = (rule: LimitRule, policy: StoreDownPolicy): GuardedLimit => {
    const limiter = store.redis ? new RedisLimiter(rule, store.redis, store.redisKeyPrefix ?? REDIS_KEY_PREFIX) : new MemoryLimiter(rule, store.clock);
    return new GuardedLimit(limiter, policy, health);
  };
  const budget = (rule: LimitRule): GuardedLimit | null => (settings.requestBudgets ? limit(rule, 'fail-open') : null);
  const minute = 60;
  const hour = 3600;
  return {
    loginAddress: limit({ name: 'login-address', points: settings.loginAddressPerMinute, windowSeconds: minute }, 'fail-closed'),
    loginFailures: limit({ name: 'login-failures', points: settings.loginFailures.max, windowSeconds: settings.loginFailures.windowSeconds }, 'fail-closed'),
    registerAddress: limit({ name: 'register-address', points: settings.registerAddressPerHour, windowSeconds: hour }, 'fail-closed'),
    upstreamLoginAddress: limit({ name: 'upstream-login-address', points: settings.upstreamLoginAddressPerMinute, windowSeconds: minute }, 'fail-closed'),
    upstreamLogin: limit({ name: 'upstream-login', points: settings.upstreamLoginPerMinute, windowSeconds: minute }, 'fail-closed'),
    imageWrites: limit({ name: 'image-writes', points: settings.imageWritesPerHour, windowSeconds: hour }, 'fail-open'),
    clientAuthFailuresPerAddress: limit(
      { name: 'client-auth-failures-address', points: OAUTH_LIMITS.clientAuthFailuresPerAddress, windowSeconds: 10 * minute },
      'fail-open',
    ),
    clientAuthFailuresPerClient: limit(
      { name: 'client-auth-failures-client', points: OAUTH_LIMITS.clientAuthFailuresPerClient, windowSeconds: 10 * minute },
      'fail-open',
    ),
    oauthPerAddress: budget({ name: 'oauth-address', points: OAUTH_LIMITS.requestsPerAddress, windowSeconds: minute }),
    oauthPerClient: budget({ name: 'oauth-client', points: OAUTH_LIMITS.requestsPerClient, windowSeconds: minute }),
    verifyPerAddress: budget({ name: 'oauth-verify-address', points: OAUTH_LIMITS.verifyPerAddress, windowSeconds: minute }),
    userCodesPerAddress: limit({ name: 'device-user-code-address', points: OAUTH_LIMITS.userCodesPerAddress, windowSeconds: 10 * minute }, 'fail-closed'),
    userCodesPerUser: limit({ name: 'device-user-code-user', points: OAUTH_LIMITS.userCodesPerUser, windowSeconds: 10 * minute }, 'fail-closed'),
    passwordHashes: new HashGate(settings.passwordHashConcurrency, settings.passwordHashQueue),
  };
}
