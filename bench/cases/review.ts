// Review: review.queue, and auth.me (the fixed cost of a request).
import type { BenchContext, Case } from './common.ts';

export function reviewCases({ all, one, sessionId }: BenchContext): Case[] {
  // review.queue: the page of disputes with their event and verdicts, then member claims (claimant, chain, source) and links.
  const queue = (order: string, limit: number) => {
    const disputes = all<{ id: number; eventId: number }>(
      `SELECT d.id, d.eventId, d.kinds, d.status, d.explanation, d.supportOrigins, d.contradictOrigins, d.openedAt, d.resolvedAt,
              d.resolvedById, d.rationale, d.version, e.title, e.date, e.place
         FROM Dispute d JOIN Event e ON e.id = d.eventId WHERE d.status = 'open' ORDER BY ${order} LIMIT ?`,
      limit + 1,
    ).slice(0, limit);
    const ids = JSON.stringify(disputes.map((d) => d.id));
    all(
      `SELECT id, disputeId, claimId, rating, rationale, evidenceUrl, reviewerId, createdAt FROM Verdict WHERE disputeId IN (SELECT value FROM json_each(?))`,
      ids,
    );
    const members = all<{ claimId: number }>(
      `SELECT disputeId, claimId, side, origin FROM DisputeClaim WHERE disputeId IN (SELECT value FROM json_each(?))`,
      ids,
    );
    const claimIds = JSON.stringify(members.map((m) => m.claimId));
    all(
      `SELECT c.id, c.sourceId, c.quote, c.paraphrase, c.status, c.start, c."end", k.id claimantId, k.name claimant, s.title, s.outlet, s.published
         FROM Claim c LEFT JOIN Actor k ON k.id = c.claimantId JOIN Source s ON s.id = c.sourceId WHERE c.id IN (SELECT value FROM json_each(?))`,
      claimIds,
    );
    all(
      `SELECT h.claimId, h.relation, a.id, a.name FROM AttributionHop h JOIN Actor a ON a.id = h.actorId
        WHERE h.claimId IN (SELECT value FROM json_each(?)) ORDER BY h.position`,
      claimIds,
    );
    all(
      `SELECT claimId, eventId, stance, assertedDate, assertedPlace, assertedParticipants, assertedNumber, assertedUnit FROM Link
        WHERE eventId IN (SELECT value FROM json_each(?))`,
      JSON.stringify(disputes.map((d) => d.eventId)),
    );
    one(`SELECT count(*) n FROM Dispute WHERE status = 'open'`);
    return disputes.length;
  };
  const oldest = 'd.openedAt, d.id';
  const weight = 'd.contradictOrigins DESC, d.supportOrigins DESC, d.id';

  return [
    { name: 'review.queue, oldest first 25', proc: 'review.queue', input: { limit: 25 }, floor: () => queue(oldest, 25) },
    { name: 'review.queue, default 50', proc: 'review.queue', input: {}, floor: () => queue(oldest, 50) },
    { name: 'review.queue, order weight 25', proc: 'review.queue', input: { limit: 25, order: 'weight' }, floor: () => queue(weight, 25) },
    {
      name: 'auth.me (fixed cost of a request)',
      proc: 'auth.me',
      floor: () => {
        one(`SELECT s.id, s.expiresAt, u.id, u.email, u.name, u.role, u.disabled FROM Session s JOIN User u ON u.id = s.userId WHERE s.id = ?`, sessionId);
        return 1;
      },
    },
  ];
}
