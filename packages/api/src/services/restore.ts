// Restore: a JSON (or JSON Lines) export or backup into an empty database, in one pass and one transaction:
// each record is checked as it streams in (RestoreChecker: the API's field rules, exact quotes) and written
// with the derived columns (folded names, date bounds, search keys) computed by the same core functions the
// services use; the cross-record checks (unique ids, resolved references, cycles) are the database's own
// (openDatabaseLedger), so memory stays flat whatever the file's size. Any problem rolls everything back.
// One audit entry records the restore. Reading, parsing, the checks a record needs nothing else for and its
// rows (recordRows) come from restore-read.ts, in a worker thread for large files: this thread checks what
// needs the database and writes.
// The header says what the file is: format version 1 or 2, a shareable export (users become disabled
// placeholders) or a backup (accounts come back with their password hashes).
import { statSync } from 'node:fs';
import path from 'node:path';
import {
  AppError,
  COLLECTIONS,
  JsonScanError,
  RestoreChecker,
  RestoreInvalid,
  crossRecordMessage,
  type RestoreProblem,
  type Where,
  type Collection,
  type ExportHeader,
  type RecordOf,
} from '@claimline/core';
import {
  databaseTarget,
  withSqliteStage,
  NO_PASSWORD,
  openBulkWriter,
  openDatabaseLedger,
  rowObject,
  rowRefs,
  storedInstant,
  ROW_COLUMNS,
  ROW_ELEMENT,
  ROW_TABLES,
  type BulkTable,
  type BulkValue,
  type Db,
  type Rows,
  type RowTable,
} from '@claimline/db';
import { HEADER_KEYS, readCheckedBatches, readCheckedBatchesInWorker, type Item } from './restore-read.ts';
import { contentHash } from './sources.ts';

export interface RestoreProgress {
  /** `read`: records are read, checked and written (in the open transaction); `commit`: the whole-file checks, the search index, the commit. */
  phase: 'read' | 'commit';
  bytes: number;
  totalBytes: number;
}

export interface RestoreOptions {
  /** Who restored (the audit entry's user); null from the command line. */
  userId?: number | null;
  onProgress?: (p: RestoreProgress) => void;
  signal?: AbortSignal;
  /**
   * Files larger than this load without the full-text triggers and rebuild the index once, inside the
   * restore's transaction, just before the commit (default 64 MiB: below it, row-by-row indexing is as fast).
   */
  rebuildSearchIndexAboveBytes?: number;
  /**
   * Files larger than this are read, parsed and checked against the schemas in a worker thread, while this
   * one checks the rest and writes the records read before (default 16 MiB: below it, starting the thread
   * costs more than it saves).
   */
  readInWorkerAboveBytes?: number;
}

const REBUILD_SEARCH_INDEX_ABOVE = 64 * 1024 * 1024;
const READ_IN_WORKER_ABOVE = 16 * 1024 * 1024;

export interface RestoreResult {
  /** What the file was: a shareable export or a backup (accounts included). */
  kind: ExportHeader['kind'];
  formatVersion: number;
  counts: Record<Collection, number>;
  /** Users created as disabled placeholders (a shareable export carries no accounts). */
  usersCreated: number;
  /** Accounts restored from a backup, password hashes included. */
  accountsRestored: number;
  /** Audit entries given new ids because the database already had entries with theirs. */
  auditRenumbered: boolean;
}

const pathOf = (item: Item) => (item.index === null ? `$.${item.key}` : `$.${item.key}[${item.index}]`);

interface WriteContext {
  /** Inserts a row of the record at `where`; false (and the problem reported) when the database refuses it. */
  insert: (table: BulkTable, row: Record<string, unknown>, where: Where) => boolean;
  auditOffset: number;
  existingUsers: Set<number>;
  usersCreated: number;
  accountsRestored: number;
}

/** `where` of a part of a record (a module function: writeRecord runs for every record). */
const subPath = (where: Where, path: string): Where => ({ ...where, path: `${where.path}${path}` });

/** Writes a validated user (the other records come as rows: recordRows). */
function writeRecord(collection: Collection, r: RecordOf[Collection], where: Where, ctx: WriteContext) {
  switch (collection) {
    case 'users': {
      const u = r as RecordOf['users'];
      if (u.email !== undefined && u.passwordHash !== undefined && u.disabled !== undefined) {
        // A backup: the account itself, so its owner signs in with the same password.
        ctx.insert(
          'User',
          {
            id: u.id,
            email: u.email,
            name: u.name,
            role: u.role,
            passwordHash: u.passwordHash,
            disabled: u.disabled,
            version: u.version,
            createdAt: storedInstant(u.createdAt),
            updatedAt: storedInstant(u.updatedAt),
          },
          where,
        );
        ctx.accountsRestored++;
        return;
      }
      if (ctx.existingUsers.has(u.id)) return;
      const now = storedInstant(new Date());
      // A placeholder: a shareable export carries no email or password, so the account stays disabled until
      // an admin sets them. Format version 1 files carry no version or timestamps either.
      ctx.insert(
        'User',
        {
          id: u.id,
          email: `user-${u.id}@restored.invalid`,
          name: u.name,
          role: u.role,
          passwordHash: NO_PASSWORD,
          disabled: true,
          version: u.version ?? 1,
          createdAt: u.createdAt ? storedInstant(u.createdAt) : now,
          updatedAt: u.updatedAt ? storedInstant(u.updatedAt) : now,
        },
        where,
      );
      ctx.usersCreated++;
      return;
    }
    default:
      throw new Error(`writeRecord: ${collection} records are written as rows (recordRows)`);
  }
}

/** Which problem a refused row is, in the checker's words (unique keys) — null for anything else. */
function clash(e: unknown, table: BulkTable | RowTable, row: Record<string, unknown>, where: Where): RestoreProblem | null {
  const code = (e as { code?: unknown }).code;
  if (code !== 'SQLITE_CONSTRAINT_PRIMARYKEY' && code !== 'SQLITE_CONSTRAINT_UNIQUE') return null;
  const columns = /constraint failed: (.*)$/.exec((e as Error).message)?.[1] ?? '';
  const id = row.id as number;
  const at = (field: string) => ({ ...where, path: `${where.path}.${field}` });
  if (columns === `${table}.id`) {
    const kind = ({ ActorAlias: 'aliases', EventParticipant: 'participants', AttributionHop: 'hops' } as const)[table as string];
    const collection = (Object.keys(TABLE_OF) as Collection[]).find((c) => TABLE_OF[c] === table);
    if (kind) return { ...where, message: crossRecordMessage.duplicate(kind, id) };
    if (collection) return { ...at('id'), message: crossRecordMessage.duplicate(collection, id) };
  }
  if (columns === 'Source.contentHash') return { ...at('text'), message: crossRecordMessage.sameText };
  if (columns === 'User.email') return { ...at('email'), message: crossRecordMessage.sameEmail(row.email as string) };
  if (columns === 'Dispute.eventId') return { ...at('eventId'), message: crossRecordMessage.twoDisputes(row.eventId as number) };
  if (columns === 'Link.claimId, Link.eventId') return { ...where, message: crossRecordMessage.linkedTwice(row.claimId as number, row.eventId as number) };
  return null;
}

const TABLE_OF: Partial<Record<Collection, BulkTable>> = {
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

/**
 * The tables whose secondary indexes are built once before the commit rather than row by row: those written
 * after the last collection whose foreign keys wait for the commit (their parents are all written before them,
 * so no parent row is ever looked up among them), and not read by the checks before the commit.
 */
const INDEXES_BUILT_AT_THE_END: BulkTable[] = ['Claim', 'AttributionHop', 'Link', 'DisputeClaim', 'Verdict', 'AuditEntry'];

const CONTENT_TABLES = ['Source', 'Actor', 'Event', 'Claim', 'Link', 'Dispute', 'Verdict'] as const;

/** A restore goes into a database without content: refuses naming what it holds. */
function refuseUnlessEmpty(counts: (readonly [string, number])[]): void {
  const nonEmpty = counts.filter(([, n]) => n > 0);
  if (nonEmpty.length) {
    throw new AppError(
      'BAD_REQUEST',
      `the database is not empty (${nonEmpty.map(([t, n]) => `${n} ${t}`).join(', ')}): restore into a new database (point DATABASE_URL at a new file or an empty database)`,
    );
  }
}

/**
 * Restores `file` (an export or a backup) into the database (an open client, or its file), which must hold
 * no content. Throws RestoreInvalid naming the line and JSON path of the first problem, or AppError; in every
 * failure nothing has been written (one transaction, rolled back).
 */
export async function restoreDatabase(db: Db | string, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const target = databaseTarget(db);
  const totalBytes = statSync(file).size;
  if (target.engine === 'postgresql') {
    // PostgreSQL: the same restore into a SQLite copy of its accounts and audit trail, whose new rows are then
    // copied in, in one transaction that keeps other writers out (postgres-stage.ts).
    return withSqliteStage(
      target.url,
      {
        write: true,
        tables: ['User', 'AuditEntry'],
        before: async (client) => {
          // One query at a time: a connection runs one statement at once.
          const counts: (readonly [string, number])[] = [];
          for (const t of CONTENT_TABLES) counts.push([t, Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${t}"`)).rows[0]!.n)]);
          refuseUnlessEmpty(counts);
        },
      },
      (staged) => restoreDatabase(staged, file, options),
    );
  }
  const dbFile = target.file;
  // Large restores rebuild the full-text index once instead of row by row (triggers), in the same transaction:
  // a crash at any point leaves either nothing or the rows with their index and triggers.
  const w = openBulkWriter(dbFile, {
    deferSearchIndex: totalBytes > (options.rebuildSearchIndexAboveBytes ?? REBUILD_SEARCH_INDEX_ABOVE),
    deferIndexes: INDEXES_BUILT_AT_THE_END,
  });
  try {
    w.begin();
    refuseUnlessEmpty(CONTENT_TABLES.map((t) => [t, w.get<{ n: number }>(`SELECT count(*) AS n FROM "${t}"`)!.n] as const));
    const maxAudit = w.get<{ n: number | null }>('SELECT max(id) AS n FROM AuditEntry')!.n ?? 0;
    const existingUsers = new Set(w.get<{ ids: string | null }>('SELECT group_concat(id) AS ids FROM User')?.ids?.split(',').map(Number) ?? []);
    const ledger = openDatabaseLedger(w);
    const checker = new RestoreChecker(contentHash, ledger);
    let current: Collection | null = null;
    const insert = (table: BulkTable, row: Record<string, unknown>, where: Where): boolean => {
      try {
        w.insert(table, row);
        return true;
      } catch (e) {
        const problem = clash(e, table, row, where);
        if (!problem) throw e;
        checker.problem(problem, problem.message);
        return false;
      }
    };
    const ctx: WriteContext = { insert, auditOffset: maxAudit, existingUsers, usersCreated: 0, accountsRestored: 0 };
    const insertRow = w.rowInserter();
    const rowBuffers = ROW_TABLES.map((table) => new Array<BulkValue>(ROW_COLUMNS[table].length));
    /**
     * Writes the rows of one record (its own row first: when that is refused, its children are not written),
     * reporting a refused row as the checker would. `at`: the record's first row and value in the batch.
     */
    // Each element table's rows seen so far in the record (its JSON path on a refusal), reset per record.
    const elements = new Int32Array(ROW_TABLES.length);
    const writeRows = (rows: Rows, at: { row: number; value: number }, count: number, where: Where, write: boolean) => {
      elements.fill(0);
      let value = at.value;
      let written = write;
      for (let k = 0; k < count; k++) {
        const t = rows.tables[at.row + k]!;
        const table = ROW_TABLES[t]!;
        const width = ROW_COLUMNS[table].length;
        const start = value;
        value += width;
        if (!written) continue;
        // One array per table, refilled for each row: the insert reads it at once (millions of rows, no garbage).
        const values = rowBuffers[t]!;
        for (let i = 0; i < width; i++) values[i] = rows.values[start + i] as BulkValue;
        if (table === 'AuditEntry') values[0] = (values[0] as number) + maxAudit;
        const element = ROW_ELEMENT[table];
        const index = element ? elements[t]!++ : 0;
        try {
          insertRow(t, values);
        } catch (e) {
          // The row's JSON path, built only here: millions of rows are written without one.
          const rowWhere = element ? subPath(where, `.${element}[${index}]`) : where;
          const problem = clash(e, table, rowObject(table, values), rowWhere);
          if (problem) checker.problem(problem, problem.message);
          else if ((e as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY' || !missingRefs(rows, at, count, where)) throw e;
          // The record's own row refused: its children are not written.
          if (k === 0) written = false;
        }
      }
      at.row += count;
      at.value = value;
    };
    /**
     * After a foreign key refused a row of the record at `at` (where they are checked row by row): reports
     * the record's references that are missing, looked up one by one (only on this failure path); false if none is.
     */
    const missingRefs = (rows: Rows, at: { row: number; value: number }, count: number, where: Where): boolean => {
      if (!current || !ledger.immediate(current)) return false;
      const before = checker.total;
      const elements = new Map<RowTable, number>();
      let value = at.value;
      for (let k = 0; k < count; k++) {
        const table = ROW_TABLES[rows.tables[at.row + k]!]!;
        const width = ROW_COLUMNS[table].length;
        const element = ROW_ELEMENT[table];
        let rowWhere = where;
        if (element) {
          const i = elements.get(table) ?? 0;
          elements.set(table, i + 1);
          rowWhere = subPath(where, `.${element}[${i}]`);
        }
        for (const ref of rowRefs(table, rows.values.slice(value, value + width), rowWhere))
          if (!ledger.exists(ref.target, ref.id)) checker.problem(ref.where, crossRecordMessage.missing(ref.target, ref.id));
        value += width;
      }
      return checker.total > before;
    };

    let bytes = 0;
    const header: Record<string, unknown> = {};
    let headerDone = false;
    let headerLine: number | undefined;
    const finishHeader = () => {
      if (headerDone) return;
      headerDone = true;
      checker.acceptHeader(header, headerLine);
      if (checker.header?.kind === 'backup' && existingUsers.size) {
        throw new AppError(
          'BAD_REQUEST',
          `the database already has ${existingUsers.size} user${existingUsers.size > 1 ? 's' : ''}: a backup brings its own accounts; restore it into a new database (point DATABASE_URL at a new file or an empty database)`,
        );
      }
    };
    const batches = totalBytes > (options.readInWorkerAboveBytes ?? READ_IN_WORKER_ABOVE) ? readCheckedBatchesInWorker(file) : readCheckedBatches(file);
    let sha256: string | undefined;
    try {
      items: for (;;) {
        const next = await batches.next();
        if (next.done) {
          sha256 = next.value;
          break;
        }
        bytes = next.value.bytes;
        options.onProgress?.({ phase: 'read', bytes, totalBytes });
        const rows = next.value.rows;
        const at = { row: 0, value: 0 };
        for (const item of next.value.items) {
          if (options.signal?.aborted) throw new AppError('BAD_REQUEST', 'restore interrupted: nothing was written');
          if (item.arrayStart) {
            if (HEADER_KEYS.has(item.key)) checker.problem({ line: item.line, path: `$.${item.key}` }, 'must not be an array');
            else if (!item.collection)
              checker.problem({ line: item.line, path: `$.${item.key}` }, `unknown member (expected ${[...HEADER_KEYS, ...COLLECTIONS].join(', ')})`);
            continue;
          }
          if (item.key === 'header' || HEADER_KEYS.has(item.key)) {
            if (headerDone) {
              checker.problem({ line: item.line, path: pathOf(item) }, 'the header must come before the records');
              continue;
            }
            headerLine ??= item.line;
            if (item.key === 'header') Object.assign(header, item.value);
            else header[item.key] = item.value;
            continue;
          }
          finishHeader();
          if (!item.collection) {
            checker.problem({ line: item.line, path: `$.${item.key}` }, `unknown member (expected ${[...HEADER_KEYS, ...COLLECTIONS].join(', ')})`);
            continue;
          }
          if (item.index === null) {
            checker.problem({ line: item.line, path: `$.${item.key}` }, 'must be an array of records');
            continue;
          }
          const where = { line: item.line, path: pathOf(item) };
          if (item.rows !== undefined) {
            const v = rows.values;
            const claim = item.collection === 'claims' ? at.value : -1;
            const quote =
              claim < 0
                ? undefined
                : {
                    sourceId: v[claim + 1] as number,
                    start: v[claim + 2] as number,
                    end: v[claim + 3] as number,
                    exact: v[claim + 4] as string,
                    prefix: v[claim + 5] as string,
                    suffix: v[claim + 6] as string,
                  };
            const taken = checker.acceptChecked(item.collection, where, item.id!, item.refs ?? [], item.problems ?? [], quote);
            const write = taken && checker.collection === item.collection;
            if (write && current !== item.collection) ledger.enter((current = item.collection));
            writeRows(rows, at, item.rows, where, write);
          } else {
            const record = checker.accept(item.collection, item.value, where, item.checked);
            if (record && checker.collection === item.collection) {
              if (current !== item.collection) ledger.enter((current = item.collection));
              writeRecord(item.collection, record, where, ctx);
            }
          }
          if (checker.total >= 50) break items;
        }
      }
    } catch (e) {
      if (e instanceof JsonScanError) throw new AppError('BAD_REQUEST', `${path.basename(file)}: ${e.message}`);
      throw e;
    } finally {
      // Stops the reading (and its thread) when the records stop being taken before the end.
      await batches.return('');
    }
    finishHeader();
    options.onProgress?.({ phase: 'commit', bytes, totalBytes });
    checker.finish();
    if (!checker.ok) throw new RestoreInvalid(checker.problems, checker.total);
    const counts = { ...checker.counts };
    w.insert('AuditEntry', {
      at: storedInstant(new Date()),
      userId: options.userId ?? null,
      action: 'restore',
      recordType: 'database',
      recordId: 0,
      before: null,
      after: JSON.stringify({
        file: path.basename(file),
        sha256,
        formatVersion: checker.header?.formatVersion,
        kind: checker.header?.kind,
        exportedAt: checker.header?.exportedAt,
        slice: checker.header?.slice ?? null,
        counts,
      }),
    });
    w.exec('DROP TABLE temp.restore_ref');
    // Foreign keys deferred to here: a dangling reference the checks missed still refuses the whole restore.
    w.commit();
    return {
      kind: checker.header!.kind,
      formatVersion: checker.header!.formatVersion,
      counts,
      usersCreated: ctx.usersCreated,
      accountsRestored: ctx.accountsRestored,
      auditRenumbered: maxAudit > 0 && counts.audit > 0,
    };
  } catch (e) {
    w.rollback();
    throw e;
  } finally {
    w.close();
  }
}
