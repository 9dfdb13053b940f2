// event.list and event.timeline against a plain reading of their rules (filter every event, sort, count), over dates
// of every shape: days, months, intervals, open starts and ends, undated; with disputes, filters and pages of any size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkSelect } from './services/selects.ts';
import { claimSelect } from './services/claims.ts';
import { bucketKey, parseEdtf } from '@claimline/core';
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

/** The rules as the list has always stated them, in plain code. */
function matching(f: Filters): Ev[] {
  const from = f.from ? parseEdtf(f.from).earliest : null;
  const to = f.to ? parseEdtf(f.to).latest : null;
  return events.filter(
    (e) =>
      (!from || (e.latest !== null ? e.latest >= from : e.earliest !== null)) &&
      (!to || (e.earliest !== null ? e.earliest <= to : e.latest !== null)) &&
      (!f.actorId || e.actor) &&
      (!f.place || (e.place ?? '').toLowerCase().includes(f.place.toLowerCase())) &&
      (!f.q || e.title.includes(f.q)),
  );
}

function inOrder(evs: Ev[], sort: 'date' | '-date'): number[] {
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
