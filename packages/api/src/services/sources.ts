// Sources: import (normalised, de-duplicated by content hash), metadata edits, listing.
import { type z } from 'zod';
import { AppError, normaliseTextCounted, parseEdtf, sourceImportSchema, sourceListSchema, sourceUpdateMetaSchema } from '@claimline/core';
import { ftsMatchExpression, sourceListPage, sourceWithRevisions, type Prisma, type Tx } from '@claimline/db';
import { audit } from './audit.ts';
import { contentHash } from './content-hash.ts';
import { refreshDisputesNaming } from './disputes.ts';
import { expectFound, expectUpdated, expectVersion } from './records.ts';

export { contentHash };

const summarySelect = {
  id: true,
  title: true,
  outlet: true,
  outletActorId: true,
  url: true,
  language: true,
  published: true,
  publishedEarliest: true,
  authors: true,
  credit: true,
  contentHash: true,
  revisionOfId: true,
  version: true,
  createdAt: true,
  updatedAt: true,
} as const;

function publishedBounds(published: string | null | undefined) {
  if (!published) return { published: null, publishedEarliest: null, publishedLatest: null };
  const v = parseEdtf(published, 'published');
  return { published: v.value, publishedEarliest: v.earliest, publishedLatest: v.latest };
}

/**
 * Imports a source's text in stored form. `replaced` counts the lone surrogates that became U+FFFD
 * (article text keeps what it can; every other text field refuses them).
 */
export async function importSource(tx: Tx, userId: number | null, raw: z.input<typeof sourceImportSchema>) {
  const input = sourceImportSchema.parse(raw);
  const { text, replaced } = normaliseTextCounted(input.text);
  if (!text.trim()) throw new AppError('BAD_REQUEST', 'text: must not be empty', 'text');
  const hash = contentHash(text);
  const existing = await tx.source.findUnique({ where: { contentHash: hash }, select: summarySelect });
  if (existing) return { source: existing, created: false, replaced };
  if (input.revisionOfId) expectFound(await tx.source.findUnique({ where: { id: input.revisionOfId }, select: { id: true } }), 'source', input.revisionOfId);
  if (input.outletActorId) expectFound(await tx.actor.findUnique({ where: { id: input.outletActorId }, select: { id: true } }), 'actor', input.outletActorId);
  const source = await tx.source.create({
    data: {
      title: input.title,
      outlet: input.outlet,
      outletActorId: input.outletActorId ?? null,
      url: input.url ?? null,
      language: input.language,
      ...publishedBounds(input.published),
      authors: input.authors,
      credit: input.credit ?? null,
      notes: input.notes ?? null,
      text,
      contentHash: hash,
      revisionOfId: input.revisionOfId ?? null,
      createdById: userId,
    },
    select: summarySelect,
  });
  await audit(tx, { userId, action: 'create', recordType: 'source', recordId: source.id, after: source });
  return { source, created: true, replaced };
}

export async function updateSourceMeta(tx: Tx, userId: number | null, raw: z.input<typeof sourceUpdateMetaSchema>) {
  const input = sourceUpdateMetaSchema.parse(raw);
  const before = expectVersion(await tx.source.findUnique({ where: { id: input.id }, select: summarySelect }), input.version, 'source', input.id);
  const { id, version, published, title, outlet, outletActorId, url, language, authors, credit, notes } = input;
  // Prisma leaves a field alone when its value is undefined: only what the input names changes.
  const data: Prisma.SourceUncheckedUpdateManyInput = {
    title,
    outlet,
    outletActorId,
    url,
    language,
    authors,
    credit,
    notes,
    ...(published !== undefined ? publishedBounds(published) : {}),
  };
  if (outletActorId) expectFound(await tx.actor.findUnique({ where: { id: outletActorId }, select: { id: true } }), 'actor', outletActorId);
  const r = await tx.source.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } });
  expectUpdated(r.count, 'source', id);
  // A claim's outlet is part of its origin and of the dispute's wording.
  if (data.outlet !== undefined || data.outletActorId !== undefined) await refreshDisputesNaming(tx, userId, { sourceId: id });
  const after = await tx.source.findUniqueOrThrow({ where: { id }, select: summarySelect });
  await audit(tx, { userId, action: 'update', recordType: 'source', recordId: id, before, after });
  return after;
}

export async function getSource(tx: Tx, id: number) {
  return expectFound(await sourceWithRevisions(tx, id), 'source', id);
}

/** Newest first, with each source's claim and open-dispute counts; the text filter runs in the full-text index (see sourceListPage). */
export async function listSources(tx: Tx, raw: z.input<typeof sourceListSchema>) {
  const input = sourceListSchema.parse(raw);
  let match: string | null = null;
  if (input.q) {
    match = ftsMatchExpression(input.q);
    if (!match) return { items: [], nextCursor: null };
  }
  const rows = await sourceListPage(tx, { before: input.cursor, outlet: input.outlet, match }, input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    items: page,
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null,
  };
}
