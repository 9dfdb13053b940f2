// Unexpected errors: the client gets a generic message with an id, the server log the id with the whole
// error. Database and library messages ("Invalid `prisma.dispute.findMany()` invocation…") never leave.
import { randomBytes } from 'node:crypto';

const GENERIC = /^internal error \(id [0-9a-f]{12}\)$/;

/** Whether a message is already the generic one (so it is not logged twice). */
export const isGenericMessage = (message: string) => GENERIC.test(message);

/** Logs the error under a new id; returns the message to show: `internal error (id 1a2b3c4d5e6f)`. */
export function reportInternalError(error: unknown, where: string): string {
  const id = randomBytes(6).toString('hex');
  console.error(`internal error ${id} in ${where}:`, error);
  return `internal error (id ${id})`;
}

/** A 500 JSON response for a route handler, logged under its id. */
export function internalErrorResponse(error: unknown, where: string): Response {
  return new Response(JSON.stringify({ error: reportInternalError(error, where) }), {
    status: 500,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

const json = (status: number, body: unknown, extra: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...extra } });

/** 405 in the API's JSON shape, naming the methods that are allowed. */
export function methodNotAllowed(allowed: string[]): Response {
  return json(
    405,
    { error: { message: `method not allowed: use ${allowed.join(' or ')}`, code: -32005, data: { code: 'METHOD_NOT_SUPPORTED', httpStatus: 405 } } },
    { Allow: allowed.join(', ') },
  );
}

/** 404 in the API's JSON shape for an address under /api that names nothing. */
export function apiNotFound(pathname: string): Response {
  return json(404, { error: { message: `no API at ${pathname.slice(0, 200)}`, code: -32004, data: { code: 'NOT_FOUND', httpStatus: 404 } } });
}
