// The role policy: who may do what. One table, read by the API (which enforces it) and by the editor
// (which hides what a user cannot do). README.md "Roles" prints the same table.
import type { ClaimStatus, Role } from './vocabulary.ts';

export const ACTS = {
  read: 'read sources, claims, events, actors, disputes and history',
  'source.write': 'import sources and edit their metadata',
  'actor.write': 'create and edit actors and their aliases',
  'event.write': 'create and edit events',
  'claim.draft': 'create draft claims, edit draft and retracted claims, retract a draft or restore it',
  'link.write': 'link claims to events and edit links',
  'account.password': 'change one’s own password',
  'export.slice': 'export a slice of the database (by source or event)',
  'claim.decide': 'accept or reject a claim, change the status of an accepted or rejected claim, edit an accepted or rejected claim',
  'dispute.alter': 'remove a link or change the status of a claim that is part of an open dispute, or make any change that ends an open dispute',
  'actor.merge': 'merge actors',
  'dispute.decide': 'read the review queue and decide disputes',
  'user.manage': 'create users, change their role, e-mail and password, disable and enable them',
  'user.email': 'see users’ e-mail addresses (one’s own is always visible)',
  'export.all': 'export the whole database',
  restore: 'restore an export into an empty database (command line only)',
} as const;

export type Act = keyof typeof ACTS;

const ALL: readonly Role[] = ['annotator', 'reviewer', 'admin'];
const REVIEWERS: readonly Role[] = ['reviewer', 'admin'];
const ADMINS: readonly Role[] = ['admin'];

/** Which roles may perform each act. Whoever runs the command line can read the database file: the CLI acts as an admin. */
export const POLICY: Record<Act, readonly Role[]> = {
  read: ALL,
  'source.write': ALL,
  'actor.write': ALL,
  'event.write': ALL,
  'claim.draft': ALL,
  'link.write': ALL,
  'account.password': ALL,
  'export.slice': ALL,
  'claim.decide': REVIEWERS,
  'dispute.alter': REVIEWERS,
  'actor.merge': REVIEWERS,
  'dispute.decide': REVIEWERS,
  'user.manage': ADMINS,
  'user.email': ADMINS,
  'export.all': ADMINS,
  restore: ADMINS,
};

export function can(role: Role | null | undefined, act: Act): boolean {
  return !!role && POLICY[act].includes(role);
}

/** The least role that may perform `act`, for messages ("this needs the reviewer role"). */
export function roleFor(act: Act): Role {
  return POLICY[act][0]!;
}

/** "accepting or rejecting a claim needs the reviewer role; you are annotator": what a refusal says. */
export function refusal(role: Role, act: Act, what: string = ACTS[act]): string {
  return `${what}: this needs the ${roleFor(act)} role; you are ${role}`;
}

const DECIDED = new Set<ClaimStatus>(['accepted', 'rejected']);

/**
 * The act a claim status change is. Accepting or rejecting, and undoing either, is a reviewer's decision;
 * retracting a draft (or restoring it) is an annotator's, unless the claim is part of an open dispute,
 * which the change would alter.
 */
export function claimStatusAct(from: ClaimStatus, to: ClaimStatus, inOpenDispute: boolean): Act {
  if (DECIDED.has(to) || DECIDED.has(from)) return from === to ? claimEditAct(from) : 'claim.decide';
  if (from !== to && inOpenDispute) return 'dispute.alter';
  return 'claim.draft';
}

/** Editing a claim's span, claimant, chain or paraphrase: a reviewed (accepted or rejected) claim is a reviewer's. */
export function claimEditAct(status: ClaimStatus): Act {
  return DECIDED.has(status) ? 'claim.decide' : 'claim.draft';
}

/** Removing a link: one that is part of an open dispute takes a side out of it, which is a reviewer's act. */
export function linkRemoveAct(inOpenDispute: boolean): Act {
  return inOpenDispute ? 'dispute.alter' : 'link.write';
}

/** An export narrowed by source or event is a slice; anything else (a date alone included) is the whole database. */
export function exportAct(slice: { sourceIds?: readonly number[]; eventIds?: readonly number[] }): Act {
  return slice.sourceIds?.length || slice.eventIds?.length ? 'export.slice' : 'export.all';
}
