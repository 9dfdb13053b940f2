// Sign-in throttling behind a trusted proxy (CLAIMLINE_TRUST_PROXY=1): the client address is the
// X-Forwarded-For entry the proxy appended, never one the client wrote, and it gets a bucket of its own.
process.env.CLAIMLINE_TRUST_PROXY = '1';

import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { clientAddress } from './http.ts';
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
  delete process.env.CLAIMLINE_TRUST_PROXY;
});

type Result = { error?: { message: string; data: { code: string } } };
const codes = (body: unknown) => (Array.isArray(body) ? body : [body]).map((r: Result) => r.error?.data.code ?? 'OK');
const guess = (email: string) => ({ path: 'auth.login', input: { email, password: 'a-wrong-guess' } });
const ANNOTATOR = { path: 'auth.login', input: { email: 'annotator@test.example', password: 'annotator-password-1' } };

describe('clientAddress', () => {
  it.each([
    [0, '198.51.100.1', null],
    [1, '', null],
    [1, '198.51.100.1', '198.51.100.1'],
    [1, 'made-up, 198.51.100.1', '198.51.100.1'],
    [2, 'made-up, 198.51.100.1, 10.0.0.2', '198.51.100.1'],
    [3, '198.51.100.1, 10.0.0.2', '198.51.100.1'],
  ])('%d trusted proxies, X-Forwarded-For "%s": %s', (hops, xff, address) => {
    expect(clientAddress(new Headers(xff ? { 'x-forwarded-for': xff } : {}), hops)).toBe(address);
  });
});

describe('sign-in throttle per address', () => {
  it('one address spraying many accounts, whatever it writes in X-Forwarded-For, gets 20 checks; its own sign-ins reset nothing; another address still signs in', async () => {
    const verify = vi.spyOn(argon2, 'verify');
    try {
      const jar = new Map<string, string>();
      let failuresChecked = 0;
      for (let round = 0; round < 8; round++) {
        // Five guesses at five new accounts, each claiming another origin, then the attacker's own sign-in
        // from a browser that never signed in before (so it counts at the address too).
        const before = verify.mock.calls.length;
        const r = await post(http.base, [...Array.from({ length: 5 }, (_, i) => guess(`user-${round}-${i}@test.example`)), ANNOTATOR], {
          'x-forwarded-for': `10.${round}.0.1, 203.0.113.7`,
        });
        const c = codes(r.body);
        failuresChecked += verify.mock.calls.length - before - (c.at(-1) === 'OK' ? 1 : 0);
        cookieJar(r.setCookies, jar);
      }
      expect(failuresChecked).toBeLessThanOrEqual(20);
      const elsewhere = await post(http.base, [{ path: 'auth.login', input: { email: 'reviewer@test.example', password: 'reviewer-password-1' } }], {
        'x-forwarded-for': '203.0.113.8',
      });
      expect(codes(elsewhere.body)).toEqual(['OK']);
      // The attacker's own account from a browser it signed in with before: its device bucket, not the address.
      const own = await post(http.base, [ANNOTATOR], { 'x-forwarded-for': '203.0.113.7', cookie: cookieHeader(jar) });
      expect(codes(own.body)).toEqual(['OK']);
    } finally {
      verify.mockRestore();
    }
  });
});
