// End to end over HTTP: @trpc/client against the handler the editor's server mounts, with cookies and CSRF checks.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from './root.ts';
import { serveTrpcRequest } from './node-http.ts';
import { createHarness, type Harness } from './test/harness.ts';

let h: Harness;
let server: Server;
let base: string;

beforeAll(async () => {
  h = await createHarness();
  server = createServer((req, res) => void serveTrpcRequest(req, res, h.db));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.close();
  await h?.close();
});

function client(origin = base) {
  let cookie = '';
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${base}/api/trpc`,
        fetch: async (input, init) => {
          const headers = new Headers(init?.headers);
          headers.set('origin', origin);
          if (cookie) headers.set('cookie', cookie);
          const res = await fetch(input, { ...init, headers });
          const set = res.headers.get('set-cookie');
          if (set) cookie = set.split(';')[0]!;
          return res;
        },
      }),
    ],
  });
}

describe('HTTP', () => {
  it('signs in with a session cookie and creates a claim', async () => {
    const c = client();
    await expect(c.source.list.query({})).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    const me = await c.auth.login.mutate({ email: 'annotator@test.example', password: 'annotator-password-1' });
    expect(me.role).toBe('annotator');
    expect((await c.auth.me.query())?.email).toBe('annotator@test.example');
    const { source } = await c.source.import.mutate({ text: 'Assad fled on December 7 to Hmeimim.', title: 'Flight', outlet: 'Caliber.Az' });
    const claim = await c.claim.create.mutate({ sourceId: source.id, start: 0, end: 35 });
    expect(claim.quote).toBe('Assad fled on December 7 to Hmeimim');
    await c.auth.logout.mutate();
    await expect(c.auth.me.query()).resolves.toBeNull();
  });

  it('returns BAD_REQUEST with field errors, not a 500, for malformed input', async () => {
    const c = client();
    await c.auth.login.mutate({ email: 'annotator@test.example', password: 'annotator-password-1' });
    const err = (await c.claim.create.mutate({ sourceId: -1, start: 'x' as never, end: 2 }).then(
      () => null,
      (e: unknown) => e,
    )) as TRPCClientError<AppRouter>;
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.data?.httpStatus).toBe(400);
    expect(Object.keys((err.data as { fieldErrors?: object }).fieldErrors ?? {})).toEqual(expect.arrayContaining(['sourceId', 'start']));
  });

  it('refuses cross-origin and form-encoded mutations (CSRF)', async () => {
    const evil = client('https://evil.example');
    await expect(evil.auth.login.mutate({ email: 'annotator@test.example', password: 'annotator-password-1' })).rejects.toBeInstanceOf(TRPCClientError);
    const form = await fetch(`${base}/api/trpc/auth.login`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a&password=b',
    });
    expect(form.status).toBe(403);
    const noOrigin = await fetch(`${base}/api/trpc/auth.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noOrigin.status).toBe(403);
    // Mutations are never reachable with GET.
    const get = await fetch(`${base}/api/trpc/auth.logout`);
    expect(get.status).toBeGreaterThanOrEqual(400);
  });
});
