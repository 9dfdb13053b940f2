// Events: what happened (or is said to have happened), with EDTF dates, places, participants, parents.
import { type z } from 'zod';
import { AppError, eventCreateSchema, eventListSchema, eventUpdateSchema, foldName, parseEdtf } from '@claimline/core';
import { Prisma, type Tx } from '@claimline/db';
import { audit } from './audit.ts';
import { refreshDisputesForEvents } from './disputes.ts';
import { expectFound, expectUpdated, expectVersion } from './records.ts';
import { ftsMatching } from './search.ts';
import { inOrderOf } from './id-lists.ts';

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
 * Events filtered by date range (overlap with [from, to]), actor, place or text, sorted by date (undated
 * events last in either direction, then by id). The page is chosen in SQL, where the text filter is a
 * subquery on the full-text index: however many events match, the statement binds a fixed number of
 * parameters (see id-lists.ts). The cursor is the id of the last item; the next page resumes after it.
 */
export async function listEvents(tx: Tx, raw: z.input<typeof eventListSchema>) {
  const input = eventListSchema.parse(raw);
  const from = boundOf(input.from, 'earliest');
  const to = boundOf(input.to, 'latest');
  const where: Prisma.Sql[] = [];
  if (from) where.push(Prisma.sql`(e."dateLatest" >= ${from} OR (e."dateLatest" IS NULL AND e."dateEarliest" IS NOT NULL))`);
  if (to) where.push(Prisma.sql`(e."dateEarliest" <= ${to} OR (e."dateEarliest" IS NULL AND e."dateLatest" IS NOT NULL))`);
  if (input.actorId) where.push(Prisma.sql`EXISTS (SELECT 1 FROM "EventParticipant" p WHERE p."eventId" = e.id AND p."actorId" = ${input.actorId})`);
  if (input.place) where.push(Prisma.sql`instr(e."placeFolded", ${foldName(input.place)}) > 0`);
  if (input.q) {
    const matching = ftsMatching('event', input.q);
    if (!matching) return { items: [], nextCursor: null };
    where.push(Prisma.sql`e.id IN (${matching})`);
  }
  const dir = Prisma.raw(input.sort === 'date' ? 'ASC' : 'DESC');
  if (input.cursor) {
    const last = await tx.event.findUnique({ where: { id: input.cursor }, select: { id: true, dateEarliest: true } });
    if (!last) throw new AppError('BAD_REQUEST', 'cursor: no such event', 'cursor');
    const after = Prisma.raw(input.sort === 'date' ? '>' : '<');
    where.push(
      last.dateEarliest === null
        ? Prisma.sql`(e."dateEarliest" IS NULL AND e.id ${after} ${last.id})`
        : Prisma.sql`(e."dateEarliest" ${after} ${last.dateEarliest} OR (e."dateEarliest" = ${last.dateEarliest} AND e.id ${after} ${last.id}) OR e."dateEarliest" IS NULL)`,
    );
  }
  const ids = await tx.$queryRaw<{ id: number | bigint }[]>`
    SELECT e.id FROM "Event" e
     WHERE ${where.length ? Prisma.join(where, ' AND ') : Prisma.sql`1 = 1`}
     ORDER BY e."dateEarliest" IS NULL, e."dateEarliest" ${dir}, e.id ${dir}
     LIMIT ${input.limit + 1}`;
  const pageIds = ids.slice(0, input.limit).map((r) => Number(r.id));
  const rows = await tx.event.findMany({
    where: { id: { in: pageIds } },
    select: { ...eventSelect, dispute: { select: { id: true, status: true } }, _count: { select: { links: true } } },
  });
  return {
    items: inOrderOf(pageIds, rows).map(({ _count, ...e }) => ({ ...e, linkCount: _count.links })),
    nextCursor: ids.length > input.limit ? pageIds[pageIds.length - 1]! : null,
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
