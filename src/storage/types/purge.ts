// The purge store: deleting expired rows and orphaned images in bounded batches.

/**
 * What the purge deletes by age: expired codes (authorization and device), tokens, sessions and upstream login states,
 * and finished events.
 */
export type PurgeTarget = 'codes' | 'deviceCodes' | 'tokens' | 'sessions' | 'upstreamStates' | 'events';

/** One page of the orphaned-image walk: how many went, and the last hash looked at (null: the walk is done). */
export interface OrphanPage {
  deleted: number;
  last: string | null;
}

export interface PurgeStore {
  /**
   * Deletes, in one statement, at most `limit` rows of `target` that are past `before`: codes, device codes, tokens,
   * sessions and upstream login states that expired before it, events that finished (delivered or failed) before it with their delivery log. Returns how
   * many rows went.
   */
  deleteBatch(target: PurgeTarget, before: number, limit: number): Promise<number>;
  /**
   * Looks at the next `limit` images stored before `before` with a hash after `after` (hash order) and deletes, in one
   * statement, those no user, bot, application or guild names: a walk in bounded steps whatever the table's size.
   */
  deleteOrphanImages(before: number, after: string, limit: number): Promise<OrphanPage>;
}
