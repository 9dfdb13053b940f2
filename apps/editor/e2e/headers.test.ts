// Security headers of the built editor over HTTP, and the CSP in a real browser: pages carry a fresh
// script nonce that Next.js puts on its own scripts, so the editor still hydrates and signs in with no
// CSP violation; the API is never cached; a malformed cookie is no session anywhere; HSTS only over HTTPS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, signIn, startApp, visit, type App, type Browser } from './harness.ts';

let app: App;
let b: Browser;

beforeAll(async () => {
  app = await startApp('headers');
  b = await openBrowser();
});
afterAll(async () => {
  await b?.close();
  await app?.stop();
});

const nonceOf = (csp: string | null) => csp?.match(/script-src [^;]*'nonce-([A-Za-z0-9+/=]+)'/)?.[1];

describe('headers', () => {
  it('a page has a CSP with a fresh nonce on every script, no inline scripts allowed, and the other security headers', async () => {
    const [a, b2] = [await fetch(`${app.url}/login`), await fetch(`${app.url}/login`)];
    expect(a.status).toBe(200);
    const csp = a.headers.get('content-security-policy')!;
    const nonce = nonceOf(csp);
    expect(nonce).toBeTruthy();
    expect(nonceOf(b2.headers.get('content-security-policy'))).not.toBe(nonce);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    for (const d of ["object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "default-src 'self'"]) expect(csp).toContain(d);
    const html = await a.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
    expect(a.headers.get('x-content-type-options')).toBe('nosniff');
    expect(a.headers.get('referrer-policy')).toBe('same-origin');
    expect(a.headers.get('permissions-policy')).toMatch(/camera=\(\)/);
    expect(a.headers.get('strict-transport-security')).toBeNull();
  });

  it('API responses are Cache-Control: no-store, and a batch past 50 calls is a 400', async () => {
    const me = await fetch(`${app.url}/api/trpc/auth.me`);
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect(me.headers.get('x-content-type-options')).toBe('nosniff');
    const big = await fetch(`${app.url}/api/trpc/${Array(51).fill('auth.me').join(',')}?batch=1`);
    expect(big.status).toBe(400);
    expect(big.headers.get('cache-control')).toBe('no-store');
    expect((await big.json()).error.message).toMatch(/at most 50 calls/);
  });

  it('a malformed session cookie reads as no session: tRPC, the export and the pages', async () => {
    const cookie = { cookie: 'claimline_session=%' };
    const me = await fetch(`${app.url}/api/trpc/auth.me`, { headers: cookie });
    expect(me.status).toBe(200);
    expect((await me.json()).result.data).toBeNull();
    const exp = await fetch(`${app.url}/api/export?format=json`, { headers: cookie });
    expect(exp.status).toBe(401);
    expect(await exp.json()).toEqual({ error: 'sign in to export' });
    const home = await fetch(`${app.url}/`, { headers: cookie, redirect: 'manual' });
    expect(home.status).toBeLessThan(500);
    const login = await fetch(`${app.url}/login`, { headers: cookie });
    expect(login.status).toBe(200);
  });

  it('the editor works in the browser under the CSP: it hydrates, signs in and navigates with no violation', async () => {
    await signIn(b.page, app, 'annotator');
    await visit(b.page, `${app.url}/actors`);
    await visit(b.page, `${app.url}/`);
    expect(b.errors).toEqual([]);
  });
});

describe('over HTTPS (CLAIMLINE_SECURE_COOKIES=true)', () => {
  it('sends HSTS', async () => {
    const secure = await startApp('headers-secure', { env: { CLAIMLINE_SECURE_COOKIES: 'true' } });
    try {
      for (const path of ['/login', '/api/trpc/auth.me']) {
        const r = await fetch(`${secure.url}${path}`);
        expect(r.headers.get('strict-transport-security')).toMatch(/max-age=\d{8}/);
      }
    } finally {
      await secure.stop();
    }
  });
});
