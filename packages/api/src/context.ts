// The request context: an inner part built from plain values (tests and the CLI use it directly),
// and the request part that reads the session cookie.
import type { Db } from '@claimline/db';
import type { Role } from '@claimline/core';

export type { Role };

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
}

export interface Context {
  db: Db;
  user: SessionUser | null;
  /** Set by the HTTP handler: lets auth procedures set and clear the session cookie. */
  setCookie?: (header: string) => void;
  /** Hash of the current session token, for logout. */
  sessionId?: string | null;
  /** Client address, for rate limiting sign-in. */
  clientKey?: string;
}

export function createInnerContext(opts: { db: Db; user?: SessionUser | null }): Context {
  return { db: opts.db, user: opts.user ?? null };
}
