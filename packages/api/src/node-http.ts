// tRPC over Node's own HTTP server: the editor's production server (apps/editor/server.mjs) answers
// /api/trpc/* here instead of through Next.js's router, proxy and route handler, which cost ~3 ms a
// request before any procedure ran. The request goes through handleTrpcRequest (the same CSRF checks,
// bounds and errors as the route handler `next dev` uses); the caller gives the response headers the
// proxy would have set. Bodies of 1 KiB or more are gzip-compressed when the client accepts it, as Next
// did (at a faster level); streamed batches (httpBatchStreamLink) are compressed and flushed chunk by chunk.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { constants, createGzip, gzip, gzipSync } from 'node:zlib';
import { getErrorShape, getTRPCErrorFromUnknown, transformTRPCResponse, type AnyProcedure } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { jsonDepth, MAX_BATCH_CALLS, MAX_JSON_DEPTH } from '@claimline/core';
import type { Db } from '@claimline/db';
import { createRequestContext, handleTrpcRequest, type RequestHeaders } from './http.ts';
import { methodNotAllowed, reportInternalError, trpcShapedError } from './internal-error.ts';
import type { Context } from './context.ts';
import { appRouter } from './root.ts';

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

/** A whole answer, compressed when worth it and the client accepts it (HEAD: the headers GET would have). */
async function writeBody(req: IncomingMessage, res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: Buffer): Promise<void> {
  if (acceptsGzip(req.headers['accept-encoding'])) {
    headers.vary = headers.vary ? `${String(headers.vary)}, Accept-Encoding` : 'Accept-Encoding';
    if (body.length >= COMPRESS_THRESHOLD) {
      body = body.length <= GZIP_INLINE_MAX ? gzipSync(body, GZIP) : await gzipAsync(body, GZIP);
      headers['content-encoding'] = 'gzip';
    }
  }
  headers['content-length'] = body.length;
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * A streamed answer (a batch whose calls answer as they finish): each chunk is sent, compressed when the client
 * accepts it, as soon as it comes. `onLeave` runs when the client leaves before the end.
 */
async function writeStream(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  chunks: AsyncIterable<string | Uint8Array>,
  onLeave?: () => void,
): Promise<void> {
  const gzipOk = acceptsGzip(req.headers['accept-encoding']);
  if (gzipOk) {
    headers.vary = headers.vary ? `${String(headers.vary)}, Accept-Encoding` : 'Accept-Encoding';
    headers['content-encoding'] = 'gzip';
  }
  res.writeHead(status, headers);
  const zip = gzipOk ? createGzip(GZIP) : null;
  zip?.pipe(res);
  const out = zip ?? res;
  const leave = () => onLeave?.();
  res.once('close', leave);
  try {
    for await (const chunk of chunks) {
      if (res.destroyed) break;
      if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
      zip?.flush(constants.Z_SYNC_FLUSH);
    }
  } finally {
    res.off('close', leave);
    out.end();
  }
}

async function* chunksOf(reader: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

async function writeResponse(req: IncomingMessage, res: ServerResponse, response: Response, extra: Record<string, string>): Promise<void> {
  const headers = headersOf(response, extra);
  const stream = response.headers.get('transfer-encoding') === 'chunked' ? response.body : null;
  if (!stream) return writeBody(req, res, response.status, headers, Buffer.from(await response.arrayBuffer()));
  const reader = stream.getReader();
  // A client that leaves cancels the stream: tRPC then aborts the calls still writing into it.
  await writeStream(req, res, response.status, headers, chunksOf(reader), () => void reader.cancel().catch(() => undefined));
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

/** A Node request's headers read as fetch's Headers reads them: a header sent more than once is its values joined by ", ". */
function headersView(req: IncomingMessage): RequestHeaders {
  return {
    get(name: string) {
      const wanted = name.toLowerCase();
      let value: string | null = null;
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
        if (req.rawHeaders[i]!.toLowerCase() === wanted) value = value === null ? req.rawHeaders[i + 1]! : `${value}, ${req.rawHeaders[i + 1]!}`;
      return value;
    },
  };
}

/** `/api/trpc/<procedures, comma-separated>` and its query string, named plainly (no %-escapes). */
const CALLS = /^\/api\/trpc\/([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*(?:,[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)*)(?:\?([^#]*))?$/s;

/** What a query answers: JSON (`body`), or lines sent as they come (a streamed batch). */
interface Answer {
  status: number;
  headers: OutgoingHttpHeaders;
  body?: string;
  lines?: AsyncGenerator<string>;
}

interface Call {
  path: string;
  procedure: AnyProcedure;
  input: unknown;
}

const config = appRouter._def._config;
const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;

/** One call's reply as tRPC shapes it (`{ result: { data } }` or `{ error }`), with the HTTP status of an error. */
async function run(call: Call, ctx: Context): Promise<{ reply: { result: { data: unknown } } | { error: unknown }; status: number }> {
  const { path, procedure, input } = call;
  try {
    const data: unknown = await procedure({ path, getRawInput: () => Promise.resolve(input), ctx, type: 'query', signal: undefined, batchIndex: 0 });
    return { reply: { result: { data } }, status: 200 };
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    const shape = getErrorShape({ config, ctx, error, input, path, type: 'query' });
    const httpStatus: unknown = (shape as { data?: { httpStatus?: unknown } }).data?.httpStatus;
    return { reply: { error: shape }, status: typeof httpStatus === 'number' ? httpStatus : getHTTPStatusCodeFromError(error) };
  }
}

/**
 * A streamed batch in tRPC's JSON Lines format (what httpBatchStreamLink reads): a head with one promise per call,
 * then each call's reply as it comes, as tRPC's producer encodes it (its `result`, then `data`, each a promise).
 */
async function* streamedReplies(calls: Call[], ctx: Context): AsyncGenerator<string> {
  const line = (chunk: unknown) => `${JSON.stringify(config.transformer.output.serialize(chunk))}\n`;
  yield line(Object.fromEntries(calls.map((_, i) => [i, [[0], [null, 0, i]]])));
  let next = calls.length;
  const pending = new Map(calls.map((call, i) => [i, run(call, ctx).then(({ reply }) => [i, reply] as const)]));
  while (pending.size) {
    const [i, reply] = await Promise.race(pending.values());
    pending.delete(i);
    if ('error' in reply) {
      yield line([i, 0, [[reply]]]);
      continue;
    }
    const result = next++;
    const data = next++;
    yield (
      line([i, 0, [[{ result: 0 }], ['result', 0, result]]]) +
      line([result, 0, [[{ data: 0 }], ['data', 0, data]]]) +
      line([data, 0, reply.result.data === undefined ? [[]] : [[reply.result.data]]])
    );
  }
}

/**
 * Queries (GET or HEAD, `?input=` and `batch=1` the only parameters): one call, or a batch streamed as
 * httpBatchStreamLink asks (what the editor sends), answered by calling the procedures directly, with the context,
 * inputs, replies and error shapes tRPC's fetch adapter would give. The adapter's way costs a fetch Request and
 * Response, their streams and five AbortSignals a call, and for a streamed batch four more web streams: Node 20
 * keeps all of these past the young generation (~4 KiB a call, ~17 KiB a streamed batch), and copying them made
 * scavenges long. Null for anything else, and for whatever the adapter would refuse or answer specially before
 * a procedure runs (input that is not JSON or nests too deep, an unknown procedure or a mutation, a batch that is too
 * large or not streamed, a body): the adapter answers those, as it always did.
 */
async function answerQueries(req: IncomingMessage, db: Db): Promise<Answer | null> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) return null;
  const match = CALLS.exec(req.url ?? '');
  if (!match || !URL.canParse(req.url!, `http://${req.headers.host ?? 'localhost'}`)) return null; // a malformed Host: toRequest's 400
  const params = new URLSearchParams(match[2] ?? '');
  for (const key of params.keys()) if (key !== 'input' && key !== 'batch') return null;
  const batch = params.has('batch');
  if (batch && (params.getAll('batch').length !== 1 || params.get('batch') !== '1')) return null;
  const paths = match[1]!.split(',');
  if ((!batch && paths.length > 1) || paths.length > MAX_BATCH_CALLS) return null;
  const headers = headersView(req);
  const accept =
    headers.get('trpc-accept') ??
    (headers
      .get('accept')
      ?.split(',')
      .some((t) => t.trim() === 'application/jsonl')
      ? 'application/jsonl'
      : null);
  if (batch ? accept !== 'application/jsonl' : accept !== null) return null;
  const raw = params.get('input');
  let inputs: unknown = undefined;
  if (raw !== null) {
    if (jsonDepth(raw) > MAX_JSON_DEPTH) return null;
    try {
      inputs = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  if (batch && inputs !== undefined && (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs))) return null;
  const calls: Call[] = [];
  for (const [i, path] of paths.entries()) {
    const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
    if (procedure?._def.type !== 'query') return null;
    const input = batch ? (inputs as Record<string, unknown> | undefined)?.[i] : inputs;
    calls.push({ path, procedure, input: input === undefined ? undefined : config.transformer.input.deserialize(input) });
  }
  const cookies: string[] = [];
  let ctx: Context;
  try {
    ctx = await createRequestContext(db, headers, (h) => cookies.push(h));
  } catch {
    return null;
  }
  const out: OutgoingHttpHeaders = { 'cache-control': 'no-store', 'content-type': 'application/json', vary: 'trpc-accept, accept' };
  if (cookies.length) out['set-cookie'] = cookies;
  if (batch) return { status: 200, headers: out, lines: streamedReplies(calls, ctx) };
  const { reply, status } = await run(calls[0]!, ctx);
  return { status, headers: out, body: JSON.stringify(transformTRPCResponse(config, reply as never)) };
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
    const database = await db;
    const answer = await answerQueries(req, database);
    if (answer) {
      for (const [k, v] of Object.entries(headers)) answer.headers[k.toLowerCase()] = v;
      if (answer.lines) await writeStream(req, res, answer.status, answer.headers, answer.lines);
      else await writeBody(req, res, answer.status, answer.headers, Buffer.from(answer.body ?? ''));
    } else await writeResponse(req, res, await respond(req, database), headers);
    if (!req.complete) drain(req);
  } catch (error) {
    const message = reportInternalError(error, `tRPC ${req.url?.split('?')[0]?.slice(0, 200) ?? ''}`);
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify({ error: message }));
    } else res.destroy();
  }
}
