// Dispute detection for one event never runs in two write transactions at once: two transactions on different
// connections change links of the same event concurrently, and the stored dispute is what a serial run gives (on
// PostgreSQL through the per-event advisory lock, lockEventsForDetection). PostgreSQL only: on SQLite writeTx takes the
// database's one write lock first, and two clients in one process cannot overlap (better-sqlite3 waits for a lock
// synchronously, blocking the process); db's concurrency.test.ts covers SQLite's writers in several processes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, writeTx, type Db } from '@claimline/db';
import { testEngine } from '@claimline/db/test/postgres-db';
import { createHarness, type Harness } from './test/harness.ts';
import { refreshDisputesForEvents } from './services/disputes.ts';

describe.skipIf(testEngine !== 'postgresql')('dispute detection across connections', () => {
  let h: Harness;
  let other: Db;
  beforeAll(async () => {
    h = await createHarness();
    other = await openDb({ url: h.url }); // a second client: its own connections, as a second server would have
  });
  afterAll(async () => {
    await other?.$disconnect();
    await h?.close();
  });

  it('two concurrent transactions adding opposing links to one event open exactly the dispute a serial run opens', async () => {
    const api = h.as('annotator');
    const event = await api.event.create({ title: 'Strike on the depot', type: 'strike', date: '2025-03-01' });
    const claimIds: number[] = [];
    for (let i = 0; i < 4; i++) {
      const { source } = await api.source.import({ text: `Report ${i}: the depot was struck.`, title: `Report ${i}`, outlet: `Wire ${i}` });
      claimIds.push((await api.claim.create({ sourceId: source.id, start: 0, end: 8 })).id);
    }
    // Each transaction links two claims (one supporting, one contradicting) and runs detection, holding its transaction
    // open a moment after its writes so that the other's detection would read a state without them.
    const link = (db: Db, pair: number[]) =>
      writeTx(db, async (tx) => {
        await tx.link.create({ data: { claimId: pair[0]!, eventId: event.id, stance: 'supports' } });
        await tx.link.create({ data: { claimId: pair[1]!, eventId: event.id, stance: 'contradicts' } });
        await refreshDisputesForEvents(tx, null, [event.id]);
        await new Promise((r) => setTimeout(r, 100));
      });
    await Promise.all([link(h.db, claimIds.slice(0, 2)), link(other, claimIds.slice(2, 4))]);

    const disputes = await h.db.dispute.findMany({ where: { eventId: event.id }, include: { claims: { orderBy: { claimId: 'asc' } } } });
    expect(disputes).toHaveLength(1);
    const stored = disputes[0]!;
    expect(stored.status).toBe('open');
    expect(stored.claims.map((c) => c.claimId)).toEqual(claimIds);
    // A serial run now (detection over the committed links) changes nothing.
    const [state] = await writeTx(h.db, (tx) => refreshDisputesForEvents(tx, null, [event.id]));
    expect(state).toMatchObject({ disputeId: stored.id, status: 'open' });
    const after = await h.db.dispute.findUniqueOrThrow({ where: { id: stored.id }, include: { claims: { orderBy: { claimId: 'asc' } } } });
    expect(after).toEqual(stored);
  });
});
