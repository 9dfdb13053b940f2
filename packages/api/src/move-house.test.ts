// Moving house between engines (README, "Running on PostgreSQL"): a SQLite database's JSON export restored into
// PostgreSQL exports again identically (but for exportedAt and the restore's own audit entry), and back; a full
// backup brings every account across, passwords included; every export format reads the same from both engines;
// bad files and non-empty databases are refused with SQLite's words and nothing written; synth fills PostgreSQL.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate, openDb, synthesizeInto, writeTx, type Db } from '@claimline/db';
import { describePostgres, postgresDatabase } from '@claimline/db/test/postgres-db';
import { loadDemo } from './services/demo.ts';
import { importSource } from './services/sources.ts';
import { createClaim } from './services/claims.ts';
import { createUser } from './services/users.ts';
import { signIn } from './services/sign-in.ts';
import { searchQuery } from './services/search.ts';
import { disputesDrifting } from './services/disputes.ts';
import { backupDatabase, exportDatabase, exportStream, type ExportFormat } from './services/export.ts';
import { restoreDatabase } from './services/restore.ts';

const now = new Date('2026-01-01T00:00:00.000Z');
const mixedText = 'قال وزير الخارجية أسعد الشيباني إن الاجتماع عُقد في موسكو.\n\nA flag 🇸🇾 and a face 😀 precede “the quote” — then 𝒜𝓈𝓉𝓇𝒶𝓁 math.\n';
const passwords = { 'editor@move.example': 'editor-password-1', 'reviewer@move.example': 'reviewer-password-1' };

let dir: string;
let sqliteFile: string;
let sqlite: Db;
const open: Db[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'claimline-move-'));
  sqliteFile = path.join(dir, 'old.db');
  await migrate(`file:${sqliteFile}`);
  sqlite = await openDb({ url: `file:${sqliteFile}` });
  const ids = await writeTx(sqlite, async (tx) => {
    const editor = await createUser(tx, null, { email: 'editor@move.example', name: 'Editor', role: 'annotator', password: passwords['editor@move.example'] });
    const reviewer = await createUser(tx, null, {
      email: 'reviewer@move.example',
      name: 'Reviewer',
      role: 'reviewer',
      password: passwords['reviewer@move.example'],
    });
    return { editor: editor.id, reviewer: reviewer.id };
  });
  await loadDemo(sqlite, { reviewerId: ids.reviewer });
  await writeTx(sqlite, async (tx) => {
    const { source } = await importSource(tx, ids.editor, { text: mixedText, title: 'Mixed scripts', outlet: 'Test', language: 'ar' });
    for (const exact of ['أسعد الشيباني', '🇸🇾', '𝒜𝓈𝓉𝓇𝒶𝓁']) {
      const start = [...mixedText.slice(0, mixedText.indexOf(exact))].length;
      await createClaim(tx, ids.editor, { sourceId: source.id, start, end: start + [...exact].length, status: 'accepted' });
    }
  });
});
afterAll(async () => {
  for (const db of open) await db.$disconnect();
  await sqlite?.$disconnect();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const file = (name: string) => path.join(dir, name);
const read = (name: string) => JSON.parse(readFileSync(file(name), 'utf8'));
async function pg(): Promise<{ url: string; db: Db }> {
  const url = await postgresDatabase();
  const db = await openDb({ url });
  open.push(db);
  return { url, db };
}
const counts = async (db: Db) => ({
  sources: await db.source.count(),
  claims: await db.claim.count(),
  users: await db.user.count(),
  audit: await db.auditEntry.count(),
});

describePostgres('moving house between SQLite and PostgreSQL', () => {
  it('SQLite → export → restore into PostgreSQL → export: the same file but for exportedAt and the restore entry, and back again', async () => {
    await exportDatabase(sqliteFile, 'json', file('a.json'), { now });
    const { url, db } = await pg();
    const r = await restoreDatabase(url, file('a.json'));
    expect(r.counts.claims).toBeGreaterThan(10);
    await exportDatabase(db, 'json', file('b.json'), { now });
    // The editor's download streams the same document from PostgreSQL.
    const chunks: Uint8Array[] = [];
    for await (const chunk of exportStream(db, 'json', { now }) as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
    const streamed = Buffer.concat(chunks).toString('utf8');
    expect(streamed).toBe(readFileSync(file('b.json'), 'utf8'));
    const a = read('a.json');
    const b = read('b.json');
    expect(b.audit.pop()).toMatchObject({ action: 'restore', recordType: 'database' });
    // Exactly the same bytes once the restore's entry is gone: field order, JSON members, instants, Arabic and astral text.
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(readFileSync(file('b.json'), 'utf8').length).toBeGreaterThan(readFileSync(file('a.json'), 'utf8').length);

    // And back: PostgreSQL's export restored into a new SQLite file exports the same again.
    const back = file('back.db');
    await migrate(`file:${back}`);
    await restoreDatabase(back, file('b.json'));
    await exportDatabase(back, 'json', file('c.json'), { now });
    const c = read('c.json');
    expect(c.audit.pop()).toMatchObject({ action: 'restore' });
    expect(JSON.stringify(c)).toBe(JSON.stringify(read('b.json')));

    // The restored database works: search finds the Arabic text, a new claim gets a fresh id (the sequences moved on).
    const hits = await searchQuery(db, { q: 'الشيباني' });
    expect(hits.items.some((h) => h.kind === 'claim' || h.kind === 'source')).toBe(true);
    const maxClaim = Math.max(...a.claims.map((x: { id: number }) => x.id));
    const sourceId = a.sources[0].id;
    const created = await writeTx(db, (tx) => createClaim(tx, a.users[0].id, { sourceId, start: 0, end: 3 }));
    expect(created.id).toBe(maxClaim + 1);
  });

  it('every export format reads the same from PostgreSQL as from SQLite holding the same records', async () => {
    const { url, db } = await pg();
    await restoreDatabase(url, file('a.json'));
    // The SQLite twin: the same file restored into SQLite (its restore entry differs only in its instant).
    const twin = file('twin.db');
    await migrate(`file:${twin}`);
    await restoreDatabase(twin, file('a.json'));
    const strip = (text: string) => text.replace(/"exportedAt": ?"[^"]+"/g, '').replace(/"restore"[^\n]*\n?/g, '');
    for (const format of ['jsonl', 'webannotation', 'claimreview'] as ExportFormat[]) {
      await exportDatabase(twin, format, file(`twin.${format}`), { now, origin: 'https://claimline.example' });
      await exportDatabase(db, format, file(`pg.${format}`), { now, origin: 'https://claimline.example' });
      const x = readFileSync(file(`twin.${format}`), 'utf8');
      const y = readFileSync(file(`pg.${format}`), 'utf8');
      if (format === 'jsonl') {
        // One line per record: every line the same but the restore's audit entry (its instant).
        const lines = (t: string) => t.split('\n').filter((l) => !l.includes('"action":"restore"'));
        expect(lines(y)).toEqual(lines(x));
      } else expect(strip(y)).toBe(strip(x));
    }
    await exportDatabase(twin, 'csv', file('twin-csv'), { now });
    await exportDatabase(db, 'csv', file('pg-csv'), { now });
    const csvFiles = readdirSync(file('twin-csv')).sort();
    expect(readdirSync(file('pg-csv')).sort()).toEqual(csvFiles);
    for (const f of csvFiles) {
      const keep = (t: string) => t.split('\n').filter((l) => !/,restore,database,/.test(l));
      expect(keep(readFileSync(path.join(file('pg-csv'), f), 'utf8')), f).toEqual(keep(readFileSync(path.join(file('twin-csv'), f), 'utf8')));
    }
    // The SQLite snapshot from PostgreSQL: a working SQLite database with the records, full-text index, no secrets.
    await exportDatabase(db, 'sqlite', file('pg-snapshot.db'), { now });
    const snap = new Database(file('pg-snapshot.db'), { readonly: true });
    try {
      expect((snap.prepare('SELECT count(*) n FROM Claim').get() as { n: number }).n).toBe(await db.claim.count());
      expect((snap.prepare(`SELECT count(*) n FROM fts_claim WHERE fts_claim MATCH '"الشيباني"'`).get() as { n: number }).n).toBeGreaterThan(0);
      expect(snap.prepare(`SELECT count(*) n FROM User WHERE passwordHash != '!' OR email NOT LIKE '%@snapshot.invalid'`).get()).toEqual({ n: 0 });
    } finally {
      snap.close();
    }
  });

  it('a full backup restored into PostgreSQL: every account signs in with its password, as before', async () => {
    await backupDatabase(sqliteFile, file('backup.json'));
    const { url, db } = await pg();
    // The template database has no users: a backup needs an empty one.
    const r = await restoreDatabase(url, file('backup.json'));
    expect(r.kind).toBe('backup');
    expect(r.accountsRestored).toBe(2);
    for (const [email, password] of Object.entries(passwords)) {
      const s = await signIn(db, { email, password });
      expect(s.user.email).toBe(email);
    }
    await expect(signIn(db, { email: 'editor@move.example', password: 'wrong-password-1' })).rejects.toThrow();
    // The restored database's own backup is the same document (accounts, hashes and all) but for the restore entry.
    await backupDatabase(db, file('backup2.json'));
    const one = read('backup.json');
    const two = read('backup2.json');
    two.audit.pop();
    delete one.exportedAt;
    delete two.exportedAt;
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });

  it('the temporary copy of a process killed mid-way (kill -9) is deleted by the next export or restore', async () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const orphan = path.join(tmpdir(), `claimline-stage-${gone}-test`);
    mkdirSync(orphan);
    writeFileSync(path.join(orphan, 'stage.db'), 'left behind');
    const { db } = await pg();
    await exportDatabase(db, 'json', file('after-orphan.json'), { now });
    expect(existsSync(orphan)).toBe(false);
  });

  it('a bad file is refused with the same words as on SQLite, and PostgreSQL is left as it was', async () => {
    const doc = read('a.json');
    doc.claims[3].sourceId = 999_999;
    writeFileSync(file('bad.json'), JSON.stringify(doc, null, 1));
    const twin = file('bad-twin.db');
    await migrate(`file:${twin}`);
    const onSqlite = await restoreDatabase(twin, file('bad.json')).catch((e: Error) => e.message);
    const { url, db } = await pg();
    const before = await counts(db);
    const onPg = await restoreDatabase(url, file('bad.json')).catch((e: Error) => e.message);
    expect(onSqlite).toMatch(/source 999999/);
    expect(onPg).toBe(onSqlite);
    expect(await counts(db)).toEqual(before);
    // A database with content is refused before anything is read.
    await restoreDatabase(url, file('a.json'));
    const full = await counts(db);
    await expect(restoreDatabase(url, file('a.json'))).rejects.toThrow(/the database is not empty \(\d+ Source/);
    expect(await counts(db)).toEqual(full);
  });

  it('synth fills PostgreSQL with what it writes on SQLite; disputes and search work on it', async () => {
    const { url, db } = await pg();
    const r = await synthesizeInto(url, { claims: 400, seed: 7 });
    expect(r.claims).toBe(400);
    expect(await db.claim.count()).toBe(400);
    expect(await db.link.count()).toBe(r.links);
    const twin = file('synth-twin.db');
    await migrate(`file:${twin}`);
    expect(await synthesizeInto(twin, { claims: 400, seed: 7 })).toEqual(r);
    await exportDatabase(twin, 'json', file('synth-twin.json'), { now });
    await exportDatabase(db, 'json', file('synth-pg.json'), { now });
    // The same records, byte for byte, but for the instant of synth's own audit entry (the last one).
    const pgDoc = read('synth-pg.json');
    const twinDoc = read('synth-twin.json');
    expect(pgDoc.audit.pop().action).toBe('synth');
    twinDoc.audit.pop();
    expect(JSON.stringify(pgDoc)).toBe(JSON.stringify(twinDoc));
    // Dispute detection reads them the same way on both engines (synth's own explanations are its own: README).
    const events = (await db.event.findMany({ select: { id: true } })).map((e) => e.id);
    const twinDb = await openDb({ url: `file:${twin}` });
    open.push(twinDb);
    expect(await disputesDrifting(db, events)).toEqual(await disputesDrifting(twinDb, events));
    const word = (await db.claim.findFirst({ orderBy: { id: 'asc' }, select: { quote: true } }))!.quote.split(/\s+/).find((w) => w.length > 4)!;
    expect((await searchQuery(db, { q: word })).items.length).toBeGreaterThan(0);
    // A second synth appends after the first (ids continue, nothing overwritten).
    const again = await synthesizeInto(url, { claims: 100, seed: 8 });
    expect(again.claims).toBe(100);
    expect(await db.claim.count()).toBe(500);
  });
});
