// Reading rows related to a page without crossing SQLite's bound-parameter limit.
//
// SQLite takes at most 999 bound parameters a statement, and Prisma binds one per key whenever it
// filters by a list (`in`) or loads a relation for many parent rows. Prisma 7 splits such a statement
// into several by itself only when it merely filters: one that also orders, limits, counts or negates
// (`orderBy`, `take`, `count`, `notIn`) fails with P2029 past 999 keys. So, in these services:
// - a page is chosen by a query whose parameters do not depend on the data: filters by search matches
//   are SQL subqueries (search.ts `ftsMatching`), never lists of matching ids;
// - a relation Prisma orders or limits hangs under at most one page (≤ 201 rows) or one chunk;
// - rows related to a page that can be many (the claims of a page of disputes, the links of an event)
//   are read by the parent's key or in chunks through `inChunks`.
// `limits.test.ts` drives every list and filter past 1,000 related rows and matches.

/** Keys per statement: well under SQLite's 999, leaving room for a query's other parameters. */
export const CHUNK = 500;

/** Runs `read` over the distinct keys, CHUNK at a time (one after another: a transaction runs one statement at a time), and concatenates the rows. */
export async function inChunks<K, T>(keys: Iterable<K>, read: (chunk: K[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(keys)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await read(unique.slice(i, i + CHUNK))));
  return out;
}

/** Rows by a key, each group in the order the rows came. */
export function groupBy<T, K>(rows: Iterable<T>, key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** `rows` in the order of `ids` (a page chosen in SQL, then read back by id); ids without a row are left out. */
export function inOrderOf<T extends { id: number }>(ids: number[], rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
