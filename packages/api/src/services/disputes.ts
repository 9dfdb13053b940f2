// Disputes in the database: derived from an event's links by detectDispute (@claimline/core), kept in
// step incrementally (only the events a change touches) and recomputable in full.
import {
  assertedFromColumns,
  claimOrigin,
  countOrigins,
  detectDispute,
  disputeTransition,
  participantIds,
  type ActorRef,
  type DisputeLink,
  type DisputeTransition,
  type StoredDispute,
} from '@claimline/core';
import {
  actorNamesById,
  detectionEvents,
  detectionHops,
  detectionLinks,
  disputedEventsNamingActor,
  disputedEventsQuotingSource,
  lockEventsForDetection,
  storedDisputes,
  type DetectionEventRow,
  type Tx,
} from '@claimline/db';
import { audit } from './audit.ts';
import { groupBy } from './id-lists.ts';

interface DetectionInput {
  event: DetectionEventRow;
  links: DisputeLink[];
}

/**
 * Loads what detection needs for the events with ids in [from, to): each event with every link, its claim's
 * status, claimant, chain and outlet, and the names of the actors the links assert. A handful of statements
 * whatever the range holds, each by an index on the event's links (an event can have thousands of links:
 * see id-lists.ts; nothing binds a parameter per row).
 */
async function loadDetection(tx: Tx, from: number, to: number) {
  const events = await detectionEvents(tx, from, to);
  const rows = events.length ? await detectionLinks(tx, from, to) : [];
  const hops = rows.length ? await detectionHops(tx, from, to) : [];
  const chains = groupBy(hops, (h) => h.claimId);
  const actorIds = new Set<number>();
  const ref = (id: number | null, name: string | null, kind: string | null): ActorRef | null =>
    id === null || name === null || kind === null ? null : { id, name, kind };
  const linksOf = groupBy(
    rows.map((l) => {
      const asserted = assertedFromColumns(l);
      for (const id of participantIds(asserted.participants)) actorIds.add(id);
      const link: DisputeLink = {
        linkId: l.id,
        claimId: l.claimId,
        sourceId: l.sourceId,
        claimStatus: l.claimStatus,
        stance: l.stance as DisputeLink['stance'],
        quote: l.quote,
        paraphrase: l.paraphrase,
        claimant: ref(l.claimantId, l.claimantName, l.claimantKind),
        chain: (chains.get(l.claimId) ?? []).map((h) => ({ id: h.actorId, name: h.name, kind: h.kind })),
        outlet: ref(l.outletActorId, l.outletName, l.outletKind) ?? { id: -l.sourceId, name: l.outlet, kind: 'outlet' },
        asserted,
      };
      return { eventId: l.eventId, link };
    }),
    (x) => x.eventId,
  );
  const names = await actorNamesById(tx, actorIds);
  const inputs = new Map<number, DetectionInput>(events.map((event) => [event.id, { event, links: (linksOf.get(event.id) ?? []).map((x) => x.link) }]));
  return { inputs, actorNames: Object.fromEntries(names) as Record<number, string> };
}

/** What detection says now for one event, given its stored dispute: the lifecycle's transition. */
function transitionFor(input: DetectionInput, actorNames: Record<number, string>, existing: StoredDispute | null): DisputeTransition {
  const finding = detectDispute(input.event, input.links, actorNames);
  return disputeTransition(existing, finding, originCounts(input.links));
}

/** Whether applying a transition writes anything. */
const writes = (t: DisputeTransition) => t.action !== 'none' || t.origins !== null;

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
  await lockEventsForDetection(tx, eventIds);
  for (const eventId of [...new Set(eventIds)].sort((a, b) => a - b)) out.push(await refreshEvent(tx, userId, eventId));
  return out;
}

/**
 * Re-runs detection for the disputed events whose wording or independence counts name this actor
 * (claimant, attribution hop, outlet, asserted participant) or quote a claim of this source: after a
 * rename, a change of kind or of outlet, the stored dispute says what detection says now. Found by index
 * (see disputedEventsNamingActor): the cost follows the actor's or source's claims, not the database.
 */
export async function refreshDisputesNaming(tx: Tx, userId: number | null, of: { actorId: number } | { sourceId: number }): Promise<void> {
  const eventIds = 'sourceId' in of ? await disputedEventsQuotingSource(tx, of.sourceId) : await disputedEventsNamingActor(tx, of.actorId);
  await refreshDisputesForEvents(tx, userId, eventIds);
}

function originCounts(links: DisputeLink[]) {
  const active = links.filter((l) => l.claimStatus === 'draft' || l.claimStatus === 'accepted');
  return countOrigins(active.map((l) => ({ stance: l.stance, originKey: claimOrigin(l).key })));
}

async function refreshEvent(tx: Tx, userId: number | null, eventId: number): Promise<DisputeState> {
  const { inputs, actorNames } = await loadDetection(tx, eventId, eventId + 1);
  const input = inputs.get(eventId);
  const existing = await tx.dispute.findUnique({ where: { eventId }, include: { claims: true } });
  if (!input) return { eventId, disputeId: existing?.id ?? null, status: null, changed: false };
  const t = transitionFor(input, actorNames, existing);
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

/** Events are compared with a recompute this many at a time (a few statements per batch, whatever it holds). */
const EVENTS_PER_BATCH = 500;

/** The events that have links or a dispute: those detection has something to say about. */
async function eventsToCheck(tx: Tx): Promise<number[]> {
  const events = await tx.event.findMany({
    where: { OR: [{ links: { some: {} } }, { dispute: { isNot: null } }] },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  return events.map((e) => e.id);
}

/**
 * Which of these events (ascending ids) store something other than what detection says now: a refresh would
 * write to their dispute. Read-only; loads the whole batch in a few statements (by a range of event ids).
 */
export async function disputesDrifting(tx: Tx, eventIds: number[]): Promise<number[]> {
  if (!eventIds.length) return [];
  const from = eventIds[0]!;
  const to = eventIds[eventIds.length - 1]! + 1;
  const { inputs, actorNames } = await loadDetection(tx, from, to);
  const stored = new Map((await storedDisputes(tx, from, to)).map((d) => [d.eventId, d]));
  return eventIds.filter((id) => {
    const input = inputs.get(id);
    return input !== undefined && writes(transitionFor(input, actorNames, stored.get(id) ?? null));
  });
}

/** Calls `fn` with the events that have links or a dispute, EVENTS_PER_BATCH at a time (for the doctor's own transactions). */
export async function eachDisputeBatch(db: Tx, fn: (eventIds: number[], done: number, total: number) => Promise<void>): Promise<number> {
  const events = await eventsToCheck(db);
  for (let i = 0; i < events.length; i += EVENTS_PER_BATCH) {
    const batch = events.slice(i, i + EVENTS_PER_BATCH);
    await fn(batch, i + batch.length, events.length);
  }
  return events.length;
}

/**
 * Full recompute over every event with links or a dispute (the `claimline disputes --recompute` command):
 * compared in batches, and refreshed (written and audited like any change) only where detection now says
 * something else. Same outcome as refreshing every event, at the cost of reading them.
 */
export async function recomputeAllDisputes(tx: Tx, userId: number | null, onProgress?: (done: number, total: number) => void) {
  let changed = 0;
  const events = await eachDisputeBatch(tx, async (batch, done, total) => {
    for (const s of await refreshDisputesForEvents(tx, userId, await disputesDrifting(tx, batch))) if (s.changed) changed++;
    onProgress?.(done, total);
  });
  return { events, changed };
}
