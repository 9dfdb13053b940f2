// Bulk writes through better-sqlite3 directly (restore, synthetic data): prepared inserts with explicit
// ids, in one IMMEDIATE transaction per batch, foreign keys checked at commit. Prisma's per-row round
// trips would take hours for a million claims. SQLite-only; a PostgreSQL build would use COPY.
import Database from 'better-sqlite3';
import { participantIds, participantsOf } from '@claimline/core';
import { BUSY_TIMEOUT_MS } from './client.ts';
import { ROW_COLUMNS, ROW_TABLES } from './restore-rows.ts';
import { installSearchIndex } from './search-index.ts';
import { installTimelineCounts } from './timeline-counts.ts';

export const BULK_TABLES = [
  'User',
  'Source',
  'Actor',
  'ActorAlias',
  'ActorNameKey',
  'Event',
  'EventParticipant',
  'Claim',
  'AttributionHop',
  'Link',
  'Dispute',
  'DisputeClaim',
  'Verdict',
  'AuditEntry',
] as const;
export type BulkTable = (typeof BULK_TABLES)[number];

/** Values SQLite takes as they are (booleans are 0 and 1, absent values null). */
export type BulkValue = string | number | bigint | Buffer | null;

export interface BulkWriter {
  /** Inserts one row; the columns are the row's keys. A link's derived LinkParticipant rows come with it. */
  insert(table: BulkTable, row: Record<string, unknown>): void;
  /**
   * A prepared insert of `columns` into `table`, for the hot loops of large loads: call it with the values
   * in the order of `columns` (no per-row key lookup or conversion).
   */
  inserter(table: BulkTable, columns: readonly string[]): (values: BulkValue[]) => void;
  /**
   * Inserts rows laid out by recordRows (`table`: the index in ROW_TABLES, `values` in ROW_COLUMNS order),
   * LinkParticipant rows included (written as they come rather than derived from the link).
   */
  rowInserter(): (table: number, values: BulkValue[]) => void;
  /** A read inside the writer's transaction. */
  get<T>(sql: string, ...params: unknown[]): T | undefined;
  exec(sql: string): void;
  /** A prepared statement on the writer's connection (reads and checks inside its transaction). */
  prepare(sql: string): Database.Statement;
  /** Starts the transaction (BEGIN IMMEDIATE: the write lock first, so the busy timeout applies). */
  begin(): void;
  /** Creates the indexes `deferIndexes` left out (the commit does it too); for queries that need them before the commit. */
  buildIndexes(): void;
  commit(): void;
  rollback(): void;
  readonly inTransaction: boolean;
  close(): void;
}

export interface BulkOptions {
  /**
   * Drop the full-text triggers while writing, then recreate them and rebuild the index just before the
   * commit, in the same transaction (large loads: one rebuild is faster than a trigger per row). The triggers
   * of the timeline's day counts (timeline-counts.ts) likewise: the counts are refilled from the events once.
   */
  deferSearchIndex?: boolean;
  /**
   * Drop the secondary indexes that are not unique while writing (inside the transaction) and create them
   * again before the commit: building an index from sorted rows is faster than inserting into it row by
   * row in key order that jumps about. Unique indexes stay, so duplicates are refused as they come.
   * `true` for every table; a list for those tables only. Leave out a table whose rows may be the parent
   * of a row written before them: while a deferred foreign key waits, SQLite looks for the children of
   * each parent row written, by the index on their foreign key (or by scanning the table without it).
   */
  deferIndexes?: boolean | readonly BulkTable[];
}

export function openBulkWriter(file: string, options: BulkOptions = {}): BulkWriter {
  const db = new Database(file, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const statements = new Map<string, Database.Statement>();
  const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
  let closed = false;
  let triggersDropped = false;
  let countsDropped = false;
  let droppedIndexes: { name: string; sql: string }[] = [];
  const deferIndexes = options.deferIndexes ?? false;
  const deferred = deferIndexes === true ? BULK_TABLES : deferIndexes === false ? [] : BULK_TABLES.filter((t) => deferIndexes.includes(t));
  const statementFor = (table: BulkTable, keys: readonly string[]) => {
    if (!BULK_TABLES.includes(table)) throw new Error(`bulk insert into unknown table ${table}`);
    const key = `${table}\u0000${keys.join('\u0000')}`;
    let stmt = statements.get(key);
    if (!stmt) {
      stmt = db.prepare(`INSERT INTO ${quote(table)} (${keys.map(quote).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`);
      statements.set(key, stmt);
    }
    return stmt;
  };
  const lastShape = new Map<BulkTable, { keys: string[]; stmt: Database.Statement }>();
  const buildIndexes = () => {
    for (const index of droppedIndexes) db.exec(index.sql);
    droppedIndexes = [];
  };
  let linkParticipant: Database.Statement | undefined;
  return {
    insert(table, row) {
      const keys = Object.keys(row);
      // The statement of the last row of this table with the same keys (rows of a table mostly share a shape):
      // found without building a lookup key per row.
      let last = lastShape.get(table);
      if (!last || last.keys.length !== keys.length || keys.some((k, i) => k !== last!.keys[i])) {
        last = { keys, stmt: statementFor(table, keys) };
        lastShape.set(table, last);
      }
      const values: unknown[] = new Array(keys.length);
      for (let i = 0; i < keys.length; i++) {
        const v = row[keys[i]!];
        values[i] = typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : v;
      }
      const info = last.stmt.run(values);
      if (table === 'Link' && row.assertedParticipants != null) {
        // Derived, like the services write it: the actors the link names, for lookups by actor (merges).
        linkParticipant ??= db.prepare(`INSERT OR IGNORE INTO "LinkParticipant" ("actorId", "linkId") VALUES (?, ?)`);
        const linkId = row.id ?? info.lastInsertRowid;
        for (const actorId of participantIds(participantsOf(row.assertedParticipants))) linkParticipant.run(actorId, linkId);
      }
    },
    inserter(table, columns) {
      // A link's LinkParticipant rows are written by insert(); the fast path takes links without asserted participants.
      if (table === 'Link' && columns.includes('assertedParticipants'))
        throw new Error('bulk inserter: write links with asserted participants through insert()');
      const stmt = statementFor(table, columns);
      return (values) => void stmt.run(values);
    },
    rowInserter() {
      const stmts = ROW_TABLES.map((t) =>
        db.prepare(
          `INSERT${t === 'LinkParticipant' ? ' OR IGNORE' : ''} INTO ${quote(t)} (${ROW_COLUMNS[t].map(quote).join(', ')}) VALUES (${ROW_COLUMNS[t].map(() => '?').join(', ')})`,
        ),
      );
      return (table, values) => void stmts[table]!.run(values);
    },
    buildIndexes,
    get<T>(sql: string, ...params: unknown[]) {
      return db.prepare(sql).get(...params) as T | undefined;
    },
    exec(sql) {
      db.exec(sql);
    },
    prepare(sql) {
      return db.prepare(sql);
    },
    begin() {
      db.exec('BEGIN IMMEDIATE');
      db.pragma('defer_foreign_keys = ON');
      if (deferred.length) {
        droppedIndexes = db
          .prepare(
            `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %' AND tbl_name IN (${deferred.map((t) => `'${t}'`).join(', ')})`,
          )
          .all() as { name: string; sql: string }[];
        for (const index of droppedIndexes) db.exec(`DROP INDEX ${quote(index.name)}`);
      }
      if (options.deferSearchIndex) {
        // Inside the transaction: a rollback (or a kill) brings the triggers back with everything else,
        // and the commit carries the rebuilt index with the rows (no window where one exists without the other).
        const triggers = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'fts\\_%' ESCAPE '\\'`).pluck().all() as string[];
        for (const t of triggers) db.exec(`DROP TRIGGER IF EXISTS "${t}"`);
        triggersDropped = triggers.length > 0 || triggersDropped;
        const counting = db
          .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'event\\_day\\_count\\_%' ESCAPE '\\'`)
          .pluck()
          .all() as string[];
        for (const t of counting) db.exec(`DROP TRIGGER IF EXISTS "${t}"`);
        countsDropped = counting.length > 0 || countsDropped;
      }
    },
    commit() {
      buildIndexes();
      if (triggersDropped) installSearchIndex(db);
      if (countsDropped) installTimelineCounts(db);
      triggersDropped = false;
      countsDropped = false;
      db.exec('COMMIT');
    },
    rollback() {
      if (db.inTransaction) db.exec('ROLLBACK');
      triggersDropped = false;
      countsDropped = false;
      droppedIndexes = [];
    },
    get inTransaction() {
      return db.inTransaction;
    },
    close() {
      if (closed) return;
      closed = true;
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
    },
  };
}
