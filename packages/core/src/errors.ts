// The one error type domain code throws; packages/api maps `code` to a tRPC code, the CLI to a one-line message.
export type AppErrorCode = 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'TOO_MANY_REQUESTS';

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** For BAD_REQUEST: the input field at fault, e.g. "date" or "claims[3].quote". */
    readonly field?: string,
  ) {
    super(message);
  }
}

export function badRequest(field: string, message: string): AppError {
  return new AppError('BAD_REQUEST', `${field}: ${message}`, field);
}
