// Records: source.get, source.list, claim.get, claim.listBySource, actor.search, actor.list, actor.get.
import { nameKeys } from '@claimline/core';
import type { BenchContext, Case } from './common.ts';

const SOURCE_FIELDS = `s.id, s.title, s.outlet, s.outletActorId, s.url, s.language, s.published, s.publishedEarliest, s.authors, s.credit, s.contentHash,
  s.revisionOfId, s.version, s.createdAt, s.updatedAt`;
/** The same fields on PostgreSQL (mixed-case names quoted). */
const PG_SOURCE_FIELDS = SOURCE_FIELDS.replace(/s\.([a-z]+[A-Z]\w*)/g, 's."$1"');
const ACTOR_FIELDS = `a.id, a.name, a.kind, a.wikidata, a.description, a.mergedIntoId, a.version, a.createdAt, a.updatedAt`;
const CLAIM_FIELDS = `c.id, c.sourceId, c.start, c."end", c.quote, c.prefix, c.suffix, c.claimantId, k.name claimantName, k.kind claimantKind, c.paraphrase,
  c.status, c.version, c.createdById, c.createdAt, c.updatedAt`;
const LINK_FIELDS = `l.id, l.claimId, l.eventId, l.stance, l.assertedDate, l.assertedPlace, l.assertedParticipants, l.assertedNumber, l.assertedUnit,
  l.numberTolerance, l.note, l.version, l.createdAt, l.updatedAt, e.title, e.date`;

export function recordCases({ db, all, one, pg }: BenchContext): Case[] {
  // Not one of the sources the write cases make and empty again at their set-up (their claims come and go).
  const busySource = one<{ id: number }>(
    `SELECT sourceId id FROM Claim WHERE sourceId NOT IN (SELECT id FROM Source WHERE notes = 'claimline write benchmark')
      GROUP BY sourceId ORDER BY count(*) DESC LIMIT 1`,
  ).id;
  const actorName = one<{ name: string }>(
    `SELECT name FROM Actor WHERE mergedIntoId IS NULL AND kind = 'person' ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM Actor WHERE kind = 'person')`,
  ).name;
  const actorQuery = actorName.split(' ').at(-1)!.slice(0, 5);
  // The actor in most events (its claims as claimant come with it), and a claim with the longest chain and most links.
  const busyActor = one<{ id: number }>(`SELECT actorId id FROM EventParticipant GROUP BY actorId ORDER BY count(*) DESC, actorId LIMIT 1`).id;
  const busyClaim = one<{ id: number }>(
    `SELECT h.claimId id FROM AttributionHop h GROUP BY h.claimId
      ORDER BY count(*) DESC, (SELECT count(*) FROM Link l WHERE l.claimId = h.claimId) DESC, h.claimId LIMIT 1`,
  ).id;
  // A word in every source, for source.list's text filter at its most expensive.
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab_source USING fts5vocab(main, 'fts_source', 'row')`);
  const sourceWord = one<{ term: string }>(`SELECT term FROM temp.vocab_source WHERE length(term) > 3 ORDER BY doc DESC, term LIMIT 1`).term;
  const laterPage = all<{ id: number }>(`SELECT id FROM Claim WHERE sourceId = ? ORDER BY start, id LIMIT 1 OFFSET 29`, busySource)[0]?.id;

  // source.list: the page in one statement (with a text filter, the index walks its matches from the highest id down),
  // counts through the page's claims.
  const sourcePage = (from: string, order: string, ...p: unknown[]) =>
    all(
      `SELECT ${SOURCE_FIELDS}, (SELECT count(*) FROM Claim c WHERE c.sourceId = s.id) claimCount,
              (SELECT count(DISTINCT dc.disputeId) FROM Claim c CROSS JOIN DisputeClaim dc ON dc.claimId = c.id CROSS JOIN Dispute d ON d.id = dc.disputeId
                WHERE c.sourceId = s.id AND d.status = 'open') openDisputes
         FROM ${from} ORDER BY ${order} DESC LIMIT 51`,
      ...p,
    ).slice(0, 50).length;
  // Chains and links of a page of claims, by claim id.
  const chainsAndLinks = (ids: number[]) => {
    const json = JSON.stringify(ids);
    all(
      `SELECT h.claimId, h.position, h.actorId, h.relation, a.name, a.kind FROM AttributionHop h JOIN Actor a ON a.id = h.actorId
        WHERE h.claimId IN (SELECT value FROM json_each(?)) ORDER BY h.claimId, h.position`,
      json,
    );
    all(`SELECT ${LINK_FIELDS} FROM Link l JOIN Event e ON e.id = l.eventId WHERE l.claimId IN (SELECT value FROM json_each(?)) ORDER BY l.id`, json);
  };
  const claimsOfSource = (limit: number, cursor?: number) => {
    const rows = all<{ id: number }>(
      `SELECT ${CLAIM_FIELDS} FROM Claim c LEFT JOIN Actor k ON k.id = c.claimantId
        WHERE c.sourceId = @source AND (@cursor IS NULL OR (c.start, c.id) > (SELECT start, id FROM Claim WHERE id = @cursor))
        ORDER BY c.start, c.id LIMIT @limit`,
      { source: busySource, cursor: cursor ?? null, limit: limit + 1 },
    ).slice(0, limit);
    chainsAndLinks(rows.map((r) => r.id));
    return rows.length;
  };

  return [
    {
      name: `source.get, source with most claims (#${busySource})`,
      proc: 'source.get',
      input: { id: busySource },
      floor: () => {
        one(`SELECT ${SOURCE_FIELDS}, s.text, s.notes FROM Source s WHERE s.id = ?`, busySource);
        all(`SELECT id, title, createdAt FROM Source WHERE revisionOfId = ?`, busySource);
        return 1;
      },
      pgFloor: async () => {
        await pg!('source', `SELECT ${PG_SOURCE_FIELDS}, s.text, s.notes FROM "Source" s WHERE s.id = $1`, busySource);
        await pg!('revisions', `SELECT id, title, "createdAt" FROM "Source" WHERE "revisionOfId" = $1`, busySource);
        return 1;
      },
    },
    { name: 'source.list, first 50', proc: 'source.list', input: {}, floor: () => sourcePage('Source s', 's.id') },
    {
      name: `source.list, text in every source "${sourceWord}"`,
      proc: 'source.list',
      input: { q: sourceWord },
      floor: () => sourcePage(`fts_source f JOIN Source s ON s.id = f.rowid WHERE fts_source MATCH ?`, 'f.rowid', `"${sourceWord}"*`),
    },
    {
      name: `claim.listBySource, source with most claims (#${busySource})`,
      proc: 'claim.listBySource',
      input: { sourceId: busySource },
      floor: () => claimsOfSource(500),
    },
    {
      name: `claim.listBySource, 10 after the 30th claim`,
      proc: 'claim.listBySource',
      input: { sourceId: busySource, limit: 10, cursor: laterPage },
      floor: () => claimsOfSource(10, laterPage),
    },
    {
      name: `claim.get, longest chain and most links (#${busyClaim})`,
      proc: 'claim.get',
      input: { id: busyClaim },
      floor: () => {
        one(
          `SELECT ${CLAIM_FIELDS}, s.title, s.outlet, s.published, s.url, s.language FROM Claim c LEFT JOIN Actor k ON k.id = c.claimantId
             JOIN Source s ON s.id = c.sourceId WHERE c.id = ?`,
          busyClaim,
        );
        chainsAndLinks([busyClaim]);
        all(`SELECT id, rating, rationale, evidenceUrl, reviewerId, disputeId, createdAt FROM Verdict WHERE claimId = ? ORDER BY id DESC`, busyClaim);
        return 1;
      },
    },
    {
      name: `actor.search "${actorQuery}"`,
      proc: 'actor.search',
      input: { q: actorQuery },
      floor: () => {
        const keys = JSON.stringify([...new Set(nameKeys(actorQuery).filter(Boolean))]);
        // Candidates by whole key, then by key prefix (index range scans); their names, to rank; aliases of the page only.
        const candidates = all<{ id: number }>(
          `WITH exact AS (SELECT actorId, min(key) k FROM ActorNameKey WHERE key IN (SELECT value FROM json_each(@keys))
                           GROUP BY actorId ORDER BY k, actorId LIMIT 300),
                prefixed AS (SELECT n.actorId, min(n.key) k FROM json_each(@keys) p CROSS JOIN ActorNameKey n ON n.key >= p.value AND n.key < p.value || char(1114111)
                              WHERE n.actorId NOT IN (SELECT actorId FROM exact) GROUP BY n.actorId ORDER BY k, n.actorId LIMIT 300)
           SELECT a.id, a.name, (SELECT json_group_array(al.name ORDER BY al.id) FROM ActorAlias al WHERE al.actorId = a.id) aliases
             FROM Actor a WHERE a.id IN (SELECT actorId FROM exact UNION ALL SELECT actorId FROM prefixed) AND a.mergedIntoId IS NULL`,
          { keys },
        );
        const page = JSON.stringify(candidates.slice(0, 20).map((r) => r.id));
        all(`SELECT ${ACTOR_FIELDS} FROM Actor a WHERE a.id IN (SELECT value FROM json_each(?))`, page);
        all(`SELECT actorId, id, name, language FROM ActorAlias WHERE actorId IN (SELECT value FROM json_each(?)) ORDER BY id`, page);
        return Math.min(20, candidates.length);
      },
    },
    {
      name: 'actor.list, first 50',
      proc: 'actor.list',
      input: {},
      floor: () => {
        const rows = all<{ id: number }>(
          `SELECT ${ACTOR_FIELDS}, (SELECT count(*) FROM Claim c WHERE c.claimantId = a.id) claimCount
             FROM Actor a WHERE a.mergedIntoId IS NULL ORDER BY a.id LIMIT 51`,
        ).slice(0, 50);
        all(
          `SELECT actorId, id, name, language FROM ActorAlias WHERE actorId IN (SELECT value FROM json_each(?)) ORDER BY id`,
          JSON.stringify(rows.map((r) => r.id)),
        );
        return rows.length;
      },
    },
    {
      name: `actor.get, actor in most events (#${busyActor})`,
      proc: 'actor.get',
      input: { id: busyActor },
      floor: () => {
        one(`SELECT ${ACTOR_FIELDS}, (SELECT count(*) FROM Claim c WHERE c.claimantId = a.id) claimCount FROM Actor a WHERE a.id = ?`, busyActor);
        all(`SELECT id, name, language FROM ActorAlias WHERE actorId = ? ORDER BY id`, busyActor);
        all(
          `SELECT p.role, e.id, e.title, e.date FROM EventParticipant p JOIN Event e ON e.id = p.eventId WHERE p.actorId = ? ORDER BY p.id LIMIT 200`,
          busyActor,
        );
        return 1;
      },
    },
  ];
}
