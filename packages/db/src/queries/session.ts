// The session lookup every request makes before anything else: one prepared statement on the client's read-only
// connection (queries/read.ts) (SQLite: a committed sign-out, password change or disabled account is seen by
// the next request, as through the client's connection). Through Prisma the same lookup costs ~0.8 ms
// a request (query planning, the engine's row mapping); the prepared statement ~20 µs, and it never
// waits behind a write transaction that holds the client's connection. On PostgreSQL (no read connection) the lookup
// goes through Prisma's query builder.
import type Database from 'better-sqlite3';
import { rawSql, type Db, type Tx } from '../client.ts';
import { ADVISORY_LOCK, needsAdvisoryLocks } from './dialect.ts';
import { isoInstant } from '../export-reader.ts';
import { readConnection } from './read.ts';

export interface SessionRow {
  id: string;
  expiresAt: Date;
  user: { id: number; email: string; name: string; role: string; disabled: boolean };
}

const SESSION_SQL = `SELECT s.id, s."expiresAt", u.id AS "userId", u.email, u.name, u.role, u.disabled
  FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE s.id = ?`;

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

/**
 * Serialises sign-in attempts on the same throttle buckets until the transaction ends, so that counting a bucket's
 * recent attempts and recording a new one cannot interleave with another server doing the same: on PostgreSQL,
 * pg_advisory_xact_lock(signInThrottle, hashtext(bucket)) per bucket, in ascending order of the hash (no deadlocks).
 * On SQLite a no-op: writeTx holds the database's one write lock already.
 */
export async function lockSignInBuckets(tx: Tx, buckets: string[]): Promise<void> {
  if (!needsAdvisoryLocks(tx) || !buckets.length) return;
  await rawSql(tx).$queryRaw`
    SELECT pg_advisory_xact_lock(${ADVISORY_LOCK.signInThrottle}::int, h.key)::text AS locked
      FROM (SELECT DISTINCT hashtext(b.value) AS key FROM jsonb_array_elements_text(${JSON.stringify(buckets)}::jsonb) b) h ORDER BY h.key`;
}
