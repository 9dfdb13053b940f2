// Review: review.queue (orders, page sizes, a later page, the list form claims 'count'), review.get, claim.openDisputes, audit.history,
// user.list, and auth.me (the fixed cost of a request).
import type { BenchContext, Case } from './common.ts';

type Order = 'oldest' | 'weight';
const ORDER: Record<Order, string> = { oldest: 'd.openedAt, d.id', weight: 'd.contradictOrigins DESC, d.supportOrigins DESC, d.id' };
const AFTER: Record<Order, string> = {
  oldest: 'd.openedAt >= c.openedAt AND (d.openedAt > c.openedAt OR d.id > c.id)',
  weight: `d.contradictOrigins <= c.contradictOrigins AND (d.contradictOrigins < c.contradictOrigins
     OR d.supportOrigins < c.supportOrigins OR (d.supportOrigins = c.supportOrigins AND d.id > c.id))`,
};
const DISPUTE = `d.id, d.eventId, d.kinds, d.status, d.explanation, d.supportOrigins, d.contradictOrigins, d.openedAt, d.resolvedAt,
  d.resolvedById, d.rationale, d.version, e.title, e.date, e.place`;

export function reviewCases({ all, one, sessionId, userId, writer, pg }: BenchContext): Case[] {
  /** Verdicts, then every member claim with claimant, source and its link to the event, then their chains. */
  const members = (ids: string) => {
    all(
      `SELECT v.id, v.disputeId, v.claimId, v.rating, v.rationale, v.evidenceUrl, v.reviewerId, v.createdAt FROM json_each(?) p JOIN Verdict v ON v.disputeId = p.value`,
      ids,
    );
    all(
      `SELECT dc.disputeId, dc.side, dc.origin, c.id, c.sourceId, c.quote, c.paraphrase, c.status, c.start, c."end", k.id kid, k.name, s.title, s.outlet, s.published,
              l.id lid, l.stance, l.assertedDate, l.assertedPlace, l.assertedParticipants, l.assertedNumber, l.assertedUnit
         FROM json_each(?) p JOIN DisputeClaim dc ON dc.disputeId = p.value JOIN Dispute d ON d.id = dc.disputeId JOIN Claim c ON c.id = dc.claimId
         JOIN Source s ON s.id = c.sourceId LEFT JOIN Actor k ON k.id = c.claimantId LEFT JOIN Link l ON l.claimId = dc.claimId AND l.eventId = d.eventId
        ORDER BY dc.disputeId, dc.side, dc.claimId`,
      ids,
    );
    all(
      `SELECT h.claimId, a.id, a.name, h.relation FROM AttributionHop h JOIN Actor a ON a.id = h.actorId
        WHERE h.claimId IN (SELECT dc.claimId FROM json_each(?) p JOIN DisputeClaim dc ON dc.disputeId = p.value) ORDER BY h.claimId, h.position`,
      ids,
    );
  };
  // review.queue: the page of disputes with their event, then verdicts, member claims and chains, and the count.
  const queue = (order: Order, limit: number, opts: { status?: string | null; cursor?: number } = {}) => {
    const status = opts.status === undefined ? 'open' : opts.status;
    const disputes = all<{ id: number }>(
      `SELECT ${DISPUTE} FROM Dispute d JOIN Event e ON e.id = d.eventId ${opts.cursor ? 'JOIN Dispute c ON c.id = ?' : ''}
        WHERE ${status ? 'd.status = ?' : '1'} ${opts.cursor ? `AND ${AFTER[order]}` : ''} ORDER BY ${ORDER[order]} LIMIT ?`,
      ...(opts.cursor ? [opts.cursor] : []),
      ...(status ? [status] : []),
      limit + 1,
    ).slice(0, limit);
    members(JSON.stringify(disputes.map((d) => d.id)));
    one(`SELECT count(*) n FROM Dispute ${status ? 'WHERE status = ?' : ''}`, ...(status ? [status] : []));
    return disputes.length;
  };
  // review.queue with claims 'count' (the editor's list): the same page, each dispute with its claim count
  // read from the DisputeClaim key (no claim, chain or verdict), and the count.
  const queueCounted = (order: Order, limit: number) => {
    const disputes = all<{ id: number }>(
      `SELECT ${DISPUTE}, (SELECT count(*) FROM DisputeClaim dc WHERE dc.disputeId = d.id) claimCount
         FROM Dispute d JOIN Event e ON e.id = d.eventId WHERE d.status = ? ORDER BY ${ORDER[order]} LIMIT ?`,
      'open',
      limit + 1,
    ).slice(0, limit);
    one(`SELECT count(*) n FROM Dispute WHERE status = ?`, 'open');
    return disputes.length;
  };
  // A later page: the cursor 1,000 disputes into the queue (half way at small sizes).
  const deepCursor = one<{ id: number }>(
    `SELECT id FROM Dispute WHERE status = 'open' ORDER BY openedAt, id LIMIT 1 OFFSET min(999, (SELECT count(*) / 2 FROM Dispute WHERE status = 'open'))`,
  ).id;
  const bigDispute = one<{ id: number }>(`SELECT disputeId id FROM DisputeClaim GROUP BY disputeId ORDER BY count(*) DESC, disputeId LIMIT 1`).id;
  const busyClaim = one<{ id: number }>(
    `SELECT dc.claimId id FROM DisputeClaim dc JOIN Dispute d ON d.id = dc.disputeId WHERE d.status = 'open' GROUP BY dc.claimId ORDER BY count(*) DESC, dc.claimId LIMIT 1`,
  ).id;

  // A record with a long history: synth writes one entry per record, so the bench user's own record gets
  // 2,000 edits (once per database; written as the API's user.update would audit them).
  const HISTORY = 2000;
  const have = one<{ n: number }>(`SELECT count(*) n FROM AuditEntry WHERE recordType = 'user' AND recordId = ?`, userId).n;
  if (have < HISTORY) {
    const insert = writer.prepare(`INSERT INTO AuditEntry (at, userId, action, recordType, recordId, before, after) VALUES (?, ?, 'update', 'user', ?, ?, ?)`);
    writer.transaction(() => {
      for (let i = have; i < HISTORY; i++) {
        const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString().replace('Z', '+00:00');
        insert.run(at, userId, userId, JSON.stringify({ name: `bench ${i}`, version: i + 1 }), JSON.stringify({ name: `bench ${i + 1}`, version: i + 2 }));
      }
    })();
  }
  const history = (recordType: string, recordId: number) => () => {
    const rows = all<{ userId: number | null }>(
      `SELECT id, at, userId, action, recordType, recordId, before, after FROM AuditEntry WHERE recordType = ? AND recordId = ? ORDER BY id DESC LIMIT 51`,
      recordType,
      recordId,
    ).slice(0, 50);
    const users = JSON.stringify([...new Set(rows.map((r) => r.userId).filter((x) => x !== null))]);
    all(`SELECT id, name, email, role FROM User WHERE id IN (SELECT value FROM json_each(?))`, users);
    return rows.length;
  };
  const someEvent = one<{ id: number }>(`SELECT recordId id FROM AuditEntry WHERE recordType = 'event' ORDER BY id LIMIT 1 OFFSET 100`).id;

  return [
    { name: 'review.queue, oldest first 25', proc: 'review.queue', input: { limit: 25 }, floor: () => queue('oldest', 25) },
    { name: 'review.queue, default 50', proc: 'review.queue', input: {}, floor: () => queue('oldest', 50) },
    { name: 'review.queue, order weight 25', proc: 'review.queue', input: { limit: 25, order: 'weight' }, floor: () => queue('weight', 25) },
    { name: "review.queue, claims 'count', default 50", proc: 'review.queue', input: { claims: 'count' }, floor: () => queueCounted('oldest', 50) },
    {
      name: "review.queue, claims 'count', weight 50",
      proc: 'review.queue',
      input: { claims: 'count', order: 'weight' },
      floor: () => queueCounted('weight', 50),
    },
    {
      name: "review.queue, claims 'count', the editor's 25",
      proc: 'review.queue',
      input: { claims: 'count', limit: 25 },
      floor: () => queueCounted('oldest', 25),
    },
    { name: 'review.queue, a later page', proc: 'review.queue', input: { cursor: deepCursor }, floor: () => queue('oldest', 50, { cursor: deepCursor }) },
    {
      name: 'review.queue, all statuses, weight, 200',
      proc: 'review.queue',
      input: { status: 'all', order: 'weight', limit: 200 },
      floor: () => queue('weight', 200, { status: null }),
    },
    {
      name: `review.get, dispute with most claims (#${bigDispute})`,
      proc: 'review.get',
      input: { id: bigDispute },
      floor: () => {
        one(`SELECT ${DISPUTE} FROM Dispute d JOIN Event e ON e.id = d.eventId WHERE d.id = ?`, bigDispute);
        members(JSON.stringify([bigDispute]));
        return 1;
      },
    },
    {
      name: `claim.openDisputes, claim in most open disputes (#${busyClaim})`,
      proc: 'claim.openDisputes',
      input: { id: busyClaim },
      floor: () => {
        all(
          `SELECT dc.disputeId, d.eventId FROM DisputeClaim dc CROSS JOIN Dispute d ON d.id = dc.disputeId WHERE dc.claimId = ? AND d.status = 'open' ORDER BY dc.disputeId`,
          busyClaim,
        );
        return 1;
      },
    },
    {
      name: `audit.history, record with ${HISTORY.toLocaleString('en')} entries`,
      proc: 'audit.history',
      input: { recordType: 'user', recordId: userId },
      floor: history('user', userId),
      // Its 2,000 entries are written into the SQLite file by this set-up.
      sqliteOnly: true,
    },
    { name: 'audit.history, an event', proc: 'audit.history', input: { recordType: 'event', recordId: someEvent }, floor: history('event', someEvent) },
    {
      name: 'user.list',
      proc: 'user.list',
      floor: () => all(`SELECT id, email, name, role, disabled, version, createdAt FROM User ORDER BY id`).length,
      pgFloor: async () => (await pg!('users', `SELECT id, email, name, role, disabled, version, "createdAt" FROM "User" ORDER BY id`)).length,
    },
    {
      name: 'auth.me (fixed cost of a request)',
      proc: 'auth.me',
      floor: () => {
        one(`SELECT s.id, s.expiresAt, u.id, u.email, u.name, u.role, u.disabled FROM Session s JOIN User u ON u.id = s.userId WHERE s.id = ?`, sessionId);
        return 1;
      },
      pgFloor: async () => {
        await pg!(
          'session',
          `SELECT s.id, s."expiresAt", u.id, u.email, u.name, u.role, u.disabled FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE s.id = $1`,
          sessionId,
        );
        return 1;
      },
    },
  ];
}
