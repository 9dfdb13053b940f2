// Shared steps of every versioned update: find the record, refuse a stale version.
import { AppError } from '@claimline/core';

/** Returns the record if it exists and is at `version`; NOT_FOUND or CONFLICT otherwise. */
export function expectVersion<T extends { version: number }>(record: T | null, version: number, what: string, id: number): T {
  if (!record) throw new AppError('NOT_FOUND', `${what} ${id} not found`);
  if (record.version !== version) {
    throw new AppError(
      'CONFLICT',
      `${what} ${id} was changed by someone else (you edited version ${version}, it is now at version ${record.version}); reload it and apply your change again`,
    );
  }
  return record;
}

export function expectFound<T>(record: T | null, what: string, id: number): T {
  if (!record) throw new AppError('NOT_FOUND', `${what} ${id} not found`);
  return record;
}

/** Guards the write itself too: `count === 0` means the row moved on between read and write. */
export function expectUpdated(count: number, what: string, id: number): void {
  if (count !== 1) throw new AppError('CONFLICT', `${what} ${id} was changed by someone else; reload it and apply your change again`);
}
