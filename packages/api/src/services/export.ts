// Exports: the whole database or a slice, streamed, in every format (docs/export-format.md); and
// backups, the same JSON document with the accounts in it. Files are written to a temporary name in the
// target folder and renamed at the end, so an interrupted export never leaves a half-written file behind.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writev, createWriteStream } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import yazl from 'yazl';
import {
  AppError,
  COLLECTIONS,
  CSV_TABLES,
  EXPORT_FORMAT_VERSION,
  WEB_ANNOTATION_CONTEXT,
  claimToWebAnnotation,
  csvLine,
  jsonlHeader,
  verdictToClaimReview,
  type ActorMeta,
  type Collection,
  type EventMeta,
  type ExportHeader,
  type ExportKind,
  type SourceMeta,
  type StandardsLookup,
  type UserRecord,
} from '@claimline/core';
import { databaseTarget, openExportReader, snapshotDatabase, withSqliteStage, type Db, type ExportReader, type ExportSlice } from '@claimline/db';

export const EXPORT_FORMATS = ['json', 'jsonl', 'csv', 'sqlite', 'webannotation', 'claimreview'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** File name extension and media type of each format's download. */
export const EXPORT_MEDIA: Record<ExportFormat, { ext: string; type: string }> = {
  json: { ext: 'json', type: 'application/json; charset=utf-8' },
  jsonl: { ext: 'jsonl', type: 'application/x-ndjson; charset=utf-8' },
  csv: { ext: 'zip', type: 'application/zip' },
  sqlite: { ext: 'sqlite', type: 'application/vnd.sqlite3' },
  webannotation: { ext: 'jsonld', type: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8' },
  claimreview: { ext: 'jsonld', type: 'application/ld+json; charset=utf-8' },
};

export interface ExportProgress {
  /** Records written so far and in all (for sqlite: 0/1 then 1/1). */
  done: number;
  total: number;
  phase: string;
}

export interface ExportOptions {
  slice?: ExportSlice;
  /** Editor origin for links back to claims (Web Annotation `via`, ClaimReview `url`). */
  origin?: string;
  onProgress?: (p: ExportProgress) => void;
  signal?: AbortSignal;
  /** Replace an existing file or folder at the output path. */
  force?: boolean;
  /** Fixed export time (tests). */
  now?: Date;
}

export interface ExportResult {
  format: ExportFormat;
  path: string;
  counts: Record<Collection, number>;
  bytes: number;
}

function header(reader: ExportReader, slice: ExportSlice | undefined, now: Date, kind: ExportKind = 'export'): ExportHeader {
  return {
    formatVersion: EXPORT_FORMAT_VERSION,
    kind,
    exportedAt: now.toISOString(),
    slice: reader.sliced
      ? { sourceIds: [...(slice?.sourceIds ?? [])], eventIds: [...(slice?.eventIds ?? [])], since: slice?.since ? slice.since.toISOString() : null }
      : null,
  };
}

/** Collects small strings into chunks of 64 K characters: few writes, and chunks small enough to die young (flat memory). */
class Chunker {
  private parts: string[] = [];
  private size = 0;
  add(s: string): Buffer | null {
    this.parts.push(s);
    this.size += s.length;
    if (this.size < 1 << 16) return null;
    return this.flush();
  }
  flush(): Buffer | null {
    if (!this.parts.length) return null;
    const out = Buffer.from(this.parts.join(''));
    this.parts = [];
    this.size = 0;
    return out;
  }
}

type Tick = (records?: number) => void;

function progressTicker(total: number, phase: string, onProgress?: (p: ExportProgress) => void): { tick: Tick; done: () => number } {
  let done = 0;
  let last = 0;
  return {
    tick: (records = 1) => {
      done += records;
      if (onProgress && (done - last >= 5000 || done === total)) {
        last = done;
        onProgress({ done, total, phase });
      }
    },
    done: () => done,
  };
}

const utf8 = (s: string) => Buffer.from(s);

/**
 * The JSON export document as UTF-8 chunks: one record per line inside each collection's array. The records
 * come from SQLite in batches of bytes (never decoded into strings); the chunks are written as they are.
 */
export function* jsonChunks(reader: ExportReader, head: ExportHeader, tick: Tick = () => {}): Generator<Uint8Array> {
  yield utf8(
    `{"formatVersion":${head.formatVersion},\n"kind":${JSON.stringify(head.kind)},\n"exportedAt":${JSON.stringify(head.exportedAt)},\n"slice":${JSON.stringify(head.slice)}`,
  );
  for (const collection of COLLECTIONS) {
    let open = `,\n${JSON.stringify(collection)}:[\n`;
    let empty = true;
    for (const batch of reader.jsonBatches(collection)) {
      yield utf8(open);
      open = ',\n';
      empty = false;
      yield batch.bytes;
      tick(batch.rows);
    }
    yield utf8(empty ? `${open}]` : '\n]');
  }
  yield utf8('}\n');
}

/** JSON Lines: the header, then every record with its `type` (an event's own type as `eventType`), rendered by SQLite. */
export function* jsonlChunks(reader: ExportReader, head: ExportHeader, tick: Tick = () => {}): Generator<Uint8Array> {
  yield utf8(jsonlHeader(head));
  for (const collection of COLLECTIONS) {
    for (const batch of reader.jsonBatches(collection, { jsonl: true })) {
      yield batch.bytes;
      tick(batch.rows);
    }
  }
}

/** Metadata of the records claims point at, held in memory (small next to claims and texts). */
function standardsLookup(reader: ExportReader, origin: string | undefined): StandardsLookup {
  const sources = new Map<number, SourceMeta>();
  for (const s of reader.records('sources'))
    sources.set(s.id, { id: s.id, title: s.title, outlet: s.outlet, url: s.url, language: s.language, published: s.published, authors: s.authors });
  const actors = new Map<number, ActorMeta>();
  for (const a of reader.records('actors')) actors.set(a.id, { id: a.id, name: a.name, kind: a.kind, wikidata: a.wikidata });
  const events = new Map<number, EventMeta>();
  for (const e of reader.records('events')) events.set(e.id, { id: e.id, title: e.title, date: e.date, place: e.place });
  const users = new Map<number, UserRecord>();
  for (const u of reader.records('users')) users.set(u.id, u);
  return { source: (id) => sources.get(id), actor: (id) => actors.get(id), event: (id) => events.get(id), user: (id) => users.get(id), origin };
}

export function* webAnnotationChunks(reader: ExportReader, head: ExportHeader, origin?: string, tick: Tick = () => {}): Generator<Uint8Array> {
  const lookup = standardsLookup(reader, origin);
  const total = reader.counts().claims;
  const c = new Chunker();
  c.add(
    `{"@context":${JSON.stringify(WEB_ANNOTATION_CONTEXT)},\n"id":${JSON.stringify(`urn:claimline:export:${head.exportedAt}`)},\n"type":"AnnotationCollection",\n` +
      `"label":"Claimline claims","generated":${JSON.stringify(head.exportedAt)},"total":${total},\n"first":{"type":"AnnotationPage","startIndex":0,"items":[`,
  );
  let first = true;
  for (const claim of reader.claimsWithLinks()) {
    const { links, ...record } = claim;
    const out = c.add((first ? '\n' : ',\n') + JSON.stringify(claimToWebAnnotation(record, links, lookup)));
    first = false;
    tick();
    if (out) yield out;
  }
  c.add('\n]}}\n');
  const rest = c.flush();
  if (rest) yield rest;
}

export function* claimReviewChunks(reader: ExportReader, head: ExportHeader, origin?: string, tick: Tick = () => {}): Generator<Uint8Array> {
  const lookup = standardsLookup(reader, origin);
  const c = new Chunker();
  c.add(`{"@context":"https://schema.org",\n"dateCreated":${JSON.stringify(head.exportedAt)},\n"@graph":[`);
  let first = true;
  for (const { verdict, claim } of reader.verdictsWithClaims()) {
    const out = c.add((first ? '\n' : ',\n') + JSON.stringify(verdictToClaimReview(verdict, claim, lookup)));
    first = false;
    tick();
    if (out) yield out;
  }
  c.add('\n]}\n');
  const rest = c.flush();
  if (rest) yield rest;
}

/** The CSV files of every table in turn, as chunks of UTF-8 (header row first); rows rendered by the reader. */
export function* csvRows(reader: ExportReader, tick: Tick = () => {}): Generator<{ file: string; chunk: Uint8Array }> {
  for (const collection of COLLECTIONS) {
    for (const [i, t] of CSV_TABLES[collection].entries()) {
      yield { file: t.file, chunk: utf8(csvLine(t.columns)) };
      for (const batch of reader.csvBatches(t.file)) {
        yield { file: t.file, chunk: batch.bytes };
        if (i === 0) tick(batch.rows);
      }
    }
  }
}

/** A temporary name beside `target`, so the final rename stays on one file system. */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
}

function checkTarget(out: string, force: boolean | undefined) {
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  if (existsSync(out) && !force) throw new AppError('BAD_REQUEST', `--out: ${out} already exists (use --force to replace it)`, 'out');
}

const writevAsync = promisify(writev);

function aborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new AppError('BAD_REQUEST', 'export interrupted: nothing was written');
}

/** Writes every byte of `buffers` to `fd` (a short write goes on with the rest). */
async function writeAll(fd: number, buffers: Uint8Array[]): Promise<void> {
  while (buffers.length) {
    let { bytesWritten: written } = await writevAsync(fd, buffers);
    let i = 0;
    while (i < buffers.length && written >= buffers[i]!.length) written -= buffers[i++]!.length;
    buffers = buffers.slice(i);
    if (written > 0) buffers[0] = buffers[0]!.subarray(written);
  }
}

/**
 * Writes chunks to file descriptors, consecutive chunks of one file gathered into writes of about 1 MiB
 * (writev: no copying). One write is in flight (on libuv's thread pool) while the next chunks are rendered,
 * so rendering and writing overlap; at most two such batches are held at a time. Awaiting each write gives
 * the event loop a turn (for Ctrl-C).
 */
async function drainFiles(chunks: Iterable<[fd: number, chunk: Uint8Array]>, signal?: AbortSignal): Promise<void> {
  let pending: Uint8Array[] = [];
  let pendingFd = -1;
  let size = 0;
  let inflight: Promise<void> = Promise.resolve();
  const send = async () => {
    const [batch, fd] = [pending, pendingFd];
    pending = [];
    size = 0;
    await inflight;
    aborted(signal);
    inflight = writeAll(fd, batch);
    // Awaited before the next write or at the end; a failure meanwhile is not "unhandled".
    inflight.catch(() => {});
  };
  for (const [fd, chunk] of chunks) {
    if (fd !== pendingFd && pending.length) await send();
    pendingFd = fd;
    pending.push(chunk);
    size += chunk.length;
    if (size >= 1 << 20 || pending.length >= 512) await send();
  }
  if (pending.length) await send();
  await inflight;
}

function* toFd(chunks: Iterable<Uint8Array>, fd: number): Generator<[number, Uint8Array]> {
  for (const chunk of chunks) yield [fd, chunk];
}

const drain = (chunks: Iterable<Uint8Array>, fd: number, signal?: AbortSignal) => drainFiles(toFd(chunks, fd), signal);

function replace(tmp: string, out: string) {
  if (existsSync(out)) rmSync(out, { recursive: true, force: true });
  renameSync(tmp, out);
}

/** Zips the files of a folder (in the order given) into `zipPath`. */
async function zipFolder(folder: string, files: string[], zipPath: string, signal?: AbortSignal): Promise<void> {
  const zip = new yazl.ZipFile();
  const sink = createWriteStream(zipPath);
  const finished = new Promise<void>((resolve, reject) => {
    sink.on('close', resolve);
    sink.on('error', reject);
    zip.outputStream.on('error', reject);
  });
  zip.outputStream.pipe(sink);
  for (const f of files) zip.addFile(path.join(folder, f), f, { compress: true });
  zip.end();
  const abort = () =>
    (zip.outputStream as unknown as { destroy: (e: Error) => void }).destroy(new AppError('BAD_REQUEST', 'export interrupted: nothing was written'));
  signal?.addEventListener('abort', abort, { once: true });
  try {
    await finished;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}

/**
 * Runs one export of the database file `dbFile` to `out`. csv writes a folder, or a zip when `out`
 * ends in .zip; sqlite writes a snapshot file; the other formats write one document.
 */
/** Exports the database (an open client, or its file) to `out`. */
export async function exportDatabase(db: Db | string, format: ExportFormat, out: string, options: ExportOptions = {}): Promise<ExportResult> {
  const target = databaseTarget(db);
  // PostgreSQL: the same export of a SQLite copy taken in one read transaction (postgres-stage.ts).
  if (target.engine === 'postgresql') {
    if (!EXPORT_FORMATS.includes(format)) throw new AppError('BAD_REQUEST', `--format: must be one of ${EXPORT_FORMATS.join(', ')}`, 'format');
    checkTarget(out, options.force);
    return withSqliteStage(target.url, { searchIndex: format === 'sqlite' }, (file) => exportDatabase(file, format, out, options));
  }
  const dbFile = target.file;
  if (!EXPORT_FORMATS.includes(format)) throw new AppError('BAD_REQUEST', `--format: must be one of ${EXPORT_FORMATS.join(', ')}`, 'format');
  checkTarget(out, options.force);
  aborted(options.signal);
  const tmp = tempPathFor(out);
  const cleanup = () => rmSync(tmp, { recursive: true, force: true });
  try {
    if (format === 'sqlite') {
      options.onProgress?.({ done: 0, total: 1, phase: 'snapshot' });
      snapshotDatabase(dbFile, tmp, options.slice);
      aborted(options.signal);
      const reader = openExportReader(tmp);
      let counts: Record<Collection, number>;
      try {
        counts = reader.counts();
      } finally {
        reader.close();
      }
      options.onProgress?.({ done: 1, total: 1, phase: 'snapshot' });
      replace(tmp, out);
      return { format, path: out, counts, bytes: statSync(out).size };
    }
    const reader = openExportReader(dbFile, options.slice);
    try {
      const counts = reader.counts();
      const head = header(reader, options.slice, options.now ?? new Date());
      const totals = { json: sum(counts), jsonl: sum(counts), csv: sum(counts), webannotation: counts.claims, claimreview: counts.verdicts }[format];
      const { tick } = progressTicker(totals, format, options.onProgress);
      if (format === 'csv') {
        const zip = out.toLowerCase().endsWith('.zip');
        const folder = zip ? `${tmp}.d` : tmp;
        mkdirSync(folder, { recursive: true });
        const fds = new Map<string, number>();
        try {
          const fdOf = (file: string) => {
            let fd = fds.get(file);
            if (fd === undefined) fds.set(file, (fd = openSync(path.join(folder, file), 'w')));
            return fd;
          };
          await drainFiles(
            (function* () {
              for (const { file, chunk } of csvRows(reader, tick)) yield [fdOf(file), chunk] as [number, Uint8Array];
            })(),
            options.signal,
          );
          aborted(options.signal);
          for (const fd of fds.values()) fsyncSync(fd);
        } finally {
          for (const fd of fds.values()) closeSync(fd);
        }
        if (zip) {
          try {
            await zipFolder(folder, [...fds.keys()], tmp, options.signal);
          } finally {
            rmSync(folder, { recursive: true, force: true });
          }
        }
        replace(tmp, out);
        return { format, path: out, counts, bytes: zip ? statSync(out).size : [...fds.keys()].reduce((b, f) => b + statSync(path.join(out, f)).size, 0) };
      }
      const chunks =
        format === 'json'
          ? jsonChunks(reader, head, tick)
          : format === 'jsonl'
            ? jsonlChunks(reader, head, tick)
            : format === 'webannotation'
              ? webAnnotationChunks(reader, head, options.origin, tick)
              : claimReviewChunks(reader, head, options.origin, tick);
      const fd = openSync(tmp, 'w');
      try {
        await drain(chunks, fd, options.signal);
        aborted(options.signal);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      replace(tmp, out);
      return { format, path: out, counts, bytes: statSync(out).size };
    } finally {
      reader.close();
    }
  } catch (e) {
    cleanup();
    rmSync(`${tmp}.d`, { recursive: true, force: true });
    throw e;
  }
}

const sum = (c: Record<Collection, number>) => Object.values(c).reduce((a, b) => a + b, 0);

export type BackupOptions = Pick<ExportOptions, 'onProgress' | 'signal' | 'force' | 'now'>;

/**
 * A backup for disaster recovery: the JSON document of a whole-database export (JSON Lines when `out`
 * ends in .jsonl or .ndjson) with kind "backup", whose users carry their accounts (email, password hash,
 * disabled flag) and whose audit snapshots are whole. Never sessions. Read in one read transaction on
 * its own connection, so it is consistent while the editor writes. The file is readable by its owner
 * only (it holds password hashes); `claimline restore` brings it back, accounts included.
 */
export async function backupDatabase(db: Db | string, out: string, options: BackupOptions = {}): Promise<ExportResult> {
  const target = databaseTarget(db);
  if (target.engine === 'postgresql') {
    checkTarget(out, options.force);
    return withSqliteStage(target.url, {}, (file) => backupDatabase(file, out, options));
  }
  const dbFile = target.file;
  checkTarget(out, options.force);
  aborted(options.signal);
  const jsonl = /\.(jsonl|ndjson)$/i.test(out);
  const tmp = tempPathFor(out);
  try {
    const reader = openExportReader(dbFile, {}, { accounts: true });
    try {
      const counts = reader.counts();
      const head = header(reader, undefined, options.now ?? new Date(), 'backup');
      const { tick } = progressTicker(sum(counts), 'backup', options.onProgress);
      const fd = openSync(tmp, 'w', 0o600);
      try {
        await drain(jsonl ? jsonlChunks(reader, head, tick) : jsonChunks(reader, head, tick), fd, options.signal);
        aborted(options.signal);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      replace(tmp, out);
      return { format: jsonl ? 'jsonl' : 'json', path: out, counts, bytes: statSync(out).size };
    } finally {
      reader.close();
    }
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * The chunks of a text-format export, for streaming a download: the reader stays open (one read
 * transaction) until the stream ends or is cancelled.
 */
export function exportStream(
  db: Db | string,
  format: 'json' | 'jsonl' | 'webannotation' | 'claimreview',
  options: ExportOptions = {},
): ReadableStream<Uint8Array> {
  const target = databaseTarget(db);
  if (target.engine === 'postgresql') {
    // The copy is taken first; the download then streams from it, at the reader's pace, and the copy goes when it ends.
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    withSqliteStage(target.url, {}, (file) => exportStream(file, format, options).pipeTo(writable)).catch((e: unknown) => writable.abort(e).catch(() => {}));
    return readable;
  }
  const reader = openExportReader(target.file, options.slice);
  const head = header(reader, options.slice, options.now ?? new Date());
  const chunks =
    format === 'json'
      ? jsonChunks(reader, head)
      : format === 'jsonl'
        ? jsonlChunks(reader, head)
        : format === 'webannotation'
          ? webAnnotationChunks(reader, head, options.origin)
          : claimReviewChunks(reader, head, options.origin);
  let closed = false;
  const close = () => {
    if (!closed) {
      closed = true;
      reader.close();
    }
  };
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      try {
        const next = chunks.next();
        if (next.done) {
          close();
          controller.close();
        } else controller.enqueue(next.value);
      } catch (e) {
        close();
        controller.error(e);
      }
    },
    cancel() {
      chunks.return(undefined);
      close();
    },
  });
}
