// Restore: a JSON (or JSON Lines) export or backup into an empty database, in one pass and one transaction:
// each record is checked as it streams in (RestoreChecker: the API's field rules, exact quotes) and written
// with the derived columns (folded names, date bounds, search keys) computed by the same core functions the
// services use; the cross-record checks (unique ids, resolved references, cycles) are the database's own
// (openDatabaseLedger), so memory stays flat whatever the file's size. Any problem rolls everything back.
// One audit entry records the restore.
// The header says what the file is: format version 1 or 2, a shareable export (users become disabled
// placeholders) or a backup (accounts come back with their password hashes).
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  AppError,
  assertedToColumns,
  COLLECTIONS,
  COLLECTION_OF_TYPE,
  JsonExportScanner,
  JsonScanError,
  RestoreChecker,
  RestoreInvalid,
  crossRecordMessage,
  recordRefs,
  type RestoreProblem,
  type Where,
  foldName,
  fromJsonlRecord,
  actorSearchKeys,
  parseEdtf,
  type Collection,
  type ExportHeader,
  type RecordOf,
} from '@claimline/core';
import { databaseFile, NO_PASSWORD, openBulkWriter, openDatabaseLedger, storedInstant, type BulkTable, type Db } from '@claimline/db';
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
}

const REBUILD_SEARCH_INDEX_ABOVE = 64 * 1024 * 1024;

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

interface Item {
  arrayStart?: boolean;
  collection: Collection | null;
  key: string;
  index: number | null;
  line: number;
  value: unknown;
}

const HEADER_KEYS = new Set(['formatVersion', 'kind', 'exportedAt', 'slice']);

/**
 * Whether a file is JSON Lines: its first non-blank line is a complete JSON object (a JSON document's
 * first line, `{"formatVersion":2,`, is not). Whatever the file is called.
 */
function isJsonLines(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const head = buf
      .subarray(0, n)
      .toString('utf8')
      .replace(/^[\s\uFEFF]+/, '');
    const nl = head.indexOf('\n');
    if (nl < 0) return false;
    const value: unknown = JSON.parse(head.slice(0, nl));
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/**
 * Streams the items of an export file, whichever of the two shapes it has, in batches (those completed by each
 * chunk read: one promise per chunk, not per record); hashes the bytes as it goes.
 */
async function* readItems(file: string, hash: ReturnType<typeof createHash>, onBytes: (n: number) => void): AsyncGenerator<Item[]> {
  const jsonl = isJsonLines(file);
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const scanner = jsonl ? null : new JsonExportScanner({ maxValueChars: 48 * 1024 * 1024 });
  let pending = '';
  let line = 0;
  const counters = new Map<string, number>();
  const decode = (buf?: Buffer) => {
    try {
      return buf ? decoder.decode(buf, { stream: true }) : decoder.decode();
    } catch {
      throw new AppError('BAD_REQUEST', `${path.basename(file)}: not UTF-8 text`);
    }
  };
  const fromLine = function* (text: string): Generator<Item> {
    line++;
    if (!text.trim()) return;
    if (text.length > 48 * 1024 * 1024) throw new JsonScanError(line, 'line is longer than 48 MB');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new JsonScanError(line, `not valid JSON (${(e as Error).message.replace(/\s*in JSON at position \d+.*$/s, '').slice(0, 200)})`);
    }
    const type = (value as { type?: unknown })?.type;
    if (type === 'header') {
      const { type: _t, ...rest } = value as Record<string, unknown>;
      yield { collection: null, key: 'header', index: null, line, value: rest };
      return;
    }
    const collection = typeof type === 'string' ? COLLECTION_OF_TYPE[type] : undefined;
    if (!collection) throw new JsonScanError(line, `"type" must be header or one of ${Object.keys(COLLECTION_OF_TYPE).join(', ')}`);
    const record = fromJsonlRecord(collection, value as Record<string, unknown>);
    const index = counters.get(collection) ?? 0;
    counters.set(collection, index + 1);
    yield { collection, key: collection, index, line, value: record };
  };
  const scanned = (text: string): Item[] =>
    scanner!.push(text).map((s) => ({ collection: (COLLECTIONS as readonly string[]).includes(s.key) ? (s.key as Collection) : null, ...s }));
  for await (const buf of stream as AsyncIterable<Buffer>) {
    hash.update(buf);
    onBytes(buf.length);
    const text = decode(buf);
    if (scanner) {
      yield scanned(text);
    } else {
      pending += text;
      const batch: Item[] = [];
      let start = 0;
      let nl: number;
      try {
        while ((nl = pending.indexOf('\n', start)) >= 0) {
          batch.push(...fromLine(pending.slice(start, nl).replace(/\r$/, '')));
          start = nl + 1;
        }
      } catch (e) {
        // The lines before the bad one first, as one at a time would have had them (their problems may end the restore first).
        yield batch;
        throw e;
      }
      pending = pending.slice(start);
      yield batch;
      if (pending.length > 48 * 1024 * 1024) throw new JsonScanError(line + 1, 'line is longer than 48 MB');
    }
  }
  const rest = decode();
  if (scanner) {
    yield scanned(rest);
    scanner.end();
  } else {
    pending += rest;
    if (pending) yield [...fromLine(pending)];
  }
}

const pathOf = (item: Item) => (item.index === null ? `$.${item.key}` : `$.${item.key}[${item.index}]`);

function edtfBounds(value: string | null, field: string) {
  if (!value) return { value: null, earliest: null, latest: null };
  return parseEdtf(value, field);
}

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

/** Writes one validated record (and its child rows) with the derived columns the services keep. */
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
    case 'sources': {
      const s = r as RecordOf['sources'];
      const p = edtfBounds(s.published, 'published');
      ctx.insert(
        'Source',
        {
          id: s.id,
          title: s.title,
          outlet: s.outlet,
          outletActorId: s.outletActorId,
          authors: JSON.stringify(s.authors),
          url: s.url,
          language: s.language,
          published: p.value,
          publishedEarliest: p.earliest,
          publishedLatest: p.latest,
          credit: s.credit,
          notes: s.notes,
          text: s.text,
          contentHash: s.contentHash,
          revisionOfId: s.revisionOfId,
          version: s.version,
          createdById: s.createdById,
          createdAt: storedInstant(s.createdAt),
          updatedAt: storedInstant(s.updatedAt),
        },
        where,
      );
      return;
    }
    case 'actors': {
      const a = r as RecordOf['actors'];
      const written = ctx.insert(
        'Actor',
        {
          id: a.id,
          name: a.name,
          nameFolded: foldName(a.name),
          kind: a.kind,
          wikidata: a.wikidata,
          description: a.description,
          mergedIntoId: a.mergedIntoId,
          version: a.version,
          createdAt: storedInstant(a.createdAt),
          updatedAt: storedInstant(a.updatedAt),
        },
        where,
      );
      if (!written) return;
      a.aliases.forEach((x, i) =>
        ctx.insert('ActorAlias', { id: x.id, actorId: a.id, name: x.name, folded: foldName(x.name), language: x.language }, subPath(where, `.aliases[${i}]`)),
      );
      for (const key of actorSearchKeys(a)) ctx.insert('ActorNameKey', { actorId: a.id, key }, where);
      return;
    }
    case 'events': {
      const e = r as RecordOf['events'];
      const d = edtfBounds(e.date, 'date');
      const written = ctx.insert(
        'Event',
        {
          id: e.id,
          title: e.title,
          type: e.type,
          date: d.value,
          dateEarliest: d.earliest,
          dateLatest: d.latest,
          place: e.place,
          placeFolded: e.place ? foldName(e.place) : null,
          description: e.description,
          parentId: e.parentId,
          version: e.version,
          createdAt: storedInstant(e.createdAt),
          updatedAt: storedInstant(e.updatedAt),
        },
        where,
      );
      if (!written) return;
      e.participants.forEach((p, i) =>
        ctx.insert('EventParticipant', { id: p.id, eventId: e.id, actorId: p.actorId, role: p.role }, subPath(where, `.participants[${i}]`)),
      );
      return;
    }
    case 'claims': {
      const c = r as RecordOf['claims'];
      const [pos, q] = c.selectors;
      const written = ctx.insert(
        'Claim',
        {
          id: c.id,
          sourceId: c.sourceId,
          start: pos.start,
          end: pos.end,
          quote: q.exact,
          prefix: q.prefix,
          suffix: q.suffix,
          claimantId: c.claimantId,
          paraphrase: c.paraphrase,
          status: c.status,
          version: c.version,
          createdById: c.createdById,
          createdAt: storedInstant(c.createdAt),
          updatedAt: storedInstant(c.updatedAt),
        },
        where,
      );
      if (!written) return;
      c.chain.forEach((h, position) =>
        ctx.insert('AttributionHop', { id: h.id, claimId: c.id, position, actorId: h.actorId, relation: h.relation }, subPath(where, `.chain[${position}]`)),
      );
      return;
    }
    case 'links': {
      const l = r as RecordOf['links'];
      const asserted = assertedToColumns(l.asserted);
      ctx.insert(
        'Link',
        {
          id: l.id,
          claimId: l.claimId,
          eventId: l.eventId,
          stance: l.stance,
          ...asserted,
          assertedParticipants: asserted.assertedParticipants ? JSON.stringify(asserted.assertedParticipants) : null,
          note: l.note,
          version: l.version,
          createdAt: storedInstant(l.createdAt),
          updatedAt: storedInstant(l.updatedAt),
        },
        where,
      );
      return;
    }
    case 'disputes': {
      const d = r as RecordOf['disputes'];
      const written = ctx.insert(
        'Dispute',
        {
          id: d.id,
          eventId: d.eventId,
          kinds: JSON.stringify(d.kinds),
          status: d.status,
          explanation: d.explanation,
          supportOrigins: d.supportOrigins,
          contradictOrigins: d.contradictOrigins,
          openedAt: storedInstant(d.openedAt),
          resolvedAt: d.resolvedAt ? storedInstant(d.resolvedAt) : null,
          resolvedById: d.resolvedById,
          rationale: d.rationale,
          version: d.version,
          updatedAt: storedInstant(d.updatedAt),
        },
        where,
      );
      if (!written) return;
      d.claims.forEach((c, i) =>
        ctx.insert('DisputeClaim', { disputeId: d.id, claimId: c.claimId, side: c.side, origin: c.origin }, subPath(where, `.claims[${i}]`)),
      );
      return;
    }
    case 'verdicts': {
      const v = r as RecordOf['verdicts'];
      ctx.insert(
        'Verdict',
        {
          id: v.id,
          claimId: v.claimId,
          disputeId: v.disputeId,
          rating: v.rating,
          rationale: v.rationale,
          evidenceUrl: v.evidenceUrl,
          reviewerId: v.reviewerId,
          version: v.version,
          createdAt: storedInstant(v.createdAt),
          updatedAt: storedInstant(v.updatedAt),
        },
        where,
      );
      return;
    }
    case 'audit': {
      const a = r as RecordOf['audit'];
      ctx.insert(
        'AuditEntry',
        {
          id: a.id + ctx.auditOffset,
          at: storedInstant(a.at),
          userId: a.userId,
          action: a.action,
          recordType: a.recordType,
          recordId: a.recordId,
          before: a.before === null || a.before === undefined ? null : JSON.stringify(a.before),
          after: a.after === null || a.after === undefined ? null : JSON.stringify(a.after),
        },
        where,
      );
      return;
    }
  }
}

/** Which problem a refused row is, in the checker's words (unique keys) — null for anything else. */
function clash(e: unknown, table: BulkTable, row: Record<string, unknown>, where: Where): RestoreProblem | null {
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

/**
 * Restores `file` (an export or a backup) into the database (an open client, or its file), which must hold
 * no content. Throws RestoreInvalid naming the line and JSON path of the first problem, or AppError; in every
 * failure nothing has been written (one transaction, rolled back).
 */
export async function restoreDatabase(db: Db | string, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const dbFile = databaseFile(db, 'restore');
  const totalBytes = statSync(file).size;
  // Large restores rebuild the full-text index once instead of row by row (triggers), in the same transaction:
  // a crash at any point leaves either nothing or the rows with their index and triggers.
  const w = openBulkWriter(dbFile, {
    deferSearchIndex: totalBytes > (options.rebuildSearchIndexAboveBytes ?? REBUILD_SEARCH_INDEX_ABOVE),
    deferIndexes: INDEXES_BUILT_AT_THE_END,
  });
  try {
    w.begin();
    const nonEmpty = CONTENT_TABLES.map((t) => [t, w.get<{ n: number }>(`SELECT count(*) AS n FROM "${t}"`)!.n] as const).filter(([, n]) => n > 0);
    if (nonEmpty.length) {
      throw new AppError(
        'BAD_REQUEST',
        `the database is not empty (${nonEmpty.map(([t, n]) => `${n} ${t}`).join(', ')}): restore into a new database (point DATABASE_URL at a new file)`,
      );
    }
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
        if (problem) {
          checker.problem(problem, problem.message);
          return false;
        }
        if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY' && current && ledger.immediate(current)) {
          // Which reference: the record's own, looked up one by one (only on this failure path).
          const before = checker.total;
          for (const ref of recordRefs(current, lastRecord!, lastWhere!))
            if (ref.enforced && !ledger.exists(ref.target, ref.id)) checker.problem(ref.where, crossRecordMessage.missing(ref.target, ref.id));
          if (checker.total > before) return false;
        }
        throw e;
      }
    };
    let lastRecord: RecordOf[Collection] | null = null;
    let lastWhere: Where | null = null;
    const ctx: WriteContext = { insert, auditOffset: maxAudit, existingUsers, usersCreated: 0, accountsRestored: 0 };

    const hash = createHash('sha256');
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
          `the database already has ${existingUsers.size} user${existingUsers.size > 1 ? 's' : ''}: a backup brings its own accounts; restore it into a new database (point DATABASE_URL at a new file)`,
        );
      }
    };
    try {
      items: for await (const batch of readItems(file, hash, (n) => {
        bytes += n;
        options.onProgress?.({ phase: 'read', bytes, totalBytes });
      }))
        for (const item of batch) {
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
          const record = checker.accept(item.collection, item.value, where);
          if (record && checker.collection === item.collection) {
            if (current !== item.collection) ledger.enter((current = item.collection));
            lastRecord = record;
            lastWhere = where;
            writeRecord(item.collection, record, where, ctx);
          }
          if (checker.total >= 50) break items;
        }
    } catch (e) {
      if (e instanceof JsonScanError) throw new AppError('BAD_REQUEST', `${path.basename(file)}: ${e.message}`);
      throw e;
    }
    finishHeader();
    options.onProgress?.({ phase: 'commit', bytes, totalBytes });
    checker.finish();
    if (!checker.ok) throw new RestoreInvalid(checker.problems, checker.total);
    const counts = { ...checker.counts };
    const sha256 = hash.digest('hex');
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
