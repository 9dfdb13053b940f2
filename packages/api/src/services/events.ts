// Events: what happened (or is said to have happened), with EDTF dates, places, participants, parents.
import { type z } from 'zod';
import {
  AppError,
  UNIT_KEY_LENGTH,
  bucketEnd,
  bucketsOver,
  eventCreateSchema,
  eventListSchema,
  type eventTimelineOutputSchema,
  eventTimelineSchema,
  eventUpdateSchema,
  foldName,
  parseEdtf,
  timelineUnitFor,
} from '@claimline/core';
import {
  eventBucketCounts,
  eventListRows,
  eventPageIds,
  eventRecord,
  eventStartRange,
  eventUndatedCount,
  timelineRows,
  type EventFilter,
  type Prisma,
  type Tx,
} from '@claimline/db';
import { audit } from './audit.ts';
import { refreshDisputesForEvents } from './disputes.ts';
import { expectFound, expectUpdated, expectVersion } from './records.ts';
import { ftsMatchExpression } from './search.ts';

const eventSelect = {
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
} as const;

function dateFields(date: string | null | undefined) {
  if (!date) return { date: null, dateEarliest: null, dateLatest: null };
  const v = parseEdtf(date, 'date');
  return { date: v.value, dateEarliest: v.earliest, dateLatest: v.latest };
}

async function checkActors(tx: Tx, ids: number[], field: string) {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  const found = await tx.actor.findMany({ where: { id: { in: unique } }, select: { id: true } });
  const missing = unique.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) throw new AppError('BAD_REQUEST', `${field}: actor ${missing.join(', ')} does not exist`, field);
}

/** A parent must exist and must not be the event itself or one of its descendants. */
async function checkParent(tx: Tx, parentId: number, selfId?: number) {
  let cursor: number | null = parentId;
  for (let depth = 0; cursor; depth++) {
    if (cursor === selfId) throw new AppError('BAD_REQUEST', 'parentId: an event cannot be inside itself', 'parentId');
    if (depth > 50) throw new AppError('BAD_REQUEST', 'parentId: events nest too deeply', 'parentId');
    const row: { parentId: number | null } | null = await tx.event.findUnique({ where: { id: cursor }, select: { parentId: true } });
    if (!row) throw new AppError('BAD_REQUEST', `parentId: event ${cursor} does not exist`, 'parentId');
    cursor = row.parentId;
  }
}

function dedupeParticipants(ps: { actorId: number; role: string }[]) {
  const seen = new Set<string>();
  return ps.filter((p) => {
    const k = `${p.actorId}\u0000${p.role}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

export async function createEvent(tx: Tx, userId: number | null, raw: z.input<typeof eventCreateSchema>) {
  const input = eventCreateSchema.parse(raw);
  await checkActors(
    tx,
    input.participants.map((p) => p.actorId),
    'participants',
  );
  if (input.parentId) await checkParent(tx, input.parentId);
  const event = await tx.event.create({
    data: {
      title: input.title,
      type: input.type,
      ...dateFields(input.date),
      place: input.place ?? null,
      placeFolded: input.place ? foldName(input.place) : null,
      description: input.description ?? null,
      parentId: input.parentId ?? null,
      participants: { create: dedupeParticipants(input.participants) },
    },
    select: eventSelect,
  });
  await audit(tx, { userId, action: 'create', recordType: 'event', recordId: event.id, after: event });
  return event;
}

export async function updateEvent(tx: Tx, userId: number | null, raw: z.input<typeof eventUpdateSchema>) {
  const input = eventUpdateSchema.parse(raw);
  const before = expectVersion(await tx.event.findUnique({ where: { id: input.id }, select: eventSelect }), input.version, 'event', input.id);
  const data: Prisma.EventUncheckedUpdateManyInput = {};
  if (input.title !== undefined) data.title = input.title;
  if (input.type !== undefined) data.type = input.type;
  if (input.date !== undefined) Object.assign(data, dateFields(input.date));
  if (input.place !== undefined) Object.assign(data, { place: input.place, placeFolded: input.place ? foldName(input.place) : null });
  if (input.description !== undefined) data.description = input.description;
  if (input.parentId !== undefined) {
    if (input.parentId) await checkParent(tx, input.parentId, input.id);
    data.parentId = input.parentId;
  }
  const r = await tx.event.updateMany({ where: { id: input.id, version: input.version }, data: { ...data, version: { increment: 1 } } });
  expectUpdated(r.count, 'event', input.id);
  if (input.participants) {
    await checkActors(
      tx,
      input.participants.map((p) => p.actorId),
      'participants',
    );
    await tx.eventParticipant.deleteMany({ where: { eventId: input.id } });
    await tx.eventParticipant.createMany({ data: dedupeParticipants(input.participants).map((p) => ({ ...p, eventId: input.id })) });
  }
  // The event's title and values are part of its dispute's wording.
  await refreshDisputesForEvents(tx, userId, [input.id]);
  const after = await tx.event.findUniqueOrThrow({ where: { id: input.id }, select: eventSelect });
  await audit(tx, { userId, action: 'update', recordType: 'event', recordId: input.id, before, after });
  return after;
}

export async function getEvent(tx: Tx, id: number) {
  return expectFound(await eventRecord(tx, id), 'event', id);
}

function boundOf(value: string | undefined, which: 'earliest' | 'latest'): string | null {
  if (!value) return null;
  const v = parseEdtf(value, which === 'earliest' ? 'from' : 'to');
  return which === 'earliest' ? v.earliest : v.latest;
}

/** The filters of a list or the timeline as the queries take them; null when the text holds no word (nothing matches). */
function filterOf(input: { from?: string; to?: string; actorId?: number; place?: string; q?: string }): EventFilter | null {
  const filter: EventFilter = { from: boundOf(input.from, 'earliest'), to: boundOf(input.to, 'latest') };
  if (input.actorId) filter.actorId = input.actorId;
  if (input.place) filter.placeFolded = foldName(input.place);
  if (input.q) {
    const match = ftsMatchExpression(input.q);
    if (!match) return null;
    filter.match = match;
  }
  return filter;
}

/** Where a keyset page resumes: after the event named by the cursor. */
async function afterCursor(tx: Tx, cursor: number | null | undefined) {
  if (!cursor) return null;
  const last = await tx.event.findUnique({ where: { id: cursor }, select: { id: true, dateEarliest: true } });
  if (!last) throw new AppError('BAD_REQUEST', 'cursor: no such event', 'cursor');
  return last;
}

/**
 * Events filtered by date range (overlap with [from, to]), actor, place or text, sorted by date (undated
 * events last in either direction, then by id). The page is chosen in SQL (queries/events.ts), in the order of
 * the date index, where each filter is a subquery on its own index: however many events match, the statement
 * binds a fixed number of parameters (see id-lists.ts). The cursor is the id of the last item; the next page
 * resumes after it.
 */
export async function listEvents(tx: Tx, raw: z.input<typeof eventListSchema>) {
  const input = eventListSchema.parse(raw);
  const filter = filterOf(input);
  if (!filter) return { items: [], nextCursor: null };
  const after = await afterCursor(tx, input.cursor);
  const ids = await eventPageIds(tx, filter, { sort: input.sort, limit: input.limit + 1, after });
  const pageIds = ids.slice(0, input.limit);
  return {
    items: await eventListRows(tx, pageIds),
    nextCursor: ids.length > input.limit ? pageIds[pageIds.length - 1]! : null,
  };
}

/**
 * The timeline: counts per time bucket over everything the filters match, in the unit that fits the range
 * (core's timeline.ts), and one page of the events in the window, in date order, with what the timeline draws.
 */
export async function timeline(tx: Tx, raw: z.input<typeof eventTimelineSchema>): Promise<z.output<typeof eventTimelineOutputSchema>> {
  const input = eventTimelineSchema.parse(raw);
  const window = { from: boundOf(input.window?.from, 'earliest'), to: boundOf(input.window?.to, 'latest') };
  const filter = filterOf(input);
  if (!filter)
    return { unit: 'month', range: null, buckets: [], undated: { count: 0, disputed: 0 }, total: 0, window, items: [], nextCursor: null, truncated: false };

  const starts = await eventStartRange(tx, filter, { first: !filter.from, last: !filter.to });
  const first = filter.from ?? starts.first;
  const last = filter.to ?? starts.last;
  const bounds: [string, string] | null = first && last ? [first, last < first ? first : last] : null;
  const unit = bounds ? timelineUnitFor(bounds[0], bounds[1]) : 'month';
  const spans = bounds ? bucketsOver(bounds[0], bounds[1], unit) : [];
  const counts = await eventBucketCounts(tx, filter, spans, UNIT_KEY_LENGTH[unit]);
  const buckets = spans.map(([start], i) => ({ start, end: bucketEnd(start, unit), ...counts[i]! }));
  const undated = await eventUndatedCount(tx, filter);

  // The window narrows the filters' own range.
  const later = (a: string | null | undefined, b: string | null) => (a && b ? (a > b ? a : b) : (a ?? b));
  const earlier = (a: string | null | undefined, b: string | null) => (a && b ? (a < b ? a : b) : (a ?? b));
  const inWindow = { ...filter, from: later(filter.from, window.from), to: earlier(filter.to, window.to) };
  const after = await afterCursor(tx, input.cursor);
  const ids = await eventPageIds(tx, inWindow, { sort: 'date', limit: input.limit + 1, after });
  const items = await timelineRows(tx, ids.slice(0, input.limit));
  const nextCursor = ids.length > input.limit ? items[items.length - 1]!.id : null;
  return {
    unit,
    range: buckets.length ? { from: buckets[0]!.start, to: buckets[buckets.length - 1]!.end } : null,
    buckets: buckets.filter((b) => b.count > 0),
    undated,
    total: buckets.reduce((n, b) => n + b.count, undated.count),
    window,
    items,
    nextCursor,
    truncated: nextCursor !== null,
  };
}
