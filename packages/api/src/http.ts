// The HTTP entry point for tRPC (used by the editor's route handler), with CSRF defences:
// queries are GET and never change state; a mutation must come from our own origin as JSON.
// Batches are bounded, responses are never cached, and unexpected errors answer a generic message.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { jsonDepth, MAX_BATCH_CALLS, MAX_JSON_DEPTH, MAX_REQUEST_BYTES } from '@claimline/core';
import { loadConfig, type Db } from '@claimline/db';
import { appRouter } from './root.ts';
import type { Context } from './context.ts';
import { deviceCookieName, readCookie, sessionCookieName } from './http-session.ts';
import { internalErrorResponse, trpcShapedError } from './internal-error.ts';
import { userForToken } from './services/users.ts';

/** Origins a mutation may come from: the configured one, else the origin the request was addressed to. */
function allowedOrigin(req: Request): string {
  const { origin, trustProxy } = loadConfig();
  if (origin) return new URL(origin).origin;
  const url = new URL(req.url);
  const host = (trustProxy > 0 ? req.headers.get('x-forwarded-host') : null) ?? req.headers.get('host') ?? url.host;
  const proto = (trustProxy > 0 ? req.headers.get('x-forwarded-proto') : null) ?? url.protocol.replace(':', '');
  return `${proto}://${host}`;
}

/**
 * The client's address as the nearest of `trustProxy` proxies saw it: each proxy appends the address it
 * received from to X-Forwarded-For, so the client is the `trustProxy`-th entry from the right (entries
 * further left are whatever the client wrote). Null when no proxy is trusted: the header is then ignored.
 */
export function clientAddress(headers: RequestHeaders, trustProxy: number): string | null {
  if (trustProxy < 1) return null;
  const hops = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (hops.length === 0) return null;
  return hops[Math.max(0, hops.length - trustProxy)]!.slice(0, 100);
}

/** Returns a reason to refuse the request, or null when it may proceed. */
export function csrfRefusal(req: Request): string | null {
  if (req.method === 'GET' || req.method === 'HEAD') return null;
  const origin = req.headers.get('origin');
  if (!origin) return 'missing Origin header';
  if (origin !== allowedOrigin(req)) return `cross-origin request from ${origin} refused`;
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return `content type ${type || '(none)'} refused: send application/json`;
  return null;
}

/** A refusal before any procedure runs, shaped like tRPC's own error responses. */
function refuse(status: 400 | 403 | 413, message: string): Response {
  return trpcShapedError(status === 403 ? 'FORBIDDEN' : status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', status, message);
}

/** The body as text, or null once it passes `max` bytes (the rest is not read). */
async function readBody(req: Request, max: number): Promise<string | null> {
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** How many calls a tRPC request holds (its path lists them, comma-separated, when `batch=1`). */
function callCount(req: Request, endpoint: string): number {
  const url = new URL(req.url);
  if (url.searchParams.get('batch') !== '1') return 1;
  return url.pathname.slice(endpoint.length + 1).split(',').length;
}

/** A request's headers as the context reads them: fetch's Headers, or node-http.ts's view of a Node request's. */
export type RequestHeaders = Pick<Headers, 'get'>;

export async function createRequestContext(db: Db, headers: RequestHeaders, setCookie: (header: string) => void): Promise<Context> {
  const cookies = headers.get('cookie');
  const session = await userForToken(db, readCookie(cookies, sessionCookieName()));
  return {
    db,
    user: session?.user ?? null,
    sessionId: session?.sessionId ?? null,
    setCookie,
    signInClient: { deviceToken: readCookie(cookies, deviceCookieName()), address: clientAddress(headers, loadConfig().trustProxy) },
  };
}

export async function handleTrpcRequest(req: Request, db: Db, endpoint = '/api/trpc'): Promise<Response> {
  try {
    const refusal = csrfRefusal(req);
    if (refusal) return refuse(403, refusal);
    const calls = callCount(req, endpoint);
    if (calls > MAX_BATCH_CALLS) return refuse(400, `a batch may hold at most ${MAX_BATCH_CALLS} calls; this one has ${calls}`);
    // Bounded before tRPC parses anything: the body's size, and how deeply its JSON (or a query's) nests.
    const tooLarge = `a request body may be at most ${MAX_REQUEST_BYTES / 1024 / 1024} MiB`;
    if (Number(req.headers.get('content-length') ?? 0) > MAX_REQUEST_BYTES) return refuse(413, tooLarge);
    let input = new URL(req.url).searchParams.get('input') ?? '';
    let request = req;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const body = await readBody(req, MAX_REQUEST_BYTES);
      if (body === null) return refuse(413, tooLarge);
      input = body;
      // No `signal: req.signal`: a Request that follows a signal lives until a full collection (node-http.ts).
      request = new Request(req.url, { method: req.method, headers: req.headers, body });
    }
    if (jsonDepth(input) > MAX_JSON_DEPTH) return refuse(400, `input: JSON may nest at most ${MAX_JSON_DEPTH} levels deep`);
    const response = await fetchRequestHandler({
      endpoint,
      req: request,
      router: appRouter,
      maxBatchSize: MAX_BATCH_CALLS,
      createContext: ({ resHeaders }) => createRequestContext(db, request.headers, (h) => resHeaders.append('set-cookie', h)),
    });
    response.headers.set('cache-control', 'no-store');
    return response;
  } catch (error) {
    return internalErrorResponse(error, `tRPC ${new URL(req.url).pathname}`);
  }
}
