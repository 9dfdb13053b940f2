// event.list and event.timeline against a plain reading of their rules (filter every event, sort, count), over dates
// of every shape: days, months, intervals, open starts and ends, undated; with disputes, filters and pages of any size.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { checkDatabaseFile, migrate, openDb, rawSql, resolveDatabasePath, synthesize, writeTx, type Db } from '@claimline/db';
import { linkSelect } from './services/selects.ts';
import { claimSelect } from './services/claims.ts';
import { exportDatabase } from './services/export.ts';
import { restoreDatabase } from './services/restore.ts';
import { mergeActors } from './services/actors.ts';
import { timeline } from './services/events.ts';
import { bucketKey, parseEdtf } from '@claimline/core';
import { testEngine } from '@claimline/db/test/postgres-db';
import { createHarness, codeOf, type Harness } from './test/harness.ts';

let h: Harness;
interface Ev {
  id: number;
  title: string;
  earliest: string | null;
  latest: string | null;
  place: string | null;
  actor: boolean;
}
const events: Ev[] = [];
let actorId = 0;
let disputedId = 0;

const DATES = [
  '2024-12-06',
  '2024-12-06',
  '2024-11-27/2024-12-08',
  '2024-12~',
  '../2024-03-01',
  '2024-06-01/..',
  null,
  null,
  '2023',
  '2025-07-31?',
  '2024-12-31',
  '2025-01-01',
  '2024-02-29',
];

beforeAll(async () => {
  h = await createHarness();
  const api = h.as('reviewer');
  actorId = (await api.actor.create({ name: 'Witness', kind: 'person' })).id;
  for (const [i, date] of DATES.entries()) {
    const place = i % 3 === 0 ? 'Damascus' : i % 3 === 1 ? 'Hmeimim' : null;
    const withActor = i % 2 === 0;
    const e = await api.event.create({
      title: `Event ${i} ${i % 4 === 0 ? 'convoy' : 'talks'}`,
      type: 'meeting',
      date,
      place,
      participants: withActor ? [{ actorId, role: 'participant' }] : [],
    });
    events.push({ id: e.id, title: e.title, earliest: e.dateEarliest, latest: e.dateLatest, place, actor: withActor });
  }
  // One open dispute, on the event of 2024-12-06 (the first).
  const { source } = await api.source.import({ text: 'The talks happened. The talks never happened.', title: 'Talks', outlet: 'O' });
  const a = await api.claim.create({ sourceId: source.id, start: 0, end: 19, status: 'accepted' });
  const b = await api.claim.create({ sourceId: source.id, start: 20, end: 45, status: 'accepted' });
  disputedId = events[0]!.id;
  await api.link.create({ claimId: a.id, eventId: disputedId, stance: 'supports' });
  expect((await api.link.create({ claimId: b.id, eventId: disputedId, stance: 'contradicts' })).dispute?.status).toBe('open');
});
afterAll(async () => h?.close());

interface Filters {
  from?: string;
  to?: string;
  actorId?: number;
  place?: string;
  q?: string;
}

/** Whether an event's days overlap [from, to] (an open end reaches every day; an undated event no range). */
function datesMatch(f: Filters, e: { earliest: string | null; latest: string | null }): boolean {
  const from = f.from ? parseEdtf(f.from).earliest : null;
  const to = f.to ? parseEdtf(f.to).latest : null;
  return (!from || (e.latest !== null ? e.latest >= from : e.earliest !== null)) && (!to || (e.earliest !== null ? e.earliest <= to : e.latest !== null));
}

/** The rules as the list has always stated them, in plain code. */
function matching(f: Filters): Ev[] {
  return events.filter(
    (e) =>
      datesMatch(f, e) &&
      (!f.actorId || e.actor) &&
      (!f.place || (e.place ?? '').toLowerCase().includes(f.place.toLowerCase())) &&
      (!f.q || e.title.includes(f.q)),
  );
}

function inOrder(evs: Pick<Ev, 'id' | 'earliest'>[], sort: 'date' | '-date'): number[] {
  const s = sort === 'date' ? 1 : -1;
  return [...evs]
    .sort((x, y) => {
      if ((x.earliest === null) !== (y.earliest === null)) return x.earliest === null ? 1 : -1;
      if (x.earliest !== y.earliest) return (x.earliest! < y.earliest! ? -1 : 1) * s;
      return (x.id - y.id) * s;
    })
    .map((e) => e.id);
}

async function pages<T extends { id: number }>(page: (cursor: number | null) => Promise<{ items: T[]; nextCursor: number | null }>): Promise<number[]> {
  const out: number[] = [];
  let cursor: number | null = null;
  do {
    const p = await page(cursor);
    out.push(...p.items.map((i) => i.id));
    cursor = p.nextCursor;
  } while (cursor !== null);
  return out;
}

const FILTERS = (): Filters[] => [
  {},
  { from: '2024-12' },
  { to: '2024-06' },
  { from: '2024-12-01', to: '2024-12-31' },
  { from: '2025-03', to: '2025-02' },
  { actorId },
  { place: 'damascus' },
  { q: 'convoy' },
  { from: '2024', actorId, place: 'hmeimim' },
];

describe('event.list', () => {
  it('pages through every filter in date order, undated events last, in both directions and at any page size', async () => {
    const api = h.as('annotator');
    for (const f of FILTERS())
      for (const sort of ['date', '-date'] as const)
        for (const limit of [1, 2, 50]) {
          const got = await pages((cursor) => api.event.list({ ...f, sort, limit, cursor }));
          expect(got, JSON.stringify({ f, sort, limit })).toEqual(inOrder(matching(f), sort));
        }
  });

  it('counts each event’s links and shows its dispute', async () => {
    const { items } = await h.as('annotator').event.list({ from: '2024-12-06', to: '2024-12-06' });
    const disputed = items.find((e) => e.id === disputedId)!;
    expect(disputed.linkCount).toBe(2);
    expect(disputed.dispute?.status).toBe('open');
    expect(items.filter((e) => e.id !== disputedId).every((e) => e.linkCount === 0 && e.dispute === null)).toBe(true);
  });
  it('gives each event the fields Prisma’s own select gives (dates as instants, participants with their actor)', async () => {
    const { items } = await h.as('annotator').event.list({ limit: 200 });
    const expected = await h.db.event.findMany({
      where: { id: { in: items.map((e) => e.id) } },
      select: {
        id: true,
        title: true,
        type: true,
        date: true,
        dateEarliest: true,
        dateLatest: true,
        place: true,
        description: true,
        parentId: true,
        version: true,
        createdAt: true,
        updatedAt: true,
        participants: { select: { actorId: true, role: true, actor: { select: { name: true, kind: true } } }, orderBy: { id: 'asc' } },
        dispute: { select: { id: true, status: true } },
        _count: { select: { links: true } },
      },
    });
    const byId = new Map(expected.map(({ _count, ...e }) => [e.id, { ...e, linkCount: _count.links }]));
    expect(items).toEqual(items.map((e) => byId.get(e.id)));
    expect(items[0]!.createdAt).toBeInstanceOf(Date);
  });
});

describe('event.timeline', () => {
  it('counts every matching event per bucket, by start (or the range’s start), and the undated apart', async () => {
    const api = h.as('annotator');
    for (const f of FILTERS()) {
      const t = await api.event.timeline(f);
      const all = matching(f);
      const dated = all.filter((e) => e.earliest !== null);
      expect(t.total, JSON.stringify(f)).toBe(all.length);
      expect(t.undated.count).toBe(all.length - dated.length);
      const first = t.range?.from ?? '';
      const expected = new Map<string, number>();
      for (const e of dated) {
        const key = bucketKey(e.earliest! < first ? first : e.earliest!, t.unit);
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
      expect(new Map(t.buckets.map((b) => [bucketKey(b.start, t.unit), b.count])), JSON.stringify(f)).toEqual(expected);
      expect(t.buckets.every((b) => b.start <= b.end && b.count > 0)).toBe(true);
      // Without a window, the items are the list's page, in date order.
      expect(t.items.map((e) => e.id)).toEqual(inOrder(all, 'date'));
    }
  });

  it('chooses the unit from the range: days, months, years', async () => {
    const api = h.as('annotator');
    expect((await api.event.timeline({ from: '2024-12-01', to: '2024-12-31' })).unit).toBe('day');
    expect((await api.event.timeline({})).unit).toBe('month');
    const month = await api.event.timeline({ from: '2024-12', to: '2024-12' });
    expect(month.buckets.find((b) => b.start === '2024-12-06')).toEqual({ start: '2024-12-06', end: '2024-12-06', count: 2, disputed: 1 });
    expect((await api.event.timeline({ from: '1900', to: '2024' })).unit).toBe('decade');
  });

  it('answers one window of events, page by page, and counts the whole range', async () => {
    const api = h.as('annotator');
    const whole = await api.event.timeline({});
    const window = { from: '2024-12-01', to: '2024-12-31' };
    const inWindow = inOrder(matching(window), 'date');
    const got = await pages((cursor) => api.event.timeline({ window, limit: 2, cursor }));
    expect(got).toEqual(inWindow);
    const first = await api.event.timeline({ window, limit: 2 });
    expect(first.buckets).toEqual(whole.buckets);
    expect(first.window).toEqual({ from: '2024-12-01', to: '2024-12-31' });
    expect(first.truncated).toBe(true);
    const row = (await api.event.timeline({ window: { from: '2024-12-06', to: '2024-12-06' } })).items.find((e) => e.id === disputedId);
    expect(row).toEqual({
      id: disputedId,
      title: 'Event 0 convoy',
      type: 'meeting',
      date: '2024-12-06',
      earliest: '2024-12-06',
      latest: '2024-12-06',
      place: 'Damascus',
      parentId: null,
      disputed: true,
    });
    // A window outside the filters' range holds nothing.
    expect((await api.event.timeline({ from: '2025', window: { to: '2024-01' } })).items).toEqual([]);
  });

  it('refuses bad input with BAD_REQUEST', async () => {
    const api = h.as('annotator');
    expect(await codeOf(api.event.timeline({ window: { from: 'soon' } }))).toBe('BAD_REQUEST');
    expect(await codeOf(api.event.timeline({ limit: 1001 }))).toBe('BAD_REQUEST');
    expect(await codeOf(api.event.timeline({ cursor: 424242 }))).toBe('BAD_REQUEST');
  });
});

describe('claim.listByEvent', () => {
  it('gives each link the fields Prisma’s own select gives, page by page', async () => {
    const api = h.as('reviewer');
    const envoy = await api.actor.create({ name: 'Envoy', kind: 'person' });
    const paper = await api.actor.create({ name: 'Paper', kind: 'outlet' });
    const { source } = await api.source.import({ text: 'The envoy met the witness. A paper reported it. Others denied it.', title: 'Envoy', outlet: 'Paper' });
    const event = events[2]!.id;
    const spans: [number, number][] = [
      [0, 26],
      [27, 47],
      [48, 65],
    ];
    for (const [i, [start, end]] of spans.entries()) {
      const claim = await api.claim.create({
        sourceId: source.id,
        start,
        end,
        claimantId: i === 0 ? envoy.id : null,
        chain: i === 1 ? [{ actorId: paper.id, relation: 'reports' }] : [],
      });
      await api.link.create({
        claimId: claim.id,
        eventId: event,
        stance: i === 2 ? 'contradicts' : 'supports',
        asserted:
          i === 0 ? { participants: { include: [actorId], exclude: [envoy.id] }, number: { value: 3.5, unit: 'people', tolerance: 0.5 }, date: '2024-12' } : {},
        note: i === 1 ? 'second-hand' : null,
      });
    }
    const got = [];
    let cursor: number | null = null;
    do {
      const page = await api.claim.listByEvent({ eventId: event, limit: 2, cursor });
      got.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    const expected = await h.db.link.findMany({
      where: { eventId: event },
      orderBy: { id: 'asc' },
      select: {
        ...linkSelect,
        claim: { select: { ...claimSelect, links: false, source: { select: { id: true, title: true, outlet: true, published: true } } } },
      },
    });
    expect(got).toHaveLength(3);
    expect(got).toEqual(expected);
    expect(got[0]!.claim.claimant?.name).toBe('Envoy');
    expect(got[1]!.claim.chain).toEqual([{ position: 0, actorId: paper.id, relation: 'reports', actor: { name: 'Paper', kind: 'outlet' } }]);
    expect(await codeOf(api.claim.listByEvent({ eventId: 424242 }))).toBe('NOT_FOUND');
  });
});

// The timeline's counts come from EventDayCount, a table derived from Event and Dispute by triggers: after each kind
// of write (through the services, merges, a restore, synth and Prisma's own deletes) the replies must still be what a
// plain count of the events gives, and `claimline doctor`'s check must find the table as a recompute gives it.
describe('event.timeline counts after every kind of write', () => {
  let w: Harness;
  beforeAll(async () => {
    w = await createHarness();
  });
  afterAll(async () => w?.close());

  const COUNT_FILTERS: Filters[] = [
    {},
    { from: '2024-12' },
    { from: '2024-12-07' },
    { to: '2024-06' },
    { from: '2024-06-15', to: '2025-01-10' },
    { from: '2024-12-01', to: '2024-12-31' },
    { from: '2025-03', to: '2025-02' },
  ];
  const WINDOWS = [{ from: '2024-12-07', to: '2024-12-31' }, { from: '2024-03-01' }, { to: '2024-12-06' }];

  /** Every event with its days and whether its dispute is open, read through Prisma's query builder. */
  async function plainEvents(db: Db) {
    const rows = await db.event.findMany({ select: { id: true, dateEarliest: true, dateLatest: true, dispute: { select: { status: true } } } });
    return rows.map((r) => ({ id: r.id, earliest: r.dateEarliest, latest: r.dateLatest, open: r.dispute?.status === 'open' }));
  }

  /** The timeline's counts, undated events and windows against a plain count; the derived table against a recompute. */
  async function expectPlain(db: Db, label: string) {
    const all = await plainEvents(db);
    for (const f of COUNT_FILTERS) {
      const t = await timeline(db, f);
      const matched = all.filter((e) => datesMatch(f, e));
      const dated = matched.filter((e) => e.earliest !== null);
      const undated = matched.filter((e) => e.earliest === null);
      const first = t.range?.from ?? '';
      const expected = new Map<string, { count: number; disputed: number }>();
      for (const e of dated) {
        const key = bucketKey(e.earliest! < first ? first : e.earliest!, t.unit);
        const b = expected.get(key) ?? { count: 0, disputed: 0 };
        expected.set(key, { count: b.count + 1, disputed: b.disputed + (e.open ? 1 : 0) });
      }
      const where = `${label} ${JSON.stringify(f)}`;
      expect(new Map(t.buckets.map((b) => [bucketKey(b.start, t.unit), { count: b.count, disputed: b.disputed }])), where).toEqual(expected);
      expect(t.undated, where).toEqual({ count: undated.length, disputed: undated.filter((e) => e.open).length });
      expect(t.total, where).toBe(matched.length);
      for (const window of WINDOWS) {
        const got: number[] = [];
        let cursor: number | null = null;
        do {
          const page = await timeline(db, { ...f, window, limit: 2, cursor });
          got.push(...page.items.map((e) => e.id));
          cursor = page.nextCursor;
        } while (cursor !== null);
        const inWindow = matched.filter((e) => datesMatch(window, e));
        expect(got, `${where} window ${JSON.stringify(window)}`).toEqual(inOrder(inWindow, 'date'));
      }
    }
    // claimline doctor reads a SQLite file (not ported yet); on PostgreSQL the replies above, read from the table, are the check.
    if (testEngine === 'sqlite')
      expect(
        checkDatabaseFile(resolveDatabasePath(urlOf(db))).filter((f) => f.check === 'timeline counts'),
        label,
      ).toEqual([]);
  }
  const urls = new Map<Db, string>();
  const urlOf = (db: Db) => (db === w.db ? w.url : urls.get(db)!);

  /** Two claims on `eventId`, one supporting and one contradicting it: an open dispute. */
  async function dispute(eventId: number, text = 'It happened. It never happened.') {
    const api = w.as('reviewer');
    const { source } = await api.source.import({ text: `${text} (${eventId}, ${Math.random()})`, title: `On ${eventId}`, outlet: 'Wire' });
    const a = await api.claim.create({ sourceId: source.id, start: 0, end: 12, status: 'accepted' });
    const b = await api.claim.create({ sourceId: source.id, start: 13, end: 31, status: 'accepted' });
    await api.link.create({ claimId: a.id, eventId, stance: 'supports' });
    const { link, dispute } = await api.link.create({ claimId: b.id, eventId, stance: 'contradicts' });
    expect(dispute?.status).toBe('open');
    return { a, b, link };
  }

  it('creating, re-dating and deleting events; opening, settling, reopening and voiding disputes; a merge', async () => {
    const api = w.as('reviewer');
    const made = [];
    for (const [i, date] of [...DATES, '2024-12-06/2025-01-02', '2024-11~/..', '2024-12-07'].entries())
      made.push(await api.event.create({ title: `Counted ${i}`, type: 'meeting', date }));
    await expectPlain(w.db, 'created');

    const spanning = made.find((e) => e.date === '2024-11-27/2024-12-08')!;
    const undated = made.find((e) => e.date === null)!;
    const openEnd = made.find((e) => e.date === '2024-06-01/..')!;
    const d1 = await dispute(spanning.id);
    const d2 = await dispute(undated.id);
    await dispute(openEnd.id);
    await expectPlain(w.db, 'disputes opened');

    // Re-dated: the event (and its open dispute) move to other days, an undated one gets a date and back.
    const v = await api.event.update({ id: spanning.id, version: spanning.version, date: '2024-12-10/2025-02-01' });
    await api.event.update({ id: v.id, version: v.version, title: 'Re-titled only' });
    const u = await api.event.update({ id: undated.id, version: undated.version, date: '2024-12-20' });
    await expectPlain(w.db, 're-dated');
    await api.event.update({ id: u.id, version: u.version, date: '../2024-12-31' });
    await expectPlain(w.db, 'open start');

    // Settled, reopened by a new conflicting claim, voided when the conflict goes away.
    const open1 = await w.db.dispute.findUniqueOrThrow({ where: { eventId: spanning.id } });
    const decided = await api.review.decide({
      disputeId: open1.id,
      version: open1.version,
      verdicts: [
        { claimId: d1.a.id, rating: 'true' },
        { claimId: d1.b.id, rating: 'false' },
      ],
      rationale: 'Settled.',
    });
    expect(decided.status).toBe('resolved');
    await expectPlain(w.db, 'settled');
    const { source } = await api.source.import({ text: 'Nothing happened there at all.', title: 'Denial', outlet: 'Other Wire' });
    const c = await api.claim.create({ sourceId: source.id, start: 0, end: 30, status: 'accepted' });
    expect((await api.link.create({ claimId: c.id, eventId: spanning.id, stance: 'contradicts' })).dispute?.status).toBe('open');
    await expectPlain(w.db, 'reopened');
    const stale = await w.db.link.findUniqueOrThrow({ where: { id: d2.link.id } });
    await api.link.remove({ id: stale.id, version: stale.version });
    expect((await w.db.dispute.findUniqueOrThrow({ where: { eventId: undated.id } })).status).toBe('void');
    await expectPlain(w.db, 'voided');

    // A merge that makes two claims disagree about who was there opens a dispute.
    const lavrov = await api.actor.create({ name: 'Lavrov', kind: 'person' });
    const sergei = await api.actor.create({ name: 'Sergei Lavrov', kind: 'person' });
    const target = made.find((e) => e.date === '2024-12-31')!;
    const { source: s2 } = await api.source.import({ text: 'Lavrov attended. Sergei Lavrov was absent.', title: 'Who', outlet: 'Wire' });
    const at = await api.claim.create({ sourceId: s2.id, start: 0, end: 16 });
    const ab = await api.claim.create({ sourceId: s2.id, start: 17, end: 42 });
    await api.link.create({ claimId: at.id, eventId: target.id, stance: 'supports', asserted: { participants: { include: [lavrov.id] } } });
    await api.link.create({ claimId: ab.id, eventId: target.id, stance: 'supports', asserted: { participants: { exclude: [sergei.id] } } });
    await writeTx(w.db, (tx) =>
      mergeActors(tx, null, { winnerId: lavrov.id, winnerVersion: lavrov.version, loserId: sergei.id, loserVersion: sergei.version }),
    );
    expect((await w.db.dispute.findUniqueOrThrow({ where: { eventId: target.id } })).status).toBe('open');
    await expectPlain(w.db, 'merged');

    // Deleted (no service deletes events; a fix by hand does): the event's open dispute goes with it.
    await w.db.event.delete({ where: { id: openEnd.id } });
    await w.db.event.delete({ where: { id: made.find((e) => e.date === null && e.id !== undated.id)!.id } });
    await expectPlain(w.db, 'deleted');
    // And an edit typed into sqlite3 or psql reaches the counts too.
    if (testEngine === 'sqlite') {
      const raw = new Database(resolveDatabasePath(w.url));
      raw.prepare(`UPDATE Event SET dateEarliest = '2024-12-25', dateLatest = '2024-12-26' WHERE id = ?`).run(target.id);
      raw.prepare(`UPDATE Dispute SET status = 'resolved', resolvedAt = openedAt WHERE eventId = ?`).run(target.id);
      raw.close();
    } else {
      const raw = rawSql(w.db);
      await raw.$executeRawUnsafe(`UPDATE "Event" SET "dateEarliest" = '2024-12-25', "dateLatest" = '2024-12-26' WHERE id = $1`, target.id);
      await raw.$executeRawUnsafe(`UPDATE "Dispute" SET status = 'resolved', "resolvedAt" = "openedAt" WHERE "eventId" = $1`, target.id);
    }
    await expectPlain(w.db, 'raw fix');
  });

  // Restore and synth write SQLite files through the bulk writer (not ported to PostgreSQL yet).
  it.skipIf(testEngine === 'postgresql')('a restore and synth fill the counts as they write', async () => {
    const file = path.join(w.dir, 'counted.json');
    await exportDatabase(resolveDatabasePath(w.url), 'json', file, { now: new Date('2026-01-01T00:00:00.000Z') });
    for (const [name, fill] of [
      ['restored', (f: string) => restoreDatabase(f, file)],
      // A large restore drops the triggers while it writes and refills the counts once before its commit.
      ['restored in bulk', (f: string) => restoreDatabase(f, file, { rebuildSearchIndexAboveBytes: 0 })],
      ['synthesised', (f: string) => Promise.resolve(synthesize(f, { claims: 3000, seed: 5 }))],
    ] as const) {
      const url = `file:${path.join(w.dir, `${name.replace(/ /g, '-')}.db`)}`;
      await migrate(url);
      await fill(resolveDatabasePath(url));
      // As the writer left it, before opening it (which would repair what it found).
      expect(
        checkDatabaseFile(resolveDatabasePath(url)).filter((f) => f.check === 'timeline counts'),
        name,
      ).toEqual([]);
      const db = await openDb({ url });
      urls.set(db, url);
      try {
        await expectPlain(db, name);
        expect((await timeline(db, {})).total).toBe(await db.event.count());
        if (name !== 'synthesised') expect((await timeline(db, {})).buckets).toEqual((await timeline(w.db, {})).buckets);
      } finally {
        await db.$disconnect();
      }
    }
  });
});
