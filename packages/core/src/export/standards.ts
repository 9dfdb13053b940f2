// Mappings of export records onto the standards other tools read: W3C Web Annotation (one annotation
// per claim) and schema.org ClaimReview (one review per verdict).
import { toReviewRating, type RatingId } from '../vocabulary.ts';
import type { ActorRecord, ClaimRecord, EventRecord, SourceRecord, UserRecord, VerdictRecord } from './records.ts';

/** Identifiers for records that have no URL of their own. */
export const urn = (kind: 'source' | 'actor' | 'event' | 'claim' | 'verdict' | 'user', id: number) => `urn:claimline:${kind}:${id}`;

export type SourceMeta = Pick<SourceRecord, 'id' | 'title' | 'outlet' | 'url' | 'language' | 'published' | 'authors'>;
export type ActorMeta = Pick<ActorRecord, 'id' | 'name' | 'kind' | 'wikidata'>;
export type EventMeta = Pick<EventRecord, 'id' | 'title' | 'date' | 'place'>;

/** What the mappings look up about the records a claim points at. */
export interface StandardsLookup {
  source(id: number): SourceMeta | undefined;
  actor(id: number): ActorMeta | undefined;
  event(id: number): EventMeta | undefined;
  user(id: number): UserRecord | undefined;
  /** Origin the editor is served from, for links back to a claim; undefined when unknown. */
  origin?: string;
}

export const WEB_ANNOTATION_CONTEXT = [
  'http://www.w3.org/ns/anno.jsonld',
  { claimline: 'urn:claimline:vocab#', stance: 'claimline:stance', role: 'claimline:role', status: 'claimline:status' },
] as const;

const wikidataUri = (q: string | null) => (q ? `http://www.wikidata.org/entity/${q}` : undefined);

/** The editor page that shows a claim, when the editor's origin is known. */
export function claimUrl(origin: string | undefined, claim: { id: number; sourceId: number }): string | undefined {
  return origin ? `${origin.replace(/\/+$/, '')}/sources/${claim.sourceId}#claim-${claim.id}` : undefined;
}

function sourceTarget(s: SourceMeta | undefined, sourceId: number) {
  return s?.url ?? urn('source', sourceId);
}

/**
 * One W3C Web Annotation for a claim: the target is its source with a TextPositionSelector and a
 * TextQuoteSelector (code point offsets into the exported text); the bodies are the paraphrase
 * (describing), the claimant (identifying) and each linked event with the claim's stance (linking).
 */
export function claimToWebAnnotation(claim: ClaimRecord, links: { eventId: number; stance: string }[], lookup: StandardsLookup): Record<string, unknown> {
  const source = lookup.source(claim.sourceId);
  const body: Record<string, unknown>[] = [];
  if (claim.paraphrase) {
    body.push({ type: 'TextualBody', purpose: 'describing', value: claim.paraphrase, format: 'text/plain', ...(source ? { language: source.language } : {}) });
  }
  if (claim.claimantId) {
    const a = lookup.actor(claim.claimantId);
    body.push({
      type: 'SpecificResource',
      purpose: 'identifying',
      role: 'claimant',
      source: { id: wikidataUri(a?.wikidata ?? null) ?? urn('actor', claim.claimantId), ...(a ? { name: a.name } : {}) },
    });
  }
  for (const [i, hop] of claim.chain.entries()) {
    const a = lookup.actor(hop.actorId);
    body.push({
      type: 'SpecificResource',
      purpose: 'identifying',
      role: `attribution-${i + 1}${hop.relation ? `:${hop.relation}` : ''}`,
      source: { id: wikidataUri(a?.wikidata ?? null) ?? urn('actor', hop.actorId), ...(a ? { name: a.name } : {}) },
    });
  }
  for (const l of links) {
    const e = lookup.event(l.eventId);
    body.push({
      type: 'SpecificResource',
      purpose: 'linking',
      stance: l.stance,
      source: { id: urn('event', l.eventId), ...(e ? { name: e.title } : {}), ...(e?.date ? { date: e.date } : {}) },
    });
  }
  const [pos, quote] = claim.selectors;
  const url = claimUrl(lookup.origin, claim);
  return {
    id: urn('claim', claim.id),
    type: 'Annotation',
    motivation: 'describing',
    created: claim.createdAt,
    modified: claim.updatedAt,
    status: claim.status,
    ...(claim.createdById
      ? {
          creator: {
            id: urn('user', claim.createdById),
            type: 'Person',
            ...(lookup.user(claim.createdById) ? { name: lookup.user(claim.createdById)!.name } : {}),
          },
        }
      : {}),
    ...(url ? { via: url } : {}),
    body,
    target: {
      source: sourceTarget(source, claim.sourceId),
      ...(source ? { type: 'Text', format: 'text/plain', language: source.language } : {}),
      selector: [
        { type: 'TextPositionSelector', start: pos.start, end: pos.end },
        { type: 'TextQuoteSelector', exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix },
      ],
    },
  };
}

const SCHEMA_TYPE_OF_KIND: Record<string, string> = {
  person: 'Person',
  organisation: 'Organization',
  outlet: 'NewsMediaOrganization',
  state: 'Country',
  armed_group: 'Organization',
  anonymous: 'Person',
  place: 'Place',
};

function schemaActor(a: ActorMeta | undefined, fallbackName: string) {
  if (!a) return { '@type': 'Organization', name: fallbackName };
  const sameAs = wikidataUri(a.wikidata);
  return { '@type': SCHEMA_TYPE_OF_KIND[a.kind] ?? 'Thing', name: a.name, ...(sameAs ? { sameAs } : {}) };
}

/** schema.org datePublished takes ISO 8601; EDTF qualifiers (?, ~, %) and intervals are not ISO, so only plain dates pass. */
export function isoDateOrUndefined(edtf: string | null): string | undefined {
  return edtf && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(edtf) ? edtf : undefined;
}

/**
 * One schema.org ClaimReview for a verdict: claimReviewed is the quote, itemReviewed the Claim with
 * its claimant as author and the source as its appearance, reviewRating from the verdict's rating.
 */
export function verdictToClaimReview(verdict: VerdictRecord, claim: ClaimRecord, lookup: StandardsLookup): Record<string, unknown> {
  const source = lookup.source(claim.sourceId);
  const quote = claim.selectors[1].exact;
  const reviewer = verdict.reviewerId ? lookup.user(verdict.reviewerId) : undefined;
  const url = claimUrl(lookup.origin, claim);
  const appearance = {
    '@type': 'CreativeWork',
    ...(source?.url ? { url: source.url } : { '@id': urn('source', claim.sourceId) }),
    ...(source ? { headline: source.title, publisher: { '@type': 'Organization', name: source.outlet }, inLanguage: source.language } : {}),
    ...(isoDateOrUndefined(source?.published ?? null) ? { datePublished: isoDateOrUndefined(source!.published) } : {}),
    ...(source && source.authors.length ? { author: source.authors.map((name) => ({ '@type': 'Person', name })) } : {}),
  };
  return {
    '@type': 'ClaimReview',
    '@id': urn('verdict', verdict.id),
    ...(url ? { url } : {}),
    datePublished: verdict.createdAt.slice(0, 10),
    dateModified: verdict.updatedAt,
    claimReviewed: quote,
    ...(claim.paraphrase ? { description: claim.paraphrase } : {}),
    author: reviewer ? { '@type': 'Person', name: reviewer.name, '@id': urn('user', reviewer.id) } : { '@type': 'Organization', name: 'Claimline' },
    reviewRating: toReviewRating(verdict.rating as RatingId),
    ...(verdict.rationale ? { reviewBody: verdict.rationale } : {}),
    ...(verdict.evidenceUrl ? { citation: verdict.evidenceUrl } : {}),
    itemReviewed: {
      '@type': 'Claim',
      '@id': urn('claim', claim.id),
      ...(claim.claimantId
        ? { author: schemaActor(lookup.actor(claim.claimantId), 'unknown') }
        : source
          ? { author: { '@type': 'Organization', name: source.outlet } }
          : {}),
      appearance,
      firstAppearance: appearance,
      ...(isoDateOrUndefined(source?.published ?? null) ? { datePublished: isoDateOrUndefined(source!.published) } : {}),
    },
  };
}
