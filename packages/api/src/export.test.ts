// Export and restore on a real database: every format, the JSON Schema, exact quotes at code point
// offsets (Arabic and astral-plane text), round trips on the demo and on synthetic data, slices, the
// SQLite snapshot under concurrent writes, and hostile restore files refused with nothing written.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import Database from 'better-sqlite3';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, CSV_TABLES, csvLine, sliceCodePoints, toJsonlRecord, toReviewRating, type RatingId } from '@claimline/core';
import { migrate, openDb, openExportReader, resolveDatabasePath, synthesizeInto, writeTx, type ExportSlice } from '@claimline/db';
import { postgresDatabase, testEngine } from '@claimline/db/test/postgres-db';
import { createHarness, type Harness } from './test/harness.ts';
import { loadDemo } from './services/demo.ts';
import { importSource } from './services/sources.ts';
import { createClaim } from './services/claims.ts';
import { exportDatabase, type ExportFormat } from './services/export.ts';
import { restoreDatabase } from './services/restore.ts';
import { collectArticleFiles, importArticleFile, splitFrontMatter } from './services/import-files.ts';

const schema = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../docs/export-format.schema.json'), 'utf8'));
const validateSchema = new Ajv({ allErrors: true, strict: false }).compile(schema);

/**
 * What tests SQLite's own machinery (its export reader, its file under another process's writes): skipped on
 * PostgreSQL, whose exports run that same code on a staged SQLite copy (postgres-stage.ts).
 */
const itOnSqlite = testEngine === 'postgresql' ? it.skip : it;
const describeOnSqlite = testEngine === 'postgresql' ? describe.skip : describe;

let h: Harness;
let dbFile: string;
let out: string;
const now = new Date('2026-01-01T00:00:00.000Z');
const mixedText = 'قال وزير الخارجية أسعد الشيباني إن الاجتماع عُقد في موسكو.\n\nA flag 🇸🇾 and a face 😀 precede “the quote” — then 𝒜𝓈𝓉𝓇𝒶𝓁 math.\n';

beforeAll(async () => {
  h = await createHarness();
  dbFile = testEngine === 'postgresql' ? h.url : resolveDatabasePath(h.url);
  out = path.join(h.dir, 'out');
  mkdirSync(out);
  const demo = await loadDemo(h.db, { reviewerId: h.users.reviewer.id });
  expect(demo.counts.resolved).toBeGreaterThan(0);
  expect(demo.counts.verdicts).toBeGreaterThan(0);
  await writeTx(h.db, async (tx) => {
    const { source } = await importSource(tx, h.users.annotator.id, { text: mixedText, title: 'Mixed scripts', outlet: 'Test', language: 'ar' });
    const cps = [...mixedText];
    for (const exact of ['أسعد الشيباني', '🇸🇾', '😀 precede “the quote”', '𝒜𝓈𝓉𝓇𝒶𝓁']) {
      const start = [...mixedText.slice(0, mixedText.indexOf(exact))].length;
      await createClaim(tx, h.users.annotator.id, { sourceId: source.id, start, end: start + [...exact].length, status: 'accepted' });
      expect(cps.slice(start, start + [...exact].length).join('')).toBe(exact);
    }
  });
});
afterAll(async () => h?.close());

const run = (format: ExportFormat, file: string, opts: Parameters<typeof exportDatabase>[3] = {}) =>
  exportDatabase(dbFile, format, path.join(out, file), { now, force: true, ...opts });
const readJson = (file: string) => JSON.parse(readFileSync(path.join(out, file), 'utf8'));

/** A new, migrated database: a SQLite file, or on PostgreSQL (CLAIMLINE_TEST_ENGINE) a database of the run's cluster (its URL). */
async function freshDb(name: string) {
  if (testEngine === 'postgresql') return postgresDatabase();
  const url = `file:${path.join(h.dir, name)}`;
  await migrate(url);
  return resolveDatabasePath(url);
}

/** The restore adds one audit entry (action "restore") at the end; everything else must be identical. */
function withoutRestoreEntry(doc: Record<string, any>) {
  const audit = doc.audit as { action: string }[];
  expect(audit.at(-1)!.action).toBe('restore');
  return { ...doc, audit: audit.slice(0, -1) };
}

describe('json export', () => {
  it('is valid against docs/export-format.schema.json and carries no secrets', async () => {
    const r = await run('json', 'all.json');
    const doc = readJson('all.json');
    const ok = validateSchema(doc);
    expect(validateSchema.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(Object.keys(doc)).toEqual([
      'formatVersion',
      'kind',
      'exportedAt',
      'slice',
      'users',
      'sources',
      'actors',
      'events',
      'claims',
      'links',
      'disputes',
      'verdicts',
      'audit',
    ]);
    expect(doc.claims).toHaveLength(r.counts.claims);
    expect(doc.verdicts.length).toBeGreaterThan(0);
    expect(doc.disputes.some((d: { status: string }) => d.status === 'resolved')).toBe(true);
    const text = readFileSync(path.join(out, 'all.json'), 'utf8');
    expect(doc).toMatchObject({ formatVersion: 2, kind: 'export' });
    expect(text).not.toMatch(/passwordHash|\$argon2|@test\.example|expiresAt|"disabled"/);
    for (const u of doc.users) expect(Object.keys(u)).toEqual(['id', 'name', 'role', 'version', 'createdAt', 'updatedAt']);
  });

  it('every exact quote equals the source text at its code point offsets, Arabic and astral-plane included', () => {
    const doc = readJson('all.json');
    const texts = new Map<number, string>(doc.sources.map((s: { id: number; text: string }) => [s.id, s.text]));
    const mixed = doc.sources.find((s: { title: string }) => s.title === 'Mixed scripts');
    let astral = 0;
    for (const c of doc.claims) {
      const [pos, quote] = c.selectors;
      const text = texts.get(c.sourceId)!;
      expect(sliceCodePoints(text, pos.start, pos.end)).toBe(quote.exact);
      expect([...text].slice(pos.start, pos.end).join('')).toBe(quote.exact);
      expect(sliceCodePoints(text, pos.start - [...quote.prefix].length, pos.start)).toBe(quote.prefix);
      expect(sliceCodePoints(text, pos.end, pos.end + [...quote.suffix].length)).toBe(quote.suffix);
      if (c.sourceId === mixed.id && /[\u{10000}-\u{10FFFF}]/u.test(quote.exact)) astral++;
    }
    expect(astral).toBe(3);
  });

  it('export → restore → export gives the same document (apart from exportedAt and the restore entry)', async () => {
    const target = await freshDb('roundtrip.db');
    const r = await restoreDatabase(target, path.join(out, 'all.json'));
    expect(r.counts.claims).toBe(readJson('all.json').claims.length);
    await exportDatabase(target, 'json', path.join(out, 'again.json'), { now, force: true });
    expect(withoutRestoreEntry(readJson('again.json'))).toEqual(readJson('all.json'));
  });

  it('jsonl holds the same records, one per line with a type', async () => {
    await run('jsonl', 'all.jsonl');
    const lines = readFileSync(path.join(out, 'all.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ type: 'header', formatVersion: 2, kind: 'export', exportedAt: now.toISOString(), slice: null });
    const doc = readJson('all.json');
    expect(lines.filter((l) => l.type === 'claim').map(({ type: _t, ...c }) => c)).toEqual(doc.claims);
    expect(lines.filter((l) => l.type === 'audit')).toHaveLength(doc.audit.length);
    // A JSON Lines export restores too.
    const target = await freshDb('from-jsonl.db');
    expect((await restoreDatabase(target, path.join(out, 'all.jsonl'))).counts.claims).toBe(doc.claims.length);
  });
});

describe('csv, standards and sqlite', () => {
  it('csv files parse back to the same row counts (folder and zip)', async () => {
    const r = await run('csv', 'csv');
    const doc = readJson('all.json');
    const rows = (f: string) => parseCsv<Record<string, string>>(readFileSync(path.join(out, 'csv', f)), { columns: true, relax_column_count: false });
    expect(readdirSync(path.join(out, 'csv')).sort()).toEqual(
      [
        'actor_aliases',
        'actors',
        'attribution_hops',
        'audit',
        'claims',
        'dispute_claims',
        'disputes',
        'event_participants',
        'events',
        'links',
        'sources',
        'users',
        'verdicts',
      ].map((f) => `${f}.csv`),
    );
    expect(rows('claims.csv')).toHaveLength(r.counts.claims);
    expect(rows('sources.csv')).toHaveLength(r.counts.sources);
    expect(rows('links.csv')).toHaveLength(r.counts.links);
    expect(rows('audit.csv')).toHaveLength(r.counts.audit);
    expect(rows('attribution_hops.csv')).toHaveLength(doc.claims.reduce((n: number, c: { chain: unknown[] }) => n + c.chain.length, 0));
    expect(rows('actor_aliases.csv')).toHaveLength(doc.actors.reduce((n: number, a: { aliases: unknown[] }) => n + a.aliases.length, 0));
    expect(rows('dispute_claims.csv')).toHaveLength(doc.disputes.reduce((n: number, d: { claims: unknown[] }) => n + d.claims.length, 0));
    const sources = rows('sources.csv');
    for (const s of doc.sources) expect(sources.find((x) => Number(x.id) === s.id)!.text).toBe(s.text);
    const claims = rows('claims.csv');
    for (const c of doc.claims) expect(claims.find((x) => Number(x.id) === c.id)!.exact).toBe(c.selectors[1].exact);

    await run('csv', 'all.zip');
    const zip = readFileSync(path.join(out, 'all.zip'));
    expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    for (const f of ['claims.csv', 'sources.csv', 'audit.csv']) expect(zip.includes(Buffer.from(f))).toBe(true);
  });

  it('webannotation has one annotation per claim with both selectors; claimreview one review per verdict', async () => {
    await run('webannotation', 'all.jsonld', { origin: 'https://claims.example' });
    const doc = readJson('all.json');
    const wa = readJson('all.jsonld');
    expect(wa.type).toBe('AnnotationCollection');
    const items = wa.first.items as Record<string, any>[];
    expect(items).toHaveLength(doc.claims.length);
    for (const a of items) {
      const claim = doc.claims.find((c: { id: number }) => `urn:claimline:claim:${c.id}` === a.id);
      expect(a.target.selector).toEqual(claim.selectors);
    }
    const linked = items.filter((a) => a.body.some((b: { purpose: string }) => b.purpose === 'linking'));
    expect(linked.length).toBeGreaterThan(0);

    await run('claimreview', 'reviews.jsonld');
    const cr = readJson('reviews.jsonld');
    expect(cr['@graph']).toHaveLength(doc.verdicts.length);
    for (const [i, review] of (cr['@graph'] as Record<string, any>[]).entries()) {
      const v = doc.verdicts[i];
      const claim = doc.claims.find((c: { id: number }) => c.id === v.claimId);
      expect(review.claimReviewed).toBe(claim.selectors[1].exact);
      expect(review.reviewRating).toEqual(toReviewRating(v.rating as RatingId));
      expect(review.itemReviewed['@type']).toBe('Claim');
      expect(review.itemReviewed.appearance['@type']).toBe('CreativeWork');
    }
  });

  // The SQLite file itself, written to by another process during the snapshot: SQLite's own case.
  itOnSqlite('the sqlite snapshot opens and is consistent while another process writes; no sessions or password hashes', async () => {
    await h.db.session.create({ data: { id: 'x'.repeat(64), userId: h.users.admin.id, expiresAt: new Date(Date.now() + 1e6) } });
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'test/snapshot-writer.ts'), dbFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`writer exited ${code}`)));
      });
      await new Promise((r) => setTimeout(r, 200));
      for (let i = 0; i < 3; i++) {
        const file = `snap-${i}.sqlite`;
        const r = await run('sqlite', file);
        const snap = new Database(path.join(out, file), { readonly: true });
        try {
          const n = (sql: string) => (snap.prepare(sql).get() as { n: number }).n;
          expect(n('SELECT count(*) AS n FROM Session')).toBe(0);
          expect(n(`SELECT count(*) AS n FROM User WHERE passwordHash != '!'`)).toBe(0);
          expect(n('SELECT count(*) AS n FROM Claim')).toBe(r.counts.claims);
          // The writer commits an actor and its audit entry together: a consistent copy has both or neither.
          const actors = n(`SELECT count(*) AS n FROM Actor WHERE name LIKE 'Writer %'`);
          expect(n(`SELECT count(*) AS n FROM AuditEntry WHERE action = 'writer-probe'`)).toBe(actors);
          expect(n(`SELECT count(*) AS n FROM AuditEntry WHERE action = 'writer-probe' AND recordId NOT IN (SELECT id FROM Actor)`)).toBe(0);
          expect(snap.pragma('integrity_check', { simple: true })).toBe('ok');
          if (i === 2) expect(actors).toBeGreaterThan(0);
        } finally {
          snap.close();
        }
      }
    } finally {
      child.kill();
    }
    const live = new Database(dbFile, { readonly: true });
    expect((live.prepare(`SELECT count(*) AS n FROM User WHERE passwordHash LIKE '$argon2%'`).get() as { n: number }).n).toBeGreaterThan(0);
    live.close();
  });

  it('an interrupted export leaves no file behind', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(run('json', 'interrupted.json', { signal: controller.signal })).rejects.toThrow(/interrupted/);
    await expect(run('csv', 'interrupted-csv', { signal: controller.signal })).rejects.toThrow(/interrupted/);
    expect(readdirSync(out).filter((f) => f.includes('interrupted') || f.includes('.partial'))).toEqual([]);
  });
});

describeOnSqlite('fast paths (SQL-rendered JSON and CSV) agree with the record mappings', () => {
  const numberish = (rows: string[][]) => rows.map((r) => r.map((f) => (f !== '' && !Number.isNaN(Number(f)) ? String(Number(f)) : f)));
  it.each<[string, ExportSlice]>([
    ['whole database', {}],
    ['a slice', { sourceIds: [1], since: new Date('2000-01-01') }],
  ])('%s', (_name, slice) => {
    const reader = openExportReader(dbFile, slice);
    try {
      for (const c of COLLECTIONS) {
        const fast = [...reader.jsonLines(c)].map((l) => JSON.parse(l));
        expect(fast, c).toEqual([...reader.records(c)]);
        for (const t of CSV_TABLES[c] as { file: string; rows: (r: unknown) => unknown[][] }[]) {
          const expected = [...reader.records(c)]
            .flatMap((r) => t.rows(r))
            .map((row) => csvLine(row))
            .join('');
          const got = [...reader.csvLines(t.file)].join('');
          expect(numberish(parseCsv(got)), t.file).toEqual(numberish(parseCsv(expected)));
        }
      }
    } finally {
      reader.close();
    }
  });
});

describeOnSqlite('batches (the export fast path) hold the same rows as the row-by-row renderings', () => {
  it.each<[string, ExportSlice, boolean]>([
    ['whole database', {}, false],
    ['a slice', { sourceIds: [1], since: new Date('2000-01-01') }, false],
    ['a backup', {}, true],
  ])('%s, in batches of 1, 2 and 7 rows', (_name, slice, accounts) => {
    for (const batchRows of [1, 2, 7]) {
      const reader = openExportReader(dbFile, slice, { accounts, batchRows });
      try {
        for (const c of COLLECTIONS) {
          const lines = [...reader.jsonLines(c)];
          const text = (batches: Iterable<{ bytes: Buffer; rows: number }>, sep: string) => {
            let rows = 0;
            const parts = [...batches].map((b) => ((rows += b.rows), b.bytes.toString('utf8')));
            return { text: parts.join(sep), rows };
          };
          expect(text(reader.jsonBatches(c), ',\n'), c).toEqual({ text: lines.join(',\n'), rows: lines.length });
          const jsonl = text(reader.jsonBatches(c, { jsonl: true }), '');
          expect(
            jsonl.text
              .split('\n')
              .slice(0, -1)
              .map((l) => JSON.parse(l) as unknown),
            c,
          ).toEqual(lines.map((l) => toJsonlRecord(c, JSON.parse(l) as object)));
          if (accounts) continue;
          for (const t of CSV_TABLES[c]) expect(text(reader.csvBatches(t.file), '').text, t.file).toBe([...reader.csvLines(t.file)].join(''));
        }
      } finally {
        reader.close();
      }
    }
  });
});

describeOnSqlite('the backup reader (accounts) renders the same in SQL and in the mappings', () => {
  it('every collection', () => {
    const reader = openExportReader(dbFile, {}, { accounts: true });
    try {
      for (const c of COLLECTIONS)
        expect(
          [...reader.jsonLines(c)].map((l) => JSON.parse(l)),
          c,
        ).toEqual([...reader.records(c)]);
      expect(
        [...reader.records('users')].every((u) => typeof u.email === 'string' && u.passwordHash?.startsWith('$argon2id$') && typeof u.disabled === 'boolean'),
      ).toBe(true);
    } finally {
      reader.close();
    }
    expect(() => openExportReader(dbFile, { sourceIds: [1] }, { accounts: true })).toThrow(/cannot be sliced/);
  });
});

describe('slices', () => {
  it('--source keeps that source, its claims and everything they name, and restores on its own', async () => {
    const doc = readJson('all.json');
    const sourceId = doc.sources[0].id;
    await run('json', 'slice.json', { slice: { sourceIds: [sourceId] } });
    const s = readJson('slice.json');
    expect(validateSchema(s)).toBe(true);
    expect(s.slice).toEqual({ sourceIds: [sourceId], eventIds: [], since: null });
    expect(s.sources.map((x: { id: number }) => x.id)).toEqual([sourceId]);
    expect(s.claims.length).toBe(doc.claims.filter((c: { sourceId: number }) => c.sourceId === sourceId).length);
    const actorIds = new Set(s.actors.map((a: { id: number }) => a.id));
    for (const c of s.claims) if (c.claimantId) expect(actorIds.has(c.claimantId)).toBe(true);
    const target = await freshDb('slice.db');
    expect((await restoreDatabase(target, path.join(out, 'slice.json'))).counts.claims).toBe(s.claims.length);
  });

  it('a sliced sqlite snapshot holds the same records as the sliced JSON export', async () => {
    const doc = readJson('all.json');
    const sourceId = doc.sources[1].id;
    await run('json', 'slice2.json', { slice: { sourceIds: [sourceId] } });
    const r = await run('sqlite', 'slice2.sqlite', { slice: { sourceIds: [sourceId] } });
    const s = readJson('slice2.json');
    expect(r.counts.claims).toBe(s.claims.length);
    const snap = new Database(path.join(out, 'slice2.sqlite'), { readonly: true });
    try {
      const ids = (t: string) => (snap.prepare(`SELECT id FROM "${t}" ORDER BY id`).all() as { id: number }[]).map((x) => x.id);
      expect(ids('Source')).toEqual(s.sources.map((x: { id: number }) => x.id));
      expect(ids('Claim')).toEqual(s.claims.map((x: { id: number }) => x.id));
      expect(ids('Actor')).toEqual(s.actors.map((x: { id: number }) => x.id));
      expect(ids('Event')).toEqual(s.events.map((x: { id: number }) => x.id));
      expect(ids('Link')).toEqual(s.links.map((x: { id: number }) => x.id));
      expect(snap.pragma('foreign_key_check')).toEqual([]);
    } finally {
      snap.close();
    }
  });

  it('--event keeps the claims linked to it; --since only what changed since', async () => {
    const doc = readJson('all.json');
    const disputed = doc.disputes[0].eventId;
    await run('jsonl', 'event.jsonl', { slice: { eventIds: [disputed] } });
    const lines = readFileSync(path.join(out, 'event.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const links = lines.filter((l) => l.type === 'link');
    expect(links.length).toBeGreaterThan(0);
    expect(
      links.every((l) => l.eventId === disputed || doc.events.find((e: { id: number; parentId: number }) => e.id === l.eventId)?.parentId === disputed),
    ).toBe(true);
    expect(lines.filter((l) => l.type === 'dispute').map((d) => d.eventId)).toContain(disputed);

    await run('json', 'future.json', { slice: { since: new Date('2100-01-01') } });
    const future = readJson('future.json');
    expect([future.sources, future.claims, future.actors, future.audit].map((x) => x.length)).toEqual([0, 0, 0, 0]);
    await run('json', 'past.json', { slice: { since: new Date('2000-01-01') } });
    expect(readJson('past.json').claims).toHaveLength(doc.claims.length);
  });
});

describe('restore refuses bad files and writes nothing', () => {
  let base: Record<string, any>;
  let target: string;
  beforeAll(async () => {
    base = readJson('all.json');
    target = await freshDb('refuse.db');
  });

  const counts = async () => {
    const db = await openDb({ url: testEngine === 'postgresql' ? target : `file:${target}`, repairSearchIndex: false });
    try {
      return [
        await db.source.count(),
        await db.actor.count(),
        await db.event.count(),
        await db.claim.count(),
        await db.link.count(),
        await db.dispute.count(),
        await db.verdict.count(),
        await db.auditEntry.count(),
        await db.user.count(),
      ];
    } finally {
      await db.$disconnect();
    }
  };
  const clone = () => structuredClone(base);
  const cases: [string, () => string, RegExp][] = [
    [
      'a wrong type',
      () => {
        const d = clone();
        d.claims[3].sourceId = 'one';
        return JSON.stringify(d);
      },
      /claims\[3\]\.sourceId: .*number/,
    ],
    [
      'a dangling id',
      () => {
        const d = clone();
        d.links[0].eventId = 99_999;
        return JSON.stringify(d);
      },
      /links\[0\]\.eventId: event 99999 is not in the file/,
    ],
    [
      'a duplicate id',
      () => {
        const d = clone();
        d.actors[1].id = d.actors[0].id;
        return JSON.stringify(d);
      },
      /duplicate actors id/,
    ],
    [
      'a huge string',
      () => {
        const d = clone();
        d.actors[0].name = 'x'.repeat(5_000_000);
        return JSON.stringify(d);
      },
      /actors\[0\]\.name: must be at most 300/,
    ],
    [
      'a quote that does not match',
      () => {
        const d = clone();
        d.claims[0].selectors[1].exact = 'forged';
        return JSON.stringify(d);
      },
      /claims\[0\]\.selectors\[1\]\.exact: does not equal/,
    ],
    ['a truncated file', () => JSON.stringify(base, null, 0).slice(0, 40_000), /truncated|not valid JSON/],
    ['malformed JSON', () => '{"formatVersion":1,\n"exportedAt":"2026-01-01T00:00:00.000Z",\n"sources":[{"id":1,}]}', /line 3.*not valid JSON/],
    ['not an export', () => '{"hello":"world"}', /unknown member|formatVersion/],
    ['binary garbage', () => '\u0000\u0001\u00ff'.repeat(100), /expected "\{"/],
    ['a newer format version', () => JSON.stringify({ ...clone(), formatVersion: 3 }), /formatVersion: must be 1 or 2/],
    [
      'an account smuggled into a shareable export',
      () => {
        const d = clone();
        d.users[0].email = 'x@example.org';
        return JSON.stringify(d);
      },
      /users\[0\].*email/,
    ],
    ['a shareable export that calls itself a backup', () => JSON.stringify({ ...clone(), kind: 'backup' }), /users\[0\]\.email: .*expected string/],
    [
      'a password smuggled into a user',
      () => {
        const d = clone();
        d.users[0].passwordHash = 'x';
        return JSON.stringify(d);
      },
      /users\[0\].*passwordHash/,
    ],
    ['an extra member', () => JSON.stringify({ ...clone(), sessions: [] }), /\$\.sessions: unknown member/],
  ];

  // Large files are read in a worker thread (readInWorkerAboveBytes): each case both ways.
  const readers = [
    ['', {}],
    [' (read in a worker thread)', { readInWorkerAboveBytes: 0 }],
  ] as const;
  const casesBothWays = readers.flatMap(([how, options]) => cases.map(([name, make, reason]) => [`${name}${how}`, make, reason, options] as const));

  it.each(casesBothWays)('%s', async (_name, make, reason, options) => {
    const before = await counts();
    const file = path.join(h.dir, `bad-${_name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, make());
    await expect(restoreDatabase(target, file, options)).rejects.toThrow(reason);
    expect(await counts()).toEqual(before);
  });

  it('a reading thread that runs out of memory stops the restore with its reason, and nothing is written', async () => {
    const before = await counts();
    const d = clone();
    d.actors[0].description = 'x'.repeat(60_000_000);
    const file = path.join(h.dir, 'bad-enormous-record.json');
    writeFileSync(file, JSON.stringify(d));
    await expect(restoreDatabase(target, file, { readInWorkerAboveBytes: 0 })).rejects.toThrow(
      /bad-enormous-record\.json: (a record is too large to read|line \d+: actors\[0\] is larger than)/,
    );
    expect(await counts()).toEqual(before);
  });

  // The checks across records are the database's own during a restore (keys, foreign keys, a recursive
  // query): each still names the record's line and path, in the checker's words.
  const across: [string, (d: Record<string, any>) => RegExp][] = [
    [
      'a reference to a record further on that never comes',
      (d) => {
        d.sources[0].outletActorId = 99_998;
        return /line \d+, \$\.sources\[0\]\.outletActorId: actor 99998 is not in the file/;
      },
    ],
    [
      'a source that revises a missing source',
      (d) => {
        const i = d.sources.length - 1;
        d.sources[i].revisionOfId = 99_997;
        return new RegExp(`\\$\\.sources\\[${i}\\]\\.revisionOfId: source 99997 is not in the file`);
      },
    ],
    [
      'an event that is its own ancestor',
      (d) => {
        d.events[0].parentId = d.events[1].id;
        d.events[1].parentId = d.events[0].id;
        return /\$\.events: event \d+ is its own ancestor \(a cycle of parents\)/;
      },
    ],
    [
      'a participant who is not in the file',
      (d) => {
        const i = d.events.findIndex((e: any) => e.participants.length > 0);
        d.events[i].participants[0].actorId = 99_996;
        return new RegExp(`\\$\\.events\\[${i}\\]\\.participants\\[0\\]\\.actorId: actor 99996 is not in the file`);
      },
    ],
    [
      'an attribution hop through an actor who is not in the file',
      (d) => {
        const i = d.claims.findIndex((c: any) => c.chain.length > 0);
        d.claims[i].chain[0].actorId = 99_995;
        return new RegExp(`line \\d+, \\$\\.claims\\[${i}\\]\\.chain\\[0\\]\\.actorId: actor 99995 is not in the file`);
      },
    ],
    [
      'an asserted participant who is not in the file',
      (d) => {
        d.links[1].asserted.participants = { include: [99_994], exclude: [], exclusive: false };
        return /\$\.links\[1\]\.asserted\.participants\.include\[0\]: actor 99994 is not in the file/;
      },
    ],
    [
      'a verdict on a dispute that is not in the file',
      (d) => {
        const i = d.verdicts.length - 1;
        d.verdicts[i].disputeId = 99_993;
        return new RegExp(`\\$\\.verdicts\\[${i}\\]\\.disputeId: dispute 99993 is not in the file`);
      },
    ],
    [
      'a duplicate attribution hop id',
      (d) => {
        const i = d.claims.findIndex((c: any) => c.chain.length > 0);
        const j = d.claims.findIndex((c: any, k: number) => k > i && c.chain.length > 0);
        d.claims[j].chain[0].id = d.claims[i].chain[0].id;
        return new RegExp(`\\$\\.claims\\[${j}\\]\\.chain\\[0\\]: duplicate attribution hop id`);
      },
    ],
    [
      'the same text in two sources',
      (d) => {
        const copy = { ...d.sources[0], id: 99_992 };
        d.sources.push(copy);
        return new RegExp(`\\$\\.sources\\[${d.sources.length - 1}\\]\\.text: the same text appears in another source`);
      },
    ],
    [
      'a claim linked to one event twice',
      (d) => {
        d.links.push({ ...d.links[0], id: 99_991 });
        return new RegExp(`\\$\\.links\\[${d.links.length - 1}\\]: claim ${d.links[0].claimId} is linked to event ${d.links[0].eventId} twice`);
      },
    ],
    [
      'two disputes about one event',
      (d) => {
        d.disputes.push({ ...d.disputes[0], id: 99_990, claims: [] });
        return new RegExp(`\\$\\.disputes\\[${d.disputes.length - 1}\\]\\.eventId: event ${d.disputes[0].eventId} has two disputes`);
      },
    ],
  ];

  const acrossBothWays = readers.flatMap(([how, options]) => across.map(([name, change]) => [`${name}${how}`, change, options] as const));

  it.each(acrossBothWays)('%s', async (name, change, options) => {
    const before = await counts();
    const d = clone();
    const reason = change(d);
    const file = path.join(h.dir, `bad-${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(d, null, 1));
    await expect(restoreDatabase(target, file, options)).rejects.toThrow(reason);
    expect(await counts()).toEqual(before);
  });

  it('reports every problem it finds, the first one in the message', async () => {
    const d = clone();
    d.claims[0].selectors[1].exact = 'forged';
    d.links[0].eventId = 99_999;
    const file = path.join(h.dir, 'bad-several.json');
    writeFileSync(file, JSON.stringify(d));
    await expect(restoreDatabase(target, file)).rejects.toThrow(/claims\[0\]\.selectors\[1\]\.exact: does not equal.*\(and 1 more problem\)/);
  });

  it('refuses a database that is not empty', async () => {
    await expect(restoreDatabase(dbFile, path.join(out, 'all.json'))).rejects.toThrow(/not empty/);
  });
});

describe('synthetic data', () => {
  it('round-trips a synthetic database exactly', async () => {
    const file = await freshDb('synth.db');
    const r = await synthesizeInto(file, { claims: 1500, seed: 7 });
    expect(r.claims).toBe(1500);
    expect(r.disputes).toBeGreaterThan(0);
    expect(r.verdicts).toBeGreaterThan(0);
    await exportDatabase(file, 'json', path.join(out, 'synth.json'), { now, force: true });
    const doc = readJson('synth.json');
    expect(validateSchema(doc)).toBe(true);
    const target = await freshDb('synth-restored.db');
    await restoreDatabase(target, path.join(out, 'synth.json'));
    await exportDatabase(target, 'json', path.join(out, 'synth-again.json'), { now, force: true });
    expect(withoutRestoreEntry(readJson('synth-again.json'))).toEqual(doc);
    // Read in a worker thread (as large files are), as JSON and as JSON Lines: the same database.
    await exportDatabase(file, 'jsonl', path.join(out, 'synth.jsonl'), { now, force: true });
    for (const name of ['synth.json', 'synth.jsonl']) {
      const again = await freshDb(`synth-restored-in-worker-${name}.db`);
      await restoreDatabase(again, path.join(out, name), { readInWorkerAboveBytes: 0 });
      await exportDatabase(again, 'json', path.join(out, 'synth-again.json'), { now, force: true });
      expect(withoutRestoreEntry(readJson('synth-again.json'))).toEqual(doc);
    }
    // The restored database works through Prisma and the services.
    const db = await openDb({ url: testEngine === 'postgresql' ? target : `file:${target}` });
    try {
      expect(await db.claim.count()).toBe(1500);
      expect(await db.actorNameKey.count()).toBeGreaterThan(0);
    } finally {
      await db.$disconnect();
    }
  });
});

describe('article import', () => {
  it('reads front matter, walks folders, and re-importing the same text does nothing', async () => {
    const dir = path.join(h.dir, 'articles');
    mkdirSync(path.join(dir, 'nested'), { recursive: true });
    writeFileSync(
      path.join(dir, 'a.md'),
      '---\ntitle: Talks in Doha\noutlet: Test Wire\npublished: 2024-12-06\nlanguage: en\nauthors: [Ann, Bo]\nurl: https://example.org/a\n---\n# Heading\r\n\r\nBody text.\r\n',
    );
    writeFileSync(path.join(dir, 'nested', 'b.txt'), 'قال الوزير إن المحادثات مستمرة.\n');
    writeFileSync(path.join(dir, 'nested', 'skip.pdf'), 'x');
    writeFileSync(path.join(dir, 'bad.md'), '---\ntitle: x\npublished: not a date\n---\ntext\n');
    const files = collectArticleFiles([dir]);
    expect(files.map((f) => path.relative(dir, f))).toEqual(['a.md', 'bad.md', path.join('nested', 'b.txt')]);
    const first = await Promise.all(files.map((f) => importArticleFile(h.db, null, f, { outlet: 'Fallback', language: 'ar' })));
    expect(first.map((r) => r.status)).toEqual(['created', 'failed', 'created']);
    expect(first[1]!.reason).toMatch(/published/);
    const a = await h.db.source.findUniqueOrThrow({ where: { id: first[0]!.sourceId } });
    expect(a).toMatchObject({
      title: 'Talks in Doha',
      outlet: 'Test Wire',
      published: '2024-12-06',
      url: 'https://example.org/a',
      text: '# Heading\n\nBody text.\n',
    });
    expect(a.authors).toEqual(['Ann', 'Bo']);
    const b = await h.db.source.findUniqueOrThrow({ where: { id: first[2]!.sourceId } });
    expect(b).toMatchObject({ outlet: 'Fallback', language: 'ar', title: 'قال الوزير إن المحادثات مستمرة.' });
    const again = await importArticleFile(h.db, null, files[0]!);
    expect(again).toMatchObject({ status: 'unchanged', sourceId: first[0]!.sourceId });
  });

  it('refuses unknown front matter fields by name', () => {
    expect(() => splitFrontMatter('---\ntitel: typo\n---\ntext')).toThrow(/titel: unknown field/);
    expect(splitFrontMatter('no front matter').body).toBe('no front matter');
    expect(existsSync(out)).toBe(true);
  });
});
