// The purge job: deletes what nothing needs any more, in batches of at most PURGE_BATCH rows, yielding to the event
// loop between them, so no statement holds the SQLite writer for more than a few milliseconds.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { PurgeTarget, Store } from './types.js';

export const PURGE_BATCH = 500;
/** An image stored this recently is kept even when nothing names it yet. */
export const IMAGE_GRACE_MS = 3_600_000;

export interface PurgeSettings {
  /** Milliseconds between runs; 0 turns the job off. */
  intervalMs: number;
  /** Milliseconds finished events (the delivery log) and expired codes are kept (a replayed code is still recognised). */
  retentionMs: number;
}

export type PurgeCounts = Record<PurgeTarget | 'images', number>;

/** The oldest time each target keeps, at `now`. */
function cutoffs(now: number, retentionMs: number): Record<PurgeTarget, number> {
  return { codes: now - retentionMs, deviceCodes: now - retentionMs, tokens: now, sessions: now, upstreamStates: now, events: now - retentionMs };
}

/** One full purge: each target until a batch comes back short, then the walk over images; how many rows of each went. */
export async function purgeOnce(store: Store, now: number, retentionMs: number): Promise<PurgeCounts> {
  const before = cutoffs(now, retentionMs);
  const counts: PurgeCounts = { codes: 0, deviceCodes: 0, tokens: 0, sessions: 0, upstreamStates: 0, events: 0, images: 0 };
  for (const target of Object.keys(before) as PurgeTarget[]) {
    for (let deleted = PURGE_BATCH; deleted === PURGE_BATCH;) {
      deleted = await store.purge.deleteBatch(target, before[target], PURGE_BATCH);
      counts[target] += deleted;
      await yieldToEventLoop();
    }
  }
  for (let after: string | null = ''; after !== null;) {
    const page = await store.purge.deleteOrphanImages(now - IMAGE_GRACE_MS, after, PURGE_BATCH);
    counts.images += page.deleted;
    after = page.last;
    await yieldToEventLoop();
  }
  return counts;
}
