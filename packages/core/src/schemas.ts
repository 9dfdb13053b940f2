// Input schemas: written once, used by the API, the editor's forms and the CLI.
import { z } from 'zod';
import { ACTOR_KINDS, CLAIM_STATUSES, RATING_IDS, ROLES, STANCES } from './vocabulary.ts';
import { isEdtf } from './edtf.ts';

export const idSchema = z.number().int().positive();
export const versionSchema = z.number().int().positive();

const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), 'must not contain control characters');
const optionalLine = (max: number) => line(max).nullish();
const longText = (max: number) => z.string().max(max, `must be at most ${max} characters`);

export const edtfSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64)
  .refine((v) => isEdtf(v), 'not a valid EDTF date (examples: 2024-12-06, 2024-12~, 2024-12-07/2024-12-08)');

const url = z
  .string()
  .trim()
  .max(2000)
  .url('must be a URL')
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

/** BCP 47 language tag (shape check: "en", "ar", "en-GB", "zh-Hant-TW"). */
export const languageSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "en" or "ar"');

export const paginationSchema = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.number().int().positive().nullish(),
});

export const MAX_SOURCE_CHARS = 2_000_000;

export const sourceMetaSchema = z.object({
  title: line(500),
  outlet: line(200),
  outletActorId: idSchema.nullish(),
  url: url.nullish(),
  language: languageSchema.default('en'),
  published: edtfSchema.nullish(),
  authors: z.array(line(200)).max(50).default([]),
  credit: optionalLine(1000),
  notes: longText(5000).nullish(),
});

export const sourceImportSchema = sourceMetaSchema.extend({
  text: z
    .string()
    .max(MAX_SOURCE_CHARS, `must be at most ${MAX_SOURCE_CHARS} characters`)
    .refine((s) => s.trim().length > 0, 'must not be empty'),
  /** The source this one corrects (a correction is a new revision, never an edit of the text). */
  revisionOfId: idSchema.nullish(),
});

export const sourceUpdateMetaSchema = sourceMetaSchema.partial().extend({ id: idSchema, version: versionSchema });

/** An uploaded article file: YAML front matter (if any) gives its metadata, `defaults` what it leaves out, `title` overrides. */
export const sourceImportArticleSchema = z.object({
  filename: line(300),
  content: z.string().max(MAX_SOURCE_CHARS + 100_000, `must be at most ${MAX_SOURCE_CHARS} characters`),
  title: optionalLine(500),
  defaults: sourceMetaSchema
    .pick({ outlet: true, url: true, published: true, credit: true, notes: true })
    .partial()
    .extend({ language: languageSchema.optional(), authors: z.array(line(200)).max(50).optional() })
    .default({}),
});

export const sourceListSchema = paginationSchema.extend({
  q: z.string().trim().max(200).optional(),
  outlet: z.string().trim().max(200).optional(),
});

const actorKind = z.enum(ACTOR_KINDS, { message: `must be one of ${ACTOR_KINDS.join(', ')}` });
const wikidata = z.string().trim().regex(/^Q[1-9]\d*$/, 'must be a Wikidata id such as Q42');

export const actorCreateSchema = z.object({
  name: line(300),
  kind: actorKind,
  aliases: z.array(line(300)).max(200).default([]),
  wikidata: wikidata.nullish(),
  description: longText(2000).nullish(),
});

export const actorUpdateSchema = z.object({
  id: idSchema,
  version: versionSchema,
  name: line(300).optional(),
  kind: actorKind.optional(),
  wikidata: wikidata.nullish(),
  description: longText(2000).nullish(),
});

export const actorAliasSchema = z.object({
  id: idSchema,
  version: versionSchema,
  alias: line(300),
  language: languageSchema.nullish(),
});

export const actorRemoveAliasSchema = z.object({ id: idSchema, version: versionSchema, aliasId: idSchema });

export const actorMergeSchema = z
  .object({ winnerId: idSchema, winnerVersion: versionSchema, loserId: idSchema, loserVersion: versionSchema })
  .refine((v) => v.winnerId !== v.loserId, { message: 'cannot merge an actor into itself', path: ['loserId'] });

export const actorSearchSchema = z.object({
  q: z.string().trim().min(1, 'type at least one character').max(200),
  kind: actorKind.optional(),
  limit: z.number().int().min(1).max(100).default(20),
});

export const actorListSchema = paginationSchema.extend({ kind: actorKind.optional() });

const participant = z.object({ actorId: idSchema, role: line(100) });

export const eventCreateSchema = z.object({
  title: line(500),
  type: line(100).default('event'),
  date: edtfSchema.nullish(),
  place: optionalLine(300),
  description: longText(5000).nullish(),
  parentId: idSchema.nullish(),
  participants: z.array(participant).max(200).default([]),
});

export const eventUpdateSchema = z.object({
  id: idSchema,
  version: versionSchema,
  title: line(500).optional(),
  type: line(100).optional(),
  date: edtfSchema.nullish(),
  place: optionalLine(300),
  description: longText(5000).nullish(),
  parentId: idSchema.nullish(),
  participants: z.array(participant).max(200).optional(),
});

export const eventListSchema = paginationSchema.extend({
  /** EDTF or ISO dates: events whose date range overlaps [from, to]. */
  from: edtfSchema.optional(),
  to: edtfSchema.optional(),
  actorId: idSchema.optional(),
  place: z.string().trim().max(300).optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(['date', '-date']).default('date'),
});

export const hopSchema = z.object({ actorId: idSchema, relation: optionalLine(100) });

export const claimCreateSchema = z.object({
  sourceId: idSchema,
  /** Code point offsets into the source text, end exclusive. */
  start: z.number().int().min(0),
  end: z.number().int().min(1),
  claimantId: idSchema.nullish(),
  chain: z.array(hopSchema).max(20).default([]),
  paraphrase: longText(5000).nullish(),
  status: z.enum(CLAIM_STATUSES).default('draft'),
});

export const claimUpdateSchema = z.object({
  id: idSchema,
  version: versionSchema,
  start: z.number().int().min(0).optional(),
  end: z.number().int().min(1).optional(),
  claimantId: idSchema.nullish(),
  chain: z.array(hopSchema).max(20).optional(),
  paraphrase: longText(5000).nullish(),
});

export const claimSetStatusSchema = z.object({ id: idSchema, version: versionSchema, status: z.enum(CLAIM_STATUSES) });

// At most 500 a page: Prisma fetches the claims' chains and links with one bound parameter per claim,
// and its SQLite queries stop at 999 parameters.
export const claimListBySourceSchema = paginationSchema.extend({ sourceId: idSchema, limit: z.number().int().min(1).max(500).default(500) });
export const claimListByEventSchema = paginationSchema.extend({ eventId: idSchema });

export const assertedSchema = z.object({
  date: edtfSchema.nullish(),
  place: optionalLine(300),
  participants: z
    .object({
      include: z.array(idSchema).max(100).default([]),
      exclude: z.array(idSchema).max(100).default([]),
      /** The include list is complete: the claim names these participants and no others. */
      exclusive: z.boolean().default(false),
    })
    .refine((p) => !p.include.some((id) => p.exclude.includes(id)), 'an actor cannot be both included and excluded')
    .nullish(),
  number: z
    .object({
      value: z.number().finite(),
      unit: line(50),
      tolerance: z.number().finite().min(0).nullish(),
    })
    .nullish(),
});
export type Asserted = z.infer<typeof assertedSchema>;

const stance = z.enum(STANCES, { message: `must be one of ${STANCES.join(', ')}` });

export const linkCreateSchema = z.object({
  claimId: idSchema,
  eventId: idSchema,
  stance,
  asserted: assertedSchema.default({}),
  note: longText(2000).nullish(),
});

export const linkUpdateSchema = z.object({
  id: idSchema,
  version: versionSchema,
  stance: stance.optional(),
  asserted: assertedSchema.optional(),
  note: longText(2000).nullish(),
});

export const linkRemoveSchema = z.object({ id: idSchema, version: versionSchema });

export const reviewQueueSchema = paginationSchema.extend({
  status: z.enum(['open', 'resolved', 'all']).default('open'),
  /**
   * oldest: the order disputes were opened in. weight: most independent origins first (contradicting,
   * then supporting), so disagreements carried by several independent sources come before echoes.
   */
  order: z.enum(['oldest', 'weight']).default('oldest'),
});

export const verdictSchema = z.object({
  claimId: idSchema,
  rating: z.enum(RATING_IDS, { message: `must be one of ${RATING_IDS.join(', ')}` }),
  rationale: longText(5000).nullish(),
  evidenceUrl: url.nullish(),
});

export const reviewDecideSchema = z.object({
  disputeId: idSchema,
  version: versionSchema,
  verdicts: z.array(verdictSchema).min(1, 'rate at least one claim').max(500),
  rationale: line(5000),
  evidenceUrl: url.nullish(),
});

export const SEARCH_KINDS = ['source', 'claim', 'actor', 'event'] as const;
export const searchQuerySchema = z.object({
  q: z.string().trim().min(1, 'type something to search for').max(300),
  kinds: z.array(z.enum(SEARCH_KINDS)).min(1).default([...SEARCH_KINDS]),
  limit: z.number().int().min(1).max(100).default(20),
  /** Offset into the ranked results. */
  cursor: z.number().int().min(0).nullish(),
});

export const RECORD_TYPES = ['source', 'actor', 'event', 'claim', 'link', 'dispute', 'verdict', 'user'] as const;
export const auditHistorySchema = paginationSchema.extend({
  recordType: z.enum(RECORD_TYPES),
  recordId: idSchema,
});

const email = z.string().trim().toLowerCase().email('must be an email address').max(320);
const password = z.string().min(10, 'must be at least 10 characters').max(500);

export const loginSchema = z.object({ email, password: z.string().min(1, 'must not be empty').max(500) });
export const userCreateSchema = z.object({ email, name: line(200), role: z.enum(ROLES), password });
export const userUpdateSchema = z.object({
  id: idSchema,
  version: versionSchema,
  name: line(200).optional(),
  email: email.optional(),
  role: z.enum(ROLES).optional(),
  disabled: z.boolean().optional(),
  password: password.optional(),
});
/** The signed-in user's own password: the current one proves it is them. */
export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1, 'must not be empty').max(500), newPassword: password })
  .refine((v) => v.currentPassword !== v.newPassword, { message: 'must differ from the current password', path: ['newPassword'] });
