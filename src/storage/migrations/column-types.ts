// Column types that differ between SQLite and PostgreSQL.
import type { Dialect } from '../types.js';

/** Millisecond timestamps need 64 bits: bigint on PostgreSQL, integer (already 64-bit) on SQLite. */
export function timeType(dialect: Dialect): 'bigint' | 'integer' {
  return dialect === 'postgres' ? 'bigint' : 'integer';
}

/** Raw bytes: bytea on PostgreSQL, blob on SQLite. */
export function binaryType(dialect: Dialect): 'bytea' | 'blob' {
  return dialect === 'postgres' ? 'bytea' : 'blob';
}
