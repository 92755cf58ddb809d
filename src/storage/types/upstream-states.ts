// The upstream login-state store: single-use states of upstream web logins.

/** Upstream web logins under way, by the digest of the state sent upstream: each state is good for one callback. */
export interface UpstreamLoginStateStore {
  /** Records a new state until `expiresAt` (the purge job deletes expired ones). */
  create(stateDigest: string, expiresAt: number): Promise<void>;
  /** Uses the state up if it is recorded and not expired, atomically: of concurrent callers exactly one gets true. */
  consume(stateDigest: string, now: number): Promise<boolean>;
}
