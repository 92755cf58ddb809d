// Verified client rows by the digest of their secret: the token, revocation and introspection endpoints' client
// authentication without a database read, emptied whenever a client changes and never trusted for more than a second.
import { LRUCache } from 'lru-cache';
import type { ClientRecord } from '../storage/types.js';

/** Clients kept; beyond, the least recently used is dropped. */
export const CLIENT_CACHE_MAX = 1000;
/** How long a verified row is trusted without a change announced: the bound for a change no message told of. */
export const CLIENT_CACHE_TTL_MS = 1000;

export class ClientCache {
  private readonly rows = new LRUCache<string, ClientRecord>({ max: CLIENT_CACHE_MAX, ttl: CLIENT_CACHE_TTL_MS });
  private generation = 0;

  /** The row of `clientId` whose stored secret digest is `digest` (the digest of the presented secret), if verified lately. */
  get(clientId: string, digest: string): ClientRecord | undefined {
    const row = this.rows.get(digest);
    return row?.id === clientId ? row : undefined;
  }

  /** Taken before reading a row: a row read before a change is announced is not kept after it. */
  mark(): number {
    return this.generation;
  }

  /** Keeps a row whose secret was just verified against its stored digest, unless a change was announced since `mark`. */
  remember(digest: string, row: ClientRecord, mark: number): void {
    if (mark === this.generation) this.rows.set(digest, row);
  }

  /** Forgets every row: a client's secret, type or token format changed, or it was deleted. */
  clear(): void {
    this.generation += 1;
    this.rows.clear();
  }
}
