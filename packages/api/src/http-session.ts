// Session cookies (OWASP ASVS V3.4): HttpOnly, SameSite=Lax, path /, Secure with the __Host- prefix over HTTPS.
import { loadConfig } from '@claimline/db';
import { SESSION_DAYS } from './services/users.ts';

export function sessionCookieName(): string {
  return loadConfig().secureCookies ? '__Host-claimline_session' : 'claimline_session';
}

function attributes(maxAge: number): string {
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${loadConfig().secureCookies ? '; Secure' : ''}`;
}

export function sessionCookie(token: string, expiresAt: Date): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000)) || SESSION_DAYS * 86400;
  return `${sessionCookieName()}=${token}; ${attributes(maxAge)}`;
}

export function clearSessionCookie(): string {
  return `${sessionCookieName()}=; ${attributes(0)}`;
}

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return null;
}
