// Recognizes unique-constraint failures from either driver and turns them into UniqueViolationError.
import { UniqueViolationError } from '../types.js';

interface DriverError {
  code?: string;
  constraint?: string;
  message?: string;
}

export function asUniqueViolation(error: unknown): UniqueViolationError | null {
  const e = error as DriverError;
  if (e?.code === '23505') return new UniqueViolationError(e.constraint ?? 'unique');
  if (e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const match = /UNIQUE constraint failed: (.+)$/.exec(e.message ?? '');
    return new UniqueViolationError(match?.[1] ?? 'unique');
  }
  return null;
}

/** Runs a write, rethrowing a unique-constraint failure as UniqueViolationError. */
export async function translatingUnique<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw asUniqueViolation(error) ?? error;
  }
}
