// The tRPC handler on Node's own HTTP server, as the editor's production server mounts it: what Next's
// route handler and proxy used to do around it (HEAD, 405s, the given headers on every answer, gzip for
// bodies worth it, streamed batches) and what only a raw socket can send (a chunked body past the bound,
// a malformed Host header).
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REQUEST_BYTES } from '@claimline/core';
import { handleTrpcRequest } from './http.ts';
import { acceptsGzip, serveTrpcRequest } from './node-http.ts';
import { createHarness, type Harness } from './test/harness.ts';
import { cookieHeader, cookieJar, post } from './test/http-server.ts';

let h: Harness;
let server: Server;
let base: string;
let port: number;
const EXTRA = { 'X-Frame-Options': 'DENY', 'Cache-Control': 'no-store' };

beforeAll(async () => {
  h = await createHarness();
  server = createServer((req, res) => void serveTrpcRequest(req, res, h.db, EXTRA));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await h?.close();
});

/** A raw HTTP/1.1 exchange: what fetch would not send (a chunked body it streams, a bad Host). */
function raw(opts: { method: string; path: string; headers?: Record<string, string>; chunks?: Buffer[] }) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: opts.method, path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    const write = async () => {
      for (const c of opts.chunks ?? []) if (!req.write(c)) await new Promise((r) => req.once('drain', r));
      req.end();
    };
    write().catch(reject);
  });
}

async function adminCookie(): Promise<string> {
  const r = await post(base, [{ path: 'auth.login', input: { email: 'admin@test.example', password: 'admin-password-1' } }]);
  return cookieHeader(cookieJar(r.setCookies));
}

describe('serveTrpcRequest', () => {
  it('answers a query with the given headers; HEAD answers the same without a body', async () => {
    const get = await raw({ method: 'GET', path: '/api/trpc/auth.me' });
    expect(get.status).toBe(200);
    expect(JSON.parse(get.body.toString())).toEqual({ result: { data: null } });
    expect(get.headers['x-frame-options']).toBe('DENY');
    expect(get.headers['cache-control']).toBe('no-store');
    const head = await raw({ method: 'HEAD', path: '/api/trpc/auth.me' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
  });

  it('refuses other methods with a 405 naming GET and POST, in the API JSON shape', async () => {
    for (const method of ['PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      const r = await raw({ method, path: '/api/trpc/auth.me' });
      expect(r.status).toBe(405);
      expect(r.headers.allow).toBe('GET, POST');
      expect(JSON.parse(r.body.toString()).error.data.code).toBe('METHOD_NOT_SUPPORTED');
      expect(r.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('a malformed Host header is a 400, not a 500', async () => {
    const r = await raw({ method: 'GET', path: '/api/trpc/auth.me', headers: { host: 'a b:c' } });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body.toString()).error.message).toMatch(/malformed/);
  });

  it(`a chunked body past ${MAX_REQUEST_BYTES / 1024 / 1024} MiB gets its 413, and the server answers the next request`, async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    const r = await raw({
      method: 'POST',
      path: '/api/trpc/auth.login',
      headers: { origin: base, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks: [Buffer.from('{"email":"'), ...Array<Buffer>(MAX_REQUEST_BYTES / chunk.length + 2).fill(chunk)],
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body.toString()).error.message).toMatch(/at most 16 MiB/);
    expect((await raw({ method: 'GET', path: '/api/trpc/auth.me' })).status).toBe(200);
  });

  it('gzips answers of 1 KiB or more when the client accepts it, small ones never', async () => {
    const cookie = await adminCookie();
    const path = `/api/trpc/${Array(10).fill('user.list').join(',')}?batch=1&input=${encodeURIComponent('{}')}`;
    const plain = await raw({ method: 'GET', path, headers: { cookie } });
    expect(plain.status).toBe(200);
    expect(plain.body.length).toBeGreaterThanOrEqual(1024);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await raw({ method: 'GET', path, headers: { cookie, 'accept-encoding': 'gzip, deflate, br' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/);
    expect(gunzipSync(zipped.body).toString()).toBe(plain.body.toString());
    const refused = await raw({ method: 'GET', path, headers: { cookie, 'accept-encoding': 'gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
    const small = await raw({ method: 'GET', path: '/api/trpc/auth.me', headers: { 'accept-encoding': 'gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('gzips a large answer (past 64 KiB, compressed off the event loop) to the same bytes', async () => {
    const cookie = await adminCookie();
    const { source } = await h.as('admin').source.import({ text: 'A long report, sentence after sentence. '.repeat(4000), title: 'Long', outlet: 'Wire' });
    const path = `/api/trpc/source.get?input=${encodeURIComponent(JSON.stringify({ id: source.id }))}`;
    const plain = await raw({ method: 'GET', path, headers: { cookie } });
    expect(plain.body.length).toBeGreaterThan(64 * 1024);
    const zipped = await raw({ method: 'GET', path, headers: { cookie, 'accept-encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body).toString()).toBe(plain.body.toString());
  });

  it('streams a batch (httpBatchStreamLink), compressed, with the same answers as one call each', async () => {
    const cookie = await adminCookie();
    const input = encodeURIComponent(JSON.stringify({ 0: {}, 1: null }));
    const r = await raw({
      method: 'GET',
      path: `/api/trpc/source.list,auth.me?batch=1&input=${input}`,
      headers: { cookie, 'trpc-accept': 'application/jsonl', 'accept-encoding': 'gzip' },
    });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('gzip');
    const text = gunzipSync(r.body).toString();
    expect(text).toContain('admin@test.example');
    const one = await raw({ method: 'GET', path: `/api/trpc/source.list?input=${encodeURIComponent('{}')}`, headers: { cookie } });
    const items = (JSON.parse(one.body.toString()) as { result: { data: { items: { id: number }[] } } }).result.data.items;
    for (const s of items) expect(text).toContain(`"id":${s.id}`);
  });

  it('a client that leaves a streamed batch mid-way leaves the server answering', async () => {
    const cookie = await adminCookie();
    const input = encodeURIComponent(JSON.stringify({ 0: {}, 1: {}, 2: null }));
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path: `/api/trpc/source.list,actor.list,auth.me?batch=1&input=${input}`,
            headers: { cookie, 'trpc-accept': 'application/jsonl' },
          },
          (res) => {
            res.once('data', () => {
              req.destroy();
              resolve();
            });
          },
        );
        req.on('error', (e) => (req.destroyed ? resolve() : reject(e)));
        req.end();
      });
    }
    const after = await raw({ method: 'GET', path: '/api/trpc/auth.me', headers: { cookie } });
    expect(after.status).toBe(200);
    expect((JSON.parse(after.body.toString()) as { result: { data: { email: string } } }).result.data.email).toBe('admin@test.example');
  });

  it('a session ends at once for the next request: expired, signed out, or its user disabled', async () => {
    const me = async (cookie: string) => JSON.parse((await raw({ method: 'GET', path: '/api/trpc/auth.me', headers: { cookie } })).body.toString()).result.data;
    const signIn = async () => {
      const r = await post(base, [{ path: 'auth.login', input: { email: 'annotator@test.example', password: 'annotator-password-1' } }]);
      return cookieHeader(cookieJar(r.setCookies));
    };
    const expiring = await signIn();
    expect((await me(expiring)).email).toBe('annotator@test.example');
    await h.db.session.updateMany({ where: { userId: h.users.annotator.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await me(expiring)).toBeNull();

    const leaving = await signIn();
    expect((await me(leaving)).email).toBe('annotator@test.example');
    expect((await post(base, [{ path: 'auth.logout', input: null }], { cookie: leaving })).status).toBe(200);
    expect(await me(leaving)).toBeNull();

    const disabled = await signIn();
    expect((await me(disabled)).email).toBe('annotator@test.example');
    const { version } = await h.db.user.findUniqueOrThrow({ where: { id: h.users.annotator.id }, select: { version: true } });
    await h.as('admin').user.update({ id: h.users.annotator.id, version, disabled: true });
    expect(await me(disabled)).toBeNull();
  });

  it("answers a single query exactly as tRPC's fetch adapter does: results, errors, statuses and headers", async () => {
    const admin = await adminCookie();
    const r = await post(base, [{ path: 'auth.login', input: { email: 'annotator@test.example', password: 'annotator-password-1' } }]);
    const annotator = cookieHeader(cookieJar(r.setCookies));
    const q = (input: unknown) => `?input=${encodeURIComponent(JSON.stringify(input))}`;
    const source = await h.as('admin').source.list({});
    const sourceId = source.items[0]?.id ?? 1;
    const cases: [string, string | undefined][] = [
      ['/api/trpc/auth.me', admin],
      ['/api/trpc/auth.me', undefined],
      ['/api/trpc/auth.me', 'claimline_session=%'],
      ['/api/trpc/user.list', admin],
      ['/api/trpc/user.list', annotator], // FORBIDDEN
      ['/api/trpc/source.list', undefined], // UNAUTHORIZED
      [`/api/trpc/source.list${q({})}`, admin],
      [`/api/trpc/source.get${q({ id: sourceId })}`, admin],
      [`/api/trpc/source.get${q({ id: 999_999 })}`, admin], // NOT_FOUND
      [`/api/trpc/source.get${q({ id: 'one' })}`, admin], // BAD_REQUEST with field errors
      [`/api/trpc/source.get${q({ id: -1, extra: [1, { a: null }] })}`, admin],
      [`/api/trpc/audit.history${q({ recordType: 'source', recordId: sourceId })}`, admin],
      [`/api/trpc/audit.history${q({ recordType: 'source', recordId: sourceId })}`, annotator],
      [`/api/trpc/search.query${q({ q: 'the' })}`, admin],
      [`/api/trpc/source.get?input=%7B`, admin], // not JSON: the adapter's answer
      [`/api/trpc/source.get${q({ id: sourceId })}&batch=0`, admin],
      [`/api/trpc/auth.login${q({})}`, admin], // a mutation asked for by GET
      ['/api/trpc/no.such', admin],
      ['/api/trpc/constructor', admin],
      ['/api/trpc/__proto__', admin],
    ];
    for (const [path, cookie] of cases) {
      const headers: Record<string, string> = cookie ? { cookie } : {};
      const got = await raw({ method: 'GET', path, headers });
      const adapter = await handleTrpcRequest(new Request(`${base}${path}`, { headers }), h.db);
      const want = Buffer.from(await adapter.arrayBuffer()).toString();
      expect({ path, status: got.status, body: got.body.toString() }).toEqual({ path, status: adapter.status, body: want });
      for (const name of ['content-type', 'vary', 'cache-control', 'allow'])
        expect([path, name, got.headers[name]]).toEqual([path, name, adapter.headers.get(name) ?? undefined]);
      const head = await raw({ method: 'HEAD', path, headers });
      expect([path, head.status, head.body.length, head.headers['content-length']]).toEqual([path, got.status, 0, got.headers['content-length']]);
    }
  });

  it("streams a batch of queries (httpBatchStreamLink) that reads as tRPC's fetch adapter's: results and errors of each call", async () => {
    const admin = await adminCookie();
    /** The replies of a JSON Lines batch: each call's promise, resolved through the chunks that fulfil it. */
    const decode = (text: string) => {
      const [head, ...chunks] = text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown);
      const values = new Map((chunks as [number, number, unknown[]][]).map(([idx, status, value]) => [idx, [status, value] as const]));
      const resolve = (encoded: unknown[]): unknown => {
        const [[template], ...pending] = encoded as [[unknown], ...[string | null, number, number][]];
        let value: unknown = (encoded[0] as unknown[]).length === 0 ? undefined : template;
        for (const [key, , idx] of pending) {
          const [status, inner] = values.get(idx)!;
          const resolved = status === 0 ? resolve(inner) : { rejected: inner };
          value = key === null ? resolved : { ...(value as object), [key]: resolved };
        }
        return value;
      };
      return Object.values(head as Record<string, unknown[]>).map(resolve);
    };
    const source = await h.as('admin').source.list({});
    const sourceId = source.items[0]?.id ?? 1;
    const batches: [string, Record<number, unknown> | undefined, string | undefined][] = [
      ['auth.me', undefined, admin],
      ['auth.me,auth.me', {}, undefined],
      ['source.list,auth.me,user.list', { 0: {} }, admin],
      ['source.get,source.get,source.list', { 0: { id: sourceId }, 1: { id: 999_999 }, 2: { limit: 'x' } }, admin],
      ['source.list,audit.history', { 0: {}, 1: { recordType: 'source', recordId: sourceId } }, undefined],
      ['search.query,event.list,actor.list', { 0: { q: 'the' }, 1: {}, 2: {} }, admin],
    ];
    for (const [paths, input, cookie] of batches) {
      const path = `/api/trpc/${paths}?batch=1${input === undefined ? '' : `&input=${encodeURIComponent(JSON.stringify(input))}`}`;
      const headers: Record<string, string> = { 'trpc-accept': 'application/jsonl', ...(cookie ? { cookie } : {}) };
      const got = await raw({ method: 'GET', path, headers: { ...headers, 'accept-encoding': 'gzip' } });
      const adapter = await handleTrpcRequest(new Request(`${base}${path}`, { headers }), h.db);
      expect([paths, got.status, got.headers['content-type'], got.headers['content-encoding']]).toEqual([
        paths,
        adapter.status,
        adapter.headers.get('content-type'),
        'gzip',
      ]);
      const replies = decode(gunzipSync(got.body).toString());
      expect(replies).toHaveLength(paths.split(',').length);
      expect({ paths, replies }).toEqual({ paths, replies: decode(await adapter.text()) });
    }
  });

  it('reads Accept-Encoding as HTTP does', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('deflate, br')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
