// The demo data set: loads, loads twice without change, anchors every quote exactly, resolves every alias,
// and surfaces the corpus's genuine disagreements as disputes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sliceCodePoints } from '@claimline/core';
import { createHarness, type Harness } from './test/harness.ts';
import { loadDemo, readDemo } from './services/demo.ts';
import { searchActors } from './services/actors.ts';

let h: Harness;
let first: Awaited<ReturnType<typeof loadDemo>>;
beforeAll(async () => {
  h = await createHarness();
  first = await loadDemo(h.db, { reviewerId: h.users.reviewer.id });
});
afterAll(async () => h?.close());

async function snapshotCounts() {
  const d = h.db;
  return {
    sources: await d.source.count(),
    actors: await d.actor.count(),
    aliases: await d.actorAlias.count(),
    events: await d.event.count(),
    claims: await d.claim.count(),
    links: await d.link.count(),
    disputes: await d.dispute.count(),
    verdicts: await d.verdict.count(),
    audit: await d.auditEntry.count(),
  };
}

describe('demo data set', () => {
  it('loads the five articles and their annotation', () => {
    const { data } = readDemo();
    expect(first.loaded).toBe(true);
    expect(first.counts).toMatchObject({
      sources: 5,
      actors: data.actors.length,
      events: data.events.length,
      claims: data.claims.length,
      links: data.links.length,
      verdicts: data.verdicts.length,
    });
    expect(data.actors.length).toBeGreaterThanOrEqual(12);
    expect(data.events.length).toBeGreaterThanOrEqual(8);
    expect(data.claims.length).toBeGreaterThanOrEqual(25);
  });

  it('a second load changes nothing', async () => {
    const before = await snapshotCounts();
    const again = await loadDemo(h.db);
    expect(again.loaded).toBe(false);
    expect(await snapshotCounts()).toEqual(before);
  });

  it('every claim quote equals the source text at its code point anchors, with matching context', async () => {
    const claims = await h.db.claim.findMany({ include: { source: { select: { text: true } } } });
    expect(claims.length).toBeGreaterThanOrEqual(25);
    for (const c of claims) {
      expect(sliceCodePoints(c.source.text, c.start, c.end), `claim ${c.id}`).toBe(c.quote);
      expect(sliceCodePoints(c.source.text, c.start - [...c.prefix].length, c.start)).toBe(c.prefix);
      expect(sliceCodePoints(c.source.text, c.end, c.end + [...c.suffix].length)).toBe(c.suffix);
    }
  });

  it('every alias of every seeded actor finds its actor first', async () => {
    const { data } = readDemo();
    const failures: string[] = [];
    for (const a of data.actors) {
      const actor = await h.db.actor.findFirstOrThrow({ where: { name: a.name, mergedIntoId: null } });
      for (const alias of [a.name, ...a.aliases]) {
        const found = await searchActors(h.db, { q: alias, limit: 50 });
        const top = found.items[0];
        // Several actors may share a folded name (e.g. a person and their namesake); the alias must rank its actor at the top score.
        const topScore = top?.score ?? 0;
        const mine = found.items.find((i) => i.id === actor.id);
        if (!mine || mine.score < topScore) failures.push(`${alias} → ${top?.name ?? 'nothing'} (expected ${a.name})`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('finds al-Shaibani by every corpus spelling', async () => {
    const target = await h.db.actor.findFirstOrThrow({ where: { name: { contains: 'Shaibani' }, kind: 'person' } });
    for (const q of ['al-Shaibani', 'al-Shibani', 'al-Shaybani', 'Asaad Hassan al-Shaybani', 'الشيباني', 'Shibani']) {
      expect((await searchActors(h.db, { q })).items[0]?.id, q).toBe(target.id);
    }
  });

  it('surfaces the corpus disagreements as disputes, with settled ones carrying verdicts', async () => {
    const disputes = await h.db.dispute.findMany({ include: { event: true, claims: true } });
    const kinds = new Set(disputes.flatMap((d) => d.kinds as string[]));
    expect(kinds.has('stance')).toBe(true);
    expect(kinds.has('place')).toBe(true);
    expect(kinds.has('participants')).toBe(true);
    const place = disputes.filter((d) => (d.kinds as string[]).includes('place'));
    expect(place.map((d) => d.explanation).join(' ')).toMatch(/Khamenei/);
    // Spelling variants of one place are not a dispute (Bab al-Hawa crossing / Bab Al-Hawa crossing border).
    expect(place.map((d) => d.event.title).join(' ')).not.toMatch(/Bab al-Hawa/i);
    const contact = disputes.find((d) => (d.kinds as string[]).includes('stance'));
    expect(contact?.explanation).toMatch(/Caliber\.Az|Financial Times/);
    expect(contact?.supportOrigins).toBeGreaterThan(0);
    expect(contact?.contradictOrigins).toBeGreaterThan(0);
    expect(await h.db.verdict.count()).toBeGreaterThan(0);
    expect(disputes.some((d) => d.status === 'resolved')).toBe(true);
    expect(disputes.some((d) => d.status === 'open')).toBe(true);
  });
});
