// Session and device cookies (OWASP ASVS V3.4): HttpOnly, SameSite=Lax, path /, Secure with the __Host- prefix over HTTPS.
import { loadConfig, type Db } from '@claimline/db';
import { SESSION_DAYS, userForToken } from './services/users.ts';
import { DEVICE_DAYS } from './services/sign-in.ts';

export function sessionCookieName(): string {
  return loadConfig().secureCookies ? '__Host-claimline_session' : 'claimline_session';
}

/** The browser's device token (services/sign-in.ts): lets its owner sign in while others attack the account. */
export function deviceCookieName(): string {
  return loadConfig().secureCookies ? '__Host-claimline_device' : 'claimline_device';
}

function attributes(maxAge: number): string {
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${loadConfig().secureCookies ? '; Secure' : ''}`;
}

const maxAgeUntil = (expiresAt: Date, fallbackDays: number) => Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000)) || fallbackDays * 86400;

export function sessionCookie(token: string, expiresAt: Date): string {
  return `${sessionCookieName()}=${token}; ${attributes(maxAgeUntil(expiresAt, SESSION_DAYS))}`;
}

export function deviceCookie(token: string, expiresAt: Date): string {
  return `${deviceCookieName()}=${token}; ${attributes(maxAgeUntil(expiresAt, DEVICE_DAYS))}`;
}

export function clearSessionCookie(): string {
  return `${sessionCookieName()}=; ${attributes(0)}`;
}

/**
 * A cookie's value from a Cookie header, or null. Never throws: a value that is not valid
 * percent-encoding (`claimline_session=%`) is no value at all.
 */
export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The signed-in user of a request (from its session cookie), or null: for route handlers outside tRPC. */
export async function sessionOfRequest(db: Db, req: Request) {
  return userForToken(db, readCookie(req.headers.get('cookie'), sessionCookieName()));
}
