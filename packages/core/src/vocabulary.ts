// The closed vocabularies of the model, shared by the API, the editor's forms and the exports.

export const ACTOR_KINDS = ['person', 'organisation', 'state', 'armed_group', 'outlet', 'anonymous', 'place'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const CLAIM_STATUSES = ['draft', 'accepted', 'rejected', 'retracted'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const STANCES = ['supports', 'contradicts', 'mentions'] as const;
export type Stance = (typeof STANCES)[number];

export const DISPUTE_STATUSES = ['open', 'resolved', 'void'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export const ROLES = ['annotator', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The verdict scale. It maps onto schema.org ClaimReview's reviewRating (Rating): ratingValue between
 * worstRating 1 and bestRating 5, with alternateName as the human label. "Unverifiable" has no place
 * on the scale, so it carries no ratingValue, only its alternateName.
 */
export const RATINGS = [
  { id: 'true', label: 'True', value: 5 },
  { id: 'mostly-true', label: 'Mostly true', value: 4 },
  { id: 'mixed', label: 'Mixed', value: 3 },
  { id: 'mostly-false', label: 'Mostly false', value: 2 },
  { id: 'false', label: 'False', value: 1 },
  { id: 'unverifiable', label: 'Unverifiable', value: null },
] as const;
export type RatingId = (typeof RATINGS)[number]['id'];
export const RATING_IDS = RATINGS.map((r) => r.id) as unknown as readonly [RatingId, ...RatingId[]];
export const RATING_SCALE = { worstRating: 1, bestRating: 5 } as const;

export function toReviewRating(rating: RatingId): {
  '@type': 'Rating';
  ratingValue?: number;
  worstRating: number;
  bestRating: number;
  alternateName: string;
} {
  const r = RATINGS.find((x) => x.id === rating);
  if (!r) throw new Error(`unknown rating ${rating}`);
  return {
    '@type': 'Rating',
    ...(r.value === null ? {} : { ratingValue: r.value }),
    ...RATING_SCALE,
    alternateName: r.label,
  };
}
