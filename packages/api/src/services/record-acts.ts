// What a change to a particular record is, in the terms of the role policy (packages/core/src/roles.ts):
// the same procedure can be an annotator's act on one record and a reviewer's on another. Each returns
// the act and how a refusal names the change, or null when the record does not exist (the service then
// reports NOT_FOUND).
import { claimEditAct, claimStatusAct, linkRemoveAct, type Act, type ClaimStatus } from '@claimline/core';
import { openDisputesOfClaim, type Tx } from '@claimline/db';

/** The open disputes a claim takes part in (with the event each is about). */
export { openDisputesOfClaim };

export interface RecordAct {
  act: Act;
  what: string;
}

export async function claimStatusChange(tx: Tx, claimId: number, to: ClaimStatus): Promise<RecordAct | null> {
  const claim = await tx.claim.findUnique({ where: { id: claimId }, select: { status: true } });
  if (!claim) return null;
  const from = claim.status as ClaimStatus;
  const open = await openDisputesOfClaim(tx, claimId);
  const act = claimStatusAct(from, to, open.length > 0);
  const what =
    act === 'dispute.alter'
      ? `changing the status of claim #${claimId}, which is part of open dispute #${open[0]!.disputeId}`
      : `changing claim #${claimId} from ${from} to ${to}`;
  return { act, what };
}

export async function claimEdit(tx: Tx, claimId: number): Promise<RecordAct | null> {
  const claim = await tx.claim.findUnique({ where: { id: claimId }, select: { status: true } });
  if (!claim) return null;
  return { act: claimEditAct(claim.status as ClaimStatus), what: `editing claim #${claimId}, which is ${claim.status}` };
}

export async function linkRemoval(tx: Tx, linkId: number): Promise<RecordAct | null> {
  const link = await tx.link.findUnique({ where: { id: linkId }, select: { claimId: true, eventId: true } });
  if (!link) return null;
  const open = await tx.disputeClaim.findFirst({
    where: { claimId: link.claimId, dispute: { status: 'open', eventId: link.eventId } },
    select: { disputeId: true },
  });
  return { act: linkRemoveAct(!!open), what: open ? `removing link #${linkId}, which is part of open dispute #${open.disputeId}` : `removing link #${linkId}` };
}
