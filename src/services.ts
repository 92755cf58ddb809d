// Builds the domain services from configuration, store, clock and the optional Redis connection.
import type { Redis } from 'ioredis';
import { AccountsService } from './accounts/accounts-service.js';
import { MemoryFailureCounter, RedisFailureCounter } from './accounts/failure-counter.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { GuildsService } from './guilds/guilds-service.js';
import { SessionsService } from './sessions/sessions-service.js';
import type { Store } from './storage/types.js';
import { EventsService } from './webhooks/events-service.js';

export interface Services {
  accounts: AccountsService;
  sessions: SessionsService;
  guilds: GuildsService;
  events: EventsService;
}

export function buildServices(config: Config, store: Store, clock: Clock, redis: Redis | null): Services {
  const windowMs = config.loginThrottle.windowSeconds * 1000;
  const failures = redis ? new RedisFailureCounter(redis, windowMs) : new MemoryFailureCounter(clock, windowMs);
  return {
    accounts: new AccountsService(store, clock, failures, config.loginThrottle.maxFailures, config.passwordScryptCost),
    sessions: new SessionsService(store, clock, config.lifetimes),
    guilds: new GuildsService(store, clock),
    events: new EventsService(store, clock, config.webhooks.timeoutMs),
  };
}
