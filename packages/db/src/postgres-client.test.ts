// openDb on a postgresql:// URL: the same Prisma calls the services make, on a freshly migrated PostgreSQL database;
// versioned updates exactly-one-wins under concurrent transactions; what is SQLite-only refuses in one clear line.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { databaseFile, engineOf, openDb, resolveDatabasePath, writeTx, type Db } from './client.ts';
import { migrate } from './migrate.ts';
import { readRows } from './queries/read.ts';
import { rebuildLinkParticipants, staleLinkParticipants } from './queries/writes.ts';
import { describePostgres, postgresDatabase } from './test/postgres-db.ts';
import { runSql } from './test/postgres.ts';

const run = promisify(execFile);

describePostgres('Prisma on PostgreSQL', () => {
  let url: string;
  let db: Db;
  beforeAll(async () => {
    url = await postgresDatabase({ migrated: false });
    expect((await migrate(url)).applied.length).toBeGreaterThan(0);
    db = await openDb({ url });
  });
  afterAll(() => db?.$disconnect());

  it('creates and reads a source, actor, claim, event and link through the services’ Prisma calls', async () => {
    expect(engineOf(db)).toBe('postgresql');
    const text = 'Officials said the meeting in Ḥmeimim took place on 8 December. قال مسؤولون';
    const { source, actor, claim, event, link } = await writeTx(db, async (tx) => {
      const source = await tx.source.create({
        data: { title: 'Keys of Damascus', outlet: 'Anadolu', authors: ['A. Writer'], language: 'en', text, contentHash: 'h1', published: '2024-12-08' },
      });
      const actor = await tx.actor.create({
        data: {
          name: 'Asaad al-Shaibani',
          nameFolded: 'asaad shaibani',
          kind: 'person',
          aliases: { create: [{ name: 'الشيباني', folded: 'shybany', language: 'ar' }] },
        },
      });
      const claim = await tx.claim.create({
        data: {
          sourceId: source.id,
          start: 0,
          end: 9,
          quote: 'Officials',
          prefix: '',
          suffix: ' said',
          claimantId: actor.id,
          chain: { create: [{ position: 0, actorId: actor.id, relation: 'reports' }] },
        },
      });
      const event = await tx.event.create({
        data: { title: 'Meeting at Hmeimim', type: 'meeting', date: '2024-12-08', dateEarliest: '2024-12-08', dateLatest: '2024-12-08', place: 'Ḥmeimim' },
      });
      const link = await tx.link.create({
        data: { claimId: claim.id, eventId: event.id, stance: 'supports', assertedParticipants: { include: [actor.id], exclude: [] }, assertedNumber: 2.5 },
      });
      await tx.auditEntry.create({ data: { action: 'create', recordType: 'link', recordId: link.id, after: { stance: 'supports' } } });
      return { source, actor, claim, event, link };
    });

    const read = await db.claim.findUnique({
      where: { id: claim.id },
      include: {
        source: { select: { title: true, authors: true, text: true } },
        claimant: { include: { aliases: true } },
        chain: true,
        links: { include: { event: true } },
      },
    });
    expect(read).toMatchObject({
      id: claim.id,
      status: 'draft',
      version: 1,
      source: { title: 'Keys of Damascus', authors: ['A. Writer'], text },
      claimant: { id: actor.id, aliases: [{ name: 'الشيباني', folded: 'shybany', language: 'ar' }] },
      chain: [{ position: 0, actorId: actor.id, relation: 'reports' }],
      links: [
        {
          id: link.id,
          stance: 'supports',
          assertedParticipants: { include: [actor.id], exclude: [] },
          assertedNumber: 2.5,
          event: { id: event.id, place: 'Ḥmeimim' },
        },
      ],
    });
    expect(read!.createdAt).toBeInstanceOf(Date);
    expect(typeof read!.id).toBe('number');
    // Lists, filters, counts and ordering as the services build them.
    expect(
      await db.event.findMany({ where: { dateEarliest: { gte: '2024-12-01' } }, orderBy: [{ dateEarliest: 'asc' }, { id: 'asc' }], select: { id: true } }),
    ).toEqual([{ id: event.id }]);
    expect(await db.link.count({ where: { eventId: event.id, stance: 'supports' } })).toBe(1);
    expect(await db.source.findMany({ where: { title: { contains: 'Damascus' } }, select: { id: true } })).toEqual([{ id: source.id }]);
    expect(await db.auditEntry.findFirst({ where: { recordType: 'link', recordId: link.id }, select: { after: true } })).toEqual({
      after: { stance: 'supports' },
    });
    // Foreign keys hold: a claim on a missing source is refused and nothing is written.
    await expect(writeTx(db, (tx) => tx.claim.create({ data: { sourceId: 999_999, start: 0, end: 1, quote: 'x', prefix: '', suffix: '' } }))).rejects.toThrow();
    expect(await db.claim.count()).toBe(1);
  });

  it('versioned updates are exactly-one-wins under concurrent transactions', async () => {
    const actor = await writeTx(db, (tx) => tx.actor.create({ data: { name: 'Contested', nameFolded: 'contested', kind: 'person' } }));
    const writers = 12;
    // Each transaction was based on version 1 (what its user saw) and does what the services do: read the record and
    // check the version (expectVersion), then update only if it is still current (updateMany where version), pausing
    // between the two so that the transactions overlap.
    const outcomes = await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        writeTx(db, async (tx) => {
          const before = await tx.actor.findUniqueOrThrow({ where: { id: actor.id } });
          if (before.version !== actor.version) return 0;
          await new Promise((r) => setTimeout(r, 20));
          const r = await tx.actor.updateMany({
            where: { id: actor.id, version: actor.version },
            data: { description: `writer ${i}`, version: { increment: 1 } },
          });
          return r.count;
        }),
      ),
    );
    expect(outcomes.filter((n) => n === 1)).toHaveLength(1);
    expect(outcomes.filter((n) => n === 0)).toHaveLength(writers - 1);
    const after = await db.actor.findUniqueOrThrow({ where: { id: actor.id } });
    expect(after.version).toBe(2);
    expect(after.description).toBe(`writer ${outcomes.indexOf(1)}`);
  });

  it('a transaction that deadlocked is run again: both writers of two rows taken in opposite orders succeed', async () => {
    const [a, b] = await writeTx(db, (tx) =>
      Promise.all([tx.event.create({ data: { title: 'A', type: 'meeting' } }), tx.event.create({ data: { title: 'B', type: 'meeting' } })]),
    );
    let attempts = 0;
    let bothHoldOne!: () => void;
    const barrier = new Promise<void>((resolve) => (bothHoldOne = resolve));
    let holding = 0;
    // Each takes one row, waits until the other holds its row too, then asks for the other's: PostgreSQL detects the
    // deadlock and aborts one of them, which writeTx runs again (this time nobody holds anything).
    const cross = (first: number, second: number, title: string) =>
      writeTx(db, async (tx) => {
        attempts++;
        await tx.event.update({ where: { id: first }, data: { description: title } });
        if (++holding === 2) bothHoldOne();
        await barrier;
        await tx.event.update({ where: { id: second }, data: { place: title } });
        return title;
      });
    expect(await Promise.all([cross(a.id, b.id, 'one'), cross(b.id, a.id, 'two')])).toEqual(['one', 'two']);
    expect(attempts).toBe(3);
  });

  it('several processes writing at once: every acknowledged write is stored, none refused', async () => {
    const processes = 4;
    const perProcess = 50;
    const worker = path.join(import.meta.dirname, 'test', 'concurrent-writer.ts');
    const results = await Promise.all(
      Array.from({ length: processes }, (_, p) => run(process.execPath, ['--import', 'tsx', worker, url, `p${p}`, String(perProcess)], { maxBuffer: 1 << 24 })),
    );
    const parsed = results.map((r) => JSON.parse(r.stdout) as { acknowledged: number[]; failed: number });
    const acknowledged = parsed.flatMap((r) => r.acknowledged);
    const stored = new Set(((await runSql(url, `SELECT id FROM "AuditEntry" WHERE "recordType" = 'probe'`))[0]!.rows as { id: number }[]).map((r) => r.id));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(stored.size).toBe(processes * perProcess);
    expect(parsed.reduce((n, r) => n + r.failed, 0)).toBe(0);
  });

  it('a ported query (readRows) runs, with `?` parameters, numbers, booleans and instants as on SQLite', async () => {
    const rows = await readRows<{ id: number; n: bigint; at: Date; yes: boolean; q: string }[]>(
      db,
      `SELECT s.id, (SELECT count(*) FROM "Claim" c WHERE c."sourceId" = s.id) AS n, s."createdAt" AS at, s.id > ? AS yes, '?' AS q
         FROM "Source" s WHERE s.title = ? ORDER BY s.id LIMIT 1`,
      0,
      'Keys of Damascus',
    );
    expect(rows).toEqual([{ id: expect.any(Number) as number, n: 1n, at: expect.any(Date) as Date, yes: true, q: '?' }]);
    await expect(writeTx(db, (tx) => readRows(tx, 'SELECT count(*)::int AS n FROM "Source" WHERE title = ?', 'Keys of Damascus'))).resolves.toEqual([{ n: 1 }]);
  });

  it("the doctor's LinkParticipant check reads integer ids of a link's include and exclude lists, as on SQLite", async () => {
    const event = (title: string) => db.event.create({ data: { title, type: 'meeting' } });
    const [claim, e1, e2, a, b] = await Promise.all([
      db.claim.findFirstOrThrow(),
      event('One'),
      event('Two'),
      db.actor.create({ data: { name: 'A', nameFolded: 'a', kind: 'person' } }),
      db.actor.create({ data: { name: 'B', nameFolded: 'b', kind: 'person' } }),
    ]);
    const link = await db.link.create({
      data: { claimId: claim.id, eventId: e1.id, stance: 'contradicts', assertedParticipants: { include: [a.id, 2.5, 'x'], exclude: [b.id], other: [9] } },
    });
    const odd = await db.link.create({ data: { claimId: claim.id, eventId: e2.id, stance: 'supports', assertedParticipants: [a.id] } });
    const stale = await writeTx(db, (tx) => staleLinkParticipants(tx));
    expect(stale).toContain(link.id);
    expect(stale).not.toContain(odd.id);
    await writeTx(db, (tx) => rebuildLinkParticipants(tx));
    expect(await writeTx(db, (tx) => staleLinkParticipants(tx))).toEqual([]);
    const stored = await db.linkParticipant.findMany({ where: { linkId: link.id }, select: { actorId: true } });
    expect(stored.map((p) => p.actorId).sort((x, y) => x - y)).toEqual([a.id, b.id].sort((x, y) => x - y));
  });

  it('what is SQLite-only so far refuses in one line naming PostgreSQL, never deep inside', async () => {
    expect(() => db.$queryRawUnsafe('SELECT id FROM "Claim" WHERE id = $1', 1)).toThrow(/^not yet on PostgreSQL: hand-written SQL .*SELECT id FROM "Claim"/);
    await expect(writeTx(db, (tx) => tx.$queryRawUnsafe('SELECT 1'))).rejects.toThrow(/not yet on PostgreSQL: hand-written SQL/);
    expect(() => databaseFile(db, 'the JSON export')).toThrow(/^not yet on PostgreSQL: the JSON export$/);
    expect(() => resolveDatabasePath(url, 'claimline doctor')).toThrow(/^not yet on PostgreSQL: claimline doctor \(DATABASE_URL is postgresql:\/\/postgres@/);
  });

  it('names the server it cannot reach, without the password', async () => {
    await expect(openDb({ url: 'postgresql://someone:s3cret@127.0.0.1:1/nowhere' })).rejects.toThrow(
      /cannot connect to PostgreSQL at postgresql:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere/,
    );
  });
});
