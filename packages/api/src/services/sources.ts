// Sources: import (normalised, de-duplicated by content hash), metadata edits, listing.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  AppError,
  normaliseText,
  parseEdtf,
  sourceImportSchema,
  sourceListSchema,
  sourceUpdateMetaSchema,
} from '@claimline/core';
import type { Tx } from '@claimline/db';
import { audit } from './audit.ts';
import { refreshDisputesNaming } from './disputes.ts';
import { expectFound, expectUpdated, expectVersion } from './records.ts';
import { ftsMatchExpression } from './search.ts';

export const contentHash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

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

export async function importSource(tx: Tx, userId: number | null, raw: z.input<typeof sourceImportSchema>) {
  const input = sourceImportSchema.parse(raw);
  const text = normaliseText(input.text);
  if (!text.trim()) throw new AppError('BAD_REQUEST', 'text: must not be empty', 'text');
  const hash = contentHash(text);
  const existing = await tx.source.findUnique({ where: { contentHash: hash }, select: summarySelect });
  if (existing) return { source: existing, created: false };
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
  return { source, created: true };
}

export async function updateSourceMeta(tx: Tx, userId: number | null, raw: z.input<typeof sourceUpdateMetaSchema>) {
  const input = sourceUpdateMetaSchema.parse(raw);
  const before = expectVersion(await tx.source.findUnique({ where: { id: input.id }, select: summarySelect }), input.version, 'source', input.id);
  const { id, version, published, ...rest } = input;
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) data[k] = v;
  if (published !== undefined) Object.assign(data, publishedBounds(published));
  if (data.outletActorId) expectFound(await tx.actor.findUnique({ where: { id: data.outletActorId as number }, select: { id: true } }), 'actor', data.outletActorId as number);
  const r = await tx.source.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } });
  expectUpdated(r.count, 'source', id);
  // A claim's outlet is part of its origin and of the dispute's wording.
  if (data.outlet !== undefined || data.outletActorId !== undefined) await refreshDisputesNaming(tx, userId, { sourceId: id });
  const after = await tx.source.findUniqueOrThrow({ where: { id }, select: summarySelect });
  await audit(tx, { userId, action: 'update', recordType: 'source', recordId: id, before, after });
  return after;
}

export async function getSource(tx: Tx, id: number) {
  const source = await tx.source.findUnique({
    where: { id },
    select: { ...summarySelect, text: true, notes: true, revisions: { select: { id: true, title: true, createdAt: true } } },
  });
  return expectFound(source, 'source', id);
}

export async function listSources(tx: Tx, raw: z.input<typeof sourceListSchema>) {
  const input = sourceListSchema.parse(raw);
  const ids = input.q ? await matchingSourceIds(tx, input.q) : null;
  const rows = await tx.source.findMany({
    where: {
      ...(input.cursor ? { id: { lt: input.cursor } } : {}),
      ...(ids ? { id: { in: ids, ...(input.cursor ? { lt: input.cursor } : {}) } } : {}),
      ...(input.outlet ? { outlet: input.outlet } : {}),
    },
    orderBy: { id: 'desc' },
    take: input.limit + 1,
    select: { ...summarySelect, _count: { select: { claims: true } } },
  });
  const page = rows.slice(0, input.limit);
  const open = await openDisputesBySource(tx, page.map((s) => s.id));
  return {
    items: page.map(({ _count, ...s }) => ({ ...s, claimCount: _count.claims, openDisputes: open.get(s.id) ?? 0 })),
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null,
  };
}

async function matchingSourceIds(tx: Tx, q: string): Promise<number[]> {
  const match = ftsMatchExpression(q);
  if (!match) return [];
  const rows = await tx.$queryRawUnsafe<{ id: bigint | number }[]>(
    'SELECT rowid AS id FROM fts_source WHERE fts_source MATCH ? LIMIT 10000',
    match,
  );
  return rows.map((r) => Number(r.id));
}

export async function openDisputesBySource(tx: Tx, sourceIds: number[]): Promise<Map<number, number>> {
  if (sourceIds.length === 0) return new Map();
  const rows = await tx.$queryRawUnsafe<{ sourceId: bigint | number; n: bigint | number }[]>(
    `SELECT c.sourceId AS sourceId, COUNT(DISTINCT d.id) AS n
       FROM Dispute d JOIN DisputeClaim dc ON dc.disputeId = d.id JOIN Claim c ON c.id = dc.claimId
      WHERE d.status = 'open' AND c.sourceId IN (${sourceIds.map(() => '?').join(',')})
      GROUP BY c.sourceId`,
    ...sourceIds,
  );
  return new Map(rows.map((r) => [Number(r.sourceId), Number(r.n)]));
}
