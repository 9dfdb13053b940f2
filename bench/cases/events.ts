// Events: event.list and event.timeline.
import type { BenchContext, Case } from './common.ts';

export function eventCases({ all, one }: BenchContext): Case[] {
  const month = one<{ m: string }>(`SELECT substr(dateEarliest, 1, 7) m FROM Event WHERE dateEarliest IS NOT NULL GROUP BY m ORDER BY count(*) DESC LIMIT 1`).m;
  // event.list / event.timeline: page of ids in SQL, then the events with participants, dispute and link count.
  const eventPage = (where: string, limit: number, ...p: unknown[]) => {
    const ids = all<{ id: number }>(`SELECT e.id FROM Event e WHERE ${where} ORDER BY e.dateEarliest IS NULL, e.dateEarliest, e.id LIMIT ?`, ...p, limit).map(
      (r) => r.id,
    );
    const json = JSON.stringify(ids);
    all(
      `SELECT e.id, e.title, e.type, e.date, e.dateEarliest, e.dateLatest, e.place, e.description, e.parentId, e.version, e.createdAt, e.updatedAt,
              d.id disputeId, d.status, (SELECT count(*) FROM Link l WHERE l.eventId = e.id) linkCount
         FROM Event e LEFT JOIN Dispute d ON d.eventId = e.id WHERE e.id IN (SELECT value FROM json_each(?))`,
      json,
    );
    all(
      `SELECT p.eventId, p.actorId, p.role, a.name, a.kind FROM EventParticipant p JOIN Actor a ON a.id = p.actorId
        WHERE p.eventId IN (SELECT value FROM json_each(?)) ORDER BY p.id`,
      json,
    );
    return ids.length;
  };
  const monthWhere = `(e.dateLatest >= ? OR (e.dateLatest IS NULL AND e.dateEarliest IS NOT NULL)) AND (e.dateEarliest <= ? OR (e.dateEarliest IS NULL AND e.dateLatest IS NOT NULL))`;
  const monthEnd = `${month}-31`;

  return [
    { name: 'event.timeline, all', proc: 'event.timeline', input: {}, floor: () => eventPage('1 = 1', 5000) },
    {
      name: `event.timeline, one month (${month})`,
      proc: 'event.timeline',
      input: { from: month, to: month },
      floor: () => eventPage(monthWhere, 5000, `${month}-01`, monthEnd),
    },
    { name: 'event.list, first 50', proc: 'event.list', input: {}, floor: () => eventPage('1 = 1', 50) },
  ];
}
