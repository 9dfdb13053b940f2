// Disputes in the database: derived from an event's links by detectDispute (@claimline/core), kept in
// step incrementally (only the events a change touches) and recomputable in full.
import { assertedFromColumns, claimOrigin, countOrigins, detectDispute, disputeTransition, participantIds, type DisputeLink } from '@claimline/core';
import type { Tx } from '@claimline/db';
import { audit } from './audit.ts';
import { linkSelect } from './selects.ts';
import { groupBy, inChunks } from './id-lists.ts';

const actorRef = { select: { id: true, name: true, kind: true } } as const;

/**
 * Loads what detection needs for one event: every link with its claim's status, claimant, chain and outlet.
 * An event can have thousands of links (see id-lists.ts): the chains are read by the event's key, not
 * as an ordered relation of every claim.
 */
async function loadEventLinks(tx: Tx, eventId: number) {
  const event = await tx.event.findUnique({ where: { id: eventId }, select: { id: true, title: true, date: true, place: true } });
  if (!event) return null;
  const links = await tx.link.findMany({
    where: { eventId },
    orderBy: { id: 'asc' },
    select: {
      ...linkSelect,
      claim: {
        select: {
          id: true,
          sourceId: true,
          status: true,
          quote: true,
          paraphrase: true,
          claimant: actorRef,
          source: { select: { outlet: true, outletActor: actorRef } },
        },
      },
    },
  });
  const hops = await tx.attributionHop.findMany({
    where: { claim: { links: { some: { eventId } } } },
    orderBy: [{ claimId: 'asc' }, { position: 'asc' }],
    select: { claimId: true, actor: actorRef },
  });
  const chains = groupBy(hops, (h) => h.claimId);
  const actorIds = new Set<number>();
  const input: DisputeLink[] = links.map((l) => {
    const asserted = assertedFromColumns(l);
    for (const id of participantIds(asserted.participants)) actorIds.add(id);
    const outlet = l.claim.source.outletActor ?? { id: -l.claim.sourceId, name: l.claim.source.outlet, kind: 'outlet' };
    return {
      linkId: l.id,
      claimId: l.claim.id,
      sourceId: l.claim.sourceId,
      claimStatus: l.claim.status,
      stance: l.stance as DisputeLink['stance'],
      quote: l.claim.quote,
      paraphrase: l.claim.paraphrase,
      claimant: l.claim.claimant,
      chain: (chains.get(l.claim.id) ?? []).map((h) => h.actor),
      outlet,
      asserted,
    };
  });
  const names = await inChunks(actorIds, (ids) => tx.actor.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }));
  return { event, links: input, actorNames: Object.fromEntries(names.map((a) => [a.id, a.name])) as Record<number, string> };
}

export interface DisputeState {
  eventId: number;
  disputeId: number | null;
  status: 'open' | 'resolved' | 'void' | null;
  changed: boolean;
}

/**
 * Re-runs detection for the given events inside the caller's transaction and writes the outcome:
 * a new conflict opens a dispute; a resolved dispute reopens when a conflicting claim arrives that it
 * did not cover; a conflict that no longer holds voids an open dispute. Audited like any change.
 */
export async function refreshDisputesForEvents(tx: Tx, userId: number | null, eventIds: number[]): Promise<DisputeState[]> {
  const out: DisputeState[] = [];
  for (const eventId of [...new Set(eventIds)].sort((a, b) => a - b)) out.push(await refreshEvent(tx, userId, eventId));
  return out;
}

/**
 * Re-runs detection for the disputed events whose wording or independence counts name this actor
 * (claimant, attribution hop, outlet, asserted participant) or quote a claim of this source: after a
 * rename, a change of kind or of outlet, the stored dispute says what detection says now.
 */
export async function refreshDisputesNaming(tx: Tx, userId: number | null, of: { actorId: number } | { sourceId: number }): Promise<void> {
  const disputed = { dispute: { isNot: null } };
  const eventIds = new Set<number>();
  if ('sourceId' in of) {
    for (const l of await tx.link.findMany({ where: { event: disputed, claim: { sourceId: of.sourceId } }, select: { eventId: true }, distinct: ['eventId'] }))
      eventIds.add(l.eventId);
  } else {
    const id = of.actorId;
    const named = await tx.link.findMany({
      where: { event: disputed, claim: { OR: [{ claimantId: id }, { chain: { some: { actorId: id } } }, { source: { outletActorId: id } }] } },
      select: { eventId: true },
      distinct: ['eventId'],
    });
    for (const l of named) eventIds.add(l.eventId);
    const asserting = await tx.link.findMany({
      where: { event: disputed, assertedParticipants: { not: null as never } },
      select: { eventId: true, assertedParticipants: true },
    });
    for (const l of asserting)
      if (
        participantIds(
          assertedFromColumns({ ...l, assertedDate: null, assertedPlace: null, assertedNumber: null, assertedUnit: null, numberTolerance: null }).participants,
        ).includes(id)
      )
        eventIds.add(l.eventId);
  }
  await refreshDisputesForEvents(tx, userId, [...eventIds]);
}

function originCounts(links: DisputeLink[]) {
  const active = links.filter((l) => l.claimStatus === 'draft' || l.claimStatus === 'accepted');
  return countOrigins(active.map((l) => ({ stance: l.stance, originKey: claimOrigin(l).key })));
}

async function refreshEvent(tx: Tx, userId: number | null, eventId: number): Promise<DisputeState> {
  const loaded = await loadEventLinks(tx, eventId);
  const existing = await tx.dispute.findUnique({ where: { eventId }, include: { claims: true } });
  if (!loaded) return { eventId, disputeId: existing?.id ?? null, status: null, changed: false };
  const finding = detectDispute(loaded.event, loaded.links, loaded.actorNames);
  const t = disputeTransition(existing, finding, originCounts(loaded.links));
  switch (t.action) {
    case 'none':
      if (existing && t.origins) await tx.dispute.update({ where: { id: existing.id }, data: t.origins });
      return { eventId, disputeId: existing?.id ?? null, status: t.status, changed: false };
    case 'void':
      await tx.dispute.update({ where: { id: existing!.id }, data: { status: 'void', ...t.origins, version: { increment: 1 } } });
      await audit(tx, {
        userId,
        action: 'void',
        recordType: 'dispute',
        recordId: existing!.id,
        before: { status: 'open' },
        after: { status: 'void', reason: 'the linked claims no longer conflict' },
      });
      return { eventId, disputeId: existing!.id, status: 'void', changed: true };
    case 'open': {
      const d = await tx.dispute.create({ data: { eventId, status: 'open', ...t.fields, claims: { create: t.claims } } });
      await audit(tx, { userId, action: 'open', recordType: 'dispute', recordId: d.id, after: { ...t.fields, status: 'open', claims: t.claims } });
      return { eventId, disputeId: d.id, status: 'open', changed: true };
    }
    case 'update':
    case 'reopen': {
      const id = existing!.id;
      await tx.disputeClaim.deleteMany({ where: { disputeId: id } });
      await tx.dispute.update({
        where: { id },
        data: {
          ...t.fields,
          status: t.status,
          ...(t.action === 'reopen' ? { openedAt: new Date(), resolvedAt: null, resolvedById: null } : {}),
          version: { increment: 1 },
          claims: { create: t.claims },
        },
      });
      await audit(tx, {
        userId,
        action: t.action,
        recordType: 'dispute',
        recordId: id,
        before: t.before,
        after: { ...t.fields, status: t.status, claims: t.claims },
      });
      return { eventId, disputeId: id, status: t.status, changed: true };
    }
  }
}

/** Full recompute over every event with links (the `claimline disputes --recompute` command). */
export async function recomputeAllDisputes(tx: Tx, userId: number | null, onProgress?: (done: number, total: number) => void) {
  const events = await tx.event.findMany({
    where: { OR: [{ links: { some: {} } }, { dispute: { isNot: null } }] },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  let changed = 0;
  for (let i = 0; i < events.length; i++) {
    const s = await refreshEvent(tx, userId, events[i]!.id);
    if (s.changed) changed++;
    onProgress?.(i + 1, events.length);
  }
  return { events: events.length, changed };
}
