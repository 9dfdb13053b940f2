// Runs before every page and API request: a fresh CSP nonce per page (Next.js reads it from the request's
// Content-Security-Policy header and puts it on its scripts), the security headers, HSTS over HTTPS,
// `Cache-Control: no-store` on the API, and which page was asked for, so a sign-in can return to it.
import { NextResponse, type NextRequest } from 'next/server';
import { loadConfig } from '@claimline/db/config';
import { contentSecurityPolicy, HSTS, STATIC_SECURITY_HEADERS } from '~/lib/security-headers.ts';

export function proxy(request: NextRequest) {
  const { secureCookies, development } = loadConfig();
  const api = request.nextUrl.pathname.startsWith('/api/');
  const headers = new Headers(request.headers);
  let csp: string | null = null;
  if (!api) {
    csp = contentSecurityPolicy(Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64'), { development, secure: secureCookies });
    headers.set('content-security-policy', csp);
    headers.set('x-claimline-path', request.nextUrl.pathname + request.nextUrl.search);
  }
  const response = NextResponse.next({ request: { headers } });
  for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(k, v);
  if (csp) response.headers.set('Content-Security-Policy', csp);
  if (secureCookies) response.headers.set('Strict-Transport-Security', HSTS);
  if (api) response.headers.set('Cache-Control', 'no-store');
  return response;
}

export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] };
