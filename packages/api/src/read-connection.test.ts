// Record pages read outside a transaction go through prepared statements on a read-only connection
// (packages/db/src/queries/read.ts): they must answer exactly what the same reads answer through Prisma (inside a
// transaction, where they must also see the transaction's own writes), and what Prisma's query builder answered
// before (same fields, same order, same Dates, booleans, parsed JSON); committed writes are seen at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRows, writeTx, type Tx } from '@claimline/db';
import { createHarness, type Harness } from './test/harness.ts';
import { loadDemo } from './services/demo.ts';
import { getActor, listActors, searchActors } from './services/actors.ts';
import { getClaim, listClaimsBySource } from './services/claims.ts';
import { getEvent, listEvents, timeline } from './services/events.ts';
import { listClaimsByEvent } from './services/claims.ts';
import { getSource } from './services/sources.ts';
import { listUsers } from './services/users.ts';
import { auditHistory } from './services/history.ts';
import { openDisputesOfClaim } from './services/record-acts.ts';

let h: Harness;
let ids: { actors: number[]; claims: number[]; sources: number[]; events: number[] };

beforeAll(async () => {
  h = await createHarness();
  await loadDemo(h.db, { reviewerId: h.users.reviewer.id });
  const api = h.as('reviewer');
  // An event with a parent and children (one undated), and an actor with an alias in another language.
  const parent = await api.event.create({ title: 'Parent event', date: '2024-12' });
  await api.event.create({ title: 'Child, later', date: '2024-12-20', parentId: parent.id });
  await api.event.create({ title: 'Child, undated', parentId: parent.id });
  await api.event.create({ title: 'Child, earlier', date: '2024-12-02', parentId: parent.id });
  const actor = await api.actor.create({ name: 'Test Person', kind: 'person', aliases: ['T. Person'] });
  await api.actor.addAlias({ id: actor.id, version: actor.version, alias: 'Тест', language: 'ru' });
  const all = async (sql: string) => (await h.db.$queryRawUnsafe<{ id: number }[]>(sql)).map((r) => r.id);
  ids = {
    actors: await all('SELECT id FROM Actor ORDER BY id'),
    claims: await all('SELECT id FROM Claim ORDER BY id'),
    sources: await all('SELECT id FROM Source ORDER BY id'),
    events: await all('SELECT id FROM Event ORDER BY id'),
  };
});
afterAll(async () => h?.close());

/** The same read outside a transaction (read connection) and inside one (Prisma). */
async function bothWays<T>(read: (tx: Tx) => Promise<T>): Promise<[T, T]> {
  const outside = await read(h.db);
  const inside = await writeTx(h.db, read);
  return [outside, inside];
}

describe('reads on the read-only connection', () => {
  it('give rows exactly as $queryRawUnsafe does: Dates, booleans, parsed JSON, bigints for expressions, nulls', async () => {
    const queries = [
      `SELECT id, email, name, role, disabled, version, createdAt FROM User ORDER BY id`,
      `SELECT id, kinds, status, openedAt, resolvedAt, supportOrigins, rationale FROM Dispute ORDER BY id`,
      `SELECT id, authors, published, createdAt, (SELECT count(*) FROM Claim c WHERE c.sourceId = s.id) AS n, 1.5 AS f, NULL AS z FROM Source s`,
      `SELECT id, "before", "after", at, userId FROM AuditEntry ORDER BY id`,
      `SELECT id, assertedParticipants, assertedNumber, numberTolerance FROM Link ORDER BY id`,
    ];
    for (const sql of queries) {
      const fast = await readRows<unknown[]>(h.db, sql);
      expect(fast.length, sql).toBeGreaterThan(0);
      expect(fast, sql).toStrictEqual(await h.db.$queryRawUnsafe<unknown[]>(sql));
    }
  });

  it('answer every record page as the same read inside a transaction does', async () => {
    const showEmails = { showEmails: true };
    for (const id of ids.actors) {
      const [a, b] = await bothWays((tx) => getActor(tx, id));
      expect(a).toStrictEqual(b);
    }
    for (const id of ids.claims) {
      const [a, b] = await bothWays((tx) => getClaim(tx, id));
      expect(a).toStrictEqual(b);
      const [c, d] = await bothWays((tx) => openDisputesOfClaim(tx, id));
      expect(c).toStrictEqual(d);
    }
    for (const id of ids.sources) {
      const [a, b] = await bothWays((tx) => getSource(tx, id));
      expect(a).toStrictEqual(b);
      const [c, d] = await bothWays((tx) => listClaimsBySource(tx, { sourceId: id, limit: 3 }));
      expect(c).toStrictEqual(d);
    }
    for (const id of ids.events) {
      const [a, b] = await bothWays((tx) => getEvent(tx, id));
      expect(a).toStrictEqual(b);
      const [c, d] = await bothWays((tx) => auditHistory(tx, { recordType: 'event', recordId: id }, showEmails));
      expect(c).toStrictEqual(d);
    }
    for (const input of [{}, { limit: 3 }, { kind: 'person' as const }, { cursor: ids.actors[2]!, limit: 5 }]) {
      const [a, b] = await bothWays((tx) => listActors(tx, input));
      expect(a).toStrictEqual(b);
    }
    const [a, b] = await bothWays((tx) => searchActors(tx, { q: 'pers' }));
    expect(a.items.length).toBeGreaterThan(0);
    expect(a).toStrictEqual(b);
    for (const input of [{}, { sort: '-date' as const, limit: 2 }, { from: '2024-12-01', to: '2024-12-31' }, { place: 'damascus' }, { q: 'assad' }]) {
      const [c, d] = await bothWays((tx) => listEvents(tx, input));
      expect(c).toStrictEqual(d);
      const [e, f] = await bothWays((tx) => timeline(tx, input.sort ? {} : input));
      expect(e).toStrictEqual(f);
    }
    for (const id of ids.events) {
      const [c, d] = await bothWays((tx) => listClaimsByEvent(tx, { eventId: id, limit: 2 }));
      expect(c).toStrictEqual(d);
    }
    const [u, v] = await bothWays(listUsers);
    expect(u).toStrictEqual(v);
  });

  it('answer what Prisma’s query builder answers for actors, events and users', async () => {
    const aliases = { select: { id: true, name: true, language: true }, orderBy: { id: 'asc' } } as const;
    const actorFields = {
      id: true,
      name: true,
      kind: true,
      wikidata: true,
      description: true,
      mergedIntoId: true,
      version: true,
      createdAt: true,
      updatedAt: true,
    };
    for (const id of ids.actors) {
      const { claimCount: _c, events: _e, ...actor } = await getActor(h.db, id);
      expect(actor).toStrictEqual(await h.db.actor.findUnique({ where: { id }, select: { ...actorFields, aliases } }));
    }
    const page = await listActors(h.db, { limit: 200 });
    const built = await h.db.actor.findMany({ where: { mergedIntoId: null }, orderBy: { id: 'asc' }, take: 200, select: { ...actorFields, aliases } });
    expect(page.items.map(({ claimCount: _, ...a }) => a)).toStrictEqual(built);
    for (const id of ids.events) {
      expect(await getEvent(h.db, id)).toStrictEqual(
        await h.db.event.findUnique({
          where: { id },
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
            parent: { select: { id: true, title: true, date: true } },
            children: { select: { id: true, title: true, date: true }, orderBy: [{ dateEarliest: 'asc' }, { id: 'asc' }] },
            dispute: { select: { id: true, status: true, kinds: true, explanation: true, supportOrigins: true, contradictOrigins: true, version: true } },
          },
        }),
      );
    }
    expect(await listUsers(h.db)).toStrictEqual(
      await h.db.user.findMany({
        select: { id: true, email: true, name: true, role: true, disabled: true, version: true, createdAt: true },
        orderBy: { id: 'asc' },
      }),
    );
  });

  it('lists an event’s children undated first, then by date', async () => {
    const parent = ids.events.at(-4)!;
    expect((await getEvent(h.db, parent)).children.map((c) => c.title)).toEqual(['Child, undated', 'Child, earlier', 'Child, later']);
  });

  it('see a committed change at once, and inside a transaction see its own uncommitted writes', async () => {
    const api = h.as('reviewer');
    const actor = await api.actor.create({ name: 'Fresh Actor', kind: 'person' });
    expect((await api.actor.get({ id: actor.id })).name).toBe('Fresh Actor');
    await api.actor.update({ id: actor.id, version: actor.version, name: 'Renamed Actor' });
    expect((await api.actor.get({ id: actor.id })).aliases.map((a) => a.name)).toEqual(['Fresh Actor']);
    const seen = await writeTx(h.db, async (tx) => {
      await tx.actor.update({ where: { id: actor.id }, data: { description: 'uncommitted' } });
      const inside = await getActor(tx, actor.id);
      const outside = await getActor(h.db, actor.id);
      return { inside: inside.description, outside: outside.description };
    });
    expect(seen).toEqual({ inside: 'uncommitted', outside: null });
    expect((await api.actor.get({ id: actor.id })).description).toBe('uncommitted');
  });
});
