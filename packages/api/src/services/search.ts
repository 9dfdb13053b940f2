// Full-text search across sources, claims, actors and events, with highlighted snippets.
import { type z } from 'zod';
import { searchQuerySchema } from '@claimline/core';
import { Prisma, type Tx } from '@claimline/db';

/**
 * Turns what a user typed into a safe FTS5 expression: every word is quoted (so operators and
 * punctuation in the input mean nothing), all words must match, the last one as a prefix.
 */
export function ftsMatchExpression(q: string): string {
  const words = q
    .normalize('NFC')
    .split(/[\s\p{P}\p{S}\p{C}]+/u)
    .filter(Boolean)
    .slice(0, 20);
  return words.map((w, i) => `"${w.replace(/"/g, '""')}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

const ftsTables = { source: 'fts_source', claim: 'fts_claim', actor: 'fts_actor', event: 'fts_event' } as const;

/**
 * The ids of the records of one kind that match what a user typed, as an SQL subquery for a list's
 * filter (`id IN (…)`): however many records match, the statement binds one parameter. Null when the
 * text holds no word to search for (nothing matches).
 */
export function ftsMatching(kind: keyof typeof ftsTables, q: string): Prisma.Sql | null {
  const match = ftsMatchExpression(q);
  if (!match) return null;
  const table = Prisma.raw(ftsTables[kind]);
  return Prisma.sql`SELECT rowid FROM ${table} WHERE ${table} MATCH ${match}`;
}

// Snippet markers: control characters that normaliseText strips from stored text, so they cannot collide.
const OPEN = '\u0002';
const CLOSE = '\u0003';

export interface Segment {
  text: string;
  hit: boolean;
}

/** Splits a marked snippet into plain text segments, so a client renders highlights without HTML. */
export function segments(marked: string): Segment[] {
  const out: Segment[] = [];
  const re = new RegExp(`${OPEN}([^${CLOSE}]*)${CLOSE}`, 'g');
  let last = 0;
  for (const m of marked.matchAll(re)) {
    if (m.index > last) out.push({ text: marked.slice(last, m.index), hit: false });
    out.push({ text: m[1]!, hit: true });
    last = m.index + m[0].length;
  }
  if (last < marked.length) out.push({ text: marked.slice(last), hit: false });
  return out;
}

const queries = {
  source: `SELECT f.rowid AS id, bm25(fts_source, 5.0, 2.0, 1.0) AS rank,
             snippet(fts_source, -1, '${OPEN}', '${CLOSE}', '…', 16) AS snip,
             s.title AS title, s.outlet AS detail, NULL AS ref
           FROM fts_source f JOIN Source s ON s.id = f.rowid WHERE fts_source MATCH ? ORDER BY rank LIMIT ?`,
  claim: `SELECT f.rowid AS id, bm25(fts_claim) AS rank,
            snippet(fts_claim, -1, '${OPEN}', '${CLOSE}', '…', 16) AS snip,
            s.title AS title, s.outlet AS detail, c.sourceId AS ref
          FROM fts_claim f JOIN Claim c ON c.id = f.rowid JOIN Source s ON s.id = c.sourceId WHERE fts_claim MATCH ? ORDER BY rank LIMIT ?`,
  actor: `SELECT f.rowid AS id, bm25(fts_actor) AS rank,
            snippet(fts_actor, -1, '${OPEN}', '${CLOSE}', '…', 16) AS snip,
            a.name AS title, a.kind AS detail, NULL AS ref
          FROM fts_actor f JOIN Actor a ON a.id = f.rowid WHERE fts_actor MATCH ? AND a.mergedIntoId IS NULL ORDER BY rank LIMIT ?`,
  event: `SELECT f.rowid AS id, bm25(fts_event, 5.0, 2.0, 1.0) AS rank,
            snippet(fts_event, -1, '${OPEN}', '${CLOSE}', '…', 16) AS snip,
            e.title AS title, e.date AS detail, NULL AS ref
          FROM fts_event f JOIN Event e ON e.id = f.rowid WHERE fts_event MATCH ? ORDER BY rank LIMIT ?`,
} as const;

type Row = { id: bigint | number; rank: number; snip: string | null; title: string; detail: string | null; ref: bigint | number | null };

export async function searchQuery(tx: Tx, raw: z.input<typeof searchQuerySchema>) {
  const input = searchQuerySchema.parse(raw);
  const match = ftsMatchExpression(input.q);
  if (!match) return { items: [], nextCursor: null };
  const offset = input.cursor ?? 0;
  const want = offset + input.limit + 1;
  const results: { kind: keyof typeof queries; id: number; rank: number; title: string; detail: string | null; sourceId: number | null; snippet: Segment[] }[] =
    [];
  for (const kind of input.kinds) {
    const rows = await tx.$queryRawUnsafe<Row[]>(queries[kind], match, want);
    for (const r of rows) {
      results.push({
        kind,
        id: Number(r.id),
        rank: Number(r.rank),
        title: r.title,
        detail: r.detail,
        sourceId: r.ref === null ? null : Number(r.ref),
        snippet: segments(r.snip ?? ''),
      });
    }
  }
  results.sort((a, b) => a.rank - b.rank || a.kind.localeCompare(b.kind) || a.id - b.id);
  const page = results.slice(offset, offset + input.limit);
  return { items: page, nextCursor: results.length > offset + input.limit ? offset + input.limit : null };
}
