// Events: event.list, event.timeline, event.get and claim.listByEvent.
import { UNIT_KEY_LENGTH, bucketEnd, bucketsOver, foldName, timelineUnitFor } from '@claimline/core';
import type { BenchContext, Case } from './common.ts';

export function eventCases({ all, one, pg }: BenchContext): Case[] {
  const month = one<{ m: string }>(`SELECT substr(dateEarliest, 1, 7) m FROM Event WHERE dateEarliest IS NOT NULL GROUP BY m ORDER BY count(*) DESC LIMIT 1`).m;
  const monthStart = `${month}-01`;
  const monthEnd = bucketEnd(monthStart, 'month');
  const busyActor = one<{ id: number }>(`SELECT actorId id FROM EventParticipant GROUP BY actorId ORDER BY count(*) DESC LIMIT 1`).id;
  const place = one<{ p: string }>(`SELECT placeFolded p FROM Event WHERE placeFolded IS NOT NULL GROUP BY p ORDER BY count(*) DESC LIMIT 1`).p;
  const busyEvent = one<{ id: number }>(`SELECT eventId id FROM Link GROUP BY eventId ORDER BY count(*) DESC LIMIT 1`).id;

  // The filters as SQL over `e`, dated and undated events apart (each read in the order of the date index).
  interface Filter {
    from?: string;
    to?: string;
    actorId?: number;
    place?: string;
  }
  const where = (f: Filter, dated: boolean): [string, unknown[]] => {
    const sql: string[] = [dated ? 'e.dateEarliest IS NOT NULL' : 'e.dateEarliest IS NULL'];
    const p: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => {
      sql.push(clause);
      p.push(...values);
    };
    if (dated && f.from) add('(e.dateEarliest >= ? OR e.dateLatest >= ? OR e.dateLatest IS NULL)', f.from, f.from);
    if (dated && f.to) add('e.dateEarliest <= ?', f.to);
    if (!dated && f.from) add('e.dateLatest >= ?', f.from);
    else if (!dated && f.to) add('e.dateLatest IS NOT NULL');
    if (f.actorId) add('e.id IN (SELECT eventId FROM EventParticipant WHERE actorId = ?)', f.actorId);
    if (f.place) add('e.id IN (SELECT id FROM Event WHERE instr(placeFolded, ?) > 0)', f.place);
    return [sql.join(' AND '), p];
  };
  /**
   * A page of ids in date order: dated events by the index, then undated ones if the page is not full. With a start
   * bound and no content filter, the events starting in the range are a range of the index, and those reaching in
   * from before are read back from the bound until all of them (counted in EventDayCount) are found.
   */
  const pageIds = (f: Filter, limit: number, dir: 'ASC' | 'DESC' = 'ASC') => {
    let ids: number[];
    if (f.from && !(f.actorId || f.place)) {
      const from = f.from;
      const [to, tp] = f.to ? [' AND e.dateEarliest <= ?', [f.to]] : ['', []];
      const starting = (n: number) =>
        n > 0
          ? all<{ id: number }>(
              `SELECT e.id FROM Event e WHERE e.dateEarliest >= ?${to} ORDER BY e.dateEarliest ${dir}, e.id ${dir} LIMIT ?`,
              from,
              ...tp,
              n,
            ).map((r) => r.id)
          : [];
      const reaching = (n: number) => {
        if (n <= 0) return [];
        const k = one<{ n: number }>(`SELECT coalesce(sum(starts - ends), 0) n FROM EventDayCount WHERE day < ?`, from).n;
        if (!k) return [];
        return all<{ id: number }>(
          `SELECT id FROM (SELECT e.id, e.dateEarliest d FROM Event e WHERE e.dateEarliest < ? AND (e.dateLatest >= ? OR e.dateLatest IS NULL)${to}
                            ORDER BY e.dateEarliest DESC, e.id DESC LIMIT ?) ORDER BY d ${dir}, id ${dir} LIMIT ?`,
          from,
          from,
          ...tp,
          k,
          n,
        ).map((r) => r.id);
      };
      ids = dir === 'ASC' ? reaching(limit) : starting(limit);
      ids.push(...(dir === 'ASC' ? starting(limit - ids.length) : reaching(limit - ids.length)));
    } else {
      const [d, dp] = where(f, true);
      ids = all<{ id: number }>(`SELECT e.id FROM Event e WHERE ${d} ORDER BY e.dateEarliest ${dir}, e.id ${dir} LIMIT ?`, ...dp, limit).map((r) => r.id);
    }
    if (ids.length < limit) {
      const [u, up] = where(f, false);
      ids.push(...all<{ id: number }>(`SELECT e.id FROM Event e WHERE ${u} ORDER BY e.id ${dir} LIMIT ?`, ...up, limit - ids.length).map((r) => r.id));
    }
    return ids;
  };
  const participants = (json: string) =>
    all(
      `SELECT p.eventId, p.actorId, p.role, a.name, a.kind FROM EventParticipant p JOIN Actor a ON a.id = p.actorId
        WHERE p.eventId IN (SELECT value FROM json_each(?)) ORDER BY p.id`,
      json,
    );
  // event.list: the page's ids, then those events with dispute and link count, and their participants.
  const listPage = (f: Filter, limit: number, dir: 'ASC' | 'DESC' = 'ASC') => {
    const ids = pageIds(f, limit + 1, dir).slice(0, limit);
    const json = JSON.stringify(ids);
    all(
      `SELECT e.id, e.title, e.type, e.date, e.dateEarliest, e.dateLatest, e.place, e.description, e.parentId, e.version, e.createdAt, e.updatedAt,
              d.id disputeId, d.status, (SELECT count(*) FROM Link l WHERE l.eventId = e.id) linkCount
         FROM Event e LEFT JOIN Dispute d ON d.eventId = e.id WHERE e.id IN (SELECT value FROM json_each(?))`,
      json,
    );
    participants(json);
    return ids.length;
  };
  // event.timeline: the range, counts per bucket (without content filters, sums over the days of EventDayCount; with
  // them, one pass over the matches), the undated, and one window of events with what the timeline draws (dates,
  // place, parent, open dispute).
  const timelinePage = (f: Filter, window: { from?: string; to?: string }, limit = 200) => {
    const [d, dp] = where(f, true);
    const content = !!(f.actorId || f.place);
    // The range: a filter's own bound, else the first / last start (one step into the index, or one pass over the matches).
    const end = (dir: string) =>
      one<{ d: string } | undefined>(`SELECT e.dateEarliest d FROM Event e WHERE ${d} ORDER BY e.dateEarliest ${dir} LIMIT 1`, ...dp)?.d ?? null;
    const minMax = content
      ? one<{ first: string | null; last: string | null }>(`SELECT min(e.dateEarliest) first, max(e.dateEarliest) last FROM Event e WHERE ${d}`, ...dp)
      : null;
    const first = f.from ?? (minMax ? minMax.first : end('ASC'));
    const last = f.to ?? (minMax ? minMax.last : end('DESC'));
    if (first && last) {
      const unit = timelineUnitFor(first, last < first ? first : last);
      const spans = bucketsOver(first, last < first ? first : last, unit);
      if (content || (f.from && f.to && f.from > f.to))
        all(
          `SELECT substr(max(e.dateEarliest, ?), 1, ?) k, count(*), count(x.eventId) FROM Event e LEFT JOIN Dispute x ON x.eventId = e.id AND x.status = 'open'
            WHERE ${d} GROUP BY k`,
          first,
          UNIT_KEY_LENGTH[unit],
          ...dp,
        );
      else {
        // Sums over the days of each bucket in EventDayCount; the first less the events that ended before `from`.
        all(
          `SELECT coalesce(sum(c.starts), 0), coalesce(sum(c.startsDisputed), 0)
             FROM json_each(?) b LEFT JOIN EventDayCount c ON c.day >= b.value ->> 0 AND c.day < b.value ->> 1 AND c.day <= ?
            GROUP BY b.key ORDER BY b.key`,
          JSON.stringify(spans.map(([s, e], i) => [i === 0 ? '' : s, e ?? '~'])),
          f.to ?? '~',
        );
        if (f.from) one(`SELECT coalesce(sum(ends), 0), coalesce(sum(endsDisputed), 0) FROM EventDayCount WHERE day < ?`, f.from);
      }
    }
    if (content) {
      const [u, up] = where(f, false);
      one(`SELECT count(*), count(x.eventId) FROM Event e LEFT JOIN Dispute x ON x.eventId = e.id AND x.status = 'open' WHERE ${u}`, ...up);
    } else
      one(
        `SELECT coalesce(sum(undated), 0), coalesce(sum(undatedDisputed), 0) FROM EventDayCount WHERE ${f.from ? 'day >= ?' : f.to ? "day > ''" : 'true'}`,
        ...(f.from ? [f.from] : []),
      );
    const inWindow = {
      ...f,
      from: [f.from, window.from].filter(Boolean).sort().at(-1),
      to: [f.to, window.to].filter(Boolean).sort().at(0),
    };
    const ids = pageIds(inWindow, limit + 1).slice(0, limit);
    const json = JSON.stringify(ids);
    all(
      `SELECT e.id, e.title, e.type, e.date, e.dateEarliest, e.dateLatest, e.place, e.parentId, d.status = 'open' disputed
         FROM Event e LEFT JOIN Dispute d ON d.eventId = e.id WHERE e.id IN (SELECT value FROM json_each(?))`,
      json,
    );
    return ids.length;
  };

  return [
    { name: 'event.timeline, all', proc: 'event.timeline', input: {}, floor: () => timelinePage({}, {}) },
    {
      name: `event.timeline, one month (${month})`,
      proc: 'event.timeline',
      input: { from: month, to: month },
      floor: () => timelinePage({ from: monthStart, to: monthEnd }, {}),
    },
    {
      name: `event.timeline, all with a month's window (${month})`,
      proc: 'event.timeline',
      input: { window: { from: monthStart, to: monthEnd } },
      floor: () => timelinePage({}, { from: monthStart, to: monthEnd }),
    },
    {
      name: `event.timeline, place "${place}"`,
      proc: 'event.timeline',
      input: { place },
      floor: () => timelinePage({ place: foldName(place) }, {}),
    },
    {
      name: 'event.list, first 50',
      proc: 'event.list',
      input: {},
      floor: () => listPage({}, 50),
      // PostgreSQL: the page by the date index (dated events first, then undated), its rows with dispute and link count, participants.
      pgFloor: async () => {
        const dated = await pg!<{ id: number }>('list-dated', `SELECT id FROM "Event" WHERE "dateEarliest" IS NOT NULL ORDER BY "dateEarliest", id LIMIT 51`);
        const ids = dated.map((r) => r.id);
        if (ids.length < 51)
          ids.push(
            ...(await pg!<{ id: number }>('list-undated', `SELECT id FROM "Event" WHERE "dateEarliest" IS NULL ORDER BY id LIMIT $1`, 51 - ids.length)).map(
              (r) => r.id,
            ),
          );
        const page = ids.slice(0, 50);
        await pg!(
          'list-page',
          `SELECT e.id, e.title, e.type, e.date, e."dateEarliest", e."dateLatest", e.place, e.description, e."parentId", e.version, e."createdAt", e."updatedAt",
                  d.id "disputeId", d.status, (SELECT count(*)::int FROM "Link" l WHERE l."eventId" = e.id) "linkCount"
             FROM "Event" e LEFT JOIN "Dispute" d ON d."eventId" = e.id WHERE e.id = ANY($1::int[])`,
          page,
        );
        await pg!(
          'list-participants',
          `SELECT p."eventId", p."actorId", p.role, a.name, a.kind FROM "EventParticipant" p JOIN "Actor" a ON a.id = p."actorId" WHERE p."eventId" = ANY($1::int[]) ORDER BY p.id`,
          page,
        );
        return page.length;
      },
    },
    {
      name: `event.list, latest 50 of a month (${month})`,
      proc: 'event.list',
      input: { from: month, to: month, sort: '-date' },
      floor: () => listPage({ from: monthStart, to: monthEnd }, 50, 'DESC'),
    },
    {
      name: `event.list, actor with most events (#${busyActor})`,
      proc: 'event.list',
      input: { actorId: busyActor },
      floor: () => listPage({ actorId: busyActor }, 50),
    },
    { name: `event.list, place "${place}"`, proc: 'event.list', input: { place }, floor: () => listPage({ place: foldName(place) }, 50) },
    {
      name: `event.get, event with most links (#${busyEvent})`,
      proc: 'event.get',
      input: { id: busyEvent },
      floor: () => {
        one(
          `SELECT e.id, e.title, e.type, e.date, e.dateEarliest, e.dateLatest, e.place, e.description, e.parentId, e.version, e.createdAt, e.updatedAt,
                  p.id parentId, p.title parentTitle, p.date parentDate,
                  d.id disputeId, d.status, d.kinds, d.explanation, d.supportOrigins, d.contradictOrigins, d.version disputeVersion
             FROM Event e LEFT JOIN Event p ON p.id = e.parentId LEFT JOIN Dispute d ON d.eventId = e.id WHERE e.id = ?`,
          busyEvent,
        );
        all(`SELECT id, title, date FROM Event WHERE parentId = ? ORDER BY dateEarliest`, busyEvent);
        all(`SELECT p.actorId, p.role, a.name, a.kind FROM EventParticipant p JOIN Actor a ON a.id = p.actorId WHERE p.eventId = ? ORDER BY p.id`, busyEvent);
        return 1;
      },
    },
    {
      name: `claim.listByEvent, event with most links (#${busyEvent})`,
      proc: 'claim.listByEvent',
      input: { eventId: busyEvent },
      floor: () => {
        one(`SELECT id FROM Event WHERE id = ?`, busyEvent);
        const links = all<{ claimId: number }>(
          `SELECT l.id, l.claimId, l.eventId, l.stance, l.assertedDate, l.assertedPlace, l.assertedParticipants, l.assertedNumber, l.assertedUnit,
                  l.numberTolerance, l.note, l.version, l.createdAt, l.updatedAt,
                  c.sourceId, c.start, c."end", c.quote, c.prefix, c.suffix, c.claimantId, c.paraphrase, c.status, c.version claimVersion,
                  c.createdById, c.createdAt claimCreatedAt, c.updatedAt claimUpdatedAt, a.name claimantName, a.kind claimantKind,
                  s.title sourceTitle, s.outlet, s.published
             FROM Link l JOIN Claim c ON c.id = l.claimId LEFT JOIN Actor a ON a.id = c.claimantId JOIN Source s ON s.id = c.sourceId
            WHERE l.eventId = ? ORDER BY l.id LIMIT 51`,
          busyEvent,
        );
        all(
          `SELECT h.claimId, h.position, h.actorId, h.relation, a.name, a.kind FROM AttributionHop h JOIN Actor a ON a.id = h.actorId
            WHERE h.claimId IN (SELECT value FROM json_each(?)) ORDER BY h.claimId, h.position`,
          JSON.stringify(links.map((l) => l.claimId)),
        );
        return Math.min(50, links.length);
      },
    },
  ];
}
