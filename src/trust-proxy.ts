// GUILDGATE_TRUST_PROXY: which proxies may name the client address in X-Forwarded-For; never every hop (the client writes the leftmost).
import ipaddr from 'ipaddr.js';
import { ConfigError, read, type Env } from './config-values.js';

/** false: no proxy; a number: that many hops in front of guildgate; a list: the proxies' addresses and CIDR ranges. */
export type TrustProxy = false | number | string[];

const MAX_HOPS = 10;
const MAX_ENTRIES = 100;
const EXPECTED = `off, on (one hop), a number of hops from 1 to ${MAX_HOPS}, or comma-separated proxy addresses or CIDR ranges`;

function isAddressOrRange(entry: string): boolean {
  return entry.length <= 64 && (ipaddr.isValid(entry) || ipaddr.isValidCIDR(entry));
}

export function trustProxySetting(env: Env): TrustProxy {
  const raw = read(env, 'TRUST_PROXY');
  if (raw === undefined || raw === 'off') return false;
  if (raw === 'on') return 1;
  if (/^\d{1,2}$/.test(raw)) {
    const hops = Number(raw);
    if (hops < 1 || hops > MAX_HOPS) throw new ConfigError('TRUST_PROXY', `${EXPECTED}, got "${raw}"`);
    return hops;
  }
  const entries = raw.split(',').map((entry) => entry.trim());
  if (entries.length > MAX_ENTRIES || !entries.every(isAddressOrRange)) throw new ConfigError('TRUST_PROXY', `${EXPECTED}, got "${raw.slice(0, 200)}"`);
  return entries;
}

/**
 * Fastify's `trustProxy` for the setting. A number becomes a function trusting that many hops from guildgate (the
 * socket peer first): Fastify itself ignores a bare number, and `true` would trust every hop.
 */
export function fastifyTrustProxy(setting: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number') return setting;
  return (_address, hop) => hop < setting;
}
