// Builds the domain services from configuration, store, clock and the optional Redis connection.
import { AccountsService } from './accounts/accounts-service.js';
import { BansService } from './accounts/bans.js';
import { ApplicationsService } from './applications/applications-service.js';
import { BotsService } from './applications/bots-service.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { buildLimits, type Limits, type LimitStore } from './limits/limits.js';
import { ImagesService } from './images/images-service.js';
import { ClientCache } from './oauth/client-cache.js';
import { ClientChanges } from './oauth/client-changes.js';
import { ClientGate } from './oauth/client-gate.js';
import { derivedKey, keyEncryptionKey } from './crypto/key-encryption.js';
import { serverSecret } from './crypto/server-secret.js';
import { ConsentService } from './oauth/consent.js';
import { DeviceFlowService } from './oauth/device-flow.js';
import { USER_CODE_KEY_PURPOSE } from './oauth/user-codes.js';
import { KeyRing } from './oidc/key-ring.js';
import type { OAuthContext } from './oauth/context.js';
import { GuildsService } from './guilds/guilds-service.js';
import { IntegrationsService } from './guilds/integrations-service.js';
import { SessionsService } from './sessions/sessions-service.js';
import type { Store } from './storage/types.js';
import { UpstreamLoginService } from './upstream/upstream-login.js';
import { EventsService } from './webhooks/events-service.js';
import type { Resolve } from './webhooks/guarded-agent.js';
import { WebhookSender } from './webhooks/signed-post.js';

export interface Services {
  accounts: AccountsService;
  bans: BansService;
  sessions: SessionsService;
  images: ImagesService;
  bots: BotsService;
  applications: ApplicationsService;
  /** What the OAuth2 protocol core (src/oauth) runs on. */
  oauth: OAuthContext;
  /** Client authentication at the OAuth endpoints, under its limits. */
  clientGate: ClientGate;
  /** Tells every node's client cache that a client changed. */
  clientChanges: ClientChanges;
  consent: ConsentService;
  /** The device authorization grant (RFC 8628): device authorization requests and the verification page's answers. */
  devices: DeviceFlowService;
  guilds: GuildsService;
  integrations: IntegrationsService;
  events: EventsService;
  /** Signed requests to owner-chosen webhook URLs (PING and deliveries). */
  webhooks: WebhookSender;
  upstream: UpstreamLoginService;
  limits: Limits;
}

/** The abuse limits and request budgets of the configuration. */
function limitsOf(config: Config, store: LimitStore): Limits {
  const { maxFailures, windowSeconds } = config.loginThrottle;
  return buildLimits({ requestBudgets: config.rateLimit, loginFailures: { max: maxFailures, windowSeconds }, ...config.limits }, store);
}

export function buildServices(config: Config, store: Store, clock: Clock, limitStore: Omit<LimitStore, 'clock'>, resolve?: Resolve): Services {
  const limits = limitsOf(config, { ...limitStore, clock });
  const images = new ImagesService(store, clock, config.imageMaxBytes, limits.imageWrites);
  const bots = new BotsService(store, clock, images);
  const webhooks = new WebhookSender(config.webhooks, resolve);
  const events = new EventsService(store, clock, webhooks);
  const guilds = new GuildsService(store, clock);
  const integrations = new IntegrationsService(store, clock, guilds, events);
  const secret = serverSecret(config);
  const keys = new KeyRing(store, clock, keyEncryptionKey(secret));
  const oauth: OAuthContext = { store, clock, issuer: config.issuer, lifetimes: config.lifetimes, events, keys };
  const sessions = new SessionsService(store, clock, config.lifetimes, config.apiTokenLimit);
  const clientCache = new ClientCache();
  const clientChanges = new ClientChanges(clientCache, limitStore.redis, limitStore.log);
  return {
    accounts: new AccountsService(store, clock, limits, config.passwordScryptCost),
    bans: new BansService(store, clock),
    sessions,
    images,
    bots,
    applications: new ApplicationsService(store, clock, bots, images, config.appLimit, clientChanges),
    oauth,
    clientGate: new ClientGate(limits, store.applications, clock, clientCache),
    clientChanges,
    consent: new ConsentService(oauth, integrations),
    devices: new DeviceFlowService(oauth, derivedKey(secret, USER_CODE_KEY_PURPOSE), {
      perAddress: limits.userCodesPerAddress,
      perUser: limits.userCodesPerUser,
    }),
    guilds,
    integrations,
    events,
    webhooks,
    upstream: new UpstreamLoginService(store, clock, sessions, config.upstream, limits),
    limits,
  };
}
