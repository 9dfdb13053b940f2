// Hand-written reads outside a transaction, through prepared statements on a read-only connection of the client's
// own (one per open client, kept for its lifetime). Through Prisma every statement, raw or built, costs ~0.4–1.5 ms
// (the query interpreter, the driver adapter preparing it again, the rows converted twice); a cached prepared
// statement costs what SQLite does. Rows come back exactly as `$queryRawUnsafe` gives them (by each column's declared
// type: DATETIME a Date, BOOLEAN a boolean, JSONB parsed, INTEGER a number; an undeclared integer a bigint), so a
// caller cannot tell the paths apart. Inside a write transaction (any `Tx` that is not a client opened by openDb),
// and for an in-memory database, the read goes through Prisma, so it sees the transaction's own writes.
// On PostgreSQL there is no separate read connection: the same functions read through the client's pool (the
// statement's `?` numbered `$1…`), with rows as Prisma gives them there.
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS, databaseFile, engineOf, rawSql, type Db, type Tx } from '../client.ts';
import { checkPortable, queryRows } from './dialect.ts';
import { isoInstant } from '../export-reader.ts';
import { Prisma } from '../generated/prisma/client.ts';

type Convert = (value: unknown) => unknown;

interface Prepared {
  stmt: Database.Statement<unknown[], unknown[]>;
  names: string[];
  convert: (Convert | null)[];
}

interface ReadConnection {
  conn: Database.Database;
  statements: Map<string, Prepared>;
}

/** How many distinct statements a connection keeps prepared (the hot reads are a few dozen). */
const MAX_STATEMENTS = 500;

const connections = new WeakMap<object, ReadConnection | null>();

/** The read-only connection for a client opened by openDb on a file; null for a transaction or an in-memory database. */
export function readConnection(tx: Tx | Db): Database.Database | null {
  return connectionFor(tx)?.conn ?? null;
}

function connectionFor(tx: Tx | Db): ReadConnection | null {
  const known = connections.get(tx);
  if (known !== undefined) return known;
  let file: string;
  try {
    file = databaseFile(tx as Db);
  } catch {
    return null; // a transaction's client (or one not opened by openDb): read through it
  }
  const entry =
    file === ':memory:' ? null : { conn: new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS }), statements: new Map() };
  connections.set(tx, entry);
  return entry;
}

const toDate: Convert = (v) => (v === null ? null : new Date(isoInstant(v)));
const toBoolean: Convert = (v) => (v === null ? null : v !== 0 && v !== 0n);
const toJson: Convert = (v) => (v === null ? null : JSON.parse(v as string));
const toBigInt: Convert = (v) => (typeof v === 'number' ? BigInt(v) : v);
/** A column of no declared type (an expression): integers as bigints, as Prisma infers them. */
const inferred: Convert = (v) => (typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v);
/** A declared integer that SQLite handed back as a real (Prisma truncates it). */
const toInt: Convert = (v) => (typeof v === 'number' && !Number.isInteger(v) ? Math.trunc(v) : v);

function converterFor(declared: string | null): Convert | null {
  switch ((declared ?? '').toUpperCase()) {
    case '':
      return inferred;
    case 'DATETIME':
    case 'TIMESTAMP':
      return toDate;
    case 'BOOLEAN':
      return toBoolean;
    case 'JSONB':
      return toJson;
    case 'BIGINT':
    case 'INT8':
    case 'UNSIGNED BIG INT':
      return toBigInt;
    case 'INTEGER':
    case 'INT':
      return toInt;
    default:
      return null;
  }
}

function prepared(rc: ReadConnection, sql: string): Prepared {
  let p = rc.statements.get(sql);
  if (p) return p;
  const stmt = rc.conn.prepare<unknown[], unknown[]>(sql).raw(true);
  const columns = stmt.columns();
  p = { stmt, names: columns.map((c) => c.name), convert: columns.map((c) => converterFor(c.type)) };
  if (rc.statements.size >= MAX_STATEMENTS) rc.statements.delete(rc.statements.keys().next().value!);
  rc.statements.set(sql, p);
  return p;
}

/** Parameters as Prisma binds them: booleans as 0/1, instants as ISO text with an explicit offset. */
function bindable(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  return value;
}

/**
 * The rows of one read-only statement (`?` parameters), as `tx.$queryRawUnsafe(sql, ...params)` returns them; on SQLite
 * outside a transaction, through a prepared statement on the client's read-only connection.
 */
export async function readRows<T extends unknown[]>(tx: Tx | Db, sql: string, ...params: unknown[]): Promise<T> {
  if (engineOf(tx) === 'postgresql') return queryRows<T>(tx, sql, ...params);
  const rc = connectionFor(tx);
  if (!rc) return tx.$queryRawUnsafe<T>(sql, ...params);
  const { stmt, names, convert } = prepared(rc, sql);
  const rows = stmt.all(...params.map(bindable));
  const out: unknown[] = new Array<unknown>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const o: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const c = convert[i];
      o[names[i]!] = c ? c(row[i]) : row[i];
    }
    out[r] = o;
  }
  return out as T;
}

/**
 * `tx.$queryRaw` as a tagged template (fragments built with Prisma.sql and Prisma.join), read like readRows: outside a
 * transaction through the read-only connection, inside one through `tx.$queryRaw` itself.
 */
export function sqlReader(tx: Tx | Db) {
  return <T extends unknown[]>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T> => {
    if (engineOf(tx) === 'postgresql') {
      checkPortable(strings);
      return rawSql(tx).$queryRaw<T>(strings, ...values);
    }
    if (!connectionFor(tx)) return tx.$queryRaw<T>(strings, ...values);
    const query = Prisma.sql(strings, ...values);
    return readRows<T>(tx, query.sql, ...query.values);
  };
}
