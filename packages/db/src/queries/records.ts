// Hand-written reads for record pages (sources, actors) where Prisma's query builder would aggregate or scan whole
// tables: counts for a page of records read by the page's keys, and actor candidates by name-key prefix (index range
// scans). Keys travel as one JSON parameter (json_each), so no statement binds a parameter per record; a PostgreSQL
// port replaces this file (`= ANY($1::int[])`, `LIKE` on a `text_pattern_ops` index, `json_agg(… ORDER BY …)`).
import type { Tx } from '../client.ts';

export interface SourceCounts {
  claims: number;
  openDisputes: number;
}

/**
 * Claims of each source and the open disputes one of them is part of, for a page of sources. Each source is read
 * through its claims (Claim(sourceId, start), then DisputeClaim(claimId)): the cost follows the page, not the
 * number of disputes in the database.
 */
export async function sourceCounts(tx: Tx, sourceIds: number[]): Promise<Map<number, SourceCounts>> {
  if (!sourceIds.length) return new Map();
  const rows = await tx.$queryRawUnsafe<{ id: bigint | number; claims: bigint | number; openDisputes: bigint | number }[]>(
    `SELECT p.value AS id,
            (SELECT count(*) FROM Claim c WHERE c.sourceId = p.value) AS claims,
            (SELECT count(DISTINCT dc.disputeId)
               FROM Claim c CROSS JOIN DisputeClaim dc ON dc.claimId = c.id CROSS JOIN Dispute d ON d.id = dc.disputeId
              WHERE c.sourceId = p.value AND d.status = 'open') AS openDisputes
       FROM json_each(?) p`,
    JSON.stringify(sourceIds),
  );
  return new Map(rows.map((r) => [Number(r.id), { claims: Number(r.claims), openDisputes: Number(r.openDisputes) }]));
}

/** Claims naming each actor as claimant, for a page of actors (by Claim(claimantId)). */
export async function claimantClaimCounts(tx: Tx, actorIds: number[]): Promise<Map<number, number>> {
  if (!actorIds.length) return new Map();
  const rows = await tx.$queryRawUnsafe<{ id: bigint | number; n: bigint | number }[]>(
    `SELECT p.value AS id, (SELECT count(*) FROM Claim c WHERE c.claimantId = p.value) AS n FROM json_each(?) p`,
    JSON.stringify(actorIds),
  );
  return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
}

export interface ActorCandidate {
  id: number;
  name: string;
  /** Alias names, oldest first. */
  aliases: string[];
}

/**
 * Actors to rank for a name search: up to `cap` actors with a whole key among `keys`, then up to `cap` others with a key
 * starting with one of them (in the order of their first matching key, then id), those not merged and, if given, of
 * `kind`, with their names. Whole and prefix matches are index lookups and range scans of ActorNameKey's primary key.
 */
export async function actorSearchCandidates(tx: Tx, keys: string[], kind: string | null, cap: number): Promise<ActorCandidate[]> {
  if (!keys.length) return [];
  // `key < prefix || U+10FFFF` bounds the range of keys starting with `prefix` (keys are folded text: no higher code point).
  const rows = await tx.$queryRawUnsafe<{ id: bigint | number; name: string; aliases: string }[]>(
    `WITH exact AS (
            SELECT actorId, min(key) AS first FROM ActorNameKey WHERE key IN (SELECT value FROM json_each(?))
             GROUP BY actorId ORDER BY first, actorId LIMIT ?),
          prefixed AS (
            SELECT n.actorId, min(n.key) AS first
              FROM json_each(?) p CROSS JOIN ActorNameKey n ON n.key >= p.value AND n.key < p.value || char(1114111)
             WHERE n.actorId NOT IN (SELECT actorId FROM exact)
             GROUP BY n.actorId ORDER BY first, n.actorId LIMIT ?)
     SELECT a.id, a.name, (SELECT json_group_array(al.name ORDER BY al.id) FROM ActorAlias al WHERE al.actorId = a.id) AS aliases
       FROM Actor a
      WHERE a.id IN (SELECT actorId FROM exact UNION ALL SELECT actorId FROM prefixed) AND a.mergedIntoId IS NULL AND (? IS NULL OR a.kind = ?)`,
    ...[JSON.stringify(keys), cap, JSON.stringify(keys), cap, kind, kind],
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name, aliases: JSON.parse(r.aliases) as string[] }));
}

export interface SourceListFilter {
  /** Only sources with an id below this (the last id of the previous page). */
  before?: number | null;
  outlet?: string | null;
  /** An FTS5 expression (see ftsMatchExpression): only sources whose title, outlet or text match. */
  match?: string | null;
}

/**
 * The ids of a page of sources, newest (highest id) first. With a text filter the full-text index walks its matches
 * from the highest id down and stops at the page's end, however many sources match.
 */
export async function sourceListIds(tx: Tx, filter: SourceListFilter, take: number): Promise<number[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const id = filter.match ? 'f.rowid' : 's.id';
  if (filter.match) {
    where.push('fts_source MATCH ?');
    params.push(filter.match);
  }
  if (filter.before) {
    where.push(`${id} < ?`);
    params.push(filter.before);
  }
  if (filter.outlet) {
    where.push('s.outlet = ?');
    params.push(filter.outlet);
  }
  const from = filter.match ? 'fts_source f JOIN Source s ON s.id = f.rowid' : 'Source s';
  const rows = await tx.$queryRawUnsafe<{ id: bigint | number }[]>(
    `SELECT ${id} AS id FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${id} DESC LIMIT ?`,
    ...params,
    take,
  );
  return rows.map((r) => Number(r.id));
}
