// An order-independent digest of a table's rows: the XOR of each row's SHA-256 over a canonical form, so the SQLite
// source and the PostgreSQL copy compare equal whatever order either reads them in (rows are unique by primary key).
import { createHash } from 'node:crypto';

/** One value in a form both databases agree on: int8 arrives as a string from pg and a number from SQLite. */
function canonical(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `x:${Buffer.from(value).toString('hex')}`;
  return String(value);
}

export class TableDigest {
  private readonly sum = Buffer.alloc(32);
  rows = 0;

  add(values: readonly unknown[]): void {
    const digest = createHash('sha256')
      .update(JSON.stringify(values.map(canonical)))
      .digest();
    for (let i = 0; i < 32; i++) this.sum[i]! ^= digest[i]!;
    this.rows++;
  }

  hex(): string {
    return this.sum.toString('hex');
  }
}
