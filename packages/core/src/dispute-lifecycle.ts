// What happens to an event's dispute after detection runs again: open → resolved → reopened → void.
// Pure; the dispute service loads the stored dispute, calls this, and stores what it says.
import type { DisputeFinding } from './disputes.ts';
import type { DisputeStatus } from './vocabulary.ts';

/** A claim's place in a dispute; `side` is 'a' or 'b' (stored as text). */
export type DisputeClaimRow = { claimId: number; side: string; origin: string };

/** The dispute as stored, before this change. */
export type StoredDispute = {
  /** One of DISPUTE_STATUSES, as stored (text). */
  status: string;
  kinds: unknown;
  explanation: string;
  claims: DisputeClaimRow[];
  supportOrigins: number;
  contradictOrigins: number;
};

/** The stored fields a finding sets. */
export type DisputeFields = { kinds: DisputeFinding['kinds']; explanation: string; supportOrigins: number; contradictOrigins: number };

export type DisputeTransition =
  /** Nothing a reviewer would see changed; `origins` is set when only the origin counts need storing. */
  | { action: 'none'; status: DisputeStatus | null; origins: { supportOrigins: number; contradictOrigins: number } | null }
  /** A new conflict: a dispute opens. */
  | { action: 'open'; status: 'open'; fields: DisputeFields; claims: DisputeClaimRow[] }
  /** The conflict went away while the dispute was open. A resolved dispute keeps its verdict instead. */
  | { action: 'void'; status: 'void'; origins: { supportOrigins: number; contradictOrigins: number } }
  /** The conflict changed (claims, sides, kinds or wording). `reopen` starts review again. */
  | {
      action: 'update' | 'reopen';
      status: DisputeStatus;
      fields: DisputeFields;
      claims: DisputeClaimRow[];
      before: { status: string; kinds: unknown; explanation: string; claims: DisputeClaimRow[] };
    };

const sameRow = (x: DisputeClaimRow, y: DisputeClaimRow) => x.claimId === y.claimId && x.side === y.side && x.origin === y.origin;

/**
 * The transition for one event, given its stored dispute (or none), what detection finds now (or
 * null), and the event's independent origins.
 * - no dispute, no conflict: nothing; no dispute, a conflict: it opens;
 * - an open dispute whose conflict is gone becomes void; a resolved or void one stays as it is;
 * - a resolved dispute reopens only when a claim it did not cover joins the conflict (new evidence);
 *   a claim leaving the conflict, or new wording, updates it without undoing the verdict;
 * - a void dispute reopens when a conflict returns.
 */
export function disputeTransition(
  existing: StoredDispute | null,
  finding: DisputeFinding | null,
  counts: { supports: number; contradicts: number },
): DisputeTransition {
  const origins = { supportOrigins: counts.supports, contradictOrigins: counts.contradicts };
  const originsChanged = !!existing && (existing.supportOrigins !== counts.supports || existing.contradictOrigins !== counts.contradicts);
  if (!finding) {
    if (existing?.status === 'open') return { action: 'void', status: 'void', origins };
    return { action: 'none', status: (existing?.status as DisputeStatus | undefined) ?? null, origins: originsChanged ? origins : null };
  }
  const fields: DisputeFields = { kinds: finding.kinds, explanation: finding.explanation, ...origins };
  const claims: DisputeClaimRow[] = finding.claims.map((c) => ({ claimId: c.claimId, side: c.side, origin: c.origin }));
  if (!existing) return { action: 'open', status: 'open', fields, claims };

  const known = new Set(existing.claims.map((c) => c.claimId));
  const hasNewClaim = claims.some((c) => !known.has(c.claimId));
  const sameClaims = !hasNewClaim && claims.length === existing.claims.length && claims.every((c) => existing.claims.some((e) => sameRow(e, c)));
  const sameText = JSON.stringify(existing.kinds) === JSON.stringify(finding.kinds) && existing.explanation === finding.explanation;
  const reopen = (existing.status === 'resolved' && hasNewClaim) || existing.status === 'void';
  if (!reopen && sameClaims && sameText) return { action: 'none', status: existing.status as DisputeStatus, origins: originsChanged ? origins : null };
  const before = {
    status: existing.status,
    kinds: existing.kinds,
    explanation: existing.explanation,
    claims: existing.claims.map((c) => ({ claimId: c.claimId, side: c.side, origin: c.origin })),
  };
  return { action: reopen ? 'reopen' : 'update', status: reopen ? 'open' : (existing.status as DisputeStatus), fields, claims, before };
}
