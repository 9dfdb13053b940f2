// `claimline doctor` on PostgreSQL: what the server does not keep itself (pending migrations, what the triggers keep,
// the derived link participants, disputes against a recompute) is checked, reported in one line each, and repaired.
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { openDb, type Db } from '@claimline/db';
import { describePostgres, postgresDatabase } from '@claimline/db/test/postgres-db';
import { loadDemo } from './services/demo.ts';
import { runDoctor } from './services/doctor.ts';

let url: string;
let db: Db;
const sql = async (text: string) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
};

describePostgres('claimline doctor on PostgreSQL', () => {
  beforeAll(async () => {
    url = await postgresDatabase();
    db = await openDb({ url });
    await loadDemo(db, {});
  });
  afterAll(async () => db?.$disconnect());

  it('finds nothing wrong with a healthy database', async () => {
    const r = await runDoctor(url);
    expect(r.findings).toEqual([]);
    expect(r.eventsChecked).toBeGreaterThan(0);
  });

  it('reports counts and disputes changed behind its back, repairs them, and finds nothing after', async () => {
    // Counts edited by hand, and a dispute's kinds changed without detection.
    await sql(`DELETE FROM "EventDayCount" WHERE day = (SELECT min(day) FROM "EventDayCount" WHERE starts > 0)`);
    await sql(`UPDATE "Dispute" SET kinds = '["number"]' WHERE id = (SELECT min(id) FROM "Dispute")`);
    const found = await runDoctor(url);
    expect(found.findings.map((f) => f.check).sort()).toEqual(['disputes', 'timeline counts']);
    expect(found.findings.find((f) => f.check === 'timeline counts')!.message).toMatch(/^timeline counts: \d+ event\(s\)/);
    expect(found.repaired).toEqual([]);
    const fixed = await runDoctor(url, { repair: true });
    expect(fixed.remaining).toEqual([]);
    expect(fixed.repaired).toHaveLength(2);
    expect((await runDoctor(url)).findings).toEqual([]);
    // The repair is audited.
    expect(await db.auditEntry.count({ where: { action: 'repair' } })).toBe(1);
  });
});
