// Builds the Fastify application: plugins, error handling, docs and every route, on a given store and clock.
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { AppContext } from './http/context.js';
import { registerDocs } from './http/plugins/docs.js';
import { registerErrorHandling } from './http/plugins/error-handler.js';
import { registerJsonMediaType } from './http/plugins/json-media-type.js';
import { registerRejectNul } from './http/plugins/reject-nul.js';
import { registerRequestHooks, RequestLog, requestIdGenerator } from './http/plugins/request-log.js';
import { registerSecurityHeaders } from './http/plugins/security-headers.js';
import { adminRoutes } from './http/routes/admin.js';
import { applicationRoutes } from './http/routes/applications.js';
import { authRoutes } from './http/routes/auth.js';
import { botRoutes } from './http/routes/bots.js';
import { registerEventDelivery } from './http/plugins/event-delivery.js';
import { registerPurge } from './http/plugins/purge.js';
import { applicationEventRoutes } from './http/routes/application-events.js';
import { guildRoutes } from './http/routes/guilds.js';
import { healthRoutes } from './http/routes/health.js';
import { imageRoutes } from './http/routes/images.js';
import { integrationRoutes } from './http/routes/integrations.js';
import { discoveryRoutes } from './http/routes/discovery.js';
import { oauth2EndpointRoutes } from './http/routes/oauth2-endpoints.js';
import { oauth2UserRoutes } from './http/routes/oauth2-user.js';
import { oauth2VerifyRoutes } from './http/routes/oauth2-verify.js';
import { pageRoutes } from './http/routes/pages.js';
import { sessionRoutes } from './http/routes/sessions.js';
import { upstreamAuthRoutes } from './http/routes/upstream-auth.js';
import { userRoutes } from './http/routes/users.js';
import { sharedSchemaCompilers } from './http/schema-compilers.js';
import { rewriteUrl } from './http/url-layout.js';
import { AppMetrics } from './metrics/app-metrics.js';
import { buildServices } from './services.js';
import { fastifyTrustProxy } from './trust-proxy.js';
import type { Store } from './storage/types.js';
import type { Resolve } from './webhooks/guarded-agent.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The /metrics registry and listener (listening once the app is ready); null when GUILDGATE_METRICS_PORT is unset. */
    metrics: AppMetrics | null;
  }
}

export interface BuildOptions {
  config: Config;
  store: Store;
  clock?: Clock;
  redis?: Redis | null;
  /** Redis key prefix of the limits (tests keep theirs apart); `guildgate:limit` otherwise. */
  limitKeyPrefix?: string;
  /** Pino options, or false for no logs (tests). */
  logger?: FastifyServerOptions['logger'];
  /** How webhook host names resolve (tests map names without DNS); the system resolver otherwise. */
  resolve?: Resolve;
  /** Told of every route as it is registered (route inventories, such as the malformed-input suite's). */
  onRoute?: (route: RouteOptions) => void;
}

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    // No redaction pass on every line: no serializer writes a header (Authorization, Cookie, Set-Cookie) at all.
    serializers: {
      // Only the path: query strings can carry codes and tokens; no headers.
      req: (req: { method: string; url: string; id: string; ip?: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0], ip: req.ip }),
    },
  };
}

/** Most bytes of log lines held while stdout is slower than the server; beyond, lines are dropped, not memory grown. */
const LOG_BUFFER_MAX = 16 * 1024 * 1024;
/** Bytes of log lines gathered into one write (about 16 request lines). */
const LOG_WRITE_MIN = 4096;
/** Milliseconds a line may wait for more to gather: a quiet server's lines appear within this. */
const LOG_FLUSH_INTERVAL_MS = 100;

/**
 * The server's log stream: stdout written asynchronously, in writes of at least 4 KiB or every 100 ms, not one write
 * syscall per request line; what is buffered is written out when the process exits.
 */
export function logStream(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: LOG_WRITE_MIN, periodicFlush: LOG_FLUSH_INTERVAL_MS, maxLength: LOG_BUFFER_MAX });
}

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config, store } = options;
  const clock = options.clock ?? systemClock;
  const app = Fastify({
    logger: options.logger ?? { ...(loggerOptions(config.logLevel) as object), stream: logStream() },
    bodyLimit: config.bodyLimit,
    trustProxy: fastifyTrustProxy(config.trustProxy),
    // Request ids come from genReqId alone (it takes a proxy's X-Request-Id only when that proxy is trusted).
    requestIdHeader: false,
    genReqId: requestIdGenerator(config.trustProxy !== false),
    logController: new RequestLog(),
    // While closing, requests already sent on open keep-alive connections are answered (with Connection: close), not 503.
    return503OnClosing: false,
    rewriteUrl: (req) => rewriteUrl(req.method ?? 'GET', req.url ?? '/'),
    // allErrors off: validation stops at the first failing keyword (maxLength comes before pattern), on every input.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    schemaController: sharedSchemaCompilers,
  }).withTypeProvider<TypeBoxTypeProvider>();
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  const limitStore = { redis: options.redis ?? null, log: app.log, redisKeyPrefix: options.limitKeyPrefix };
  const ctx: AppContext = { config, store, clock, services: buildServices(config, store, clock, limitStore, options.resolve) };

  const metrics = config.metrics && new AppMetrics(store, clock, app.log);
  app.decorate('metrics', metrics);
  if (metrics && config.metrics) {
    const { host, port } = config.metrics;
    app.addHook('onReady', async () => {
      const address = await metrics.listen(host, port);
      app.log.info({ address: address.address, port: address.port }, 'metrics listening');
    });
    app.addHook('onClose', () => metrics.close());
  }
  // Other nodes' client changes (secret resets, deletions) empty this node's client cache.
  app.addHook('onReady', () => ctx.services.clientChanges.listen());
  app.addHook('onClose', () => ctx.services.clientChanges.close());
  registerRequestHooks(app, metrics);
  registerErrorHandling(app);
  registerJsonMediaType(app);
  registerRejectNul(app);
  registerSecurityHeaders(app, { https: config.issuer.startsWith('https:') });
  await app.register(formbody);
  await registerDocs(app, config.issuer);
  registerEventDelivery(app, ctx);
  registerPurge(app, ctx);

  await app.register(healthRoutes, { ctx, redis: options.redis ?? null });
  await app.register(imageRoutes, { ctx });
  await app.register(discoveryRoutes, { ctx });
  // Only the pages use cookies (the session cookie and form bindings); the API takes credentials in headers.
  await app.register(async (pages) => {
    await pages.register(cookie);
    await pages.register(pageRoutes, { ctx });
  });
  await app.register(
    async (api) => {
      await api.register(authRoutes, { ctx });
      await api.register(upstreamAuthRoutes, { ctx });
      await api.register(userRoutes, { ctx });
      await api.register(sessionRoutes, { ctx });
      await api.register(applicationRoutes, { ctx });
      await api.register(botRoutes, { ctx });
      await api.register(oauth2EndpointRoutes, { ctx });
      await api.register(oauth2UserRoutes, { ctx });
      await api.register(oauth2VerifyRoutes, { ctx });
      await api.register(guildRoutes, { ctx });
      await api.register(integrationRoutes, { ctx });
      await api.register(applicationEventRoutes, { ctx });
      await api.register(adminRoutes, { ctx });
    },
    { prefix: '/api/v1' },
  );
  return app;
}
