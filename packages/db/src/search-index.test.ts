// The search index's cheap check and its repair when the database is opened, and bulk loads that rebuild the
// index inside their own transaction.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';
import { openDb, writeTx, type Db } from './client.ts';
import { openBulkWriter } from './bulk-writer.ts';
import { searchIndexProblems } from './search-index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'claimline-fts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A migrated database with a source, two claims and an actor, written through the triggers. */
async function seeded(name: string) {
  const file = path.join(dir, name);
  await migrate(`file:${file}`);
  const db = await openDb({ url: `file:${file}` });
  await writeTx(db, async (tx) => {
    const s = await tx.source.create({
      data: { title: 'Keys of Damascus', outlet: 'Anadolu', authors: [], language: 'en', text: 'Envoys met in Damascus. Talks went on.', contentHash: 'h1' },
    });
    await tx.claim.create({ data: { sourceId: s.id, start: 0, end: 23, quote: 'Envoys met in Damascus.', prefix: '', suffix: '' } });
    await tx.claim.create({ data: { sourceId: s.id, start: 24, end: 38, quote: 'Talks went on.', prefix: '', suffix: '' } });
    await tx.actor.create({ data: { name: 'Asaad al-Shaibani', nameFolded: 'asaad shaibani', kind: 'person' } });
  });
  await db.$disconnect();
  return file;
}

const raw = (file: string, fn: (db: Database.Database) => void) => {
  const db = new Database(file);
  try {
    fn(db);
  } finally {
    db.close();
  }
};

const hits = async (db: Db, table: string, q: string) =>
  (await db.$queryRawUnsafe<{ rowid: bigint }[]>(`SELECT rowid FROM ${table} WHERE ${table} MATCH ?`, q)).map((r) => Number(r.rowid));

describe('the search index at start', () => {
  it('an index left empty behind committed rows (a crash after a bulk load) is found, and opening the database repairs it', async () => {
    const file = await seeded('emptied.db');
    raw(file, (db) => {
      for (const t of ['fts_source', 'fts_claim']) db.exec(`INSERT INTO ${t}(${t}) VALUES ('delete-all')`);
      db.exec('DELETE FROM fts_actor');
      // What users met: every edit of a claim failed, and search found nothing.
      expect(() => db.exec(`UPDATE Claim SET paraphrase = 'x' WHERE id = 1`)).toThrow(expect.objectContaining({ code: 'SQLITE_CORRUPT_VTAB' }));
      expect(searchIndexProblems(db)).toEqual([
        'search index: fts_source holds 0 entries for 1 sources',
        'search index: fts_claim holds 0 entries for 2 claims',
        'search index: fts_actor holds 0 entries for 1 actors',
      ]);
    });

    const repaired: string[] = [];
    const db = await openDb({ url: `file:${file}`, onRepair: (p) => repaired.push(p) });
    try {
      expect(repaired).toHaveLength(3);
      expect(await hits(db, 'fts_source', 'damascus')).toEqual([1]);
      expect(await hits(db, 'fts_actor', 'shaibani')).toHaveLength(1);
      await writeTx(db, (tx) => tx.claim.update({ where: { id: 1 }, data: { paraphrase: 'A meeting in Zanzibar' } }));
      expect(await hits(db, 'fts_claim', 'zanzibar')).toEqual([1]);
    } finally {
      await db.$disconnect();
    }
    raw(file, (db) => expect(searchIndexProblems(db)).toEqual([]));
  });

  it('missing and outdated triggers are found and replaced, and what was written meanwhile is indexed', async () => {
    const file = await seeded('triggers.db');
    raw(file, (db) => {
      db.exec('DROP TRIGGER fts_claim_ai');
      db.exec('DROP TRIGGER fts_source_au');
      // An older definition: edits of the paraphrase would not reach the index.
      db.exec('DROP TRIGGER fts_claim_au');
      db.exec(`CREATE TRIGGER fts_claim_au AFTER UPDATE OF quote ON Claim BEGIN
  INSERT INTO fts_claim(fts_claim, rowid, quote, paraphrase) VALUES ('delete', old.id, old.quote, old.paraphrase);
  INSERT INTO fts_claim(rowid, quote, paraphrase) VALUES (new.id, new.quote, new.paraphrase);
END`);
      db.exec(`INSERT INTO Claim (sourceId, start, "end", quote, prefix, suffix, updatedAt) VALUES (1, 0, 6, 'Envoys', '', '', 0)`);
      expect(searchIndexProblems(db)).toEqual([
        'search index: 2 trigger(s) missing, so edits do not reach the index: fts_source_au, fts_claim_ai',
        'search index: trigger(s) with an outdated definition: fts_claim_au',
        'search index: fts_claim holds 2 entries for 3 claims',
      ]);
    });
    const db = await openDb({ url: `file:${file}`, onRepair: () => {} });
    try {
      expect(await hits(db, 'fts_claim', 'envoys')).toEqual([1, 3]);
      await writeTx(db, (tx) => tx.claim.update({ where: { id: 2 }, data: { paraphrase: 'Negotiations in Zanzibar' } }));
      expect(await hits(db, 'fts_claim', 'zanzibar')).toEqual([2]);
    } finally {
      await db.$disconnect();
    }
  });

  it('a fresh database gets its index from the migration, and a healthy one is not rebuilt when opened', async () => {
    const file = await seeded('healthy.db');
    raw(file, (db) => expect(searchIndexProblems(db)).toEqual([]));
    const repaired: string[] = [];
    const db = await openDb({ url: `file:${file}`, onRepair: (p) => repaired.push(p) });
    await db.$disconnect();
    expect(repaired).toEqual([]);
  });
});

describe('bulk loads without triggers', () => {
  it('rebuild the index before their commit, so the commit carries rows, index and triggers together; a rollback leaves the triggers', async () => {
    const file = await seeded('bulk.db');
    const w = openBulkWriter(file, { deferSearchIndex: true });
    w.begin();
    w.insert('Source', {
      id: 50,
      title: 'Bulk',
      outlet: 'Wire',
      authors: '[]',
      language: 'en',
      text: 'Talks in Zanzibar',
      contentHash: 'h50',
      version: 1,
      createdAt: 0,
      updatedAt: 0,
    });
    w.rollback();
    w.begin();
    w.insert('Source', {
      id: 51,
      title: 'Bulk',
      outlet: 'Wire',
      authors: '[]',
      language: 'en',
      text: 'Talks in Zanzibar',
      contentHash: 'h51',
      version: 1,
      createdAt: 0,
      updatedAt: 0,
    });
    w.commit();
    w.close();
    raw(file, (db) => {
      expect(searchIndexProblems(db)).toEqual([]);
      expect(db.prepare(`SELECT rowid FROM fts_source WHERE fts_source MATCH 'zanzibar'`).pluck().all()).toEqual([51]);
    });
  });
});

describe('bulk loads without their secondary indexes', () => {
  const indexes = (file: string) => {
    let out: string[] = [];
    raw(file, (db) => (out = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name`).pluck().all() as string[]));
    return out;
  };

  it('create them again before the commit, and a rollback leaves them as they were; queries use them afterwards', async () => {
    const file = await seeded('indexes.db');
    const before = indexes(file);
    expect(before).toContain('Claim_claimantId_idx');
    const w = openBulkWriter(file, { deferIndexes: true, deferSearchIndex: true });
    const claim = w.inserter('Claim', [
      'id',
      'sourceId',
      'start',
      'end',
      'quote',
      'prefix',
      'suffix',
      'claimantId',
      'status',
      'version',
      'createdAt',
      'updatedAt',
    ]);
    w.begin();
    claim([10, 1, 0, 6, 'Envoys', '', '', 1, 'accepted', 1, '0', '0']);
    w.rollback();
    expect(indexes(file)).toEqual(before);

    w.begin();
    claim([11, 1, 0, 6, 'Envoys', '', '', 1, 'accepted', 1, '0', '0']);
    claim([12, 1, 24, 29, 'Talks', '', '', 1, 'draft', 1, '0', '0']);
    w.commit();
    w.close();
    expect(indexes(file)).toEqual(before);
    raw(file, (db) => {
      expect(db.prepare(`SELECT id FROM Claim WHERE claimantId = 1 ORDER BY id`).pluck().all()).toEqual([11, 12]);
      expect(db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM Claim WHERE claimantId = 1`).all()).toEqual([
        expect.objectContaining({ detail: expect.stringContaining('Claim_claimantId_idx') }),
      ]);
      expect(searchIndexProblems(db)).toEqual([]);
      expect(db.prepare(`SELECT rowid FROM fts_claim WHERE fts_claim MATCH 'envoys' ORDER BY rowid`).pluck().all()).toEqual([1, 11]);
      // The rebuilt index takes edits as before.
      db.exec(`UPDATE Claim SET paraphrase = 'Zanzibar' WHERE id = 12`);
      expect(db.prepare(`SELECT rowid FROM fts_claim WHERE fts_claim MATCH 'zanzibar'`).pluck().all()).toEqual([12]);
    });
  });
});
