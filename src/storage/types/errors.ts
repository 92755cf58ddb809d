// Errors every store raises: a taken unique key, an unreachable database.

export class UniqueViolationError extends Error {
  constructor(readonly constraint: string) {
    super(`unique constraint violated: ${constraint}`);
    this.name = 'UniqueViolationError';
  }
}

/** The database cannot be reached now (a cut connection, a restart, a failover): the call may succeed if retried. */
export class StoreUnavailableError extends Error {
  constructor(readonly reason: unknown) {
    super('The database is unavailable');
    this.name = 'StoreUnavailableError';
  }
}
