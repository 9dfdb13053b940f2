// `claimline doctor` as a user runs it: one line per problem, exit 1 while any stands, nothing written
// without --repair; --repair applies migrations, rebuilds the search index, recomputes disputes through the
// dispute service, and says what it could not fix.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '@claimline/api';
import { migrate, openDb, searchIndexProblems, writeTx } from '@claimline/db';

const bin = path.resolve(import.meta.dirname, '../bin/claimline.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'claimline-doctor-'));
const healthy = path.join(dir, 'healthy.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function claimline(args: string[], dbFile: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, DATABASE_URL: `file:${dbFile}` }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const text = 'Envoys met in Damascus on Tuesday. The ministry denied that any meeting took place.';

/** A small database made through the services: one disputed event (one claim supports it, one contradicts it). */
beforeAll(async () => {
  await migrate(`file:${healthy}`);
  const db = await openDb({ url: `file:${healthy}` });
  await writeTx(db, async (tx) => {
    const { source } = await services.importSource(tx, null, { text, title: 'Talks in Damascus', outlet: 'Test Wire' });
    const met = await services.createClaim(tx, null, { sourceId: source.id, start: 0, end: 34 });
    const denied = await services.createClaim(tx, null, { sourceId: source.id, start: 35, end: text.length });
    const event = await services.createEvent(tx, null, { title: 'Envoys meet in Damascus' });
    await services.createLink(tx, null, { claimId: met.id, eventId: event.id, stance: 'supports' });
    await services.createLink(tx, null, { claimId: denied.id, eventId: event.id, stance: 'contradicts' });
  });
  expect(await db.dispute.count({ where: { status: 'open' } })).toBe(1);
  await db.$disconnect();
});

/** A copy of the healthy database to break. */
function copyOf(name: string) {
  const file = path.join(dir, name);
  const db = new Database(healthy, { readonly: true });
  db.exec(`VACUUM INTO '${file}'`);
  db.close();
  return file;
}

const raw = <T>(file: string, fn: (db: Database.Database) => T): T => {
  const db = new Database(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
};

describe('claimline doctor', () => {
  it('finds nothing wrong in a healthy database', async () => {
    const r = await claimline(['doctor'], healthy);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^no problems found in .*healthy\.db: integrity, foreign keys, migrations, search index, disputes of 1 event\(s\)\n$/);
  });

  it('reports what a crash after a restore left (index empty, triggers gone), a pending migration and a dispute changed behind the service; --repair fixes them all', async () => {
    const file = copyOf('broken.db');
    raw(file, (db) => {
      for (const t of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'fts%'`).pluck().all() as string[])
        db.exec(`DROP TRIGGER ${t}`);
      for (const t of ['fts_source', 'fts_claim', 'fts_event']) db.exec(`INSERT INTO ${t}(${t}) VALUES ('delete-all')`);
      db.exec('DELETE FROM fts_actor');
      db.exec(`UPDATE Dispute SET status = 'void'`);
      db.exec(`DELETE FROM _prisma_migrations WHERE migration_name = '20261123104621_review_queue_weight_index'`);
      db.exec('DROP INDEX "Dispute_status_contradictOrigins_supportOrigins_idx"');
    });

    const check = await claimline(['doctor'], file);
    expect(check.code).toBe(1);
    expect(check.stdout.trim().split('\n')).toEqual([
      'migrations: 1 pending (20261123104621_review_queue_weight_index)',
      expect.stringMatching(/^search index: 15 trigger\(s\) missing, so edits do not reach the index: fts_source_ai, /),
      'search index: fts_source holds 0 entries for 1 sources',
      'search index: fts_claim holds 0 entries for 2 claims',
      'search index: fts_event holds 0 entries for 1 events',
      'disputes: not checked until the migrations are applied',
      expect.stringMatching(/^5 problem\(s\) in .*broken\.db: run `claimline doctor --repair`$/),
    ]);
    // Nothing was written.
    raw(file, (db) => {
      expect(searchIndexProblems(db)).toHaveLength(4);
      expect(db.prepare('SELECT status FROM Dispute').pluck().get()).toBe('void');
    });

    const repair = await claimline(['doctor', '--repair'], file);
    expect(repair.stderr).toBe('');
    expect(repair.code).toBe(0);
    expect(repair.stdout).toMatch(/^repaired: migrations: applied 20261123104621_review_queue_weight_index$/m);
    expect(repair.stdout).toMatch(/^repaired: search index: rebuilt from the sources, claims, events and actors \(4 problem\(s\) found\)$/m);
    expect(repair.stdout).toMatch(/^repaired: disputes: recomputed 1 event\(s\) through dispute detection \(event 1\)$/m);
    expect(repair.stdout).toMatch(/^repaired 3 problem\(s\) in /m);
    expect((await claimline(['doctor'], file)).code).toBe(0);

    const db = await openDb({ url: `file:${file}`, repairSearchIndex: false });
    try {
      expect((await db.dispute.findFirstOrThrow()).status).toBe('open');
      expect(await db.auditEntry.count({ where: { action: 'repair', recordType: 'database' } })).toBe(1);
      expect((await services.searchQuery(db, { q: 'Damascus' })).items.length).toBeGreaterThan(0);
      const claim = await db.claim.findFirstOrThrow({ orderBy: { id: 'asc' } });
      await writeTx(db, (tx) => services.updateClaim(tx, null, { id: claim.id, version: claim.version, paraphrase: 'Envoys met in Zanzibar' }));
      expect((await services.searchQuery(db, { q: 'Zanzibar', kinds: ['claim'] })).items.map((i) => i.id)).toEqual([claim.id]);
    } finally {
      await db.$disconnect();
    }
  });

  it('compares the stored disputes with a recompute by the dispute service, writing nothing', async () => {
    const file = copyOf('dispute.db');
    raw(file, (db) => db.exec(`UPDATE Dispute SET status = 'void'`));
    const r = await claimline(['doctor'], file);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      'disputes: 1 event(s) disagree with a recompute (event 1)',
      expect.stringMatching(/^1 problem\(s\) in .*dispute\.db: run `claimline doctor --repair`$/),
    ]);
    raw(file, (db) => {
      expect(db.prepare('SELECT status FROM Dispute').pluck().get()).toBe('void');
      expect(db.prepare(`SELECT count(*) FROM AuditEntry WHERE recordType = 'dispute'`).pluck().get()).toBe(1);
    });
  });

  it('finds links whose derived participant rows no longer match what they assert; --repair rebuilds them', async () => {
    const file = copyOf('participants.db');
    const db = await openDb({ url: `file:${file}`, repairSearchIndex: false });
    const named = await writeTx(db, async (tx) => {
      const envoy = await services.createActor(tx, null, { name: 'A Russian envoy', kind: 'person' });
      const link = await tx.link.findFirstOrThrow({ orderBy: { id: 'asc' } });
      await services.updateLink(tx, null, { id: link.id, version: link.version, asserted: { participants: { include: [envoy.id] } } });
      return { actorId: envoy.id, linkId: link.id };
    });
    await db.$disconnect();
    expect((await claimline(['doctor'], file)).code).toBe(0);
    raw(file, (db) => db.exec('DELETE FROM LinkParticipant'));

    const r = await claimline(['doctor'], file);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      `link participants: 1 link(s) whose derived participant rows differ from what they assert (link ${named.linkId})`,
      expect.stringMatching(/^1 problem\(s\) in .*participants\.db: run `claimline doctor --repair`$/),
    ]);
    const repair = await claimline(['doctor', '--repair'], file);
    expect(repair.code).toBe(0);
    expect(repair.stdout).toMatch(/^repaired: link participants: rebuilt from the links \(1 link\(s\) differed\)$/m);
    expect(raw(file, (db) => db.prepare('SELECT actorId, linkId FROM LinkParticipant').all())).toEqual([named]);
  });

  it('finds timeline counts that differ from the events, or a trigger gone; --repair installs the triggers and rebuilds them', async () => {
    const file = copyOf('timeline-counts.db');
    raw(file, (db) => {
      db.exec(`DROP TRIGGER event_day_count_dispute_au`);
      db.exec(`UPDATE EventDayCount SET undatedDisputed = undatedDisputed + 1 WHERE day = ''`);
    });
    const r = await claimline(['doctor'], file);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      'timeline counts: 1 trigger(s) missing, so edits do not reach the counts: event_day_count_dispute_au',
      'timeline counts: 1 event(s) and 2 open dispute(s) counted for 1 and 1',
      "timeline counts: 1 day(s) counted differently from the events ('' (no date))",
      expect.stringMatching(/^3 problem\(s\) in .*timeline-counts\.db: run `claimline doctor --repair`$/),
    ]);
    const repair = await claimline(['doctor', '--repair'], file);
    expect(repair.code).toBe(0);
    expect(repair.stdout).toMatch(/^repaired: timeline counts: triggers installed and counts rebuilt from the events \(3 problem\(s\) found\)$/m);
    expect(raw(file, (db) => db.prepare(`SELECT day, undated, undatedDisputed FROM EventDayCount`).all())).toEqual([
      { day: '', undated: 1, undatedDisputed: 1 },
    ]);
    // The editor (any client) opening a database with a trigger gone puts it back before anyone edits.
    raw(file, (db) => db.exec(`DROP TRIGGER event_day_count_ai`));
    const warned: string[] = [];
    await (await openDb({ url: `file:${file}`, onRepair: (m) => warned.push(m) })).$disconnect();
    expect(warned).toEqual(['timeline counts: 1 trigger(s) missing, so edits do not reach the counts: event_day_count_ai']);
    expect((await claimline(['doctor'], file)).code).toBe(0);
  });

  it('says what --repair cannot fix (a row that refers to a missing one) and keeps exiting 1', async () => {
    const file = copyOf('orphan.db');
    raw(file, (db) => {
      db.pragma('foreign_keys = OFF');
      db.exec(`INSERT INTO Claim (sourceId, start, "end", quote, prefix, suffix, updatedAt) VALUES (999, 0, 6, 'Envoys', '', '', 0)`);
    });
    const r = await claimline(['doctor', '--repair'], file);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      'foreign keys: 1 Claim row(s) refer to a missing Source (rowid 3)',
      expect.stringMatching(/^1 problem\(s\) in .*orphan\.db left: restore the latest export into a new database for what --repair cannot fix$/),
    ]);
  });
});
