// Unexpected errors: the client gets a generic message with an id, the server log the id with the whole
// error. Database and library messages ("Invalid `prisma.dispute.findMany()` invocation…") never leave.
import { randomBytes } from 'node:crypto';
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';

const GENERIC = /^internal error \(id [0-9a-f]{12}\)$/;

/** Whether a message is already the generic one (so it is not logged twice). */
export const isGenericMessage = (message: string) => GENERIC.test(message);

/** Logs the error under a new id; returns the message to show: `internal error (id 1a2b3c4d5e6f)`. */
export function reportInternalError(error: unknown, where: string): string {
  const id = randomBytes(6).toString('hex');
  console.error(`internal error ${id} in ${where}:`, error);
  return `internal error (id ${id})`;
}

const json = (status: number, body: unknown, extra: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...extra } });

/** A 500 JSON response for a route handler, logged under its id. */
export function internalErrorResponse(error: unknown, where: string): Response {
  return json(500, { error: reportInternalError(error, where) });
}

/** A refusal outside any procedure, shaped like tRPC's own error responses (its JSON-RPC code table). */
export function trpcShapedError(code: TRPC_ERROR_CODE_KEY, status: number, message: string, extra: Record<string, string> = {}): Response {
  return json(status, { error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus: status } } }, extra);
}

/** 405 in the API's JSON shape, naming the methods that are allowed. */
export function methodNotAllowed(allowed: string[]): Response {
  return trpcShapedError('METHOD_NOT_SUPPORTED', 405, `method not allowed: use ${allowed.join(' or ')}`, { Allow: allowed.join(', ') });
}

/** 404 in the API's JSON shape for an address under /api that names nothing. */
export function apiNotFound(pathname: string): Response {
  return trpcShapedError('NOT_FOUND', 404, `no API at ${pathname.slice(0, 200)}`);
}
