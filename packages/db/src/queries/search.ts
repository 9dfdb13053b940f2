// Full-text search: what a user typed as an FTS5 expression, the ranked matches of one kind with their snippets, and
// the matches as a subquery for lists' text filters. SQLite: the FTS5 index (search-index.ts). PostgreSQL: the `search`
// tsvector columns (migration `search`, configuration `claimline`: simple + unaccent; actors' by postgres-triggers.ts),
// the same expression turned into a tsquery (every word, the last as a prefix), ts_rank_cd and ts_headline.
import { Prisma } from '../generated/prisma/client.ts';
import { engineOf, ported, type Tx } from '../client.ts';
import type { Engine } from '../config.ts';

export const SEARCH_INDEX_KINDS = ['source', 'claim', 'actor', 'event'] as const;
export type SearchIndexKind = (typeof SEARCH_INDEX_KINDS)[number];

/**
 * Turns what a user typed into a safe FTS5 expression: every word is quoted (so operators and
 * punctuation in the input mean nothing), all words must match, the last one as a prefix.
 * '' when the text holds no word to search for.
 */
export function ftsMatchExpression(q: string): string {
  const words = q
    .normalize('NFC')
    .split(/[\s\p{P}\p{S}\p{C}]+/u)
    .filter(Boolean)
    .slice(0, 20);
  return words.map((w, i) => `"${w.replace(/"/g, '""')}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

/**
 * The PostgreSQL tsquery of an expression made by ftsMatchExpression: the same words (each quoted, so nothing in them
 * is syntax), all required, the last as a prefix.
 */
export function tsQueryText(match: string): string {
  const terms = [...match.matchAll(/"((?:[^"]|"")*)"(\*?)/g)].map(
    ([, word, star]) => `'${word!.replace(/""/g, '"').replace(/\\/g, '\\\\').replace(/'/g, "''")}'${star ? ':*' : ''}`,
  );
  return terms.join(' & ');
}

const pgTables = { source: 'Source', claim: 'Claim', actor: 'Actor', event: 'Event' } as const satisfies Record<SearchIndexKind, string>;

const ftsTables = { source: 'fts_source', claim: 'fts_claim', actor: 'fts_actor', event: 'fts_event' } as const satisfies Record<SearchIndexKind, string>;

/**
 * The ids of the records of one kind that match what a user typed, as an SQL subquery for a list's
 * filter (`id IN (…)`): however many records match, the statement binds one parameter. Null when the
 * text holds no word to search for (nothing matches).
 */
export function ftsMatching(kind: SearchIndexKind, q: string, engine: Engine = 'sqlite'): Prisma.Sql | null {
  const match = ftsMatchExpression(q);
  if (!match) return null;
  if (engine === 'postgresql') {
    const t = Prisma.raw(`"${pgTables[kind]}"`);
    return Prisma.sql`SELECT id FROM ${t} WHERE search @@ to_tsquery('claimline', ${tsQueryText(match)})`;
  }
  const table = Prisma.raw(ftsTables[kind]);
  return Prisma.sql`SELECT rowid FROM ${table} WHERE ${table} MATCH ${match}`;
}

/** Snippet markers around each hit: control characters that the stored text never holds (normaliseText strips them). */
export const SNIPPET_OPEN = '\u0002';
export const SNIPPET_CLOSE = '\u0003';

export interface SearchHit {
  id: number;
  /** bm25: lower is better. */
  rank: number;
  /** The best fragment (16 tokens), hits between SNIPPET_OPEN and SNIPPET_CLOSE. */
  snippet: string;
  title: string;
  detail: string | null;
  /** A claim's source. */
  sourceId: number | null;
}

// Titles count more than outlets, outlets more than text (and for events: title, place, description).
const rankFunction = { source: 'bm25(5.0, 2.0, 1.0)', claim: 'bm25()', actor: 'bm25()', event: 'bm25(5.0, 2.0, 1.0)' } as const;

// Each query orders by FTS5's own `rank` column, so FTS5 ranks every match (rowid and bm25 only) and hands back the best
// first: snippet() and the joins run for the rows the LIMIT keeps, never for the other matches. Ties come in rowid order.
const snippet = (table: string) => `snippet(${table}, -1, '${SNIPPET_OPEN}', '${SNIPPET_CLOSE}', '…', 16)`;
const queries = {
  source: `SELECT f.rowid AS id, f.rank AS rank, ${snippet('fts_source')} AS snip, s.title AS title, s.outlet AS detail, NULL AS ref
             FROM fts_source f JOIN Source s ON s.id = f.rowid
            WHERE fts_source MATCH ? AND f.rank MATCH '${rankFunction.source}' ORDER BY f.rank LIMIT ?`,
  claim: `SELECT f.rowid AS id, f.rank AS rank, ${snippet('fts_claim')} AS snip, s.title AS title, s.outlet AS detail, c.sourceId AS ref
            FROM fts_claim f JOIN Claim c ON c.id = f.rowid JOIN Source s ON s.id = c.sourceId
           WHERE fts_claim MATCH ? AND f.rank MATCH '${rankFunction.claim}' ORDER BY f.rank LIMIT ?`,
  actor: `SELECT f.rowid AS id, f.rank AS rank, ${snippet('fts_actor')} AS snip, a.name AS title, a.kind AS detail, NULL AS ref
            FROM fts_actor f JOIN Actor a ON a.id = f.rowid
           WHERE fts_actor MATCH ? AND f.rank MATCH '${rankFunction.actor}' AND a.mergedIntoId IS NULL ORDER BY f.rank LIMIT ?`,
  event: `SELECT f.rowid AS id, f.rank AS rank, ${snippet('fts_event')} AS snip, e.title AS title, e.date AS detail, NULL AS ref
            FROM fts_event f JOIN Event e ON e.id = f.rowid
           WHERE fts_event MATCH ? AND f.rank MATCH '${rankFunction.event}' ORDER BY f.rank LIMIT ?`,
} as const satisfies Record<SearchIndexKind, string>;

type Row = { id: bigint | number; rank: number; snip: string | null; title: string; detail: string | null; ref: bigint | number | null };

// PostgreSQL: ranked by ts_rank_cd (higher is better, so negated: the callers sort ascending as for bm25) with titles,
// claims and actors' names weighted A, outlets and places B, text D; ties in id order. The snippet is ts_headline's best fragment of the row's
// indexed text (its columns in index order), computed for the rows the LIMIT keeps only.
/** FTS5's weights (title 5, outlet or place 2, text 1) as ts_rank_cd's {D, C, B, A}; ranks divided by 1 + log(length). */
const RANK_WEIGHTS = `'{0.2, 0.2, 0.4, 1.0}'`;
const HEADLINE = `'StartSel=${SNIPPET_OPEN}, StopSel=${SNIPPET_CLOSE}, MaxFragments=1, MaxWords=16, MinWords=6, FragmentDelimiter=…'`;
const headline = (text: string) => `ts_headline('claimline', ${text}, q.q, ${HEADLINE})`;
const pgQueries = {
  source: `SELECT m.id, m.rank, ${headline(`concat_ws(' ', m.title, m.outlet, m.text)`)} AS snip, m.title, m.outlet AS detail, NULL::int AS ref
             FROM (SELECT s.id, -ts_rank_cd(${RANK_WEIGHTS}, s.search, q.q, 1) AS rank, s.title, s.outlet, s.text FROM "Source" s, q WHERE s.search @@ q.q
                   ORDER BY rank, s.id LIMIT $2) m, q ORDER BY m.rank, m.id`,
  claim: `SELECT m.id, m.rank, ${headline(`concat_ws(' ', m.quote, m.paraphrase)`)} AS snip, s.title, s.outlet AS detail, m."sourceId" AS ref
            FROM (SELECT c.id, -ts_rank_cd(${RANK_WEIGHTS}, c.search, q.q, 1) AS rank, c.quote, c.paraphrase, c."sourceId" FROM "Claim" c, q WHERE c.search @@ q.q
                  ORDER BY rank, c.id LIMIT $2) m JOIN "Source" s ON s.id = m."sourceId", q ORDER BY m.rank, m.id`,
  actor: `SELECT m.id, m.rank,
                 ${headline(`m.name || coalesce(' ' || (SELECT string_agg(al.name, ' ' ORDER BY al.id) FROM "ActorAlias" al WHERE al."actorId" = m.id), '')`)} AS snip,
                 m.name AS title, m.kind AS detail, NULL::int AS ref
            FROM (SELECT a.id, -ts_rank_cd(${RANK_WEIGHTS}, a.search, q.q, 1) AS rank, a.name, a.kind FROM "Actor" a, q WHERE a.search @@ q.q AND a."mergedIntoId" IS NULL
                  ORDER BY rank, a.id LIMIT $2) m, q ORDER BY m.rank, m.id`,
  event: `SELECT m.id, m.rank, ${headline(`concat_ws(' ', m.title, m.place, m.description)`)} AS snip, m.title, m.date AS detail, NULL::int AS ref
            FROM (SELECT e.id, -ts_rank_cd(${RANK_WEIGHTS}, e.search, q.q, 1) AS rank, e.title, e.place, e.description, e.date FROM "Event" e, q WHERE e.search @@ q.q
                  ORDER BY rank, e.id LIMIT $2) m, q ORDER BY m.rank, m.id`,
} as const satisfies Record<SearchIndexKind, string>;
const withQuery = (sql: string) => `WITH q AS (SELECT to_tsquery('claimline', $1) AS q) ${sql}`;

/** The best `limit` matches of one kind for an FTS5 expression (see ftsMatchExpression), best first (merged actors left out). */
export const searchIndexQuery = ported(async (tx: Tx, kind: SearchIndexKind, match: string, limit: number): Promise<SearchHit[]> => {
  const rows =
    engineOf(tx) === 'postgresql'
      ? await tx.$queryRawUnsafe<Row[]>(withQuery(pgQueries[kind]), tsQueryText(match), limit)
      : await tx.$queryRawUnsafe<Row[]>(queries[kind], match, limit);
  return rows.map((r) => ({
    id: Number(r.id),
    rank: Number(r.rank),
    snippet: r.snip ?? '',
    title: r.title,
    detail: r.detail,
    sourceId: r.ref === null ? null : Number(r.ref),
  }));
});
