// Refuses a query on a root store from inside one of its own transactions: on SQLite it would wait for that transaction
// forever, on PostgreSQL run outside it (or wait on its row locks).
import { AsyncLocalStorage } from 'node:async_hooks';

/** A storage call that can never be right: said at once, instead of a hang or a write outside the transaction. */
export class TransactionMisuseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransactionMisuseError';
  }
}

/** Marks the async work of one transaction's callback; cleared when the callback settles. */
interface Mark {
  open: boolean;
}

export class TransactionGuard {
  private readonly context = new AsyncLocalStorage<Mark>();
  /**
   * Transactions open now. The context is tracked only while one is: Node's AsyncLocalStorage slows every promise
   * while enabled, so the hot paths outside transactions pay nothing but this count's check.
   */
  private open = 0;

  /** Runs a transaction's callback under a mark that the root store's queries look for. */
  async inside<T>(work: () => Promise<T>): Promise<T> {
    const mark: Mark = { open: true };
    this.open++;
    try {
      return await this.context.run(mark, work);
    } finally {
      mark.open = false;
      if (--this.open === 0) this.context.disable();
    }
  }

  /** The error for a root query issued from inside one of this store's open transactions, else null. */
  refusal(): TransactionMisuseError | null {
    if (this.open === 0 || !this.context.getStore()?.open) return null;
    return new TransactionMisuseError(
      'A query on the root store was issued inside one of its own transactions: use the transaction handle (tx) passed to the callback',
    );
  }
}
