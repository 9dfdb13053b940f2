// The restore's cross-record checks, kept in the database it writes to rather than in memory: ids and
// unique values by the tables' own keys (the insert reports a clash), references by their foreign keys,
// references that may come later in the file in a temporary table, quotes against source texts read back
// (a few kept at a time), cycles by a recursive query. So a restore's memory does not grow with the file.
// SQLite-only (temp table, PRAGMA); a PostgreSQL build would use a temporary table and deferrable constraints.
import { COLLECTIONS, OffsetMap, type Collection, type RecordRef, type RestoreLedger } from '@claimline/core';
import type Database from 'better-sqlite3';
import type { BulkWriter } from '../bulk-writer.ts';
import { KEYS_CHECK_REFERENCES_FROM } from '../restore-rows.ts';

const TABLE: Record<Collection, string> = {
  users: 'User',
  sources: 'Source',
  actors: 'Actor',
  events: 'Event',
  claims: 'Claim',
  links: 'Link',
  disputes: 'Dispute',
  verdicts: 'Verdict',
  audit: 'AuditEntry',
};

const PARENT = { sources: ['Source', 'revisionOfId'], actors: ['Actor', 'mergedIntoId'], events: ['Event', 'parentId'] } as const;

/** Records from here on reference only collections before them: foreign keys are checked as each row is written. */
const FIRST_IMMEDIATE = KEYS_CHECK_REFERENCES_FROM;

export interface DatabaseLedger extends RestoreLedger {
  /** Whether the database holds record `id` of `target`. */
  exists(target: Collection, id: number): boolean;
  /**
   * Sets how foreign keys are checked for the records of `collection`: at the commit while records may
   * name ones further on in the file (sources, actors, events), as each row is written after that.
   */
  enter(collection: Collection): void;
  /** Whether a failed write of `collection` can be explained by its references (foreign keys checked per row). */
  immediate(collection: Collection): boolean;
}

/** Opens the ledger inside the writer's transaction (its temporary table lives and dies with the connection). */
export function openDatabaseLedger(w: BulkWriter, textCache = 8): DatabaseLedger {
  w.exec(
    'DROP TABLE IF EXISTS temp.restore_ref; CREATE TEMP TABLE restore_ref(seq INTEGER PRIMARY KEY, target TEXT NOT NULL, id INTEGER NOT NULL, line INTEGER, path TEXT NOT NULL)',
  );
  const existsStmt = new Map<Collection, Database.Statement>();
  const exists = (target: Collection, id: number) => {
    let stmt = existsStmt.get(target);
    if (!stmt) existsStmt.set(target, (stmt = w.prepare(`SELECT 1 FROM "${TABLE[target]}" WHERE id = ?`).pluck()));
    return stmt.get(id) !== undefined;
  };
  const keep = w.prepare('INSERT INTO temp.restore_ref (target, id, line, path) VALUES (?, ?, ?, ?)');
  const textOf = w.prepare('SELECT text FROM Source WHERE id = ?').pluck();
  const texts = new Map<number, OffsetMap>();
  let deferred: boolean | null = null;
  return {
    exists,
    enter(collection) {
      const defer = COLLECTIONS.indexOf(collection) < FIRST_IMMEDIATE;
      if (defer === deferred) return;
      deferred = defer;
      w.exec(`PRAGMA defer_foreign_keys = ${defer ? 'ON' : 'OFF'}`);
    },
    immediate: (collection) => COLLECTIONS.indexOf(collection) >= FIRST_IMMEDIATE,
    // Primary and unique keys refuse the row: the writer reports the clash.
    duplicate: () => false,
    taken: () => false,
    has(ref: RecordRef, current: Collection) {
      if (ref.enforced && COLLECTIONS.indexOf(current) >= FIRST_IMMEDIATE) return true;
      return exists(ref.target, ref.id);
    },
    defer(ref) {
      keep.run(ref.target, ref.id, ref.where.line ?? null, ref.where.path);
    },
    *unresolved() {
      const missing = w
        .prepare(
          `SELECT target, id, line, path FROM temp.restore_ref r WHERE CASE target ${Object.entries(TABLE)
            .map(([c, t]) => `WHEN '${c}' THEN NOT EXISTS (SELECT 1 FROM "${t}" WHERE id = r.id)`)
            .join(' ')} END ORDER BY seq`,
        )
        .raw(true);
      for (const [target, id, line, path] of missing.iterate() as IterableIterator<[Collection, number, number | null, string]>)
        yield { target, id, where: { line: line ?? undefined, path }, enforced: true };
    },
    keepText: () => {},
    text(sourceId) {
      let map = texts.get(sourceId);
      if (map) {
        texts.delete(sourceId);
        texts.set(sourceId, map);
        return map;
      }
      const text = textOf.get(sourceId) as string | undefined;
      if (text === undefined) return undefined;
      map = new OffsetMap(text);
      texts.set(sourceId, map);
      if (texts.size > textCache) texts.delete(texts.keys().next().value!);
      return map;
    },
    parent: () => {},
    cycle(collection) {
      const [table, column] = PARENT[collection];
      // Records that reach a root (no parent, or one not in the file) by their parents; any other is in or under a cycle.
      const start = w
        .prepare(
          `WITH RECURSIVE rooted(id) AS (
            SELECT id FROM "${table}" t WHERE ${column} IS NULL OR NOT EXISTS (SELECT 1 FROM "${table}" p WHERE p.id = t.${column})
            UNION SELECT t.id FROM "${table}" t JOIN rooted r ON t.${column} = r.id)
          SELECT min(id) FROM "${table}" WHERE id NOT IN (SELECT id FROM rooted)`,
        )
        .pluck()
        .get() as number | null;
      if (start === null) return null;
      const parentOf = w.prepare(`SELECT ${column} FROM "${table}" WHERE id = ?`).pluck();
      const seen = new Set<number>();
      let n: number | null = start;
      while (n !== null && !seen.has(n)) {
        seen.add(n);
        n = (parentOf.get(n) as number | null | undefined) ?? null;
      }
      return n;
    },
  };
}
