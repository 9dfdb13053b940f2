// Opens the database: Prisma 7 over better-sqlite3, with the pragmas an editorial database needs.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/prisma/client.ts';
import { loadConfig, sqlitePathFromUrl, findRepoRoot } from './config.ts';
import { ensureSearchIndex } from './search-index.ts';
import { ensureTimelineCounts } from './timeline-counts.ts';

export { PrismaClient };
export type Db = PrismaClient;
/** The client handed to a write transaction's callback. */
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

/** How long a writer waits for another process's write lock before giving up (ms). */
export const BUSY_TIMEOUT_MS = 10_000;

export interface OpenOptions {
  /** `file:` URL; defaults to DATABASE_URL or data/claimline.db under the repository root. */
  url?: string;
  /**
   * Run the cheap checks of the search index and the timeline counts (sqlite_master and row counts) and repair
   * what they find (default true); each repaired problem is passed to `onRepair` (default: a warning on stderr).
   * `claimline doctor` turns it off to report the problems itself.
   */
  repairSearchIndex?: boolean;
  onRepair?: (problem: string) => void;
}

export function resolveDatabasePath(url?: string): string {
  return url ? sqlitePathFromUrl(url, findRepoRoot()) : loadConfig().databasePath;
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
export function databaseFile(db: Db | string): string {
  if (typeof db === 'string') return db;
  const file = files.get(db);
  if (!file) throw new Error('this database client was not opened by openDb(), so its file is unknown');
  return file;
}

export async function openDb(options: OpenOptions = {}): Promise<Db> {
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
