// What a benchmark case is, and what every case file gets: the database (read-only, for picking parameters and for
// the floors), the signed-in session and small query helpers.
import type Database from 'better-sqlite3';

export type Row = Record<string, unknown>;

export interface Case {
  name: string;
  /** The tRPC procedure, e.g. `event.list`. */
  proc: string;
  /** Mutations are sent as POST; queries as GET. */
  mutation?: boolean;
  /** The procedure's input, or a function giving a fresh one for each request (e.g. for writes). */
  input?: unknown;
  /**
   * Hand-written SQL doing the same work as the procedure (reading the same page, or writing the same rows), as fast
   * as SQL can: the floor. Returns the number of items, so the harness can check both read the same page.
   */
  floor: () => number;
  /** At most this many requests in all (a write that uses up prepared records, e.g. actors to merge). */
  maxRequests?: number;
  /**
   * The floor on PostgreSQL (`--engine postgresql`): the same result by hand-written SQL through `pg` on the twin
   * database. Cases without one are timed there without a floor; cases whose set-up writes (writes, audit history) are
   * not run there.
   */
  pgFloor?: () => Promise<number>;
  /** The case's set-up or floor writes to the SQLite file: not run on PostgreSQL. */
  sqliteOnly?: boolean;
}

/** A query on the PostgreSQL twin, as a named prepared statement (parsed and planned once, as the floors' SQLite statements are). */
export type PgQuery = <T = Row>(name: string, sql: string, ...params: unknown[]) => Promise<T[]>;

export interface BenchContext {
  /** A read-only connection to the benchmark database (floors of read procedures). */
  db: Database.Database;
  /** A writable connection to the same file (floors of write procedures; use inside a transaction and roll back when the floor must not leave rows). */
  writer: Database.Database;
  /** SHA-256 of the session token the requests carry, as stored in the Session table. */
  sessionId: string;
  /** The signed-in bench user's id. */
  userId: number;
  all: <T = Row>(sql: string, ...p: unknown[]) => T[];
  one: <T = Row>(sql: string, ...p: unknown[]) => T;
  /** On `--engine postgresql`: queries on the PostgreSQL twin (the floors); null on SQLite. */
  pg: PgQuery | null;
}
