// The session lookup every request makes before anything else: one prepared statement on the client's read-only
// connection (queries/read.ts) (SQLite: a committed sign-out, password change or disabled account is seen by
// the next request, as through the client's connection). Through Prisma the same lookup costs ~0.8 ms
// a request (query planning, the engine's row mapping); the prepared statement ~20 µs, and it never
// waits behind a write transaction that holds the client's connection.
import type Database from 'better-sqlite3';
import type { Db } from '../client.ts';
import { isoInstant } from '../export-reader.ts';
import { readConnection } from './read.ts';

export interface SessionRow {
  id: string;
  expiresAt: Date;
  user: { id: number; email: string; name: string; role: string; disabled: boolean };
}

const SESSION_SQL = `SELECT s.id, s.expiresAt, u.id AS userId, u.email, u.name, u.role, u.disabled
  FROM Session s JOIN User u ON u.id = s.userId WHERE s.id = ?`;

type Raw = [string, string | number, number, string, string, string, number];

/** One read-only connection and statement per open client, kept for the client's lifetime. */
const statements = new WeakMap<Db, Database.Statement<[string], Raw>>();

function statementFor(db: Db): Database.Statement<[string], Raw> | null {
  const cached = statements.get(db);
  if (cached) return cached;
  const conn = readConnection(db); // null: an in-memory database or a client not opened by openDb(): read through it
  if (!conn) return null;
  const stmt = conn.prepare<[string], Raw>(SESSION_SQL).raw(true);
  statements.set(db, stmt);
  return stmt;
}

/** The session with this id (the SHA-256 of its token) and its user, or null. Expiry is the caller's to check. */
export async function sessionById(db: Db, id: string): Promise<SessionRow | null> {
  const stmt = statementFor(db);
  if (!stmt) {
    return db.session.findUnique({
      where: { id },
      select: { id: true, expiresAt: true, user: { select: { id: true, email: true, name: true, role: true, disabled: true } } },
    });
  }
  const r = stmt.get(id);
  if (!r) return null;
  return { id: r[0], expiresAt: new Date(isoInstant(r[1])), user: { id: r[2], email: r[3], name: r[4], role: r[5], disabled: r[6] !== 0 } };
}
