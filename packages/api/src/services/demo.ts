// Loads the demo data set (prisma/demo: five articles and their hand-curated annotation) through the
// same service functions as the editor, in one transaction. A second load is a no-op.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError, RATING_IDS, STANCES, ACTOR_KINDS, CLAIM_STATUSES, findQuote } from '@claimline/core';
import { prismaDir, writeTx, type Db, type Tx } from '@claimline/db';
import { importSource, contentHash } from './sources.ts';
import { createActor } from './actors.ts';
import { createEvent } from './events.ts';
import { createClaim } from './claims.ts';
import { createLink } from './links.ts';
import { audit } from './audit.ts';
import { normaliseText } from '@claimline/core';

const key = z.string().min(1);
const demoSchema = z.object({
  sources: z.array(
    z.object({
      key,
      file: z.string(),
      outlet: z.string(),
      outletActorKey: key.nullish(),
      title: z.string(),
      language: z.string(),
      published: z.string().nullish(),
      authors: z.array(z.string()).default([]),
      url: z.string().nullish(),
      credit: z.string().nullish(),
      notes: z.string().nullish(),
    }),
  ),
  actors: z.array(
    z.object({
      key,
      name: z.string(),
      kind: z.enum(ACTOR_KINDS),
      aliases: z.array(z.string()).default([]),
      wikidata: z.string().nullish(),
      description: z.string().nullish(),
    }),
  ),
  events: z.array(
    z.object({
      key,
      title: z.string(),
      type: z.string(),
      date: z.string().nullish(),
      place: z.string().nullish(),
      parentKey: key.nullish(),
      participants: z.array(z.object({ actorKey: key, role: z.string() })).default([]),
      description: z.string().nullish(),
    }),
  ),
  claims: z.array(
    z.object({
      key,
      sourceKey: key,
      quote: z.string(),
      occurrence: z.number().int().positive().default(1),
      claimantKey: key.nullish(),
      chain: z.array(key).default([]),
      paraphrase: z.string().nullish(),
      status: z.enum(CLAIM_STATUSES).default('accepted'),
    }),
  ),
  links: z.array(
    z.object({
      claimKey: key,
      eventKey: key,
      stance: z.enum(STANCES),
      asserted: z
        .object({
          date: z.string().nullish(),
          place: z.string().nullish(),
          participants: z.object({ include: z.array(key).default([]), exclude: z.array(key).default([]), exclusive: z.boolean().default(false) }).nullish(),
          number: z.object({ value: z.number(), unit: z.string(), tolerance: z.number().nullish() }).nullish(),
        })
        .default({}),
    }),
  ),
  verdicts: z
    .array(z.object({ claimKey: key, rating: z.enum(RATING_IDS), rationale: z.string(), evidenceUrl: z.string().nullish(), reviewer: z.string().optional() }))
    .default([]),
});
export type DemoData = z.infer<typeof demoSchema>;

export function demoDir(): string {
  return path.join(prismaDir(), 'demo');
}

export function readDemo(dir = demoDir()): { data: DemoData; texts: Map<string, string> } {
  const data = demoSchema.parse(JSON.parse(readFileSync(path.join(dir, 'demo.json'), 'utf8')));
  const texts = new Map(data.sources.map((s) => [s.key, readFileSync(path.join(dir, 'sources', s.file), 'utf8')]));
  return { data, texts };
}

function lookup(map: Map<string, number>, k: string, what: string): number {
  const id = map.get(k);
  if (id === undefined) throw new AppError('BAD_REQUEST', `demo data: unknown ${what} "${k}"`);
  return id;
}

export interface DemoResult {
  loaded: boolean;
  counts: { sources: number; actors: number; events: number; claims: number; links: number; verdicts: number; disputes: number; resolved: number };
}

export async function isDemoLoaded(db: Db | Tx, dir = demoDir()): Promise<boolean> {
  const { texts } = readDemo(dir);
  const hashes = [...texts.values()].map((t) => contentHash(normaliseText(t)));
  return (await db.source.count({ where: { contentHash: { in: hashes } } })) === hashes.length;
}

/** Loads the demo set unless its sources are already there. `reviewerId` signs the demo verdicts. */
export async function loadDemo(db: Db, opts: { reviewerId?: number | null; dir?: string } = {}): Promise<DemoResult> {
  const { data, texts } = readDemo(opts.dir);
  const empty = { sources: 0, actors: 0, events: 0, claims: 0, links: 0, verdicts: 0, disputes: 0, resolved: 0 };
  if (await isDemoLoaded(db, opts.dir)) return { loaded: false, counts: empty };
  return writeTx(db, async (tx) => {
    const counts = { ...empty };
    const actors = new Map<string, number>();
    for (const a of data.actors) {
      const created = await createActor(tx, null, {
        name: a.name,
        kind: a.kind,
        aliases: a.aliases,
        wikidata: a.wikidata ?? null,
        description: a.description ?? null,
      });
      actors.set(a.key, created.id);
      counts.actors++;
    }
    const sources = new Map<string, { id: number; text: string }>();
    for (const s of data.sources) {
      const { source } = await importSource(tx, null, {
        text: texts.get(s.key)!,
        title: s.title,
        outlet: s.outlet,
        outletActorId: s.outletActorKey ? lookup(actors, s.outletActorKey, 'actor') : null,
        url: s.url ?? null,
        language: s.language,
        published: s.published ?? null,
        authors: s.authors,
        credit: s.credit ?? null,
        notes: s.notes ?? null,
      });
      const stored = await tx.source.findUniqueOrThrow({ where: { id: source.id }, select: { text: true } });
      sources.set(s.key, { id: source.id, text: stored.text });
      counts.sources++;
    }
    const events = new Map<string, number>();
    // Parents first: an event may only point at an event that exists.
    const pending = [...data.events];
    while (pending.length) {
      const i = pending.findIndex((e) => !e.parentKey || events.has(e.parentKey));
      if (i < 0) throw new AppError('BAD_REQUEST', `demo data: event parents form a cycle or name unknown events (${pending.map((e) => e.key).join(', ')})`);
      const e = pending.splice(i, 1)[0]!;
      const created = await createEvent(tx, null, {
        title: e.title,
        type: e.type,
        date: e.date ?? null,
        place: e.place ?? null,
        description: e.description ?? null,
        parentId: e.parentKey ? events.get(e.parentKey)! : null,
        participants: e.participants.map((p) => ({ actorId: lookup(actors, p.actorKey, 'actor'), role: p.role })),
      });
      events.set(e.key, created.id);
      counts.events++;
    }
    const claims = new Map<string, number>();
    for (const c of data.claims) {
      const source = sources.get(c.sourceKey);
      if (!source) throw new AppError('BAD_REQUEST', `demo data: claim ${c.key} names unknown source "${c.sourceKey}"`);
      const span = findQuote(source.text, normaliseText(c.quote), c.occurrence);
      if (!span) throw new AppError('BAD_REQUEST', `demo data: claim ${c.key}: quote not found (occurrence ${c.occurrence}) in ${c.sourceKey}`);
      const created = await createClaim(tx, null, {
        sourceId: source.id,
        start: span.start,
        end: span.end,
        claimantId: c.claimantKey ? lookup(actors, c.claimantKey, 'actor') : null,
        chain: c.chain.map((k) => ({ actorId: lookup(actors, k, 'actor') })),
        paraphrase: c.paraphrase ?? null,
        status: c.status,
      });
      claims.set(c.key, created.id);
      counts.claims++;
    }
    for (const l of data.links) {
      const p = l.asserted.participants;
      await createLink(tx, null, {
        claimId: lookup(claims, l.claimKey, 'claim'),
        eventId: lookup(events, l.eventKey, 'event'),
        stance: l.stance,
        asserted: {
          date: l.asserted.date ?? null,
          place: l.asserted.place ?? null,
          participants: p
            ? { include: p.include.map((k) => lookup(actors, k, 'actor')), exclude: p.exclude.map((k) => lookup(actors, k, 'actor')), exclusive: p.exclusive }
            : null,
          number: l.asserted.number ?? null,
        },
      });
      counts.links++;
    }
    // Verdicts: recorded against the claim's open dispute; a dispute whose every claim is rated is resolved.
    const reviewerId = opts.reviewerId ?? null;
    for (const v of data.verdicts) {
      const claimId = lookup(claims, v.claimKey, 'claim');
      const dc = await tx.disputeClaim.findFirst({ where: { claimId, dispute: { status: 'open' } }, select: { disputeId: true } });
      const verdict = await tx.verdict.create({
        data: { claimId, disputeId: dc?.disputeId ?? null, rating: v.rating, rationale: v.rationale, evidenceUrl: v.evidenceUrl ?? null, reviewerId },
      });
      await audit(tx, { userId: reviewerId, action: 'create', recordType: 'verdict', recordId: verdict.id, after: verdict });
      counts.verdicts++;
    }
    const open = await tx.dispute.findMany({
      where: { status: 'open' },
      select: { id: true, version: true, claims: { select: { claimId: true } }, verdicts: { select: { claimId: true } } },
    });
    for (const d of open) {
      const rated = new Set(d.verdicts.map((v) => v.claimId));
      if (!d.claims.every((c) => rated.has(c.claimId))) continue;
      const rationale = 'Settled in the demo data set: see the verdict on each claim.';
      await tx.dispute.update({
        where: { id: d.id },
        data: { status: 'resolved', resolvedAt: new Date(), resolvedById: reviewerId, rationale, version: { increment: 1 } },
      });
      await audit(tx, {
        userId: reviewerId,
        action: 'resolve',
        recordType: 'dispute',
        recordId: d.id,
        before: { status: 'open', version: d.version },
        after: { status: 'resolved', rationale },
      });
      counts.resolved++;
    }
    counts.disputes = await tx.dispute.count();
    return { loaded: true, counts };
  });
}
