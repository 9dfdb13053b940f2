// Input schemas: written once, used by the API, the editor's forms and the CLI.
import { z } from 'zod';
import { ACTOR_KINDS, CLAIM_STATUSES, RATING_IDS, ROLES, STANCES } from './vocabulary.ts';
import { isEdtf } from './edtf.ts';
import { isBlank, loneSurrogateAt } from './text.ts';
import { TIMELINE_UNITS } from './timeline.ts';

export const idSchema = z.number().int().positive();
export const versionSchema = z.number().int().positive();

// C0 controls other than TAB, LF and CR, and DEL: nothing a person types, and invisible where shown.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FIELD_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export interface TextOptions {
  /** The longest value accepted, in UTF-16 code units (JavaScript's `length`), after trimming. */
  max: number;
  /** Refuse a value with nothing visible in it (empty, whitespace, zero-width characters). */
  required?: boolean;
  /** Keep surrounding whitespace (a password); by default it is trimmed away. */
  untrimmed?: boolean;
}

/**
 * Every string an API procedure accepts is built here. Besides its length, a text field refuses what
 * no one can mean: a lone UTF-16 surrogate (not Unicode text; the database would store it as U+FFFD
 * garbage) and control characters other than tab and line breaks. Errors name what was wrong; the
 * API prefixes them with the field's path. Source text is the exception: an import replaces lone
 * surrogates by U+FFFD and reports how many (`normaliseTextCounted`).
 */
export function text({ max, required = false, untrimmed = false }: TextOptions) {
  const base = untrimmed ? z.string() : z.string().trim();
  return (required ? base.min(1, 'must not be empty') : base).max(max, `must be at most ${max} characters`).superRefine((s, ctx) => {
    // A value far over the limit has already been refused; scanning it would only cost time.
    if (s.length > max) return;
    const at = loneSurrogateAt(s);
    if (at >= 0) {
      const unit = s.charCodeAt(at).toString(16).toUpperCase();
      ctx.addIssue({ code: 'custom', message: `contains a lone surrogate (\\u${unit} at position ${at + 1}), which is not valid Unicode text` });
    }
    const control = FIELD_CONTROL.exec(s);
    if (control) {
      const unit = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      ctx.addIssue({ code: 'custom', message: `must not contain control characters (U+${unit} at position ${control.index + 1})` });
    }
    if (required && s.length > 0 && isBlank(s)) ctx.addIssue({ code: 'custom', message: 'must not be empty (it has only invisible characters)' });
  });
}

/**
 * Every array an API procedure accepts: at most `max` items, the limit named in the message, and
 * `required` (a message) when it must not be empty. The length is checked before any item is, so
 * an oversized array costs one issue, not one per item.
 */
export function list<T extends z.ZodType>(item: T, max: number, what = 'items', required?: string): z.ZodType<z.output<T>[], z.input<T>[]> {
  const length = z.array(z.unknown()).max(max, `must have at most ${max} ${what}`);
  return (required ? length.min(1, required) : length).pipe(z.array(item)) as never;
}

/** Keeps the first of equal items (same JSON): for arrays where a repeat means nothing (search kinds, aliases). */
export function unique<T>(xs: T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const key = JSON.stringify(x);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

const uniqueList = <T extends z.ZodType>(item: T, max: number, what: string) => list(item, max, what).transform((xs) => unique(xs));

const line = (max: number) => text({ max, required: true });
const optionalLine = (max: number) => line(max).nullish();
const longText = (max: number) => text({ max, untrimmed: true });

export const edtfSchema = text({ max: 64, required: true }).refine(
  (v) => isEdtf(v),
  'not a valid EDTF date (examples: 2024-12-06, 2024-12~, 2024-12-07/2024-12-08)',
);

const url = text({ max: 2000 })
  .url('must be a URL')
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

/** BCP 47 language tag (shape check: "en", "ar", "en-GB", "zh-Hant-TW"). */
export const languageSchema = text({ max: 64 }).regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "en" or "ar"');

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
  authors: uniqueList(line(200), 50, 'authors').default([]),
  credit: optionalLine(1000),
  notes: longText(5000).nullish(),
});

// Article text is not refused for lone surrogates: the import replaces them by U+FFFD and says how many.
const articleText = (max: number) => z.string().max(max, `must be at most ${max} characters`);

export const sourceImportSchema = sourceMetaSchema.extend({
  text: articleText(MAX_SOURCE_CHARS).refine((s) => s.trim().length > 0, 'must not be empty'),
  /** The source this one corrects (a correction is a new revision, never an edit of the text). */
  revisionOfId: idSchema.nullish(),
});

export const sourceUpdateMetaSchema = sourceMetaSchema.partial().extend({ id: idSchema, version: versionSchema });

/** An uploaded article file: YAML front matter (if any) gives its metadata, `defaults` what it leaves out, `title` overrides. */
export const sourceImportArticleSchema = z.object({
  filename: line(300),
  content: articleText(MAX_SOURCE_CHARS + 100_000),
  title: optionalLine(500),
  defaults: sourceMetaSchema
    .pick({ outlet: true, url: true, published: true, credit: true, notes: true })
    .partial()
    .extend({ language: languageSchema.optional(), authors: uniqueList(line(200), 50, 'authors').optional() })
    .default({}),
});

export const sourceListSchema = paginationSchema.extend({
  q: text({ max: 200 }).optional(),
  outlet: text({ max: 200 }).optional(),
});

const actorKind = z.enum(ACTOR_KINDS, { message: `must be one of ${ACTOR_KINDS.join(', ')}` });
const wikidata = text({ max: 32 }).regex(/^Q[1-9]\d*$/, 'must be a Wikidata id such as Q42');

export const actorCreateSchema = z.object({
  name: line(300),
  kind: actorKind,
  aliases: uniqueList(line(300), 200, 'aliases').default([]),
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
  q: text({ max: 200 }).min(1, 'type at least one character'),
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
  participants: uniqueList(participant, 200, 'participants').default([]),
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
  participants: uniqueList(participant, 200, 'participants').optional(),
});

export const eventListSchema = paginationSchema.extend({
  /** EDTF or ISO dates: events whose date range overlaps [from, to]. */
  from: edtfSchema.optional(),
  to: edtfSchema.optional(),
  actorId: idSchema.optional(),
  place: text({ max: 300 }).optional(),
  q: text({ max: 200 }).optional(),
  sort: z.enum(['date', '-date']).default('date'),
});

/**
 * The timeline: counts per time bucket over everything the filters match (from/to, actor, place, text, as in the
 * event list), and one page of the events in the visible window, in date order. The window narrows the events,
 * never the buckets; `cursor` (the last event's id) continues a window that had more than `limit` events.
 */
export const eventTimelineSchema = eventListSchema.pick({ from: true, to: true, actorId: true, place: true, q: true }).extend({
  window: z.object({ from: edtfSchema.optional(), to: edtfSchema.optional() }).optional(),
  /** Events of the window a page: a screen's worth and more; the strip, not the rows, shows the whole range. */
  limit: z.number().int().min(1).max(1000).default(200),
  cursor: idSchema.nullish(),
});

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const timelineCount = { count: z.number().int(), disputed: z.number().int() };

/** What the timeline answers (declared as the procedure's output). */
export const eventTimelineOutputSchema = z.object({
  /** The unit of the buckets, chosen so that the range has at most MAX_BUCKETS of them. */
  unit: z.enum(TIMELINE_UNITS),
  /** First and last day the buckets cover; null when no matching event has a date. */
  range: z.object({ from: isoDay, to: isoDay }).nullable(),
  /** Buckets holding at least one event, in order; an event counts in the bucket where it starts (or where the range starts). */
  buckets: z.array(z.object({ start: isoDay, end: isoDay, ...timelineCount })),
  /** Matching events without a start date. */
  undated: z.object(timelineCount),
  /** All matching events: the buckets' counts plus the undated ones. */
  total: z.number().int(),
  /** The window the items are from, as days (null ends are open). */
  window: z.object({ from: isoDay.nullable(), to: isoDay.nullable() }),
  items: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      type: z.string(),
      date: z.string().nullable(),
      earliest: z.string().nullable(),
      latest: z.string().nullable(),
      place: z.string().nullable(),
      parentId: z.number().int().nullable(),
      disputed: z.boolean(),
    }),
  ),
  /** The id to pass as `cursor` for the window's next events; null when the window is complete. */
  nextCursor: z.number().int().nullable(),
  truncated: z.boolean(),
});

export const hopSchema = z.object({ actorId: idSchema, relation: optionalLine(100) });

export const claimCreateSchema = z.object({
  sourceId: idSchema,
  /** Code point offsets into the source text, end exclusive. */
  start: z.number().int().min(0),
  end: z.number().int().min(1),
  claimantId: idSchema.nullish(),
  chain: list(hopSchema, 20, 'hops').default([]),
  paraphrase: longText(5000).nullish(),
  status: z.enum(CLAIM_STATUSES).default('draft'),
});

export const claimUpdateSchema = z.object({
  id: idSchema,
  version: versionSchema,
  start: z.number().int().min(0).optional(),
  end: z.number().int().min(1).optional(),
  claimantId: idSchema.nullish(),
  chain: list(hopSchema, 20, 'hops').optional(),
  paraphrase: longText(5000).nullish(),
});

export const claimSetStatusSchema = z.object({ id: idSchema, version: versionSchema, status: z.enum(CLAIM_STATUSES) });

// A source's claims load page after page until all are in, so pages are larger than other lists'; at most
// 1,000 claims (about a megabyte with their chains and links) keep one response quick to send and render.
export const claimListBySourceSchema = paginationSchema.extend({ sourceId: idSchema, limit: z.number().int().min(1).max(1000).default(500) });
export const claimListByEventSchema = paginationSchema.extend({ eventId: idSchema });

export const assertedSchema = z.object({
  date: edtfSchema.nullish(),
  place: optionalLine(300),
  participants: z
    .object({
      include: uniqueList(idSchema, 100, 'actors').default([]),
      exclude: uniqueList(idSchema, 100, 'actors').default([]),
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
  /**
   * all: each dispute with every claim (chain, source, link) and its verdicts. count: each dispute with
   * its event, kinds and `claimCount` only, for a list; its claims come from review.get.
   */
  claims: z.enum(['all', 'count']).default('all'),
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
  verdicts: list(verdictSchema, 500, 'verdicts', 'rate at least one claim'),
  rationale: line(5000),
  evidenceUrl: url.nullish(),
});

export const SEARCH_KINDS = ['source', 'claim', 'actor', 'event'] as const;
export const SEARCH_MAX_OFFSET = 1000;
export const searchQuerySchema = z.object({
  q: text({ max: 300 }).min(1, 'type something to search for'),
  // Each kind is one query: repeats are dropped, and there are only so many kinds.
  kinds: list(z.enum(SEARCH_KINDS), SEARCH_KINDS.length, 'kinds', 'choose at least one kind')
    .transform((ks) => unique(ks))
    .default([...SEARCH_KINDS]),
  limit: z.number().int().min(1).max(100).default(20),
  /** Offset into the ranked results. Each kind's query reads offset + limit ranked rows, so the offset is bounded too. */
  cursor: z.number().int().min(0).max(SEARCH_MAX_OFFSET, `must be at most ${SEARCH_MAX_OFFSET}: narrow the search instead of paging further`).nullish(),
});

export const RECORD_TYPES = ['source', 'actor', 'event', 'claim', 'link', 'dispute', 'verdict', 'user'] as const;
export const auditHistorySchema = paginationSchema.extend({
  recordType: z.enum(RECORD_TYPES),
  recordId: idSchema,
});

const email = text({ max: 320 }).toLowerCase().email('must be an email address');
const password = text({ max: 500, untrimmed: true }).min(10, 'must be at least 10 characters');

export const loginSchema = z.object({ email, password: text({ max: 500, untrimmed: true }).min(1, 'must not be empty') });
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
  .object({ currentPassword: text({ max: 500, untrimmed: true }).min(1, 'must not be empty'), newPassword: password })
  .refine((v) => v.currentPassword !== v.newPassword, { message: 'must differ from the current password', path: ['newPassword'] });
