import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, pendingSchemaChange, prismaDir } from './migrate.ts';
import { openDb, writeTx } from './client.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'claimline-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrate', () => {
  it('creates the schema in an empty database, and a second run applies nothing', async () => {
    const url = `file:${path.join(dir, 'empty.db')}`;
    const first = await migrate(url);
    expect(first.applied.length).toBeGreaterThan(0);
    const second = await migrate(url);
    expect(second.applied).toEqual([]);

    const raw = new Database(path.join(dir, 'empty.db'), { readonly: true });
    const tables = raw
      .prepare(`SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name`)
      .all()
      .map((r) => (r as { name: string }).name);
    raw.close();
    for (const t of [
      'Source',
      'Actor',
      'ActorAlias',
      'Event',
      'EventParticipant',
      'Claim',
      'AttributionHop',
      'Link',
      'Dispute',
      'DisputeClaim',
      'Verdict',
      'User',
      'Session',
      'AuditEntry',
      'fts_source',
      'fts_claim',
      'fts_actor',
      'fts_event',
    ]) {
      expect(tables).toContain(t);
    }
  });

  it('opens with WAL, foreign keys and synchronous=FULL', async () => {
    const url = `file:${path.join(dir, 'pragmas.db')}`;
    await migrate(url);
    const db = await openDb({ url });
    const rows = (sql: string) => db.$queryRawUnsafe<Record<string, unknown>[]>(sql);
    expect(Object.values((await rows('PRAGMA journal_mode'))[0]!)[0]).toBe('wal');
    expect(Number(Object.values((await rows('PRAGMA foreign_keys'))[0]!)[0])).toBe(1);
    expect(Number(Object.values((await rows('PRAGMA synchronous'))[0]!)[0])).toBe(2);
    await expect(writeTx(db, (tx) => tx.claim.create({ data: { sourceId: 999, start: 0, end: 1, quote: 'x', prefix: '', suffix: '' } }))).rejects.toThrow();
    await db.$disconnect();
  });
});

describe('schema drift', () => {
  it('the committed migrations produce exactly schema.prisma', async () => {
    expect(await pendingSchemaChange()).toBe('');
  });

  it('is detected when schema.prisma gains a field the migrations lack', async () => {
    const schema = readFileSync(path.join(prismaDir(), 'schema.prisma'), 'utf8');
    const changed = schema.replace('model Source {', 'model Source {\n  driftProbe String?');
    expect(await pendingSchemaChange(changed)).toMatch(/driftProbe/);
  });
});

describe('full-text index', () => {
  it('follows inserts, updates and deletes through triggers', async () => {
    const url = `file:${path.join(dir, 'fts.db')}`;
    await migrate(url);
    const db = await openDb({ url });
    const source = await writeTx(db, (tx) =>
      tx.source.create({
        data: { title: 'Keys of Damascus', outlet: 'Anadolu', authors: [], language: 'en', text: 'The meeting at Bāb al-Hawa', contentHash: 'h1' },
      }),
    );
    const actor = await writeTx(db, (tx) =>
      tx.actor.create({
        data: { name: 'Asaad al-Shaibani', nameFolded: 'asaad shaibani', kind: 'person', aliases: { create: [{ name: 'الشيباني', folded: 'shybany' }] } },
      }),
    );
    const hits = async (table: string, q: string) =>
      (await db.$queryRawUnsafe<{ rowid: bigint }[]>(`SELECT rowid FROM ${table} WHERE ${table} MATCH ?`, q)).map((r) => Number(r.rowid));
    expect(await hits('fts_source', 'bab')).toEqual([source.id]);
    expect(await hits('fts_actor', 'الشيباني')).toEqual([actor.id]);
    await writeTx(db, (tx) => tx.actorAlias.create({ data: { actorId: actor.id, name: 'al-Shaybani', folded: 'shaybani' } }));
    expect(await hits('fts_actor', 'Shaybani')).toEqual([actor.id]);
    await writeTx(db, (tx) => tx.source.update({ where: { id: source.id }, data: { title: 'Renamed' } }));
    expect(await hits('fts_source', 'keys')).toEqual([]);
    expect(await hits('fts_source', 'renamed')).toEqual([source.id]);
    await writeTx(db, (tx) => tx.source.delete({ where: { id: source.id } }));
    expect(await hits('fts_source', 'renamed')).toEqual([]);
    await db.$disconnect();
  });
});
