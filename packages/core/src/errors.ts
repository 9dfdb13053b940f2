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

/** Messages by input path ("claim.claimantId", "_" for the input as a whole), as forms show them beside fields. */
export type FieldErrors = Record<string, string[]>;

type Issue = { readonly path: readonly PropertyKey[]; readonly message: string };
type IssueList = { readonly issues: readonly Issue[] };

const isIssueList = (e: unknown): e is IssueList =>
  !!e && typeof e === 'object' && Array.isArray((e as { issues?: unknown }).issues) && (e as { name?: unknown }).name === 'ZodError';

const pathOf = (issue: Issue) => issue.path.map(String).join('.');

/**
 * Field errors from a validation failure (zod's issues) or an AppError naming its field; null for
 * anything else. The API sends these with every error, the editor's forms compute the same ones
 * before sending, so a message lands beside the same field either way.
 */
export function fieldErrorsOf(error: unknown, prefix = ''): FieldErrors | null {
  if (isIssueList(error)) {
    const out: FieldErrors = {};
    for (const issue of error.issues) (out[prefix + (pathOf(issue) || '_')] ??= []).push(issue.message);
    return out;
  }
  if (error instanceof AppError && error.field) return { [prefix + error.field]: [error.message] };
  return null;
}

/** A validation failure in one line: "date: must be EDTF; claims.0.quote: must not be empty". */
export function describeIssues(error: IssueList): string {
  return error.issues.map((i) => `${pathOf(i) || 'input'}: ${i.message}`).join('; ');
}

/** Whether `error` is a validation failure (zod's), without depending on the zod instance that threw it. */
export function isValidationError(error: unknown): error is IssueList & Error {
  return isIssueList(error);
}
