// Process-wide operation counters (tokens issued, token checks, login failures, limit refusals), exposed on /metrics.
import { Counter, Registry } from 'prom-client';

/** The counters' registry; each app's /metrics merges it with its own (see app-metrics.ts). */
export const countersRegistry = new Registry();

export const tokensIssued = new Counter({
  name: 'guildgate_tokens_issued_total',
  help: 'Token responses issued at the token endpoint, by grant type',
  labelNames: ['grant_type'] as const,
  registers: [countersRegistry],
});

export const tokenChecks = new Counter({
  name: 'guildgate_token_checks_total',
  help: 'Access token checks (bearer authentication and introspection), by how and with what result',
  labelNames: ['via', 'result'] as const,
  registers: [countersRegistry],
});

export const loginFailures = new Counter({
  name: 'guildgate_login_failures_total',
  help: 'Password logins refused for a wrong login name or password',
  registers: [countersRegistry],
});

export const rateLimitRejections = new Counter({
  name: 'guildgate_rate_limit_rejections_total',
  help: 'Requests answered 429, by limit (the X-RateLimit-Bucket answered)',
  labelNames: ['bucket'] as const,
  registers: [countersRegistry],
});

/** The four token-check series, labelled once (labelling hashes the labels on every call). */
const tokenCheckSeries = {
  bearer: { active: tokenChecks.labels('bearer', 'active'), inactive: tokenChecks.labels('bearer', 'inactive') },
  introspection: { active: tokenChecks.labels('introspection', 'active'), inactive: tokenChecks.labels('introspection', 'inactive') },
};

/** Counts one token check. */
export function countTokenCheck(via: 'bearer' | 'introspection', active: boolean): void {
  tokenCheckSeries[via][active ? 'active' : 'inactive'].inc();
}
