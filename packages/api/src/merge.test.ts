// Actor merges: what a reviewer sees afterwards. The links and disputes a merge touches are found by index (the
// actor's claims, chains, sources and the links asserting it), so they must be found whatever wrote them: the
// services, or a restore.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDb, resolveDatabasePath, writeTx, type Db } from '@claimline/db';
import { testEngine } from '@claimline/db/test/postgres-db';
import { createHarness, type Harness } from './test/harness.ts';

const itSqlite = testEngine === 'postgresql' ? it.skip : it;
import { exportDatabase } from './services/export.ts';
import { restoreDatabase } from './services/restore.ts';
import { recomputeAllDisputes } from './services/disputes.ts';
import { mergeActors } from './services/actors.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

const disputeOf = (db: Db, eventId: number) => db.dispute.findUnique({ where: { eventId }, include: { claims: { orderBy: { claimId: 'asc' } } } });

/** Whether a full recompute would change what is stored (it must not: every change keeps disputes current). */
async function recomputeChanges(db: Db, eventId: number) {
  const before = await disputeOf(db, eventId);
  await writeTx(db, (tx) => recomputeAllDisputes(tx, null));
  return JSON.stringify(await disputeOf(db, eventId)) !== JSON.stringify(before);
}

describe('merging actors', () => {
  it('merging two outlets makes their reports one origin: the dispute between them says so at once', async () => {
    const api = h.as('reviewer');
    const wire = await api.actor.create({ name: 'Levant Wire', kind: 'outlet' });
    const copy = await api.actor.create({ name: 'Levant Wire (print)', kind: 'outlet' });
    const a = await api.source.import({ text: 'The talks took place in Doha on Monday.', title: 'Talks held', outlet: 'Levant Wire', outletActorId: wire.id });
    const b = await api.source.import({
      text: 'No talks took place in Doha this week.',
      title: 'No talks',
      outlet: 'Levant Wire print',
      outletActorId: copy.id,
    });
    const event = await api.event.create({ title: 'Talks in Doha' });
    const held = await api.claim.create({ sourceId: a.source.id, start: 0, end: 39 });
    const denied = await api.claim.create({ sourceId: b.source.id, start: 0, end: 38 });
    await api.link.create({ claimId: held.id, eventId: event.id, stance: 'supports' });
    await api.link.create({ claimId: denied.id, eventId: event.id, stance: 'contradicts' });
    const before = (await disputeOf(h.db, event.id))!;
    expect(before).toMatchObject({ status: 'open', supportOrigins: 1, contradictOrigins: 1 });
    expect(before.explanation).not.toContain('one origin');

    await api.actor.merge({ winnerId: wire.id, winnerVersion: wire.version, loserId: copy.id, loserVersion: copy.version });
    const after = (await disputeOf(h.db, event.id))!;
    expect(after.explanation).toContain('both come from one origin, Levant Wire, which contradicts itself');
    expect(after.claims.map((c) => c.origin)).toEqual([`actor:${wire.id}`, `actor:${wire.id}`]);
    expect(await recomputeChanges(h.db, event.id)).toBe(false);
  });

  // Export and restore work on a SQLite file only so far.
  itSqlite('finds the links asserting the merged actor in a restored database too: a new conflict opens a dispute', async () => {
    const api = h.as('reviewer');
    const { source } = await api.source.import({
      text: 'Lavrov attended the meeting. Sergei Lavrov was not at the meeting, the ministry said.',
      title: 'Who attended',
      outlet: 'Test Wire',
    });
    const lavrov = await api.actor.create({ name: 'Lavrov', kind: 'person' });
    const sergei = await api.actor.create({ name: 'Sergei Lavrov', kind: 'person' });
    const event = await api.event.create({ title: 'The Moscow meeting' });
    const attended = await api.claim.create({ sourceId: source.id, start: 0, end: 28 });
    const absent = await api.claim.create({ sourceId: source.id, start: 29, end: 85 });
    await api.link.create({ claimId: attended.id, eventId: event.id, stance: 'supports', asserted: { participants: { include: [lavrov.id] } } });
    const { link } = await api.link.create({ claimId: absent.id, eventId: event.id, stance: 'supports', asserted: { participants: { exclude: [sergei.id] } } });
    // Two different people as far as the database knows: no conflict.
    expect(await disputeOf(h.db, event.id)).toBeNull();

    const file = path.join(h.dir, 'before-merge.json');
    await exportDatabase(resolveDatabasePath(h.url), 'json', file, { now: new Date('2026-01-01T00:00:00.000Z') });
    const url = `file:${path.join(h.dir, 'restored.db')}`;
    await migrate(url);
    await restoreDatabase(resolveDatabasePath(url), file);
    const restored = await openDb({ url });
    try {
      for (const db of [h.db, restored]) {
        const [w, l] = await Promise.all([lavrov.id, sergei.id].map((id) => db.actor.findUniqueOrThrow({ where: { id } })));
        await writeTx(db, (tx) => mergeActors(tx, null, { winnerId: w!.id, winnerVersion: w!.version, loserId: l!.id, loserVersion: l!.version }));
        expect((await db.link.findUniqueOrThrow({ where: { id: link.id } })).assertedParticipants).toEqual({
          include: [],
          exclude: [lavrov.id],
          exclusive: false,
        });
        const dispute = await disputeOf(db, event.id);
        expect(dispute).toMatchObject({ status: 'open', kinds: ['participants'] });
        expect(dispute!.claims.map((c) => c.claimId)).toEqual([attended.id, absent.id]);
        expect(await recomputeChanges(db, event.id)).toBe(false);
      }
    } finally {
      await restored.$disconnect();
    }
  });
});
