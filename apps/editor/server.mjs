// Serves the built editor: Next.js's request handler behind a thin Node server. It answers, in the API's
// JSON shape, the requests Next itself would fail with a 500 before any route or proxy sees them: HTTP
// methods Next does not support (TRACE, CONNECT, WebDAV verbs) and paths whose %-escapes are malformed.
// tRPC calls (`/api/trpc/…`) go straight to the API's handler (src/server/trpc-endpoint.ts, loaded
// through tsx since the packages ship TypeScript): Next's routing cost more than most procedures.
// `node server.mjs [-p PORT] [-H HOST]`: PORT is read as `next start` reads it; the host defaults to every
// interface, as `next start`'s does (HOSTNAME is not read: containers set it to their own name).
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';
import { tsImport } from 'tsx/esm/api';

const { values } = parseArgs({ options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' } } });
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? '0.0.0.0';
const SUPPORTED = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function refuse(res, status, code, message, extra = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...extra });
  res.end(JSON.stringify({ error: { message, data: { code, httpStatus: status } } }));
}

function malformedPath(url) {
  const path = (url ?? '/').split('?')[0];
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

const app = next({ dev: false, dir: import.meta.dirname, hostname, port });
await app.prepare();
const handle = app.getRequestHandler();
/** @type {typeof import('./src/server/trpc-endpoint.ts')} */
const trpc = await tsImport('./src/server/trpc-endpoint.ts', import.meta.url);

createServer((req, res) => {
  if (!SUPPORTED.has(req.method ?? ''))
    return refuse(res, 405, 'METHOD_NOT_SUPPORTED', `method ${String(req.method).slice(0, 20)} not allowed`, { Allow: 'GET, HEAD, POST' });
  if (malformedPath(req.url)) return refuse(res, 400, 'BAD_REQUEST', 'the address has a malformed %-escape');
  if (trpc.isTrpcPath(req.url)) return void trpc.handleTrpc(req, res);
  void handle(req, res);
}).listen(port, hostname, () => {
  console.log(`Claimline editor on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port}`);
});
