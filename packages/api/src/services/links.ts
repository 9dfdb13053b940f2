// Links: a claim is about an event, with a stance and the values it asserts for that event.
import { type z } from 'zod';
import {
  AppError,
  assertedToColumns,
  linkCreateSchema,
  linkRemoveSchema,
  linkUpdateSchema,
  participantIds,
  participantsOf,
  type Asserted,
} from '@claimline/core';
import type { Tx } from '@claimline/db';
import type { Prisma } from '@claimline/db';
import { audit } from './audit.ts';
import { expectFound, expectUpdated, expectVersion } from './records.ts';
import { refreshDisputesForEvents } from './disputes.ts';
import { linkSelect } from './selects.ts';

async function assertedColumns(tx: Tx, asserted: Asserted) {
  const columns = assertedToColumns(asserted);
  const ids = participantIds(columns.assertedParticipants);
  if (ids.length) {
    const found = await tx.actor.findMany({ where: { id: { in: ids } }, select: { id: true } });
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) throw new AppError('BAD_REQUEST', `asserted.participants: actor ${missing.join(', ')} does not exist`, 'asserted.participants');
  }
  return { ...columns, assertedParticipants: (columns.assertedParticipants ?? null) as never };
}

/** Keeps a link's LinkParticipant rows (derived: the actors its asserted participants name) in step with its column. */
export async function indexLinkParticipants(tx: Tx, linkId: number, participants: unknown, replace = true) {
  if (replace) await tx.linkParticipant.deleteMany({ where: { linkId } });
  const ids = participantIds(participantsOf(participants));
  if (ids.length) await tx.linkParticipant.createMany({ data: ids.map((actorId) => ({ actorId, linkId })) });
}

export async function createLink(tx: Tx, userId: number | null, raw: z.input<typeof linkCreateSchema>) {
  const input = linkCreateSchema.parse(raw);
  expectFound(await tx.claim.findUnique({ where: { id: input.claimId }, select: { id: true } }), 'claim', input.claimId);
  expectFound(await tx.event.findUnique({ where: { id: input.eventId }, select: { id: true } }), 'event', input.eventId);
  const existing = await tx.link.findUnique({ where: { claimId_eventId: { claimId: input.claimId, eventId: input.eventId } }, select: { id: true } });
  if (existing)
    throw new AppError('CONFLICT', `claim ${input.claimId} is already linked to event ${input.eventId} (link ${existing.id}); edit that link instead`);
  const link = await tx.link.create({
    data: { claimId: input.claimId, eventId: input.eventId, stance: input.stance, note: input.note ?? null, ...(await assertedColumns(tx, input.asserted)) },
    select: linkSelect,
  });
  await indexLinkParticipants(tx, link.id, link.assertedParticipants, false);
  await audit(tx, { userId, action: 'create', recordType: 'link', recordId: link.id, after: link });
  const disputes = await refreshDisputesForEvents(tx, userId, [input.eventId]);
  return { link, dispute: disputes[0] ?? null };
}

export async function updateLink(tx: Tx, userId: number | null, raw: z.input<typeof linkUpdateSchema>) {
  const input = linkUpdateSchema.parse(raw);
  const before = expectVersion(await tx.link.findUnique({ where: { id: input.id }, select: linkSelect }), input.version, 'link', input.id);
  const data: Prisma.LinkUncheckedUpdateManyInput = {};
  if (input.stance !== undefined) data.stance = input.stance;
  if (input.note !== undefined) data.note = input.note;
  if (input.asserted !== undefined) Object.assign(data, await assertedColumns(tx, input.asserted));
  const r = await tx.link.updateMany({ where: { id: input.id, version: input.version }, data: { ...data, version: { increment: 1 } } });
  expectUpdated(r.count, 'link', input.id);
  const after = await tx.link.findUniqueOrThrow({ where: { id: input.id }, select: linkSelect });
  if (JSON.stringify(after.assertedParticipants) !== JSON.stringify(before.assertedParticipants))
    await indexLinkParticipants(tx, input.id, after.assertedParticipants);
  await audit(tx, { userId, action: 'update', recordType: 'link', recordId: input.id, before, after });
  const disputes = await refreshDisputesForEvents(tx, userId, [before.eventId]);
  return { link: after, dispute: disputes[0] ?? null };
}

export async function removeLink(tx: Tx, userId: number | null, raw: z.input<typeof linkRemoveSchema>) {
  const input = linkRemoveSchema.parse(raw);
  const before = expectVersion(await tx.link.findUnique({ where: { id: input.id }, select: linkSelect }), input.version, 'link', input.id);
  const r = await tx.link.deleteMany({ where: { id: input.id, version: input.version } });
  expectUpdated(r.count, 'link', input.id);
  await audit(tx, { userId, action: 'delete', recordType: 'link', recordId: input.id, before });
  await refreshDisputesForEvents(tx, userId, [before.eventId]);
  return { id: input.id };
}
