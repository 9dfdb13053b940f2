// Every list and every filter past 1,000 related rows or matches: SQLite binds at most 999 parameters a
// statement, and Prisma binds one per key when it loads a relation or filters by an id list (see
// services/id-lists.ts). The data is written through packages/db's bulk writer, so the file runs in seconds.
//
// Procedures that return a list, and what drives each past 1,000 here:
//   review.queue   default page (50), the editor's /review page (25), `claimline disputes` (200), `order:
//                  'weight'` with 25, status open and all: 2,140 claims across the page's disputes
//   review.get     one dispute of 1,100 claims;  review.decide  a dispute of 80 claims on that page
//   claim.listBySource  a page of 1,000 claims with 1,000 hops and 2,100 links to 1,101 events; 2,140 in all
//   claim.listByEvent   an event of 1,100 links, page by page
//   claim.get      a claim linked to 1,101 events
//   event.list     q / place / actorId each matching 1,100 events; from/to; a page of 200 with 1,200 participants
//   event.timeline q matching 1,100 events: counted by day, the window page by page
//   event.get      an event with 1,100 children
//   source.list    q matching 1,100 sources; outlet; claim and open-dispute counts
//   source.get     a source with 1,099 revisions
//   actor.list     a page of 200 actors with 1,200 aliases; kind
//   actor.search   q (and kind) matching 1,200 actors;  actor.get  an actor in 1,100 events
//   search.query   q matching 1,100 events, all kinds and events only, paged past the 1,000th
//   audit.history  a record with 1,100 entries
//   link.create / link.update / link.remove on an event of 1,100 links (dispute detection reads them all)
//   user.list      lists the users table only (no relations, no filters): not data-dependent
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldName, nameKeys } from '@claimline/core';
import { openBulkWriter, resolveDatabasePath, storedInstant } from '@claimline/db';
import { createHarness, withClaims, withCounts, type Harness } from './test/harness.ts';

let h: Harness;

const ACTORS = 1200;
const SMALL_EVENTS = 13; // 13 events × 80 claims: the reproduction
const PER_SMALL = 80;
const BIG_EVENT = 14; // one event with 1,100 linked claims
const BIG_CLAIMS = 1100;
const CLAIMS = SMALL_EVENTS * PER_SMALL + BIG_CLAIMS; // 2,140, all in source 1
const PARENT_EVENT = 100;
const SUMMITS = 1100; // events 101..1200, "Geneva summit N", children of event 100
const DISPATCHES = 1100; // sources 2..1101, "Dispatch N"

const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
const eventOfClaim = (c: number) => (c <= SMALL_EVENTS * PER_SMALL ? Math.ceil(c / PER_SMALL) : BIG_EVENT);
// Half the claims of each small event contradict it. Most claims of the big event only mention it: with
// hundreds on each side, dispute detection (packages/core) takes seconds per change, which is not what
// this file measures.
const stanceOf = (c: number) => {
  if (eventOfClaim(c) !== BIG_EVENT) return c % 2 ? 'supports' : 'contradicts';
  return c % 100 === 0 ? 'contradicts' : c % 100 === 1 ? 'supports' : 'mentions';
};

/** Writes the data set through packages/db's bulk writer (one transaction, prepared inserts). */
function build(url: string) {
  const w = openBulkWriter(resolveDatabasePath(url));
  const at = storedInstant(new Date(Date.UTC(2025, 0, 1)));
  const stamped = { createdAt: at, updatedAt: at };
  const users = Object.values(h.users).map((u) => u.id);
  try {
    w.begin();
    for (const id of ids(1, ACTORS)) {
      const name = `Witness ${id}`;
      w.insert('Actor', { id, name, nameFolded: foldName(name), kind: id % 2 ? 'person' : 'organisation', ...stamped });
      for (const key of nameKeys(name)) w.insert('ActorNameKey', { actorId: id, key });
      if (id <= 200) for (const k of ids(1, 6)) w.insert('ActorAlias', { actorId: id, name: `Alias ${id}.${k}`, folded: `alias ${id}.${k}` });
    }

    const source = { outlet: 'Wire', authors: '[]', language: 'en', ...stamped };
    w.insert('Source', { ...source, id: 1, title: 'The long report', text: 'abcd '.repeat(CLAIMS + 10), contentHash: 'hash-1' });
    for (const id of ids(2, DISPATCHES)) {
      w.insert('Source', {
        ...source,
        id,
        title: `Dispatch ${id}`,
        text: `Dispatch number ${id} from the wire.`,
        contentHash: `hash-${id}`,
        revisionOfId: id === 2 ? null : 2,
      });
    }

    for (const id of ids(1, BIG_EVENT)) w.insert('Event', { id, title: `Contested meeting ${id}`, type: 'meeting', ...stamped });
    w.insert('Event', { id: PARENT_EVENT, title: 'Season of talks', type: 'meeting', ...stamped });
    for (const id of ids(PARENT_EVENT + 1, SUMMITS)) {
      const day = `2024-12-${String((id % 28) + 1).padStart(2, '0')}`;
      w.insert('Event', {
        id,
        title: `Geneva summit ${id}`,
        type: 'meeting',
        place: 'Geneva',
        placeFolded: foldName('Geneva'),
        date: day,
        dateEarliest: day,
        dateLatest: day,
        parentId: PARENT_EVENT,
        ...stamped,
      });
      // Six participants per summit, actor 1 in every one.
      for (const actorId of [1, ...ids(0, 5).map((k) => ((id * 5 + k) % (ACTORS - 1)) + 2)])
        w.insert('EventParticipant', { eventId: id, actorId, role: 'participant' });
    }

    for (const id of ids(1, CLAIMS)) {
      w.insert('Claim', {
        id,
        sourceId: 1,
        start: (id - 1) * 5,
        end: (id - 1) * 5 + 4,
        quote: 'abcd',
        prefix: '',
        suffix: '',
        claimantId: (id % ACTORS) + 1,
        status: 'draft',
        ...stamped,
      });
      w.insert('AttributionHop', { claimId: id, position: 0, actorId: ((id + 7) % ACTORS) + 1, relation: 'cites' });
      w.insert('Link', { claimId: id, eventId: eventOfClaim(id), stance: stanceOf(id), ...stamped });
    }
    // Claim 1 also mentions every summit.
    for (const eventId of ids(PARENT_EVENT + 1, SUMMITS)) w.insert('Link', { claimId: 1, eventId, stance: 'mentions', ...stamped });

    // The disputes detection would record (written directly: building them is not what is tested here).
    for (const eventId of ids(1, BIG_EVENT)) {
      w.insert('Dispute', {
        id: eventId,
        eventId,
        kinds: '["stance"]',
        status: 'open',
        explanation: 'supporters and contradictors',
        supportOrigins: eventId % 5,
        contradictOrigins: eventId % 3,
        openedAt: storedInstant(new Date(Date.UTC(2025, 0, 1, 0, eventId))),
        updatedAt: at,
      });
    }
    for (const claimId of ids(1, CLAIMS)) {
      w.insert('DisputeClaim', {
        disputeId: eventOfClaim(claimId),
        claimId,
        side: stanceOf(claimId) === 'contradicts' ? 'b' : 'a',
        origin: `actor:${(claimId % ACTORS) + 1}`,
      });
    }

    for (const i of ids(1, 1100))
      w.insert('AuditEntry', { at, userId: users[i % 3]!, action: 'update', recordType: 'event', recordId: BIG_EVENT, after: JSON.stringify({ i }) });
    w.commit();
  } finally {
    w.close();
  }
}

beforeAll(async () => {
  h = await createHarness();
  build(h.url);
});
afterAll(async () => h?.close());

/** Every page of a cursor-paged list. */
async function all<T>(page: (cursor: number | null) => Promise<{ items: T[]; nextCursor: number | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: number | null = null;
  do {
    const p = await page(cursor);
    out.push(...p.items);
    cursor = p.nextCursor;
  } while (cursor !== null);
  return out;
}

describe('review queue with more than 1,000 claims on a page', () => {
  it('answers the default page (50, oldest first) with every claim, its chain and its link to the event', async () => {
    const q = withClaims(await h.as('reviewer').review.queue({}));
    expect(q.total).toBe(BIG_EVENT);
    expect(q.items.map((d) => d.eventId)).toEqual(ids(1, BIG_EVENT));
    expect(q.items.reduce((n, d) => n + d.claims.length, 0)).toBe(CLAIMS);
    const first = q.items[0]!;
    expect(first.claims).toHaveLength(PER_SMALL);
    // Side a first, then by claim id; each claim carries its chain, source and the link to this event.
    const sides = first.claims.map((c) => c.side);
    expect(sides).toEqual([...sides].sort());
    const a = first.claims.filter((c) => c.side === 'a').map((c) => c.id);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    const c1 = first.claims.find((c) => c.id === 1)!;
    expect(c1.chain).toEqual([{ relation: 'cites', actor: { id: 9, name: 'Witness 9' } }]);
    expect(c1.claimant).toEqual({ id: 2, name: 'Witness 2' });
    expect(c1.source).toMatchObject({ id: 1, title: 'The long report' });
    expect(c1.link).toMatchObject({ eventId: 1, stance: 'supports' });
    expect(q.items.at(-1)!.claims.every((c) => c.link?.eventId === BIG_EVENT && c.chain.length === 1)).toBe(true);
  });

  it("answers the editor's /review page (25), `claimline disputes` (200), order 'weight' and status all", async () => {
    for (const input of [
      { limit: 25, status: 'open' as const },
      { limit: 200, status: 'all' as const },
    ]) {
      const page = withClaims(await h.as('reviewer').review.queue(input));
      expect(page.items.reduce((n, d) => n + d.claims.length, 0)).toBe(CLAIMS);
    }
    const weight = withClaims(await h.as('reviewer').review.queue({ order: 'weight', limit: 25 }));
    expect(weight.items).toHaveLength(BIG_EVENT);
    const w = weight.items.map((d) => [d.contradictOrigins, d.supportOrigins, -d.id]);
    expect(w).toEqual([...w].sort((x, y) => y[0]! - x[0]! || y[1]! - x[1]! || y[2]! - x[2]!));
    expect(weight.items.reduce((n, d) => n + d.claims.length, 0)).toBe(CLAIMS);
    const everything = withClaims(await h.as('reviewer').review.queue({ status: 'all', limit: 25 }));
    expect(everything.items.reduce((n, d) => n + d.claims.length, 0)).toBe(CLAIMS);
  });

  it('pages through the queue one dispute at a time in the same order', async () => {
    const seen = await all(async (cursor) => withClaims(await h.as('reviewer').review.queue({ order: 'weight', limit: 1, cursor })));
    expect(seen).toHaveLength(BIG_EVENT);
    expect(seen.reduce((n, d) => n + d.claims.length, 0)).toBe(CLAIMS);
  });

  it("answers the list form (claims 'count'): the same disputes, order and cursors, each with its claim count and no claims", async () => {
    const api = h.as('reviewer');
    for (const input of [{}, { limit: 25 }, { order: 'weight' as const, limit: 25 }, { status: 'all' as const, limit: 200 }, { limit: 5, cursor: 3 }]) {
      const full = withClaims(await api.review.queue(input));
      const counted = withCounts(await api.review.queue({ ...input, claims: 'count' }));
      expect(counted.total).toBe(full.total);
      expect(counted.nextCursor).toBe(full.nextCursor);
      expect(counted.items).toEqual(full.items.map(({ claims, verdicts: _, ...d }) => ({ ...d, claimCount: claims.length })));
    }
    const counted = withCounts(await api.review.queue({ claims: 'count' }));
    expect(counted.items.map((d) => d.claimCount)).toEqual([...Array<number>(SMALL_EVENTS).fill(PER_SMALL), BIG_CLAIMS]);
    expect(counted.items.every((d) => !('claims' in d) && !('verdicts' in d))).toBe(true);
    const byOne = await all(async (cursor) => withCounts(await api.review.queue({ order: 'weight', limit: 1, cursor, claims: 'count' })));
    expect(byOne.map((d) => d.id)).toEqual((await api.review.queue({ order: 'weight', claims: 'count' })).items.map((d) => d.id));
  });

  it('opens one dispute of 1,100 claims', async () => {
    const d = await h.as('annotator').review.get({ id: BIG_EVENT });
    expect(d.claims).toHaveLength(BIG_CLAIMS);
    expect(d.claims.every((c) => c.chain.length === 1 && c.link?.eventId === BIG_EVENT)).toBe(true);
  });
});

describe('claims past 1,000 related rows', () => {
  it('claim.listBySource gives pages of 1,000 claims with their chains and links, 2,140 in all', async () => {
    const api = h.as('annotator');
    const page = await api.claim.listBySource({ sourceId: 1, limit: 1000 });
    expect(page.items).toHaveLength(1000);
    expect(page.items.map((c) => c.start)).toEqual(ids(0, 1000).map((i) => i * 5));
    const first = page.items[0]!;
    expect(first.links.map((l) => l.eventId)).toEqual([1, ...ids(PARENT_EVENT + 1, SUMMITS)]);
    expect(first.links[1]!.event).toEqual({ title: `Geneva summit ${PARENT_EVENT + 1}`, date: '2024-12-18' });
    expect(first.chain).toEqual([{ position: 0, actorId: 9, relation: 'cites', actor: { name: 'Witness 9', kind: 'person' } }]);
    expect(page.items.every((c) => c.chain.length === 1 && c.links.length >= 1)).toBe(true);
    const claims = await all((cursor) => api.claim.listBySource({ sourceId: 1, limit: 1000, cursor }));
    expect(claims.map((c) => c.id)).toEqual(ids(1, CLAIMS));
    // The default page is a full page.
    expect((await api.claim.listBySource({ sourceId: 1 })).items.length).toBeGreaterThanOrEqual(500);
  });

  it('claim.listByEvent pages through an event of 1,100 links', async () => {
    const links = await all((cursor) => h.as('annotator').claim.listByEvent({ eventId: BIG_EVENT, limit: 200, cursor }));
    expect(links.map((l) => l.claimId)).toEqual(ids(SMALL_EVENTS * PER_SMALL + 1, BIG_CLAIMS));
    expect(links.every((l) => l.claim.chain.length === 1 && l.claim.source.id === 1)).toBe(true);
  });

  it('claim.get shows a claim linked to 1,101 events', async () => {
    const c = await h.as('annotator').claim.get({ id: 1 });
    expect(c.links).toHaveLength(SUMMITS + 1);
    expect(c.links.every((l) => l.event.title)).toBe(true);
  });
});

describe('events past 1,000 matches and related rows', () => {
  const summitIds = ids(PARENT_EVENT + 1, SUMMITS);
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

  it('event.list {q} finds all 1,100 matching events, page by page, in date order', async () => {
    const api = h.as('annotator');
    const found = await all((cursor) => api.event.list({ q: 'geneva', limit: 200, cursor }));
    expect(sorted(found.map((e) => e.id))).toEqual(summitIds);
    const dates = found.map((e) => e.dateEarliest!);
    expect(dates).toEqual([...dates].sort());
    const backwards = await all((cursor) => api.event.list({ q: 'summit', sort: '-date', limit: 200, cursor }));
    expect(backwards.map((e) => e.id)).toEqual([...found.map((e) => e.id)].reverse());
    expect((await api.event.list({ q: 'nothing-like-this' })).items).toEqual([]);
  });

  it('event.list filters by place, actor and dates past 1,000 matches, with 1,200 participants on a page', async () => {
    const api = h.as('annotator');
    const byPlace = await all((cursor) => api.event.list({ place: 'geneva', limit: 200, cursor }));
    expect(sorted(byPlace.map((e) => e.id))).toEqual(summitIds);
    const byActor = await all((cursor) => api.event.list({ actorId: 1, limit: 200, cursor }));
    expect(sorted(byActor.map((e) => e.id))).toEqual(summitIds);
    const inRange = await all((cursor) => api.event.list({ from: '2024-12-01', to: '2024-12-31', limit: 200, cursor }));
    expect(sorted(inRange.map((e) => e.id))).toEqual(summitIds);
    const page = await api.event.list({ q: 'geneva', limit: 200 });
    expect(page.items.reduce((n, e) => n + e.participants.length, 0)).toBe(1200);
    expect(page.items[0]!.participants[0]).toEqual({ actorId: 1, role: 'participant', actor: { name: 'Witness 1', kind: 'person' } });
    expect(page.items[0]!.linkCount).toBe(1);
    // Undated events follow dated ones in both directions.
    const everything = await all((cursor) => api.event.list({ sort: '-date', limit: 200, cursor }));
    expect(everything).toHaveLength(BIG_EVENT + 1 + SUMMITS);
    expect(everything.slice(-(BIG_EVENT + 1)).every((e) => e.dateEarliest === null)).toBe(true);
  });

  it('event.timeline {q} counts all 1,100 matching events by day and pages through the window', async () => {
    const api = h.as('annotator');
    const t = await api.event.timeline({ q: 'geneva' });
    expect(t.total).toBe(SUMMITS);
    expect(t.unit).toBe('day');
    expect(t.buckets).toHaveLength(28);
    expect(t.buckets.reduce((n, b) => n + b.count, 0)).toBe(SUMMITS);
    expect(t.items).toHaveLength(200);
    expect(t.truncated).toBe(true);
    const items = await all((cursor) => api.event.timeline({ q: 'geneva', cursor }));
    expect(sorted(items.map((e) => e.id))).toEqual(summitIds);
    expect(items.map((e) => e.earliest)).toEqual(items.map((e) => e.earliest).sort());
    expect(items.every((e) => e.place === 'Geneva' && e.parentId === PARENT_EVENT)).toBe(true);
    const day = t.buckets[3]!;
    const one = await api.event.timeline({ q: 'geneva', window: { from: day.start, to: day.end } });
    expect(one.items).toHaveLength(day.count);
    expect(one.items.every((e) => e.earliest === day.start)).toBe(true);
    expect(one.buckets).toEqual(t.buckets);
  });

  it('event.get lists 1,100 children', async () => {
    const e = await h.as('annotator').event.get({ id: PARENT_EVENT });
    expect(e.children).toHaveLength(SUMMITS);
  });
});

describe('sources, actors, search and history past 1,000', () => {
  it('source.list {q} finds all 1,100 matching sources, with counts', async () => {
    const api = h.as('annotator');
    const found = await all((cursor) => api.source.list({ q: 'dispatch', limit: 200, cursor }));
    expect(found.map((s) => s.id)).toEqual(ids(2, DISPATCHES).reverse());
    const wire = await all((cursor) => api.source.list({ outlet: 'Wire', limit: 200, cursor }));
    expect(wire).toHaveLength(DISPATCHES + 1);
    const long = wire.find((s) => s.id === 1)!;
    expect(long).toMatchObject({ claimCount: CLAIMS, openDisputes: BIG_EVENT });
    expect((await api.source.list({ q: 'dispatch wire', outlet: 'Elsewhere' })).items).toEqual([]);
  });

  it('source.get lists 1,099 revisions', async () => {
    expect((await h.as('annotator').source.get({ id: 2 })).revisions).toHaveLength(DISPATCHES - 1);
  });

  it('actor.list gives 1,200 actors with their aliases; actor.search ranks among 1,200 matches; actor.get', async () => {
    const api = h.as('annotator');
    const page = await api.actor.list({ limit: 200 });
    expect(page.items.reduce((n, a) => n + a.aliases.length, 0)).toBe(1200);
    expect(await all((cursor) => api.actor.list({ limit: 200, cursor }))).toHaveLength(ACTORS);
    expect(await all((cursor) => api.actor.list({ kind: 'organisation', limit: 200, cursor }))).toHaveLength(ACTORS / 2);
    const found = await api.actor.search({ q: 'witness', limit: 100 });
    expect(found.items).toHaveLength(100);
    expect((await api.actor.search({ q: 'witness 1111' })).items[0]).toMatchObject({ id: 1111 });
    const organisations = await api.actor.search({ q: 'witness', kind: 'organisation', limit: 100 });
    expect(organisations.items.length).toBeGreaterThan(0);
    expect(organisations.items.every((a) => a.kind === 'organisation')).toBe(true);
    const one = await api.actor.get({ id: 1 });
    expect(one.events).toHaveLength(200);
  });

  it('search.query pages through 1,100 matches', async () => {
    const api = h.as('annotator');
    const first = await api.search.query({ q: 'geneva', limit: 100 });
    expect(first.items).toHaveLength(100);
    const later = await api.search.query({ q: 'geneva', kinds: ['event'], limit: 100, cursor: 1000 });
    expect(later.items).toHaveLength(100);
    expect(later.nextCursor).toBeNull();
  });

  it('audit.history pages through 1,100 entries with who made them', async () => {
    const entries = await all((cursor) => h.as('annotator').audit.history({ recordType: 'event', recordId: BIG_EVENT, limit: 200, cursor }));
    expect(entries).toHaveLength(1100);
    expect(entries.every((e) => e.user?.name)).toBe(true);
  });
});

describe('writes beside more than 1,000 rows', () => {
  it('links, relinks and unlinks a claim on an event of 1,100 links (detection reads every link)', async () => {
    const api = h.as('annotator');
    const made = await api.link.create({ claimId: 2, eventId: BIG_EVENT, stance: 'contradicts' });
    expect(made.dispute).toMatchObject({ eventId: BIG_EVENT, status: 'open' });
    const d = await h.as('reviewer').review.get({ id: made.dispute!.disputeId! });
    expect(d.claims.find((c) => c.id === 2)).toMatchObject({ side: 'b', link: { eventId: BIG_EVENT, stance: 'contradicts' } });
    const changed = await api.link.update({ id: made.link.id, version: made.link.version, stance: 'mentions' });
    await api.link.remove({ id: changed.link.id, version: changed.link.version });
    expect(await h.db.link.count({ where: { eventId: BIG_EVENT } })).toBe(BIG_CLAIMS);
  });

  it('decides a dispute of 80 claims from a queue page of 2,140 claims', async () => {
    const api = h.as('reviewer');
    const q = withClaims(await api.review.queue({ limit: 25 }));
    const d = q.items.find((x) => x.eventId === 1)!;
    const done = await api.review.decide({
      disputeId: d.id,
      version: d.version,
      verdicts: d.claims.map((c) => ({ claimId: c.id, rating: 'unverifiable' as const })),
      rationale: 'Checked against the wire.',
    });
    expect(done.status).toBe('resolved');
    expect(done.verdicts).toHaveLength(PER_SMALL);
    expect((await api.review.queue({ limit: 25 })).total).toBe(BIG_EVENT - 1);
  });
});
