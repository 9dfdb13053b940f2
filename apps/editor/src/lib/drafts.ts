// The reader's form drafts: what the user typed, kept apart from the saved records, and the API input
// they become. Pure, so the round trip saved record → draft → input is tested without a browser.
import type { Stance } from '@claimline/core';
import type { ActorRef } from '~/components/ActorPicker.tsx';
import type { EventRef } from '~/components/EventPicker.tsx';
import { participantsOf } from '~/components/participants.ts';
import type { Claim, ClaimLink } from '~/app/sources/[id]/types.ts';

export interface ClaimDraft {
  claimant: ActorRef | null;
  chain: { actor: ActorRef | null; relation: string }[];
  paraphrase: string;
}

export interface LinkDraft {
  event: EventRef | null;
  stance: Stance;
  date: string;
  place: string;
  include: number[];
  exclude: number[];
  /** The "took part" list is complete: no one else took part, says this claim. */
  exclusive: boolean;
  number: string;
  unit: string;
  tolerance: string;
  note: string;
}

export const emptyLink = (): LinkDraft => ({
  event: null,
  stance: 'supports',
  date: '',
  place: '',
  include: [],
  exclude: [],
  exclusive: false,
  number: '',
  unit: '',
  tolerance: '',
  note: '',
});

export function claimDraftOf(c: Pick<Claim, 'claimant' | 'chain' | 'paraphrase'>): ClaimDraft {
  return {
    claimant: c.claimant ? { id: c.claimant.id, name: c.claimant.name } : null,
    chain: c.chain.map((h) => ({ actor: { id: h.actorId, name: h.actor.name }, relation: h.relation ?? '' })),
    paraphrase: c.paraphrase ?? '',
  };
}

export function linkDraftOf(l: ClaimLink): LinkDraft {
  const p = participantsOf(l.assertedParticipants);
  return {
    event: { id: l.eventId, title: l.event.title, date: l.event.date },
    stance: l.stance as Stance,
    date: l.assertedDate ?? '',
    place: l.assertedPlace ?? '',
    include: p.include,
    exclude: p.exclude,
    exclusive: p.exclusive,
    number: l.assertedNumber === null ? '' : String(l.assertedNumber),
    unit: l.assertedUnit ?? '',
    tolerance: l.numberTolerance === null ? '' : String(l.numberTolerance),
    note: l.note ?? '',
  };
}

export function claimInput(d: ClaimDraft) {
  return {
    claimantId: d.claimant?.id ?? null,
    chain: d.chain.filter((h) => h.actor).map((h) => ({ actorId: h.actor!.id, relation: h.relation.trim() || null })),
    paraphrase: d.paraphrase.trim() || null,
  };
}

/** The asserted values as the API takes them; text that is not a number is passed on for the schema to refuse. */
export function assertedInput(d: LinkDraft) {
  const num = (s: string) => (s.trim() === '' ? null : Number(s.trim()));
  const value = num(d.number);
  return {
    date: d.date.trim() || null,
    place: d.place.trim() || null,
    participants: d.include.length || d.exclude.length ? { include: d.include, exclude: d.exclude, exclusive: d.exclusive && d.include.length > 0 } : null,
    number: value === null && !d.unit.trim() ? null : { value: value as number, unit: d.unit.trim(), tolerance: num(d.tolerance) },
  };
}

export function linkInput(d: LinkDraft) {
  return { stance: d.stance, asserted: assertedInput(d), note: d.note.trim() || null };
}
