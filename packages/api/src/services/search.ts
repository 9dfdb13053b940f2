// Full-text search across sources, claims, actors and events, with highlighted snippets.
import { type z } from 'zod';
import { searchQuerySchema } from '@claimline/core';
import { ftsMatchExpression, searchIndexQuery, SNIPPET_CLOSE as CLOSE, SNIPPET_OPEN as OPEN, type Tx } from '@claimline/db';

export { ftsMatchExpression, ftsMatching } from '@claimline/db';

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

export async function searchQuery(tx: Tx, raw: z.input<typeof searchQuerySchema>) {
  const input = searchQuerySchema.parse(raw);
  const match = ftsMatchExpression(input.q);
  if (!match) return { items: [], nextCursor: null };
  const offset = input.cursor ?? 0;
  const want = offset + input.limit + 1;
  const results: {
    kind: (typeof input.kinds)[number];
    id: number;
    rank: number;
    title: string;
    detail: string | null;
    sourceId: number | null;
    snippet: Segment[];
  }[] = [];
  // Each kind ranks its matches in the index and snippets only the rows it returns (see searchIndexQuery).
  for (const kind of input.kinds) {
    for (const { snippet, ...hit } of await searchIndexQuery(tx, kind, match, want)) results.push({ kind, ...hit, snippet: segments(snippet) });
  }
  results.sort((a, b) => a.rank - b.rank || a.kind.localeCompare(b.kind) || a.id - b.id);
  const page = results.slice(offset, offset + input.limit);
  return { items: page, nextCursor: results.length > offset + input.limit ? offset + input.limit : null };
}
