// Search and record pages read what a user expects whatever reads them: ranked search pages without gaps or repeats
// among equal scores, actor search by whole name and by prefix past its candidate cap, and list pages whose counts are
// the page's own (services/search.ts, actors.ts, sources.ts; their SQL is in packages/db/src/queries).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldName, nameKeys } from '@claimline/core';
import { openBulkWriter, resolveDatabasePath, storedInstant } from '@claimline/db';
import { testEngine } from '@claimline/db/test/postgres-db';
import { codeOf, createHarness, type Harness } from './test/harness.ts';

/** Full-text search is not on PostgreSQL yet (queries/search.ts): its tests run on SQLite only for now. */

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const SENTENCE = 'The convoy reached Aleppo at dawn. ';

describe('search.query', () => {
  it('pages through matches of equal rank in rank, kind and id order, each once, with every hit marked', async () => {
    const api = h.as('reviewer');
    // Identical sentences score the same: 24 claims tie, so do 6 events.
    const { source } = await api.source.import({ text: SENTENCE.repeat(24), title: 'Field notes', outlet: 'Wire' });
    for (let i = 0; i < 24; i++) await api.claim.create({ sourceId: source.id, start: i * SENTENCE.length, end: (i + 1) * SENTENCE.length - 1 });
    for (let i = 0; i < 6; i++) await api.event.create({ title: 'Convoy to Aleppo', place: 'Aleppo' });

    const all = await api.search.query({ q: 'convoy alep', limit: 100 });
    expect(all.nextCursor).toBeNull();
    expect(all.items.map((r) => r.kind).sort()).toEqual([...Array(24).fill('claim'), ...Array(6).fill('event'), 'source'].sort());
    const key = (r: (typeof all.items)[number]) => [r.rank, r.kind, r.id] as const;
    for (let i = 1; i < all.items.length; i++) {
      const [ra, ka, ia] = key(all.items[i - 1]!);
      const [rb, kb, ib] = key(all.items[i]!);
      expect(ra < rb || (ra === rb && (ka < kb || (ka === kb && ia < ib))), `item ${i}`).toBe(true);
    }
    for (const item of all.items) {
      const hits = item.snippet.filter((s) => s.hit).map((s) => s.text.toLowerCase());
      expect(hits, `${item.kind} ${item.id}`).toContain('convoy');
      expect(hits.some((t) => t.startsWith('alep'))).toBe(true);
      expect(item.snippet.map((s) => s.text).join('')).toMatch(/convoy/i);
    }
    expect(all.items.find((r) => r.kind === 'claim')).toMatchObject({ title: 'Field notes', detail: 'Wire', sourceId: source.id });

    const paged: typeof all.items = [];
    for (let cursor: number | null = 0; cursor !== null;) {
      const page: typeof all = await api.search.query({ q: 'convoy alep', limit: 7, cursor });
      paged.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(paged).toEqual(all.items);
    expect((await api.search.query({ q: 'convoy alep', kinds: ['event'], limit: 4, cursor: 4 })).items).toEqual(
      all.items.filter((r) => r.kind === 'event').slice(4),
    );
  });

  it('never finds a merged actor, and finds its names on the actor it was merged into', async () => {
    const api = h.as('reviewer');
    const winner = await api.actor.create({ name: 'Yevgeny Quartermain', kind: 'person' });
    const loser = await api.actor.create({ name: 'Eugene Quartermain', kind: 'person' });
    await api.actor.merge({ winnerId: winner.id, winnerVersion: winner.version, loserId: loser.id, loserVersion: loser.version });
    const found = await api.search.query({ q: 'quartermain', kinds: ['actor'] });
    expect(found.items.map((r) => r.id)).toEqual([winner.id]);
    expect((await api.search.query({ q: 'eugene', kinds: ['actor'] })).items.map((r) => r.id)).toEqual([winner.id]);
  });
});

describe('actor.search, actor.list, source.list', () => {
  const PREFIXED = 320; // more than the 300 prefix candidates a search ranks
  let first = 0;
  beforeAll(async () => {
    first = 10_000;
    if (testEngine === 'postgresql') {
      // The bulk writer is SQLite's: the same rows through Prisma.
      const names = Array.from({ length: PREFIXED }, (_, i) => ({ id: first + i, name: `Sokolova ${i}` }));
      await h.db.actor.createMany({ data: names.map(({ id, name }) => ({ id, name, nameFolded: foldName(name), kind: 'organisation' })) });
      await h.db.actorNameKey.createMany({ data: names.flatMap(({ id, name }) => nameKeys(name).map((key) => ({ actorId: id, key }))) });
      return;
    }
    const w = openBulkWriter(resolveDatabasePath(h.url));
    const at = storedInstant(new Date(Date.UTC(2025, 0, 1)));
    try {
      w.begin();
      for (let i = 0; i < PREFIXED; i++) {
        const name = `Sokolova ${i}`;
        const id = 10_000 + i;
        w.insert('Actor', { id, name, nameFolded: foldName(name), kind: 'organisation', createdAt: at, updatedAt: at });
        for (const key of nameKeys(name)) w.insert('ActorNameKey', { actorId: id, key });
      }
      w.commit();
    } finally {
      w.close();
    }
  });

  it('finds whole-word matches past hundreds of prefix matches, ranks by name, filters by kind', async () => {
    const api = h.as('annotator');
    const sokol = await api.actor.create({ name: 'Sokol', kind: 'organisation', aliases: ['Sokol Brigade'] });
    const person = await api.actor.create({ name: 'Ivan Sokol', kind: 'person' });
    // 1 for the same name, then 0.9 for names starting with it (by name), then 0.8 for "Ivan Sokol".
    const r = await api.actor.search({ q: 'Sokol', limit: 5 });
    expect(r.items.map((a) => a.id)).toEqual([sokol.id, first, first + 1, first + 10, first + 100]);
    expect(r.items[0]).toMatchObject({ name: 'Sokol', score: 1, matchedName: 'Sokol', aliases: [{ name: 'Sokol Brigade' }] });
    expect((await api.actor.search({ q: 'Sokol', kind: 'person' })).items.map((a) => a.id)).toEqual([person.id]);
    expect((await api.actor.search({ q: 'sokolova 31' })).items[0]?.name).toBe('Sokolova 31');
    expect((await api.actor.search({ q: 'Sokolova', limit: 100 })).items).toHaveLength(100);
    expect((await api.actor.search({ q: 'brig' })).items[0]).toMatchObject({ id: sokol.id, matchedName: 'Sokol Brigade' });
    expect((await api.actor.search({ q: 'Zzyzx' })).items).toEqual([]);
  });

  it('counts the claims of each listed actor and source, and the open disputes of each source', async () => {
    const api = h.as('reviewer');
    const teller = await api.actor.create({ name: 'Teller One', kind: 'person' });
    const { source: a } = await api.source.import({ text: 'One said it happened. Two said it did not.', title: 'Dispatch A', outlet: 'Counted' });
    const { source: b } = await api.source.import({ text: 'Three said nothing of the sort happened here.', title: 'Dispatch B', outlet: 'Counted' });
    const c1 = await api.claim.create({ sourceId: a.id, start: 0, end: 21, claimantId: teller.id });
    const c2 = await api.claim.create({ sourceId: a.id, start: 22, end: 42, claimantId: teller.id });
    await api.claim.create({ sourceId: b.id, start: 0, end: 10 });
    const event = await api.event.create({ title: 'The counted happening' });
    await api.link.create({ claimId: c1.id, eventId: event.id, stance: 'supports' });
    await api.link.create({ claimId: c2.id, eventId: event.id, stance: 'contradicts' });

    const listed = await api.source.list({ outlet: 'Counted' });
    expect(listed.items.map((s) => [s.title, s.claimCount, s.openDisputes])).toEqual([
      ['Dispatch B', 1, 0],
      ['Dispatch A', 2, 1],
    ]);
    const actors = await api.actor.list({ cursor: teller.id - 1, limit: 1 });
    expect(actors.items.map((x) => [x.id, x.claimCount])).toEqual([[teller.id, 2]]);
    expect((await api.actor.get({ id: teller.id })).claimCount).toBe(2);
  });

  it('source.list filters by text, outlet and cursor together, newest first', async () => {
    const api = h.as('annotator');
    const made: { id: number; outlet: string }[] = [];
    for (let i = 0; i < 9; i++) {
      const outlet = i % 2 ? 'Odd Wire' : 'Even Wire';
      const { source } = await api.source.import({ text: `Bulletin ${i}: the ferry left port.`, title: `Bulletin ${i}`, outlet });
      made.push({ id: source.id, outlet });
    }
    const even = made
      .filter((s) => s.outlet === 'Even Wire')
      .map((s) => s.id)
      .reverse();
    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const page: Awaited<ReturnType<typeof api.source.list>> = await api.source.list({ q: 'ferr', outlet: 'Even Wire', limit: 2, cursor });
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(even);
    expect((await api.source.list({ q: 'ferry', cursor: even[1] })).items.map((s) => s.id)).toEqual(
      made
        .map((s) => s.id)
        .filter((id) => id < even[1]!)
        .reverse(),
    );
    expect((await api.source.list({ q: '!!' })).items).toEqual([]);
  });

  it('claim.listBySource pages claims that start at the same offset by id, with their chains and links; claim.get reads the same claim', async () => {
    const api = h.as('annotator');
    const { source } = await api.source.import({ text: 'Rania said the talks failed, and Omar agreed.', title: 'Same span', outlet: 'Wire' });
    const [rania, omar] = [
      await api.actor.create({ name: 'Rania Samespan', kind: 'person' }),
      await api.actor.create({ name: 'Omar Samespan', kind: 'person' }),
    ];
    const event = await api.event.create({ title: 'The failed talks' });
    const made = [];
    for (let i = 0; i < 5; i++) {
      const claim = await api.claim.create({
        sourceId: source.id,
        start: i < 3 ? 0 : 33,
        end: 44,
        claimantId: i % 2 ? rania.id : null,
        chain: [{ actorId: omar.id }, { actorId: rania.id, relation: 'quoted' }],
      });
      await api.link.create({ claimId: claim.id, eventId: event.id, stance: 'mentions' });
      made.push(claim.id);
    }
    const seen = [];
    let cursor: number | null = null;
    do {
      const page: Awaited<ReturnType<typeof api.claim.listBySource>> = await api.claim.listBySource({ sourceId: source.id, limit: 2, cursor });
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen.map((c) => c.id)).toEqual(made);
    const one = await api.claim.get({ id: made[1]! });
    expect(seen[1]).toEqual(Object.fromEntries(Object.entries(one).filter(([k]) => k !== 'source' && k !== 'verdicts')));
    expect(one).toMatchObject({
      claimant: { id: rania.id, name: 'Rania Samespan', kind: 'person' },
      chain: [
        { position: 0, actorId: omar.id, relation: null, actor: { name: 'Omar Samespan', kind: 'person' } },
        { position: 1, actorId: rania.id, relation: 'quoted', actor: { name: 'Rania Samespan', kind: 'person' } },
      ],
      links: [{ eventId: event.id, stance: 'mentions', event: { title: 'The failed talks', date: null } }],
      source: { id: source.id, title: 'Same span', outlet: 'Wire' },
      verdicts: [],
    });
    expect(one.createdAt).toBeInstanceOf(Date);
    expect(await codeOf(api.claim.listBySource({ sourceId: source.id, cursor: 99_999_999 }))).toBe('BAD_REQUEST');
    expect(await codeOf(api.claim.get({ id: 99_999_999 }))).toBe('NOT_FOUND');
  });

  it('source.get gives the text, notes and revisions oldest first', async () => {
    const api = h.as('annotator');
    const { source } = await api.source.import({ text: 'First version.', title: 'Revised', outlet: 'Wire', notes: 'checked', authors: ['A. Writer'] });
    const later = [];
    for (let i = 0; i < 3; i++)
      later.push((await api.source.import({ text: `Version ${i + 2}.`, title: `Revised ${i + 2}`, outlet: 'Wire', revisionOfId: source.id })).source);
    const got = await api.source.get({ id: source.id });
    expect(got).toEqual({
      ...source,
      text: 'First version.',
      notes: 'checked',
      revisions: later.map((r) => ({ id: r.id, title: r.title, createdAt: r.createdAt })),
    });
    expect(got.revisions[0]!.createdAt).toBeInstanceOf(Date);
    expect(Object.keys(got)).toEqual([...Object.keys(source), 'text', 'notes', 'revisions']);
    expect(await codeOf(api.source.get({ id: 99_999_999 }))).toBe('NOT_FOUND');
  });
});
