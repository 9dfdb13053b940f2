// Search: search.query over the four full-text indexes.
import type { BenchContext, Case } from './common.ts';

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

export function searchCases({ db, all }: BenchContext): Case[] {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, 'fts_claim', 'row')`);
  const common = all<{ term: string }>(`SELECT term FROM temp.vocab WHERE length(term) > 3 ORDER BY doc DESC LIMIT 2`).map((r) => r.term);
  const rare = all<{ term: string }>(`SELECT term FROM temp.vocab WHERE length(term) > 3 ORDER BY doc, term LIMIT 1`).map((r) => r.term);
  const searchSql = {
    source: `SELECT f.rowid id, bm25(fts_source, 5.0, 2.0, 1.0) rank, snippet(fts_source, -1, '[', ']', '…', 16) snip, s.title, s.outlet
               FROM fts_source f JOIN Source s ON s.id = f.rowid WHERE fts_source MATCH ? ORDER BY rank LIMIT ?`,
    claim: `SELECT f.rowid id, bm25(fts_claim) rank, snippet(fts_claim, -1, '[', ']', '…', 16) snip, s.title, s.outlet, c.sourceId
              FROM fts_claim f JOIN Claim c ON c.id = f.rowid JOIN Source s ON s.id = c.sourceId WHERE fts_claim MATCH ? ORDER BY rank LIMIT ?`,
    actor: `SELECT f.rowid id, bm25(fts_actor) rank, snippet(fts_actor, -1, '[', ']', '…', 16) snip, a.name, a.kind
              FROM fts_actor f JOIN Actor a ON a.id = f.rowid WHERE fts_actor MATCH ? AND a.mergedIntoId IS NULL ORDER BY rank LIMIT ?`,
    event: `SELECT f.rowid id, bm25(fts_event, 5.0, 2.0, 1.0) rank, snippet(fts_event, -1, '[', ']', '…', 16) snip, e.title, e.date
              FROM fts_event f JOIN Event e ON e.id = f.rowid WHERE fts_event MATCH ? ORDER BY rank LIMIT ?`,
  };
  const search = (words: string[]) => {
    const match = words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
    const rows = Object.values(searchSql).flatMap((sql) => all<{ rank: number }>(sql, match, 21));
    return sorted(rows.map((r) => r.rank)).slice(0, 20).length;
  };

  return [
    { name: `search.query, common words "${common.join(' ')}"`, proc: 'search.query', input: { q: common.join(' ') }, floor: () => search(common) },
    { name: `search.query, rare word "${rare.join(' ')}"`, proc: 'search.query', input: { q: rare.join(' ') }, floor: () => search(rare) },
  ];
}
