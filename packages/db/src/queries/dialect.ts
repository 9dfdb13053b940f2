// What differs between SQLite's and PostgreSQL's SQL in the hand-written queries, chosen by the client's engine
// (engineOf). The statements themselves are written once, portably: every mixed-case identifier quoted ("Claim",
// "eventId": PostgreSQL folds unquoted names to lower case), `?` parameters (numbered `$1…` here for PostgreSQL), no
// `WHERE 1`; what cannot be written once is one of the fragments below.
import { engineOf, NotYetOnPostgres, rawSql, type Db, type Tx } from '../client.ts';

type Client = Db | Tx;

const onPostgres = (tx: Client): boolean => engineOf(tx) === 'postgresql';

const numbered = new Map<string, string>();

/** Functions and names of SQLite's dialect: a statement using one is not ported yet (dialect.ts has their counterparts). */
const SQLITE_ONLY = /\b(?:json_each|json_group_array|json_object|json_valid|instr|rowid|fts_\w+)\b|\bMATCH\b/;

/**
 * `sql` with its `?` placeholders numbered `$1, $2, …` in order (PostgreSQL's form), leaving `?` inside quoted text
 * ('…' literals, "…" identifiers) alone. Cached per statement text. A statement in SQLite's dialect (a bare
 * mixed-case identifier, which PostgreSQL would fold to lower case, or a SQLite-only function) is not ported yet: it is
 * refused in one line, as the client refuses other hand-written SQL, not deep inside the server.
 */
export function numberedParams(sql: string): string {
  let out = numbered.get(sql);
  if (out !== undefined) return out;
  if (SQLITE_ONLY.test(sql)) throw new NotYetOnPostgres(`hand-written SQL in SQLite's dialect: ${head(sql)}…`);
  out = '';
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (/[A-Za-z_]/.test(c) && !/[\w$]/.test(sql[i - 1] ?? ' ')) {
      const word = /^\w+/.exec(sql.slice(i))![0];
      if (/[a-z]/.test(word) && /[A-Z]/.test(word)) throw new NotYetOnPostgres(`hand-written SQL in SQLite's dialect: ${head(sql)}…`);
      out += word;
      i += word.length - 1;
    } else out += c === '?' ? `$${++n}` : c;
  }
  if (numbered.size < 1000) numbered.set(sql, out);
  return out;
}

const head = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 60);

/** Refuses a tagged-template statement in SQLite's dialect (see numberedParams); Prisma numbers its parameters itself. */
export function checkPortable(strings: readonly string[]): void {
  numberedParams(strings.join('?'));
}

/** The rows of `sql` (`?` parameters) through the client (inside a transaction: on its connection), on either engine. */
export function queryRows<T extends unknown[]>(tx: Client, sql: string, ...params: unknown[]): Promise<T> {
  if (onPostgres(tx)) return rawSql(tx).$queryRawUnsafe<T>(numberedParams(sql), ...params);
  return tx.$queryRawUnsafe<T>(sql, ...params);
}

/**
 * A table of the elements of one JSON array parameter (`?`, the array as JSON text), in a column `value`: integers
 * (`'int'`) or text. Alias it (`FROM ${jsonElements(tx, 'int')} p`): PostgreSQL requires a subquery in FROM to have one.
 */
export function jsonElements(tx: Client, type: 'int' | 'text'): string {
  if (!onPostgres(tx)) return 'json_each(?)';
  return `(SELECT value${type === 'int' ? '::int' : ''} AS value FROM jsonb_array_elements_text(?::jsonb))`;
}

/** A JSON array of `expr` over the rows, in `orderBy` order, as JSON text (`'[]'` for no rows), like SQLite's json_group_array. */
export function jsonArrayAgg(tx: Client, expr: string, orderBy: string): string {
  if (!onPostgres(tx)) return `json_group_array(${expr} ORDER BY ${orderBy})`;
  return `coalesce(json_agg(${expr} ORDER BY ${orderBy}), '[]')::text`;
}

/** The JSON object constructor: `json_object('key', value, …)` on SQLite, `json_build_object` on PostgreSQL (same arguments). */
export function jsonObject(tx: Client): string {
  return onPostgres(tx) ? 'json_build_object' : 'json_object';
}

/**
 * A DateTime column inside a JSON object, as a string `new Date()` reads as the same instant. PostgreSQL stores
 * Prisma's DateTime as TIMESTAMP(3) without time zone holding UTC, and would render it without a zone (read as local
 * time): it is rendered here as ISO 8601 with `Z`. SQLite's stored value is kept as it is.
 */
export function jsonInstant(tx: Client, column: string): string {
  if (!onPostgres(tx)) return column;
  return `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * `CROSS JOIN … ON` on SQLite, which keeps the written join order (its planner has no statistics to choose well);
 * a plain `JOIN … ON` on PostgreSQL, which refuses ON after CROSS JOIN and orders joins by its own statistics.
 */
export function orderedJoin(tx: Client): string {
  return onPostgres(tx) ? 'JOIN' : 'CROSS JOIN';
}

/**
 * A collation clause for text compared or ordered by code point, as SQLite compares it: nothing on SQLite,
 * `COLLATE "C"` on PostgreSQL (whose database collation may be a language's, e.g. en_US, ordering otherwise).
 */
export function codePointOrder(tx: Client): string {
  return onPostgres(tx) ? ' COLLATE "C"' : '';
}

/** The text of code point U+10FFFF, above every folded key (the upper bound of a prefix range). */
export function maxCodePointText(tx: Client): string {
  return onPostgres(tx) ? 'chr(1114111)' : 'char(1114111)';
}

/**
 * The first key of PostgreSQL's two-key transaction-scoped advisory locks, one per kind of thing locked (the second
 * key is the thing: an event id, a hash of a throttle bucket). Prisma's migration lock is a one-key lock: another space.
 */
export const ADVISORY_LOCK = { detection: 0x436c0001, signInThrottle: 0x436c0002 } as const;

/** Whether `tx` needs advisory locks (PostgreSQL, where writers run concurrently; SQLite's writeTx holds the one write lock). */
export const needsAdvisoryLocks = onPostgres;
