// Errors every store raises: a taken unique key, an unreachable database.

export class UniqueViolationError extends Error {
  constructor(readonly constraint: string) {
    super(`unique constraint violated: ${constraint}`);
    this.name = 'UniqueViolationError';
  }
}

/** The database cannot be reached now (a cut connection, a restart, a failover): the call may succeed if retried. */
export class StoreUnavailableError extends Error {
  /**
   * @param detail names the cause for the log (a full disk, a read-only file); without it the cause is logged where
   *   it is known (a lost connection, by the pool).
   */
  constructor(
    readonly reason: unknown,
    readonly detail?: string,
  ) {
    super('The database is unavailable');
    this.name = 'StoreUnavailableError';
  }
}
