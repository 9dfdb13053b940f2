// The file-based paths on PostgreSQL (export, backup, the SQLite snapshot, restore, synth) through a staged SQLite
// file: the PostgreSQL database is copied, in one transaction, into a new SQLite file made by the SQLite migrator;
// the path's own SQLite code runs on that file unchanged (every check, every renderer lives once); a path that
// writes (restore, synth) has the rows it added copied back into PostgreSQL in the same transaction, which commits
// only when everything is in. The file is deleted whatever happens.
//
// Reading: one REPEATABLE READ READ ONLY transaction (one moment, however long the copy; writers are not held up),
// each table through a cursor, in pages. Writing: the tables the paths fill are locked against other writers (EXCLUSIVE
// mode: reads go on) before anything is read, so the rows copied back land on the database they were checked against.
// Rows go back as multi-row inserts, one array parameter per column (`INSERT … SELECT * FROM unnest($1::int4[], …)`),
// then each id sequence is moved past the highest id. The derived rows PostgreSQL keeps by triggers (the timeline's
// day counts, actors' search names) and generated columns (the tsvector search columns) follow the inserts.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { migrate } from './migrate.ts';
import { connectPostgres } from './migrate-postgres.ts';
import { openBulkWriter } from './bulk-writer.ts';
import type { RowTable } from './restore-rows.ts';

/**
 * The tables copied: restore-rows' ROW_TABLES and the users, in an order that meets PostgreSQL's foreign keys, which
 * are checked at the end of each statement (ROW_TABLES is the export's order, sources first: SQLite's restore defers
 * its foreign keys to the commit, PostgreSQL's cannot be). Sign-in state is never copied.
 */
export const STAGED_TABLES = [
  'User',
  'Actor',
  'ActorAlias',
  'ActorNameKey',
  'Source',
  'Event',
  'EventParticipant',
  'Claim',
  'AttributionHop',
  'Link',
  'LinkParticipant',
  'Dispute',
  'DisputeClaim',
  'Verdict',
  'AuditEntry',
] as const;
export type StagedTable = (typeof STAGED_TABLES)[number];
/** Every table a restore writes is copied (a compile error names the one left out). */
const _everyRowTable: Exclude<RowTable, StagedTable> extends never ? true : Exclude<RowTable, StagedTable> = true;

/** Tables without an id of their own: the row belongs to the record in `owner` (new rows are those of new owners). */
const OWNED: Partial<Record<StagedTable, { column: string; table: StagedTable; key: string[] }>> = {
  ActorNameKey: { column: 'actorId', table: 'Actor', key: ['actorId', 'key'] },
  LinkParticipant: { column: 'linkId', table: 'Link', key: ['actorId', 'linkId'] },
  DisputeClaim: { column: 'disputeId', table: 'Dispute', key: ['disputeId', 'claimId'] },
};

/** A reference to a row of the same table (written in a second pass when it points further on than the rows written). */
const SELF_REFERENCE: Partial<Record<StagedTable, string>> = { Actor: 'mergedIntoId', Source: 'revisionOfId', Event: 'parentId' };

/** Rows per page read, and per insert written back (or fewer: at most MAX_CHARS of text per insert). */
const PAGE = 5000;
const MAX_CHARS = 4_000_000;

export interface StageOptions {
  /** Which tables to copy into the file (default: all of STAGED_TABLES); the others stay empty there. */
  tables?: readonly StagedTable[];
  /** Copy the rows `fn` adds back into PostgreSQL, in the same transaction (restore, synth). */
  write?: boolean;
  /**
   * Build the copy's full-text index (and timeline day counts), for a copy that is handed over as a SQLite database
   * (the `sqlite` export). Without it the copy's triggers are dropped and those tables stay empty: exports and
   * restores do not read them, and the copy is deleted afterwards.
   */
  searchIndex?: boolean;
  /** Before anything is copied, inside the transaction (after the locks): e.g. a check that refuses early. */
  before?: (client: pg.Client) => Promise<void>;
}

interface Column {
  name: string;
  /** PostgreSQL's type name (udt_name): int4, text, bool, timestamp, json, float8, … */
  type: string;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The columns both engines have, in the SQLite table's order (PostgreSQL's generated search columns are left out). */
async function sharedColumns(client: pg.Client, sqlite: Database.Database): Promise<Map<StagedTable, Column[]>> {
  const { rows } = await client.query<{ table_name: string; column_name: string; udt_name: string; is_generated: string }>(
    `SELECT table_name, column_name, udt_name, is_generated FROM information_schema.columns WHERE table_schema = current_schema()`,
  );
  const pgColumns = new Map<string, Map<string, string>>();
  for (const r of rows) {
    if (r.is_generated === 'ALWAYS' || r.udt_name === 'tsvector') continue;
    let m = pgColumns.get(r.table_name);
    if (!m) pgColumns.set(r.table_name, (m = new Map<string, string>()));
    m.set(r.column_name, r.udt_name);
  }
  const out = new Map<StagedTable, Column[]>();
  for (const table of STAGED_TABLES) {
    const onPg = pgColumns.get(table);
    if (!onPg) throw new Error(`PostgreSQL has no table ${table}: run \`claimline migrate\` first`);
    const names = (sqlite.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).pluck().all(table) as string[]).filter((n) => onPg.has(n));
    out.set(
      table,
      names.map((name) => ({ name, type: onPg.get(name)! })),
    );
  }
  return out;
}

/** How a PostgreSQL value is read so that SQLite stores what Prisma writes there (instants as text, booleans as 0/1, JSON as written). */
function selectExpression(c: Column): string {
  const q = quote(c.name);
  switch (c.type) {
    case 'timestamp':
    case 'timestamptz':
      return `to_char(${q}${c.type === 'timestamptz' ? " AT TIME ZONE 'UTC'" : ''}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"+00:00"')`;
    case 'bool':
      return `${q}::int`;
    case 'json':
    case 'jsonb':
      return `${q}::text`;
    default:
      return q;
  }
}

function keyOf(table: StagedTable): string[] {
  return OWNED[table]?.key ?? ['id'];
}

/** Copies PostgreSQL's rows of `tables` into the SQLite file (one bulk transaction, the search index built once). */
async function copyIntoSqlite(
  client: pg.Client,
  file: string,
  columns: Map<StagedTable, Column[]>,
  tables: readonly StagedTable[],
  searchIndex: boolean,
): Promise<void> {
  const w = openBulkWriter(file, { deferSearchIndex: searchIndex });
  try {
    w.begin();
    if (!searchIndex) {
      // Nothing will read the index or the day counts: their triggers go for good (inside the transaction), nothing is rebuilt.
      for (const t of w.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).pluck().all() as string[]) w.exec(`DROP TRIGGER "${t}"`);
    }
    for (const table of tables) {
      const cols = columns.get(table)!;
      const insert = w.prepare(`INSERT INTO ${quote(table)} (${cols.map((c) => quote(c.name)).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      const cursor = `stage_${table.toLowerCase()}`;
      await client.query(
        `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${cols.map(selectExpression).join(', ')} FROM ${quote(table)} ORDER BY ${keyOf(table).map(quote).join(', ')}`,
      );
      for (;;) {
        const page = await client.query<unknown[]>({ text: `FETCH ${PAGE} FROM ${cursor}`, rowMode: 'array' });
        for (const row of page.rows) insert.run(row);
        if (page.rows.length < PAGE) break;
      }
      await client.query(`CLOSE ${cursor}`);
    }
    w.commit();
  } catch (e) {
    w.rollback();
    throw e;
  } finally {
    w.close();
  }
}

/** What each table held before `fn` ran: its highest id (ids taken after it are new), and the users' ids. */
interface Before {
  maxId: Map<StagedTable, number>;
  userIds: Set<number>;
}

async function readBefore(client: pg.Client): Promise<Before> {
  const maxId = new Map<StagedTable, number>();
  for (const table of STAGED_TABLES) {
    if (OWNED[table]) continue;
    const { rows } = await client.query<{ n: number | null }>(`SELECT max(id) AS n FROM ${quote(table)}`);
    maxId.set(table, rows[0]?.n ?? 0);
  }
  const { rows } = await client.query<{ id: number }>(`SELECT id FROM "User"`);
  return { maxId, userIds: new Set(rows.map((r) => r.id)) };
}

/** The parameter type of a column in the unnest insert (JSON travels as text and is cast back, kept as written). */
const arrayType = (c: Column) => (c.type === 'json' || c.type === 'jsonb' ? 'text' : c.type);
const castBack = (c: Column, expr: string) => (c.type === 'json' || c.type === 'jsonb' ? `${expr}::${c.type}` : expr);

/** Copies the rows `fn` added to the SQLite file back into PostgreSQL (inside the caller's transaction). */
async function copyBack(client: pg.Client, file: string, columns: Map<StagedTable, Column[]>, before: Before): Promise<void> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    for (const table of STAGED_TABLES) {
      const cols = columns.get(table)!;
      const owned = OWNED[table];
      let where: string;
      const params: unknown[] = [];
      if (table === 'User') {
        where = `id NOT IN (SELECT value FROM json_each(?))`;
        params.push(JSON.stringify([...before.userIds]));
      } else if (owned) {
        where = `${quote(owned.column)} > ?`;
        params.push(before.maxId.get(owned.table) ?? 0);
      } else {
        where = `id > ?`;
        params.push(before.maxId.get(table) ?? 0);
      }
      const self = SELF_REFERENCE[table];
      const selfAt = self ? cols.findIndex((c) => c.name === self) : -1;
      const u = cols.map((c, i) => `c${i}`);
      const sql = `INSERT INTO ${quote(table)} (${cols.map((c) => quote(c.name)).join(', ')})
        SELECT ${cols.map((c, i) => castBack(c, u[i]!)).join(', ')} FROM unnest(${cols.map((c, i) => `$${i + 1}::${arrayType(c)}[]`).join(', ')}) AS u(${u.join(', ')})`;
      const later: [number, number][] = [];
      const arrays: unknown[][] = cols.map(() => []);
      const flush = async () => {
        const n = arrays[0]!.length;
        if (!n) return;
        if (selfAt >= 0) {
          // A reference to a row further on than this insert's rows waits for a second pass (PostgreSQL checks the
          // foreign key at the end of each statement; rows come in id order).
          const last = arrays[0]![n - 1] as number;
          const refs = arrays[selfAt]!;
          for (let k = 0; k < n; k++) {
            const target = refs[k] as number | null;
            if (target !== null && target > last) {
              later.push([arrays[0]![k] as number, target]);
              refs[k] = null;
            }
          }
        }
        await client.query(sql, arrays);
        for (const a of arrays) a.length = 0;
      };
      const rows = db
        .prepare(`SELECT ${cols.map((c) => quote(c.name)).join(', ')} FROM ${quote(table)} WHERE ${where} ORDER BY ${keyOf(table).map(quote).join(', ')}`)
        .raw(true)
        .iterate(...params) as IterableIterator<unknown[]>;
      let chars = 0;
      for (const row of rows) {
        for (let i = 0; i < row.length; i++) {
          const v = row[i];
          if (typeof v === 'string') chars += v.length;
          arrays[i]!.push(v);
        }
        // At most PAGE rows, or about 4 MB of text (sources can be long), per statement.
        if (arrays[0]!.length >= PAGE || chars > MAX_CHARS) {
          await flush();
          chars = 0;
        }
      }
      await flush();
      for (let i = 0; i < later.length; i += PAGE) {
        const part = later.slice(i, i + PAGE);
        await client.query(`UPDATE ${quote(table)} t SET ${quote(self!)} = u.target FROM unnest($1::int4[], $2::int4[]) AS u(id, target) WHERE t.id = u.id`, [
          part.map((p) => p[0]),
          part.map((p) => p[1]),
        ]);
      }
      if (!owned) {
        // Ids given explicitly leave the sequence behind: the next record created must not take one of them.
        await client.query(
          `SELECT setval(pg_get_serial_sequence($1, 'id'), coalesce((SELECT max(id) FROM ${quote(table)}), 1), (SELECT max(id) FROM ${quote(table)}) IS NOT NULL)`,
          [quote(table)],
        );
      }
    }
  } finally {
    db.close();
  }
}

const STAGE_PREFIX = 'claimline-stage-';

/**
 * Deletes the copies of processes that are gone (a copy is as large as the database, and a process killed with
 * SIGKILL never deletes its own): folders named after a process id that no longer runs.
 */
function removeOrphanedStages(): void {
  const tmp = os.tmpdir();
  for (const name of readdirSync(tmp)) {
    if (!name.startsWith(STAGE_PREFIX)) continue;
    const pid = Number(/^claimline-stage-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') rmSync(path.join(tmp, name), { recursive: true, force: true });
    }
  }
}

/**
 * Runs `fn` on a SQLite copy of the PostgreSQL database at `url` (see the top of this file), and returns what it
 * returns. With `write`, the rows it added are copied back, all or nothing.
 */
export async function withSqliteStage<T>(url: string, options: StageOptions, fn: (file: string) => Promise<T> | T): Promise<T> {
  removeOrphanedStages();
  const dir = mkdtempSync(path.join(os.tmpdir(), `${STAGE_PREFIX}${process.pid}-`));
  const file = path.join(dir, 'stage.db');
  const client = await connectPostgres(url);
  let open = false;
  try {
    if (options.write) {
      await client.query('BEGIN');
      open = true;
      // Other servers' writes to these tables wait until the commit; their reads go on.
      await client.query(`LOCK TABLE ${STAGED_TABLES.map(quote).join(', ')} IN EXCLUSIVE MODE`);
    } else {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      open = true;
    }
    await options.before?.(client);
    await migrate(`file:${file}`);
    const sqlite = new Database(file, { fileMustExist: true });
    let columns: Map<StagedTable, Column[]>;
    try {
      columns = await sharedColumns(client, sqlite);
    } finally {
      sqlite.close();
    }
    const before = options.write ? await readBefore(client) : null;
    await copyIntoSqlite(client, file, columns, options.tables ?? STAGED_TABLES, options.searchIndex ?? false);
    const result = await fn(file);
    if (before) await copyBack(client, file, columns, before);
    await client.query('COMMIT');
    open = false;
    return result;
  } finally {
    if (open) await client.query('ROLLBACK').catch(() => {});
    await client.end().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}
