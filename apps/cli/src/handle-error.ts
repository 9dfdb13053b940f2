// One error handler for every command: a one-line reason on stderr and a non-zero exit.
import { AppError, describeIssues, isValidationError } from '@claimline/core';
import { loadConfig } from './db.ts';

export function describeError(error: unknown): string {
  if (isValidationError(error)) return describeIssues(error);
  if (error instanceof AppError) return error.message;
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') return `no such file: ${(error as { path?: string }).path ?? error.message}`;
    if (code === 'SQLITE_CANTOPEN') return `cannot open the database: ${error.message}`;
    return error.message.split('\n').find((l) => l.trim()) ?? String(error);
  }
  return String(error);
}

export function exitWithError(error: unknown): never {
  process.stderr.write(`claimline: ${describeError(error).replace(/\s*\n\s*/g, ' ')}\n`);
  // The configuration may be what failed: then there is no debug setting to read.
  let debug = false;
  try {
    debug = loadConfig().debug;
  } catch {
    // keep the one line
  }
  if (debug) console.error(error);
  process.exit(1);
}
