// tRPC over Node's own HTTP server: the editor's production server (apps/editor/server.mjs) answers
// /api/trpc/* here instead of through Next.js's router, proxy and route handler, which cost ~3 ms a
// request before any procedure ran. The request goes through handleTrpcRequest (the same CSRF checks,
// bounds and errors as the route handler `next dev` uses); the caller gives the response headers the
// proxy would have set. Bodies of 1 KiB or more are gzip-compressed when the client accepts it, as Next
// did (at a faster level); streamed batches (httpBatchStreamLink) are compressed and flushed chunk by chunk.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { constants, createGzip, gzip, gzipSync } from 'node:zlib';
import type { Db } from '@claimline/db';
import { handleTrpcRequest } from './http.ts';
import { methodNotAllowed, reportInternalError, trpcShapedError } from './internal-error.ts';

const gzipAsync = promisify(gzip);

/** Smallest body worth compressing (the `compression` middleware's default threshold, which Next uses). */
export const COMPRESS_THRESHOLD = 1024;

/**
 * gzip level 1, nginx's default: a 480 KB review queue page compresses in ~3 ms to 65 KB, against ~9 ms
 * to 50 KB at zlib's default level 6 (what Next used), which cost as much as reading the page.
 */
const GZIP = { level: 1 };

/**
 * Bodies up to this size are compressed on the spot (~0.1 ms for 16 KiB at level 1): handing them to the thread pool
 * and back cost more than the compression (~0.7 ms a request on a busy 2-core machine). Larger ones go to the pool,
 * so that a big page does not hold up the other requests.
 */
const GZIP_INLINE_MAX = 64 * 1024;

/** Whether an Accept-Encoding header accepts gzip (a `q=0` refuses it). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (name !== 'gzip' && name !== '*') return false;
    const q = params.find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/** Hop-by-hop and body headers this module sets itself. */
const OWN = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'set-cookie']);

function headersOf(response: Response, extra: Record<string, string>): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  response.headers.forEach((value, key) => {
    if (!OWN.has(key)) out[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) out['set-cookie'] = cookies;
  for (const [k, v] of Object.entries(extra)) out[k.toLowerCase()] = v;
  return out;
}

async function writeResponse(req: IncomingMessage, res: ServerResponse, response: Response, extra: Record<string, string>): Promise<void> {
  const headers = headersOf(response, extra);
  const gzipOk = acceptsGzip(req.headers['accept-encoding']);
  if (gzipOk) headers.vary = headers.vary ? `${String(headers.vary)}, Accept-Encoding` : 'Accept-Encoding';
  const stream = response.headers.get('transfer-encoding') === 'chunked' ? response.body : null;
  if (!stream) {
    let body: Buffer = Buffer.from(await response.arrayBuffer());
    if (gzipOk && body.length >= COMPRESS_THRESHOLD) {
      body = body.length <= GZIP_INLINE_MAX ? gzipSync(body, GZIP) : await gzipAsync(body, GZIP);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = body.length;
    res.writeHead(response.status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  // A stream (a batch whose calls answer as they finish): each chunk is sent as soon as it comes.
  if (gzipOk) headers['content-encoding'] = 'gzip';
  res.writeHead(response.status, headers);
  const zip = gzipOk ? createGzip(GZIP) : null;
  zip?.pipe(res);
  const out = zip ?? res;
  const reader = stream.getReader();
  // A client that leaves cancels the stream: tRPC then aborts the calls still writing into it.
  const leave = () => void reader.cancel().catch(() => undefined);
  res.once('close', leave);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      if (!out.write(value)) await new Promise((resolve) => out.once('drain', resolve));
      zip?.flush(constants.Z_SYNC_FLUSH);
    }
  } finally {
    res.off('close', leave);
    out.end();
  }
}

/** Drops what is left of a request body nobody will read (a refusal answered before it), so the answer still reaches the client. */
function drain(req: IncomingMessage) {
  req.removeAllListeners('data');
  req.resume();
}

/**
 * The fetch Request for a Node request. Its body is read as the handler asks for it; when the handler
 * stops early (past the size bound) the rest is drained and dropped, so the 413 still reaches the
 * client. Throws TypeError on an address or a header that fetch cannot take.
 *
 * It follows no AbortSignal: undici holds a Request that follows one through a WeakRef and a
 * FinalizationRegistry, which only a full collection clears, so each request's objects outlived the
 * young generation (~1 KB a request promoted, every scavenge slower: pauses of 5–30 ms, the p95 of the
 * cheapest requests). What a signal would stop is a streamed answer, and writeResponse cancels that
 * when the client leaves.
 */
function toRequest(req: IncomingMessage): Request {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  // HEAD answers what GET would, without the body (as Next's route handlers do).
  const method = req.method === 'HEAD' ? 'GET' : req.method!;
  if (method === 'GET') return new Request(url, { method, headers });
  let open = true;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        if (!open) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once('end', () => {
        if (open) controller.close();
        open = false;
      });
      req.once('error', (e) => {
        if (open) controller.error(e);
        open = false;
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      open = false;
      drain(req);
    },
  });
  return new Request(url, { method, headers, body, duplex: 'half' } as RequestInit);
}

async function respond(req: IncomingMessage, db: Db): Promise<Response> {
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') return methodNotAllowed(['GET', 'POST']);
  let request: Request;
  try {
    request = toRequest(req);
  } catch {
    return trpcShapedError('BAD_REQUEST', 400, 'the request address or a header is malformed');
  }
  return handleTrpcRequest(request, db);
}

/**
 * Answers a tRPC request (`/api/trpc/…`): GET and HEAD for queries, POST for mutations, 405 for anything
 * else. `headers` are set on every response (the security headers, no-store). Never rejects: a failure
 * (the database cannot be opened, say) is a 500 with an id, logged.
 */
export async function serveTrpcRequest(req: IncomingMessage, res: ServerResponse, db: Db | Promise<Db>, headers: Record<string, string> = {}): Promise<void> {
  try {
    await writeResponse(req, res, await respond(req, await db), headers);
    if (!req.complete) drain(req);
  } catch (error) {
    const message = reportInternalError(error, `tRPC ${req.url?.split('?')[0]?.slice(0, 200) ?? ''}`);
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify({ error: message }));
    } else res.destroy();
  }
}
