// Incremental dispute detection (run by every link change) and a full recompute must agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTx } from '@claimline/db';
import { createHarness, type Harness } from './test/harness.ts';
import { createActor } from './services/actors.ts';
import { importSource } from './services/sources.ts';
import { createEvent } from './services/events.ts';
import { createClaim } from './services/claims.ts';
import { createLink, removeLink, updateLink } from './services/links.ts';
import { recomputeAllDisputes } from './services/disputes.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

/** Small deterministic generator (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function disputeState() {
  const rows = await h.db.dispute.findMany({ include: { claims: true }, orderBy: { eventId: 'asc' } });
  return rows
    .filter((d) => d.status === 'open')
    .map((d) => ({
      eventId: d.eventId,
      kinds: d.kinds,
      explanation: d.explanation,
      origins: [d.supportOrigins, d.contradictOrigins],
      claims: d.claims.map((c) => `${c.claimId}:${c.side}:${c.origin}`).sort(),
    }));
}

describe('incremental and full dispute detection', () => {
  it('agree on a randomised data set of a few thousand link changes', async () => {
    const random = rng(20241208);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const dates = ['2024-12-06', '2024-12-07', '2024-12~', '2024-11-30/2024-12-02', '2024-12', '2025-01-15?', null];
    const places = ['Hmeimim', 'Khmeimim Air Base', 'an airbase near Khamenei', 'Bab al-Hawa', 'Damascus', null];
    const stances = ['supports', 'supports', 'contradicts', 'mentions'] as const;
    const text = Array.from({ length: 400 }, (_, i) => `Sentence ${i} says something happened.`).join(' ');

    const ids = await writeTx(h.db, async (tx) => {
      const actors = [];
      for (let i = 0; i < 12; i++) {
        actors.push((await createActor(tx, null, { name: `Actor ${i}`, kind: i % 4 === 0 ? 'anonymous' : i % 3 === 0 ? 'outlet' : 'person' })).id);
      }
      const sources = [];
      for (let i = 0; i < 4; i++)
        sources.push((await importSource(tx, null, { text: `${text} Source ${i}.`, title: `S${i}`, outlet: `Outlet ${i}` })).source.id);
      const events = [];
      for (let i = 0; i < 40; i++) events.push((await createEvent(tx, null, { title: `Event ${i}`, type: 'test' })).id);
      const claims = [];
      for (let i = 0; i < 300; i++) {
        const start = Math.floor(random() * 10000);
        const c = await createClaim(tx, null, {
          sourceId: pick(sources),
          start,
          end: start + 5 + Math.floor(random() * 30),
          claimantId: random() < 0.8 ? pick(actors) : null,
          chain: random() < 0.5 ? [{ actorId: pick(actors) }] : [],
          status: random() < 0.9 ? 'accepted' : 'rejected',
        });
        claims.push(c.id);
      }
      return { actors, events, claims };
    });

    const links = new Map<string, { id: number; version: number }>();
    let operations = 0;
    await writeTx(h.db, async (tx) => {
      for (let i = 0; i < 2000; i++) {
        const claimId = pick(ids.claims);
        const eventId = pick(ids.events);
        const key = `${claimId}:${eventId}`;
        const asserted = {
          date: random() < 0.4 ? pick(dates) : null,
          place: random() < 0.3 ? pick(places) : null,
          participants: random() < 0.15 ? { include: [pick(ids.actors)], exclude: random() < 0.5 ? [pick(ids.actors)] : [], exclusive: random() < 0.3 } : null,
          number: random() < 0.1 ? { value: Math.round(random() * 5), unit: 'days', tolerance: random() < 0.5 ? 1 : null } : null,
        };
        if (asserted.participants && asserted.participants.exclude.some((x) => asserted.participants!.include.includes(x))) asserted.participants.exclude = [];
        const existing = links.get(key);
        if (!existing) {
          const r = await createLink(tx, null, { claimId, eventId, stance: pick(stances), asserted });
          links.set(key, { id: r.link.id, version: r.link.version });
        } else if (random() < 0.3) {
          await removeLink(tx, null, existing);
          links.delete(key);
        } else {
          const r = await updateLink(tx, null, { ...existing, stance: pick(stances), asserted });
          links.set(key, { id: r.link.id, version: r.link.version });
        }
        operations++;
      }
    });
    expect(operations).toBe(2000);
    const incremental = await disputeState();
    expect(incremental.length).toBeGreaterThan(5);

    // A recompute over the same data changes nothing...
    const again = await writeTx(h.db, (tx) => recomputeAllDisputes(tx, null));
    expect(again.changed).toBe(0);
    // ...and from scratch it arrives at the same disputes.
    await writeTx(h.db, (tx) => tx.dispute.deleteMany({}));
    await writeTx(h.db, (tx) => recomputeAllDisputes(tx, null));
    expect(await disputeState()).toEqual(incremental);
  });
});
