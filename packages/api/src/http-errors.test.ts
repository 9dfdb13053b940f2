// What the HTTP API answers when things go wrong: a malformed cookie is no session, an unexpected error
// is a generic message with an id (the id and the real error go to the server log), a batch past the
// limit is a clear 400, and no API response may be cached.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_BATCH_CALLS, MAX_JSON_DEPTH, MAX_REQUEST_BYTES } from '@claimline/core';
import { createHarness, type Harness } from './test/harness.ts';
import { cookieHeader, cookieJar, post, serveTrpc, type HttpServer } from './test/http-server.ts';

let h: Harness;
let http: HttpServer;

beforeAll(async () => {
  h = await createHarness();
  http = await serveTrpc(h.db);
});
afterAll(async () => {
  await http?.close();
  await h?.close();
});

const get = (path: string, cookie?: string) => fetch(`${http.base}/api/trpc/${path}`, { headers: cookie ? { cookie } : {} });
const GENERIC = /^internal error \(id ([0-9a-f]{12})\)$/;

async function signedIn(role: 'admin' | 'annotator'): Promise<string> {
  const r = await post(http.base, [{ path: 'auth.login', input: { email: `${role}@test.example`, password: `${role}-password-1` } }]);
  return cookieHeader(cookieJar(r.setCookies));
}

describe('malformed cookies', () => {
  it.each(['claimline_session=%', 'claimline_session=%E0%A4%A', 'claimline_device=%; claimline_session=%zz'])(
    '%s reads as no session, never a 500',
    async (cookie) => {
      const me = await get('auth.me', cookie);
      expect(me.status).toBe(200);
      expect((await me.json()).result.data).toBeNull();
      const list = await get(`source.list?input=${encodeURIComponent('{}')}`, cookie);
      expect(list.status).toBe(401);
      expect((await list.json()).error.message).toBe('sign in first');
    },
  );

  it('a malformed device cookie does not stop a sign-in', async () => {
    const r = await post(http.base, [{ path: 'auth.login', input: { email: 'annotator@test.example', password: 'annotator-password-1' } }], {
      cookie: 'claimline_device=%',
    });
    expect(r.status).toBe(200);
  });
});

describe('batches', () => {
  it(`answers ${MAX_BATCH_CALLS} calls in one request, and refuses ${MAX_BATCH_CALLS + 1} with a 400 saying why, running none`, async () => {
    const batch = (n: number) => get(`${Array(n).fill('auth.me').join(',')}?batch=1&input=${encodeURIComponent('{}')}`);
    const ok = await batch(MAX_BATCH_CALLS);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toHaveLength(MAX_BATCH_CALLS);
    const tooMany = await batch(MAX_BATCH_CALLS + 1);
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error.message).toBe(`a batch may hold at most ${MAX_BATCH_CALLS} calls; this one has ${MAX_BATCH_CALLS + 1}`);
    const mutations = await post(
      http.base,
      Array.from({ length: 1000 }, (_, i) => ({ path: 'actor.create', input: { name: `Batch actor ${i}`, kind: 'person' } })),
      { cookie: await signedIn('annotator') },
    );
    expect(mutations.status).toBe(400);
    expect(await h.db.actor.count({ where: { name: { startsWith: 'Batch actor' } } })).toBe(0);
  });
});

describe('request bodies', () => {
  const raw = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${http.base}/api/trpc/${path}`, { method: 'POST', headers: { origin: http.base, 'content-type': 'application/json', ...headers }, body });

  it('input that is not JSON is a 400 saying so, in a query or a body', async () => {
    const cookie = await signedIn('annotator');
    for (const r of [await raw('auth.login', '{"email":01}'), await get('actor.get?input=%7B', cookie), await raw('auth.login', '{"password":Infinity}')]) {
      expect(r.status).toBe(400);
      expect((await r.json()).error.message).toMatch(/not valid JSON/);
    }
  });

  it(`a body over ${MAX_REQUEST_BYTES / 1024 / 1024} MiB is refused with a 413 before it is read in full`, async () => {
    const r = await raw('auth.login', `{"email":"${'x'.repeat(MAX_REQUEST_BYTES)}"}`);
    expect(r.status).toBe(413);
    expect((await r.json()).error.message).toMatch(/at most 16 MiB/);
  });

  it(`JSON nested deeper than ${MAX_JSON_DEPTH} levels is refused before it is parsed`, async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const r = await raw('auth.login', deep);
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toMatch(/nest at most/);
    const q = await get(`actor.get?input=${encodeURIComponent('{"a":'.repeat(100) + '1' + '}'.repeat(100))}`);
    expect(q.status).toBe(400);
    // Brackets inside strings are text, not nesting.
    expect((await raw('auth.login', JSON.stringify({ email: '['.repeat(500), password: 'x' }))).status).toBe(400);
  });
});

describe('caching', () => {
  it('every API response says Cache-Control: no-store (answers, errors, refusals)', async () => {
    const responses = [
      await get('auth.me'),
      await get(`source.list?input=${encodeURIComponent('{}')}`),
      await fetch(`${http.base}/api/trpc/auth.login`, { method: 'POST', headers: { 'content-type': 'text/plain', origin: http.base }, body: '{}' }),
      await get(
        `${Array(MAX_BATCH_CALLS + 1)
          .fill('auth.me')
          .join(',')}?batch=1`,
      ),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 401, 403, 400]);
    for (const r of responses) expect(r.headers.get('cache-control')).toBe('no-store');
  });
});

describe('unexpected errors', () => {
  it('answer "internal error (id …)" with no database text; the log has the id and the real error', async () => {
    const admin = await signedIn('admin');
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      // A database in a state the code does not expect: the dispute table is gone.
      await h.db.$executeRawUnsafe('DROP TABLE "DisputeClaim"');
      await h.db.$executeRawUnsafe('DROP TABLE "Verdict"');
      await h.db.$executeRawUnsafe('DROP TABLE "Dispute"');
      const r = await get(`review.queue?input=${encodeURIComponent('{}')}`, admin);
      const text = await r.text();
      expect(r.status).toBe(500);
      const message = JSON.parse(text).error.message as string;
      expect(message).toMatch(GENERIC);
      expect(text).not.toMatch(/prisma|invocation|no such table|Dispute|sqlite|stack/i);
      const id = message.match(GENERIC)![1]!;
      const logged = log.mock.calls.map((args) => args.map((a) => (a instanceof Error ? `${a.message}` : String(a))).join(' '));
      expect(logged.find((l) => l.includes(id))).toMatch(/no such table|Dispute/);

      // The editor's server components call procedures directly: the same generic message.
      const direct = await h
        .as('admin')
        .review.queue({})
        .catch((e: Error) => e);
      expect((direct as Error).message).toMatch(GENERIC);

      // A failure before any procedure runs (reading the session): also generic, also logged with its id.
      await h.db.$executeRawUnsafe('DROP TABLE "Session"');
      const ctx = await get('auth.me', admin);
      const ctxText = await ctx.text();
      expect(ctx.status).toBe(500);
      expect(JSON.parse(ctxText).error.message).toMatch(GENERIC);
      expect(ctxText).not.toMatch(/prisma|invocation|no such table|Session/i);
      expect(log.mock.calls.flat().join(' ')).toContain(JSON.parse(ctxText).error.message.match(GENERIC)[1]);
    } finally {
      log.mockRestore();
    }
  });
});
