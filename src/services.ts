// Builds the domain services from configuration, store, clock and the optional Redis connection.
import type { Redis } from 'ioredis';
import { AccountsService } from './accounts/accounts-service.js';
import { MemoryFailureCounter, RedisFailureCounter } from './accounts/failure-counter.js';
import { ApplicationsService } from './applications/applications-service.js';
import { BotsService } from './applications/bots-service.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { ImagesService } from './images/images-service.js';
import { ConsentService } from './oauth/consent.js';
import type { OAuthContext } from './oauth/context.js';
import { GuildsService } from './guilds/guilds-service.js';
import { IntegrationsService } from './guilds/integrations-service.js';
import { SessionsService } from './sessions/sessions-service.js';
import type { Store } from './storage/types.js';
import { EventsService } from './webhooks/events-service.js';

export interface Services {
  accounts: AccountsService;
  sessions: SessionsService;
  images: ImagesService;
  bots: BotsService;
  applications: ApplicationsService;
  /** What the OAuth2 protocol core (src/oauth) runs on. */
  oauth: OAuthContext;
  consent: ConsentService;
  guilds: GuildsService;
  integrations: IntegrationsService;
  events: EventsService;
}

export function buildServices(config: Config, store: Store, clock: Clock, redis: Redis | null): Services {
  const windowMs = config.loginThrottle.windowSeconds * 1000;
  const failures = redis ? new RedisFailureCounter(redis, windowMs) : new MemoryFailureCounter(clock, windowMs);
  const images = new ImagesService(store, clock, config.imageMaxBytes);
  const bots = new BotsService(store, clock, images);
  const events = new EventsService(store, clock, config.webhooks.timeoutMs);
  const guilds = new GuildsService(store, clock);
  const integrations = new IntegrationsService(store, clock, guilds, events);
  const oauth: OAuthContext = { store, clock, issuer: config.issuer, lifetimes: config.lifetimes, events };
  return {
    accounts: new AccountsService(store, clock, failures, config.loginThrottle.maxFailures, config.passwordScryptCost),
    sessions: new SessionsService(store, clock, config.lifetimes),
    images,
    bots,
    applications: new ApplicationsService(store, clock, bots, images, config.appLimit),
    oauth,
    consent: new ConsentService(oauth, integrations),
    guilds,
    integrations,
    events,
  };
}
