// An undici Agent for owner-chosen URLs: names resolve at connect time and only checked addresses are connected to.
import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { isBlockedAddress } from './blocked-addresses.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address of a host name; injectable so tests map names to addresses without DNS. */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolve: Resolve = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** The target resolved to (or is) an address the policy blocks. */
export class AddressNotAllowedError extends Error {
  readonly code = 'EADDRNOTALLOWED';
  constructor() {
    super('the target address is not allowed');
    this.name = 'AddressNotAllowedError';
  }
}

/**
 * A net lookup that refuses the whole name when any of its addresses is blocked, so the socket connects only to an
 * address that was checked: a name answering differently to a later query (DNS rebinding) never gets a second look-up.
 */
function guardedLookup(resolve: Resolve, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (all) => {
        const usable = options.family ? all.filter((entry) => entry.family === options.family) : all;
        if (usable.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        if (!allowPrivate && all.some((entry) => isBlockedAddress(entry.address))) return callback(new AddressNotAllowedError(), '', 0);
        if (options.all) return (callback as unknown as (error: null, addresses: ResolvedAddress[]) => void)(null, usable);
        return callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/** The Agent: literal IP hosts are checked before connecting (net skips the lookup for them), names by the lookup. */
export function guardedAgent(resolve: Resolve, allowPrivate: boolean): Agent {
  const connector = buildConnector({ lookup: guardedLookup(resolve, allowPrivate) } as buildConnector.BuildOptions);
  const connect: buildConnector.connector = (options, callback) => {
    const host = options.hostname.replace(/^\[(.*)\]$/, '$1');
    if (!allowPrivate && isIP(host) !== 0 && isBlockedAddress(host)) return callback(new AddressNotAllowedError(), null);
    return connector(options, callback);
  };
  return new Agent({ connect });
}
