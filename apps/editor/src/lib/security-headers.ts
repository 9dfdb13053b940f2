// The response headers every page and API answer carries (set per request by src/proxy.ts; the
// constant ones also by next.config.ts for static files).

/** Headers that never change: no sniffing, no framing, no referrer to other sites, no powerful features. */
export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), midi=()',
};

/**
 * The Content-Security-Policy of a page: scripts only with this response's nonce (Next.js puts it on its
 * own scripts) and what they load; no plugins, no framing, forms and <base> only to this site. Inline
 * `style=` attributes (React style props) need 'unsafe-inline' for styles, never for scripts.
 */
export function contentSecurityPolicy(nonce: string, opts: { development: boolean; secure: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${opts.development ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.secure ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** HSTS, only when the editor is served over HTTPS (CLAIMLINE_SECURE_COOKIES=true): two years, subdomains too. */
export const HSTS = 'max-age=63072000; includeSubDomains';

/** What every API response carries besides the static headers: never cached; HSTS over HTTPS. */
export function apiResponseHeaders(opts: { secure: boolean }): Record<string, string> {
  return { ...STATIC_SECURITY_HEADERS, 'Cache-Control': 'no-store', ...(opts.secure ? { 'Strict-Transport-Security': HSTS } : {}) };
}
