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
  /** For throttling sign-in: the browser's device token (cookie), and the client's address when a trusted proxy gives it. */
  signInClient?: { deviceToken: string | null; address: string | null };
}

export function createInnerContext(opts: { db: Db; user?: SessionUser | null }): Context {
  return { db: opts.db, user: opts.user ?? null };
}
