// Starts the servers the selected scenarios need, in parallel; a server that fails to start is kept with its reason.
import { join } from 'node:path';
import type { BenchConfig } from '../config.js';
import type { Pinning } from '../pinning.js';
import { freshSchemaUrl } from '../postgres-schema.js';
import { startBare } from './bare.js';
import { startFastify } from './fastify.js';
import { startGuildgate } from './guildgate.js';
import { startPeer } from './peer.js';
import type { ServerProcess } from './process.js';

export type TargetKind = 'guildgate' | 'bare' | 'peer' | 'fastify';

export interface Target {
  name: string;
  kind: TargetKind;
  /** Set when the server is up. */
  server: ServerProcess | undefined;
  /** Set when it is not. */
  startError: string | undefined;
}

async function settle(name: string, kind: TargetKind, starting: Promise<ServerProcess>): Promise<Target> {
  try {
    return { name, kind, server: await starting, startError: undefined };
  } catch (err) {
    return { name, kind, server: undefined, startError: err instanceof Error ? err.message : String(err) };
  }
}

/** @param profileDir where guildgate's CPU profiles go (one sub-directory per target), when profiling. */
export function startTargets(config: BenchConfig, pinning: Pinning, kinds: Set<TargetKind>, profileDir?: string): Promise<Target[]> {
  const starts: Promise<Target>[] = [];
  const profileOf = (name: string) => profileDir && join(profileDir, name);
  if (kinds.has('guildgate')) {
    starts.push(settle('guildgate', 'guildgate', startGuildgate('guildgate (sqlite)', pinning, { profileDir: profileOf('guildgate') })));
    const { postgresUrl } = config;
    if (postgresUrl !== undefined) {
      const pools = config.postgresPoolSizes.length > 0 ? config.postgresPoolSizes : [undefined];
      for (const size of pools) {
        const name = size === undefined ? 'guildgate-pg' : `guildgate-pg/${size}`;
        const starting = freshSchemaUrl(postgresUrl).then((databaseUrl) =>
          startGuildgate(`guildgate (postgres${size === undefined ? '' : `, pool ${size}`})`, pinning, {
            databaseUrl,
            profileDir: profileOf(name.replace('/', '-')),
            settings: size === undefined ? {} : { GUILDGATE_DATABASE_POOL_SIZE: String(size) },
          }),
        );
        starts.push(settle(name, 'guildgate', starting));
      }
    }
  }
  if (kinds.has('bare')) starts.push(settle('bare', 'bare', startBare(pinning)));
  if (kinds.has('peer')) starts.push(settle('peer', 'peer', startPeer(pinning)));
  if (kinds.has('fastify')) starts.push(settle('fastify', 'fastify', startFastify(pinning)));
  return Promise.all(starts);
}
