// Full-text search over the FTS5 index (search-index.ts): what a user typed as an FTS5 expression, the ranked
// matches of one kind with their snippets, and the matches as a subquery for lists' text filters. SQLite-only: a
// PostgreSQL port replaces this file (tsvector columns, ts_rank, ts_headline) and keeps its functions.
import { Prisma } from '../generated/prisma/client.ts';
import type { Tx } from '../client.ts';

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

const ftsTables = { source: 'fts_source', claim: 'fts_claim', actor: 'fts_actor', event: 'fts_event' } as const satisfies Record<SearchIndexKind, string>;

/**
 * The ids of the records of one kind that match what a user typed, as an SQL subquery for a list's
 * filter (`id IN (…)`): however many records match, the statement binds one parameter. Null when the
 * text holds no word to search for (nothing matches).
 */
export function ftsMatching(kind: SearchIndexKind, q: string): Prisma.Sql | null {
  const match = ftsMatchExpression(q);
  if (!match) return null;
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

/** The best `limit` matches of one kind for an FTS5 expression (see ftsMatchExpression), best first (merged actors left out). */
export async function searchIndexQuery(tx: Tx, kind: SearchIndexKind, match: string, limit: number): Promise<SearchHit[]> {
  const rows = await tx.$queryRawUnsafe<Row[]>(queries[kind], match, limit);
  return rows.map((r) => ({
    id: Number(r.id),
    rank: Number(r.rank),
    snippet: r.snip ?? '',
    title: r.title,
    detail: r.detail,
    sourceId: r.ref === null ? null : Number(r.ref),
  }));
}
