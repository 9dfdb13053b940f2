// Actors: canonical names, aliases, alias-aware search, merge.
import { type z } from 'zod';
import {
  AppError,
  actorAliasSchema,
  actorCreateSchema,
  actorListSchema,
  actorMergeSchema,
  actorRemoveAliasSchema,
  actorSearchSchema,
  actorUpdateSchema,
  foldName,
  matchScore,
  actorSearchKeys,
  nameKeys,
  participantIds,
  participantsOf,
} from '@claimline/core';
import {
  actorPage,
  actorsByIds,
  actorSearchCandidates,
  actorWithClaimCount,
  disputedEventsNamingActor,
  linksAssertingActor,
  participationsOf,
  type Prisma,
  type Tx,
} from '@claimline/db';
import { audit } from './audit.ts';
import { expectFound, expectUpdated, expectVersion } from './records.ts';
import { refreshDisputesForEvents, refreshDisputesNaming } from './disputes.ts';
import { indexLinkParticipants } from './links.ts';

const actorSelect = {
  id: true,
  name: true,
  kind: true,
  wikidata: true,
  description: true,
  mergedIntoId: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  aliases: { select: { id: true, name: true, language: true }, orderBy: { id: 'asc' } },
} as const;

async function snapshot(tx: Tx, id: number) {
  return tx.actor.findUnique({ where: { id }, select: actorSelect });
}

/** Rewrites the search keys of an actor from its canonical name and aliases (none for a merged actor). */
async function reindexNames(tx: Tx, actorId: number, names?: Parameters<typeof actorSearchKeys>[0]): Promise<void> {
  const actor =
    names ?? (await tx.actor.findUniqueOrThrow({ where: { id: actorId }, select: { name: true, mergedIntoId: true, aliases: { select: { name: true } } } }));
  const keys = actorSearchKeys(actor);
  await tx.actorNameKey.deleteMany({ where: { actorId } });
  if (keys.length) await tx.actorNameKey.createMany({ data: keys.map((key) => ({ actorId, key })) });
}

function uniqueAliases(name: string, aliases: string[]): string[] {
  const seen = new Set([name]);
  return aliases.filter((a) => (seen.has(a) ? false : (seen.add(a), true)));
}

export async function createActor(tx: Tx, userId: number | null, raw: z.input<typeof actorCreateSchema>) {
  const input = actorCreateSchema.parse(raw);
  const actor = await tx.actor.create({
    data: {
      name: input.name,
      nameFolded: foldName(input.name),
      kind: input.kind,
      wikidata: input.wikidata ?? null,
      description: input.description ?? null,
      aliases: { create: uniqueAliases(input.name, input.aliases).map((name) => ({ name, folded: foldName(name) })) },
    },
    select: { id: true },
  });
  await reindexNames(tx, actor.id);
  const after = await snapshot(tx, actor.id);
  await audit(tx, { userId, action: 'create', recordType: 'actor', recordId: actor.id, after });
  return after!;
}

export async function updateActor(tx: Tx, userId: number | null, raw: z.input<typeof actorUpdateSchema>) {
  const input = actorUpdateSchema.parse(raw);
  const before = expectVersion(await snapshot(tx, input.id), input.version, 'actor', input.id);
  const data: Prisma.ActorUncheckedUpdateManyInput = {};
  if (input.name !== undefined) Object.assign(data, { name: input.name, nameFolded: foldName(input.name) });
  if (input.kind !== undefined) data.kind = input.kind;
  if (input.wikidata !== undefined) data.wikidata = input.wikidata;
  if (input.description !== undefined) data.description = input.description;
  const r = await tx.actor.updateMany({ where: { id: input.id, version: input.version }, data: { ...data, version: { increment: 1 } } });
  expectUpdated(r.count, 'actor', input.id);
  // The old canonical name stays findable: it becomes an alias.
  if (input.name !== undefined && input.name !== before.name && !before.aliases.some((a) => a.name === before.name)) {
    await tx.actorAlias.create({ data: { actorId: input.id, name: before.name, folded: foldName(before.name) } });
  }
  await reindexNames(tx, input.id);
  // Disputes name actors and count origins by kind: keep what they say current.
  if ((input.name !== undefined && input.name !== before.name) || (input.kind !== undefined && input.kind !== before.kind))
    await refreshDisputesNaming(tx, userId, { actorId: input.id });
  const after = await snapshot(tx, input.id);
  await audit(tx, { userId, action: 'update', recordType: 'actor', recordId: input.id, before, after });
  return after!;
}

export async function addAlias(tx: Tx, userId: number | null, raw: z.input<typeof actorAliasSchema>) {
  const input = actorAliasSchema.parse(raw);
  const before = expectVersion(await snapshot(tx, input.id), input.version, 'actor', input.id);
  if (before.name === input.alias || before.aliases.some((a) => a.name === input.alias)) {
    throw new AppError('BAD_REQUEST', `alias: "${input.alias}" is already a name of this actor`, 'alias');
  }
  await tx.actorAlias.create({ data: { actorId: input.id, name: input.alias, folded: foldName(input.alias), language: input.language ?? null } });
  return afterAliasChange(tx, userId, 'add-alias', before);
}

export async function removeAlias(tx: Tx, userId: number | null, raw: z.input<typeof actorRemoveAliasSchema>) {
  const input = actorRemoveAliasSchema.parse(raw);
  const before = expectVersion(await snapshot(tx, input.id), input.version, 'actor', input.id);
  if (!before.aliases.some((a) => a.id === input.aliasId)) throw new AppError('NOT_FOUND', `alias ${input.aliasId} not found on actor ${input.id}`);
  await tx.actorAlias.delete({ where: { id: input.aliasId } });
  return afterAliasChange(tx, userId, 'remove-alias', before);
}

/** An alias change is a change of the actor: its version moves on, its search keys follow, it is audited. */
async function afterAliasChange(tx: Tx, userId: number | null, action: string, before: NonNullable<Awaited<ReturnType<typeof snapshot>>>) {
  const r = await tx.actor.updateMany({ where: { id: before.id, version: before.version }, data: { version: { increment: 1 } } });
  expectUpdated(r.count, 'actor', before.id);
  await reindexNames(tx, before.id);
  const after = await snapshot(tx, before.id);
  await audit(tx, { userId, action, recordType: 'actor', recordId: before.id, before, after });
  return after!;
}

/**
 * Merges `loser` into `winner`: the loser's names become the winner's aliases, its claims, chain hops,
 * participations and outlet links move, and the loser stays as a tombstone pointing at the winner.
 */
export async function mergeActors(tx: Tx, userId: number | null, raw: z.input<typeof actorMergeSchema>) {
  const input = actorMergeSchema.parse(raw);
  const winner = expectVersion(await snapshot(tx, input.winnerId), input.winnerVersion, 'actor', input.winnerId);
  const loser = expectVersion(await snapshot(tx, input.loserId), input.loserVersion, 'actor', input.loserId);
  if (loser.mergedIntoId) throw new AppError('BAD_REQUEST', `loserId: actor ${loser.id} was already merged into actor ${loser.mergedIntoId}`, 'loserId');
  if (winner.mergedIntoId)
    throw new AppError('BAD_REQUEST', `winnerId: actor ${winner.id} was merged into actor ${winner.mergedIntoId}; merge into that one`, 'winnerId');

  const have = new Set([winner.name, ...winner.aliases.map((a) => a.name)]);
  const added = [loser.name, ...loser.aliases.map((a) => a.name)].filter((name) => (have.has(name) ? false : (have.add(name), true)));
  if (added.length) await tx.actorAlias.createMany({ data: added.map((name) => ({ actorId: winner.id, name, folded: foldName(name) })) });
  await tx.actorAlias.deleteMany({ where: { actorId: loser.id } });

  // The events whose disputes can read differently afterwards, found by index before anything moves: the
  // disputed ones that name the loser (as claimant, chain hop, outlet or asserted participant) and every event a
  // link asserting the loser is about (an include and an exclude can now name one actor: a new conflict).
  const affectedEvents = new Set(await disputedEventsNamingActor(tx, loser.id));
  const asserting = await linksAssertingActor(tx, loser.id);
  for (const l of asserting) affectedEvents.add(l.eventId);

  await tx.claim.updateMany({ where: { claimantId: loser.id }, data: { claimantId: winner.id } });
  await tx.attributionHop.updateMany({ where: { actorId: loser.id }, data: { actorId: winner.id } });
  await tx.source.updateMany({ where: { outletActorId: loser.id }, data: { outletActorId: winner.id } });
  // Participations: move, dropping the ones the winner already has in the same role.
  const parts = await tx.eventParticipant.findMany({ where: { actorId: loser.id } });
  for (const p of parts) {
    affectedEvents.add(p.eventId);
    const dup = await tx.eventParticipant.findFirst({ where: { eventId: p.eventId, actorId: winner.id, role: p.role } });
    if (dup) await tx.eventParticipant.delete({ where: { id: p.id } });
    else await tx.eventParticipant.update({ where: { id: p.id }, data: { actorId: winner.id } });
  }
  // Asserted participants in links name actors by id: rewrite them (and their index rows).
  for (const l of asserting) {
    const p = participantsOf(l.assertedParticipants);
    if (!p || !participantIds(p).includes(loser.id)) continue;
    const swap = (ids: number[]) => [...new Set(ids.map((x) => (x === loser.id ? winner.id : x)))];
    // participantsOf settles an actor now in both lists (B excluded, B merged into included A) as included.
    const rewritten = participantsOf({ ...p, include: swap(p.include), exclude: swap(p.exclude) });
    await tx.link.update({ where: { id: l.id }, data: { assertedParticipants: rewritten as never } });
    await indexLinkParticipants(tx, l.id, rewritten);
  }

  await tx.actor.update({ where: { id: loser.id }, data: { mergedIntoId: winner.id, version: { increment: 1 } } });
  await tx.actor.update({ where: { id: winner.id }, data: { version: { increment: 1 } } });
  await tx.actorNameKey.deleteMany({ where: { actorId: loser.id } });
  await reindexNames(tx, winner.id, { name: winner.name, mergedIntoId: null, aliases: [...winner.aliases, ...added.map((name) => ({ name }))] });
  await refreshDisputesForEvents(tx, userId, [...affectedEvents]);

  const after = await snapshot(tx, winner.id);
  await audit(tx, { userId, action: 'merge', recordType: 'actor', recordId: winner.id, before: { winner, loser }, after });
  await audit(tx, { userId, action: 'merged-into', recordType: 'actor', recordId: loser.id, before: loser, after: { mergedIntoId: winner.id } });
  return after!;
}

export async function getActor(tx: Tx, id: number) {
  const actor = expectFound(await actorWithClaimCount(tx, id), 'actor', id);
  const events = await participationsOf(tx, id, 200);
  return { ...actor, events };
}

export async function listActors(tx: Tx, raw: z.input<typeof actorListSchema>) {
  const input = actorListSchema.parse(raw);
  // One statement: the page, its aliases and its claims counted for the page only.
  const rows = await actorPage(tx, { kind: input.kind ?? null, after: input.cursor ?? null, take: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  return {
    items: page,
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null,
  };
}

/**
 * Alias-aware, ranked: candidates come from the indexed name keys (whole keys first, so that a short query's many
 * prefix matches cannot crowd them out; 300 of each), ranking from matchScore over every name; only the page is read
 * in full.
 */
export async function searchActors(tx: Tx, raw: z.input<typeof actorSearchSchema>) {
  const input = actorSearchSchema.parse(raw);
  const keys = [...new Set(nameKeys(input.q).filter(Boolean))];
  if (keys.length === 0) return { items: [] };
  const candidates = await actorSearchCandidates(tx, keys, input.kind ?? null, 300);
  const ranked = candidates
    .map((a) => {
      let best = 0;
      let matched = a.name;
      for (const n of [a.name, ...a.aliases]) {
        const s = matchScore(input.q, n);
        if (s > best) [best, matched] = [s, n];
      }
      return { id: a.id, name: a.name, score: best, matchedName: matched };
    })
    .filter((a) => a.score > 0)
    .sort((x, y) => y.score - x.score || x.name.localeCompare(y.name) || x.id - y.id)
    .slice(0, input.limit);
  const actors = new Map(
    (
      await actorsByIds(
        tx,
        ranked.map((a) => a.id),
      )
    ).map((a) => [a.id, a]),
  );
  return { items: ranked.flatMap(({ id, score, matchedName }) => (actors.has(id) ? [{ ...actors.get(id)!, score, matchedName }] : [])) };
}
