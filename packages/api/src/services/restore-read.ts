// The restore's reading half: the file's bytes hashed, decoded, cut into records (JSON or JSON Lines), each
// record checked on its own (its schema, recordProblems) and turned into the rows it becomes (recordRows),
// with the references that only the database can resolve. It runs in a worker thread for large files
// (restore-read-worker.mjs), so the next records are read while the main thread checks what needs the
// database and writes; small files read on the main thread, through the same generator. Imports neither the
// database client nor its driver.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import {
  AppError,
  COLLECTIONS,
  COLLECTION_OF_TYPE,
  JsonExportScanner,
  JsonScanError,
  checkRecord,
  fromJsonlRecord,
  parseHeader,
  recordProblems,
  recordRefs,
  type AppErrorCode,
  type CheckedRecord,
  type Collection,
  type ExportHeader,
  type RecordOf,
  type RecordRef,
  type RestoreProblem,
} from '@claimline/core';
import { KEYS_CHECK_REFERENCES_FROM, recordRows, type Rows } from '@claimline/db/restore-rows';
import { contentHash } from './content-hash.ts';

export interface Item {
  arrayStart?: boolean;
  collection: Collection | null;
  key: string;
  index: number | null;
  line: number;
  /** The value as read; left out of a record once `checked` holds it parsed. */
  value: unknown;
  /** A record that failed its schema (its issues), or a user (parsed: whether it is written depends on the database). */
  checked?: CheckedRecord;
  /** Any other record that passed its schema: how many rows it became (in the batch's `rows`, after the records before). */
  rows?: number;
  /** Its id. */
  id?: number;
  /** Its references the database's keys do not check as rows are written. */
  refs?: RecordRef[];
  /** What recordProblems found. */
  problems?: RestoreProblem[];
}

export interface ReadBatch {
  items: Item[];
  /** The rows of the batch's records (recordRows). */
  rows: Rows;
  /** Bytes of the file read so far. */
  bytes: number;
}

/** The members of an export's header. */
export const HEADER_KEYS = new Set(['formatVersion', 'kind', 'exportedAt', 'slice']);

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
  // Chunks of 64 KiB: each becomes one batch, and the smaller the batch, the less of it is alive when the young
  // generation is collected (with 256 KiB ones, a quarter of the reading thread's time went to collecting garbage).
  const stream = createReadStream(file, { highWaterMark: 1 << 16 });
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

/**
 * The file's items in batches, each record checked on its own for the file's header (gathered the way the
 * restore gathers it: the header members before the first other item) and turned into rows. Returns the
 * file's SHA-256. A record that cannot be turned into rows ends the reading after the records before it.
 */
export async function* readCheckedBatches(file: string): AsyncGenerator<ReadBatch, string> {
  const hash = createHash('sha256');
  let bytes = 0;
  const raw: Record<string, unknown> = {};
  let header: ExportHeader | null = null;
  let headerDone = false;
  for await (const items of readItems(file, hash, (n) => (bytes += n))) {
    const rows: Rows = { tables: [], values: [] };
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (item.arrayStart) continue;
      if (item.key === 'header' || HEADER_KEYS.has(item.key)) {
        if (headerDone) continue;
        if (item.key === 'header') Object.assign(raw, item.value);
        else raw[item.key] = item.value;
        continue;
      }
      if (!headerDone) {
        headerDone = true;
        header = parseHeader(raw);
      }
      const collection = item.collection;
      if (!collection || item.index === null) continue;
      try {
        const checked = checkRecord(header, collection, item.value);
        item.value = undefined;
        if (!checked.success || collection === 'users') {
          item.checked = checked;
          continue;
        }
        const record = checked.data as RecordOf[Collection];
        const where = { line: item.line, path: `$.${item.key}[${item.index}]` };
        const immediate = COLLECTIONS.indexOf(collection) >= KEYS_CHECK_REFERENCES_FROM;
        const refs = recordRefs(collection, record, where).filter((r) => !(r.enforced && immediate));
        const problems = recordProblems(collection, record, where, contentHash);
        item.id = record.id;
        if (refs.length) item.refs = refs;
        if (problems.length) item.problems = problems;
        item.rows = recordRows(collection, record, rows);
      } catch (e) {
        // The records before this one first, as one at a time would have had them (their problems may end the restore first).
        yield { items: items.slice(0, i), rows, bytes };
        throw e;
      }
    }
    yield { items, rows, bytes };
  }
  return hash.digest('hex');
}

/** What the reading worker sends: batches in order, then the end (with the hash) or the error that stopped it. */
type Message =
  | { type: 'batch'; batch: ReadBatch }
  | { type: 'end'; sha256: string }
  | { type: 'error'; kind: 'scan' | 'app' | 'other'; code?: AppErrorCode; line?: number; message: string };

/** Batches sent and not yet taken that the worker waits at (each holds 64 KiB of the file, parsed). */
const IN_FLIGHT = 2;
/** Indices into the shared control array: batches in flight, and the main thread's "stop". */
const FLIGHT = 0;
/** The reading thread's old generation, in MB. */
const WORKER_HEAP_MB = 96;
const STOP = 1;

/** The worker's side (restore-read-worker.mjs): reads the file of workerData and posts its batches. */
export async function runReadWorker(): Promise<void> {
  const { file, control } = workerData as { file: string; control: SharedArrayBuffer };
  const ctl = new Int32Array(control);
  const post = (m: Message) => parentPort!.postMessage(m);
  try {
    const batches = readCheckedBatches(file);
    for (;;) {
      const next = await batches.next();
      if (next.done) {
        post({ type: 'end', sha256: next.value });
        return;
      }
      // Wait while the main thread has enough to do: memory stays bounded whatever the file's size.
      for (let n = Atomics.load(ctl, FLIGHT); n >= IN_FLIGHT; n = Atomics.load(ctl, FLIGHT)) {
        if (Atomics.load(ctl, STOP)) return;
        Atomics.wait(ctl, FLIGHT, n, 200);
      }
      if (Atomics.load(ctl, STOP)) return;
      Atomics.add(ctl, FLIGHT, 1);
      post({ type: 'batch', batch: next.value });
    }
  } catch (e) {
    if (e instanceof JsonScanError) post({ type: 'error', kind: 'scan', line: e.line, message: e.message.slice(`line ${e.line}: `.length) });
    else if (e instanceof AppError) post({ type: 'error', kind: 'app', code: e.code, message: e.message });
    else post({ type: 'error', kind: 'other', message: (e as Error)?.message ?? String(e) });
  }
}

/**
 * readCheckedBatches run in a worker thread: the same batches, the same errors (a JsonScanError comes back as
 * one), while this thread works on the batches before. Stopping early (return, throw) stops the worker.
 */
export async function* readCheckedBatchesInWorker(file: string): AsyncGenerator<ReadBatch, string> {
  const control = new SharedArrayBuffer(8);
  const ctl = new Int32Array(control);
  // Bounded heaps: the reader's garbage is short-lived, and the process's peak memory is what counts (V8 lets an
  // unbounded heap grow to twice this before collecting). A valid record (a source of MAX_SOURCE_CHARS, escaped
  // at worst) fits many times over; a larger one stops the restore with a clear reason.
  // The constructor is taken from the runtime, not the import: Next's bundler (Turbopack) compiles every
  // `new Worker(…)` of node:worker_threads it sees into its bundle, tsx and all, and fails. The editor's bundle
  // never restores (its tRPC calls are served by packages/api under tsx: apps/editor/server.mjs).
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const worker = new Worker(path.join(import.meta.dirname, 'restore-read-worker.mjs'), {
    workerData: { file, control },
    // 12 MB of young generation: 16 was faster but the process peaked over 300 MB at a million claims, 8 under it but slower (README).
    resourceLimits: { maxYoungGenerationSizeMb: 12, maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  const queue: (Message | { type: 'failed'; error: Error })[] = [];
  let wake: (() => void) | null = null;
  const push = (m: Message | { type: 'failed'; error: Error }) => {
    queue.push(m);
    wake?.();
    wake = null;
  };
  worker.on('message', (m: Message) => push(m));
  worker.on('error', (error: Error & { code?: string }) =>
    push({
      type: 'failed',
      error:
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new AppError('BAD_REQUEST', `${path.basename(file)}: a record is too large to read (more than the reading thread's ${WORKER_HEAP_MB} MB)`)
          : error,
    }),
  );
  worker.on('exit', (code) => push({ type: 'failed', error: new Error(`the restore's reading thread stopped (exit code ${code})`) }));
  try {
    for (;;) {
      while (!queue.length) await new Promise<void>((resolve) => (wake = resolve));
      const m = queue.shift()!;
      switch (m.type) {
        case 'batch':
          Atomics.sub(ctl, FLIGHT, 1);
          Atomics.notify(ctl, FLIGHT);
          yield m.batch;
          break;
        case 'end':
          return m.sha256;
        case 'error':
          if (m.kind === 'scan') throw new JsonScanError(m.line!, m.message);
          if (m.kind === 'app') throw new AppError(m.code!, m.message);
          throw new Error(m.message);
        case 'failed':
          throw m.error;
      }
    }
  } finally {
    Atomics.store(ctl, STOP, 1);
    Atomics.notify(ctl, FLIGHT);
    worker.removeAllListeners();
    await worker.terminate();
  }
}
