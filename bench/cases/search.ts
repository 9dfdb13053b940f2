// Search: search.query over the four full-text indexes.
import type { BenchContext, Case } from './common.ts';

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

export function searchCases({ db, all, pg }: BenchContext): Case[] {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, 'fts_claim', 'row')`);
  const common = all<{ term: string }>(`SELECT term FROM temp.vocab WHERE length(term) > 3 ORDER BY doc DESC LIMIT 2`).map((r) => r.term);
  const rare = all<{ term: string }>(`SELECT term FROM temp.vocab WHERE length(term) > 3 ORDER BY doc, term LIMIT 1`).map((r) => r.term);
  // Rank first, in the index: ordering by FTS5's own `rank` column (bm25, weighted as the service weighs it), FTS5 ranks every
  // match by rowid and score and returns the best first, so snippet() and the joins run only for the rows LIMIT keeps.
  // (Ranking by a bm25() column instead makes SQLite snippet and join every match before sorting; a second statement
  // snippeting the page's rowids re-expands a prefix term for each row: both are slower for common words.)
  const searchSql = {
    source: `SELECT f.rowid id, f.rank rank, snippet(fts_source, -1, '[', ']', '…', 16) snip, s.title, s.outlet
               FROM fts_source f JOIN Source s ON s.id = f.rowid WHERE fts_source MATCH ? AND f.rank MATCH 'bm25(5.0, 2.0, 1.0)' ORDER BY f.rank LIMIT ?`,
    claim: `SELECT f.rowid id, f.rank rank, snippet(fts_claim, -1, '[', ']', '…', 16) snip, s.title, s.outlet, c.sourceId
              FROM fts_claim f JOIN Claim c ON c.id = f.rowid JOIN Source s ON s.id = c.sourceId WHERE fts_claim MATCH ? AND f.rank MATCH 'bm25()' ORDER BY f.rank LIMIT ?`,
    actor: `SELECT f.rowid id, f.rank rank, snippet(fts_actor, -1, '[', ']', '…', 16) snip, a.name, a.kind
              FROM fts_actor f JOIN Actor a ON a.id = f.rowid WHERE fts_actor MATCH ? AND f.rank MATCH 'bm25()' AND a.mergedIntoId IS NULL ORDER BY f.rank LIMIT ?`,
    event: `SELECT f.rowid id, f.rank rank, snippet(fts_event, -1, '[', ']', '…', 16) snip, e.title, e.date
              FROM fts_event f JOIN Event e ON e.id = f.rowid WHERE fts_event MATCH ? AND f.rank MATCH 'bm25(5.0, 2.0, 1.0)' ORDER BY f.rank LIMIT ?`,
  };
  const search = (words: string[]) => {
    const match = words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
    const rows = Object.values(searchSql).flatMap((sql) => all<{ rank: number }>(sql, match, 21));
    return sorted(rows.map((r) => r.rank)).slice(0, 20).length;
  };

  // PostgreSQL: the same page from the tsvector columns (GIN), ranked by ts_rank_cd, ts_headline for the rows kept only.
  const W = `'{0.2,0.2,0.4,1.0}'`;
  const HL = `'StartSel=[, StopSel=], MaxFragments=1, MaxWords=16, MinWords=8'`;
  const pgSearchSql = `WITH q AS (SELECT to_tsquery('claimline', $1) AS q)
    SELECT * FROM (
      (SELECT r.id, r.rank, ts_headline('claimline', r.text, q.q, ${HL}) snip FROM (SELECT s.id, -ts_rank_cd(${W}, s.search, q.q, 1) rank, s.text
         FROM "Source" s, q WHERE s.search @@ q.q ORDER BY rank, s.id LIMIT 21) r, q)
      UNION ALL (SELECT r.id, r.rank, ts_headline('claimline', r.quote, q.q, ${HL}) FROM (SELECT c.id, -ts_rank_cd(${W}, c.search, q.q, 1) rank, c.quote
         FROM "Claim" c, q WHERE c.search @@ q.q ORDER BY rank, c.id LIMIT 21) r, q)
      UNION ALL (SELECT r.id, r.rank, ts_headline('claimline', r.name, q.q, ${HL}) FROM (SELECT a.id, -ts_rank_cd(${W}, a.search, q.q, 1) rank, a.name
         FROM "Actor" a, q WHERE a.search @@ q.q AND a."mergedIntoId" IS NULL ORDER BY rank, a.id LIMIT 21) r, q)
      UNION ALL (SELECT r.id, r.rank, ts_headline('claimline', r.title, q.q, ${HL}) FROM (SELECT e.id, -ts_rank_cd(${W}, e.search, q.q, 1) rank, e.title
         FROM "Event" e, q WHERE e.search @@ q.q ORDER BY rank, e.id LIMIT 21) r, q)
    ) x ORDER BY rank LIMIT 20`;
  const pgSearch = async (words: string[]) =>
    (await pg!('search', pgSearchSql, words.map((w, i) => `'${w.replace(/'/g, "''")}'${i === words.length - 1 ? ':*' : ''}`).join(' & '))).length;

  return [
    {
      name: `search.query, common words "${common.join(' ')}"`,
      proc: 'search.query',
      input: { q: common.join(' ') },
      floor: () => search(common),
      pgFloor: () => pgSearch(common),
    },
    {
      name: `search.query, rare word "${rare.join(' ')}"`,
      proc: 'search.query',
      input: { q: rare.join(' ') },
      floor: () => search(rare),
      pgFloor: () => pgSearch(rare),
    },
  ];
}
