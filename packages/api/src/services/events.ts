// Events: what happened (or is said to have happened), with EDTF dates, places, participants, parents.
import { z } from 'zod';
import { AppError, eventCreateSchema, eventListSchema, eventUpdateSchema, foldName, parseEdtf } from '@claimline/core';
import type { Tx } from '@claimline/db';
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
  await checkActors(tx, input.participants.map((p) => p.actorId), 'participants');
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
  const data: Record<string, unknown> = {};
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
    await checkActors(tx, input.participants.map((p) => p.actorId), 'participants');
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
  const event = await tx.event.findUnique({
    where: { id },
    select: {
      ...eventSelect,
      parent: { select: { id: true, title: true, date: true } },
      children: { select: { id: true, title: true, date: true }, orderBy: { dateEarliest: 'asc' } },
      dispute: { select: { id: true, status: true, kinds: true, explanation: true, supportOrigins: true, contradictOrigins: true, version: true } },
    },
  });
  return expectFound(event, 'event', id);
}

function boundOf(value: string | undefined, which: 'earliest' | 'latest'): string | null {
  if (!value) return null;
  const v = parseEdtf(value, which === 'earliest' ? 'from' : 'to');
  return which === 'earliest' ? v.earliest : v.latest;
}

/**
 * Events filtered by date range (overlap with [from, to]), actor, place or text, sorted by date.
 * Cursor: offset-free keyset on (dateEarliest, id) is awkward with NULL dates, so the cursor is the id of
 * the last item and the next page resumes after it in the same ordering.
 */
export async function listEvents(tx: Tx, raw: z.input<typeof eventListSchema>) {
  const input = eventListSchema.parse(raw);
  const from = boundOf(input.from, 'earliest');
  const to = boundOf(input.to, 'latest');
  const where: Record<string, unknown>[] = [];
  if (from) where.push({ OR: [{ dateLatest: { gte: from } }, { dateLatest: null, dateEarliest: { not: null } }] });
  if (to) where.push({ OR: [{ dateEarliest: { lte: to } }, { dateEarliest: null, dateLatest: { not: null } }] });
  if (input.actorId) where.push({ participants: { some: { actorId: input.actorId } } });
  if (input.place) where.push({ placeFolded: { contains: foldName(input.place) } });
  if (input.q) {
    const match = ftsMatchExpression(input.q);
    const ids = match
      ? (await tx.$queryRawUnsafe<{ id: bigint }[]>('SELECT rowid AS id FROM fts_event WHERE fts_event MATCH ? LIMIT 10000', match)).map((r) => Number(r.id))
      : [];
    where.push({ id: { in: ids } });
  }
  const dir = input.sort === 'date' ? 'asc' : 'desc';
  const orderBy = [{ dateEarliest: { sort: dir, nulls: 'last' } }, { id: dir }] as const;
  if (input.cursor) {
    const last = await tx.event.findUnique({ where: { id: input.cursor }, select: { id: true, dateEarliest: true } });
    if (!last) throw new AppError('BAD_REQUEST', 'cursor: no such event', 'cursor');
    const after = dir === 'asc' ? 'gt' : 'lt';
    where.push(
      last.dateEarliest === null
        ? { dateEarliest: null, id: { [after]: last.id } }
        : {
            OR: [
              { dateEarliest: { [after]: last.dateEarliest } },
              { dateEarliest: last.dateEarliest, id: { [after]: last.id } },
              ...(dir === 'asc' ? [{ dateEarliest: null }] : []),
            ],
          },
    );
  }
  const rows = await tx.event.findMany({
    where: { AND: where },
    orderBy: orderBy as never,
    take: input.limit + 1,
    select: { ...eventSelect, dispute: { select: { id: true, status: true } }, _count: { select: { links: true } } },
  });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map(({ _count, ...e }) => ({ ...e, linkCount: _count.links })),
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null,
  };
}

/** Everything a timeline draws: events with date bounds, parents, dispute state; filterable like list. */
export async function timeline(tx: Tx, raw: Omit<z.input<typeof eventListSchema>, 'cursor' | 'limit' | 'sort'>) {
  const items: Awaited<ReturnType<typeof listEvents>>['items'] = [];
  let cursor: number | null = null;
  do {
    const page = await listEvents(tx, { ...raw, limit: 200, cursor, sort: 'date' });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < 5000);
  return {
    items: items.map((e) => ({
      id: e.id,
      title: e.title,
      type: e.type,
      date: e.date,
      earliest: e.dateEarliest,
      latest: e.dateLatest,
      place: e.place,
      parentId: e.parentId,
      disputed: e.dispute?.status === 'open',
      participants: e.participants.map((p) => ({ actorId: p.actorId, name: p.actor.name, role: p.role })),
    })),
    truncated: cursor !== null,
  };
}
