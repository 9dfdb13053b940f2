// Records: source.get, actor.search.
import { nameKeys } from '@claimline/core';
import type { BenchContext, Case } from './common.ts';

export function recordCases({ all, one }: BenchContext): Case[] {
  const busySource = one<{ id: number }>(`SELECT sourceId id FROM Claim GROUP BY sourceId ORDER BY count(*) DESC LIMIT 1`).id;
  const actorName = one<{ name: string }>(
    `SELECT name FROM Actor WHERE mergedIntoId IS NULL AND kind = 'person' ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM Actor WHERE kind = 'person')`,
  ).name;
  const actorQuery = actorName.split(' ').at(-1)!.slice(0, 5);

  return [
    {
      name: `source.get, source with most claims (#${busySource})`,
      proc: 'source.get',
      input: { id: busySource },
      floor: () => {
        one(
          `SELECT id, title, outlet, outletActorId, url, language, published, publishedEarliest, authors, credit, contentHash, revisionOfId,
                    version, createdAt, updatedAt, text, notes FROM Source WHERE id = ?`,
          busySource,
        );
        all(`SELECT id, title, createdAt FROM Source WHERE revisionOfId = ?`, busySource);
        return 1;
      },
    },
    {
      name: `actor.search "${actorQuery}"`,
      proc: 'actor.search',
      input: { q: actorQuery },
      floor: () => {
        const keys = [...new Set(nameKeys(actorQuery).filter(Boolean))];
        const json = JSON.stringify(keys);
        const exact = all<{ actorId: number }>(`SELECT DISTINCT actorId FROM ActorNameKey WHERE key IN (SELECT value FROM json_each(?)) LIMIT 300`, json);
        const prefixed = all<{ actorId: number }>(
          `SELECT DISTINCT actorId FROM ActorNameKey WHERE (${keys.map(() => `key >= ? AND key < ? || char(1114111)`).join(' OR ')}) LIMIT 300`,
          ...keys.flatMap((k) => [k, k]),
        );
        const ids = JSON.stringify([...exact, ...prefixed].map((r) => r.actorId));
        const actors = all(
          `SELECT id, name, kind, wikidata, description, mergedIntoId, version, createdAt, updatedAt FROM Actor
                             WHERE id IN (SELECT value FROM json_each(?)) AND mergedIntoId IS NULL`,
          ids,
        );
        all(`SELECT actorId, id, name, language FROM ActorAlias WHERE actorId IN (SELECT value FROM json_each(?)) ORDER BY id`, ids);
        return Math.min(20, actors.length);
      },
    },
  ];
}
