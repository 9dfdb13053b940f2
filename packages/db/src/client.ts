// Opens the database: Prisma 7 over better-sqlite3 with the pragmas an editorial database needs, or over
// PostgreSQL (@prisma/adapter-pg) when the URL says postgresql://.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/prisma/client.ts';
import { loadConfig, sqlitePathFromUrl, findRepoRoot, engineOfUrl, redactUrl, type Engine } from './config.ts';
import { ensureSearchIndex } from './search-index.ts';
import { ensureTimelineCounts } from './timeline-counts.ts';

export { PrismaClient };
export type Db = PrismaClient;
/** The client handed to a write transaction's callback. */
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

/** How long a writer waits for another process's write lock before giving up (ms). */
export const BUSY_TIMEOUT_MS = 10_000;

export interface OpenOptions {
  /** `file:` or `postgresql://` URL; defaults to DATABASE_URL or data/claimline.db under the repository root. */
  url?: string;
  /**
   * Run the cheap checks of the search index and the timeline counts (sqlite_master and row counts) and repair
   * what they find (default true); each repaired problem is passed to `onRepair` (default: a warning on stderr).
   * `claimline doctor` turns it off to report the problems itself.
   */
  repairSearchIndex?: boolean;
  onRepair?: (problem: string) => void;
}

/** The message of everything that works on SQLite only so far: it names the engine and what was asked. */
export class NotYetOnPostgres extends Error {
  override readonly name = 'NotYetOnPostgres';
  constructor(what: string) {
    super(`not yet on PostgreSQL: ${what}`);
  }
}

/** The database URL in use: `url`, else DATABASE_URL, else the default SQLite file. */
export function databaseUrl(url?: string): string {
  return url ?? loadConfig().databaseUrl;
}

/** Which engine `url` (default: the configured database) runs on. */
export function databaseEngine(url?: string): Engine {
  return engineOfUrl(databaseUrl(url));
}

/**
 * The SQLite file of `url` (default: the configured database). On PostgreSQL this throws NotYetOnPostgres naming
 * `purpose`: the callers are SQLite's fast paths (export, backup, restore, synth, doctor), not ported yet.
 */
export function resolveDatabasePath(url?: string, purpose = 'this works on a SQLite database file only'): string {
  const u = databaseUrl(url);
  if (engineOfUrl(u) === 'postgresql') throw new NotYetOnPostgres(`${purpose} (DATABASE_URL is ${redactUrl(u)})`);
  return url ? sqlitePathFromUrl(url, findRepoRoot()) : loadConfig().databasePath!;
}

/**
 * Creates a Prisma client for the SQLite file (created, with its folder, on first use).
 * Pragmas: WAL (readers never block the writer), foreign keys on (better-sqlite3's default, asserted),
 * synchronous=FULL (a committed edit survives a power cut: an editorial database promises nothing lost),
 * busy timeout BUSY_TIMEOUT_MS. A search index left incomplete (a crash, an older version) is repaired
 * here, before anyone searches or edits through it.
 */
/**
 * Which SQLite file each open client works on, for the fast paths that open their own connection to it.
 * Kept on globalThis: a bundler (Next.js) may load this module more than once in one server process, and
 * a client opened through one copy must be known to the others.
 */
const registry = globalThis as unknown as { [key: symbol]: WeakMap<object, string> | undefined };
const FILES = Symbol.for('claimline.databaseFiles');
const files = (registry[FILES] ??= new WeakMap<object, string>());

/**
 * The database a service is given: an open client (what the apps hold) or, for the SQLite fast paths'
 * own callers and tests, the file itself. Either way, the file those paths open.
 */
export function databaseFile(db: Db | string, purpose = 'this works on a SQLite database file only'): string {
  if (typeof db === 'string') return db;
  const file = files.get(db);
  if (!file) {
    if (engines.get(db) === 'postgresql') throw new NotYetOnPostgres(purpose);
    throw new Error('this database client was not opened by openDb(), so its file is unknown');
  }
  return file;
}

const URLS = Symbol.for('claimline.databaseUrls');
const urls = (registry[URLS] ??= new WeakMap<object, string>());

/** Where the file-based paths (export, backup, restore, synth, doctor) find the database: a SQLite file, or a PostgreSQL URL. */
export type DatabaseTarget = { engine: 'sqlite'; file: string } | { engine: 'postgresql'; url: string };

/**
 * The database of an open client (or a SQLite file's path, or a URL): SQLite's file, or PostgreSQL's URL, for the
 * paths that open a connection of their own (export, backup, restore, synth, doctor).
 */
export function databaseTarget(db: Db | string): DatabaseTarget {
  if (typeof db === 'string') {
    if (engineOfUrl(db) === 'postgresql') return { engine: 'postgresql', url: db };
    return { engine: 'sqlite', file: db.startsWith('file:') ? sqlitePathFromUrl(db, findRepoRoot()) : db };
  }
  const url = urls.get(db);
  if (url) return { engine: 'postgresql', url };
  return { engine: 'sqlite', file: databaseFile(db) };
}

const ENGINES = Symbol.for('claimline.databaseEngines');
const engines = ((registry as unknown as { [key: symbol]: WeakMap<object, Engine> | undefined })[ENGINES] ??= new WeakMap<object, Engine>());

/** Set on a PostgreSQL client: a transaction's client reads it through (Prisma's transaction client is a proxy of it). */
const ENGINE = Symbol.for('claimline.engine');
/** Prisma's raw-SQL methods of a PostgreSQL client as they were before refuseRawSql, for the ported queries. */
const RAW_SQL = Symbol.for('claimline.rawSql');

const RAW_METHODS = ['$queryRaw', '$queryRawUnsafe', '$executeRaw', '$executeRawUnsafe'] as const;
export type RawSql = Pick<Tx, (typeof RAW_METHODS)[number]>;

/** The engine of a client opened by openDb or of a transaction's client on it (any other client counts as SQLite). */
export function engineOf(db: Db | Tx): Engine {
  return engines.get(db) ?? (db as unknown as { [ENGINE]?: Engine })[ENGINE] ?? 'sqlite';
}

/**
 * The raw-SQL methods for a query written for this client's engine: the client itself on SQLite; on PostgreSQL,
 * Prisma's own methods, which the client refuses to anyone else until every area of src/queries is ported.
 */
export function rawSql(tx: Db | Tx): RawSql {
  const raw = (tx as unknown as { [RAW_SQL]?: Record<string, (...args: unknown[]) => unknown> })[RAW_SQL];
  if (!raw) return tx;
  const bound = Object.fromEntries(RAW_METHODS.map((m) => [m, (...args: unknown[]) => raw[m]!.apply(tx, args)]));
  return bound as unknown as RawSql;
}

// On globalThis, like the registries above: a bundler may load this module twice, and the client refusing raw SQL was
// opened through one copy while a ported query may run through the other.
const PORTED = Symbol.for('claimline.portedArea');
const portedArea = ((globalThis as unknown as { [key: symbol]: AsyncLocalStorage<true> | undefined })[PORTED] ??= new AsyncLocalStorage<true>());

/**
 * Runs `fn` (a function of a ported area of packages/db/src/queries, whose SQL is written for both engines) with raw
 * SQL allowed on PostgreSQL: everything it awaits is let through the refusal below.
 */
export function ported<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args) => portedArea.run(true, () => fn(...args));
}

/**
 * The hand-written SQL in packages/db/src/queries is SQLite's dialect (`?` parameters, FTS5, json_* functions)
 * and not ported yet: on PostgreSQL it would fail deep inside with a syntax error. Until each area is ported, the
 * PostgreSQL client refuses raw SQL in one clear line; everything through Prisma's query builder works, and so do
 * the ported queries (through rawSql).
 */
function refuseRawSql(client: object): void {
  const originals = Object.fromEntries(RAW_METHODS.map((m) => [m, (client as Record<string, unknown>)[m]]));
  Object.defineProperty(client, RAW_SQL, { value: originals });
  Object.defineProperty(client, ENGINE, { value: 'postgresql' });
  for (const method of RAW_METHODS) {
    const original = originals[method] as (...args: unknown[]) => unknown;
    Object.defineProperty(client, method, {
      configurable: true,
      // `this` is the client or a transaction's client (which forwards to this property): the original runs on it.
      value: function (this: unknown, first: unknown, ...rest: unknown[]) {
        if (portedArea.getStore()) return original.call(this, first, ...rest);
        const sql = Array.isArray(first) ? (first as string[]).join('?') : String(first);
        const head = sql.replace(/\s+/g, ' ').trim().slice(0, 60);
        throw new NotYetOnPostgres(`hand-written SQL (packages/db/src/queries is SQLite's dialect so far): ${head}…`);
      },
    });
  }
}

async function openPostgres(url: string): Promise<Db> {
  // Loaded on first use: SQLite users (every CLI command, the editor) do not pay ~0.1 s for pg and a second client.
  const [{ PrismaPg }, { PrismaClient: PostgresClient }] = await Promise.all([import('@prisma/adapter-pg'), import('./generated/postgresql/client.ts')]);
  const prisma = new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    // Connecting is lazy: ask once, so that a wrong URL fails here in one line, not at the first request.
    await prisma.$queryRawUnsafe('SELECT 1');
  } catch (e) {
    await prisma.$disconnect();
    throw new Error(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${(e as Error).message}`, { cause: e });
  }
  refuseRawSql(prisma);
  // The same models, operations and records as the SQLite client: src/engine-types.ts proves it at compile time.
  const db = prisma as unknown as Db;
  engines.set(db, 'postgresql');
  urls.set(db, url);
  return db;
}

export async function openDb(options: OpenOptions = {}): Promise<Db> {
  const url = databaseUrl(options.url);
  if (engineOfUrl(url) === 'postgresql') return openPostgres(url);
  const file = resolveDatabasePath(options.url);
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const adapter = new PrismaBetterSqlite3({ url: file, timeout: BUSY_TIMEOUT_MS });
  const prisma = new PrismaClient({ adapter });
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await prisma.$queryRawUnsafe('PRAGMA synchronous = FULL');
  await prisma.$queryRawUnsafe('PRAGMA foreign_keys = ON');
  if (options.repairSearchIndex !== false) {
    try {
      const repaired = [...ensureSearchIndex(file), ...ensureTimelineCounts(file)];
      for (const p of repaired) (options.onRepair ?? ((m: string) => console.warn(`claimline: repaired ${m}`)))(p);
    } catch (e) {
      await prisma.$disconnect();
      throw e;
    }
  }
  files.set(prisma, file);
  return prisma;
}

function isBusy(error: unknown): boolean {
  const text = String((error as { message?: string })?.message ?? error);
  const code = (error as { code?: string })?.code;
  return code === 'P1008' || /SQLITE_BUSY|database is locked|P1008|Socket timeout/i.test(text);
}

/**
 * Runs `fn` in one write transaction. Its first statement takes SQLite's write lock, so the transaction
 * never has to upgrade a read snapshot to a write (the upgrade fails at once with SQLITE_BUSY when another
 * process wrote meanwhile; taking the lock first makes the busy timeout apply instead). If the lock cannot
 * be had, nothing has been written and the whole transaction is retried a few times.
 */
export async function writeTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (engineOf(db) === 'postgresql') return postgresWriteTx(db, fn);
  const attempts = 4;
  for (let attempt = 1; ; attempt++) {
    let started = false;
    try {
      return await db.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe('DELETE FROM "AuditEntry" WHERE 0');
          started = true;
          return fn(tx);
        },
        { maxWait: BUSY_TIMEOUT_MS, timeout: 60_000 },
      );
    } catch (error) {
      if (!started && attempt < attempts && isBusy(error)) {
        await new Promise((r) => setTimeout(r, 25 * attempt + Math.random() * 50));
        continue;
      }
      throw error;
    }
  }
}

/** PostgreSQL's codes for a transaction that lost a race and may simply be run again. */
const RETRYABLE_PG = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

function isRetryablePg(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } }).code;
    if (typeof code === 'string' && RETRYABLE_PG.has(code)) return true;
    const original = (e as { meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } }).meta?.driverAdapterError?.cause?.originalCode;
    if (original && RETRYABLE_PG.has(original)) return true;
  }
  return /deadlock detected|could not serialize access/i.test(String((error as { message?: string })?.message ?? error));
}

/**
 * PostgreSQL takes row locks as a transaction writes, so there is no lock to take first: READ COMMITTED, and a
 * versioned update (`updateMany where { id, version }`) waits for a concurrent writer of the row, then re-checks
 * the version, so exactly one of them wins. A transaction that deadlocked was rolled back by the server whole,
 * and is run again a few times.
 */
async function postgresWriteTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const attempts = 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(
        (tx) => {
          engines.set(tx, 'postgresql'); // so that engineOf(tx) tells the queries which dialect to write
          return fn(tx);
        },
        { maxWait: BUSY_TIMEOUT_MS, timeout: 60_000 },
      );
    } catch (error) {
      if (attempt < attempts && isRetryablePg(error)) {
        await new Promise((r) => setTimeout(r, 25 * attempt + Math.random() * 50));
        continue;
      }
      throw error;
    }
  }
}
