// Writes: creating and editing a claim, creating, editing and removing a link (dispute detection included), editing
// an event, merging two actors and deciding a dispute. Each request writes for real (and is refused if stale: inputs
// read the current version first); each floor does the same reads and writes in hand-written SQL on `writer`, inside
// a transaction it rolls back. The requests work on rows made for the benchmark (two sources, their claims, links
// that only mention a typical event, actors to merge), which the next run removes first; decided disputes are
// reopened and events' descriptions toggle back, so the database stays as synthesised for every other case.
import { createHash } from 'node:crypto';
import { actorSearchKeys, foldName, makeAnchor } from '@claimline/core';
import { storedInstant } from '@claimline/db';
import type { BenchContext, Case } from './common.ts';

const MARK = 'claimline write benchmark';
const LOSERS = 100;
const CLAIMS_PER_LOSER = 10;
const SENTENCE = 'Officials said the convoy reached the border crossing before dawn, and the talks resumed after a pause. ';
const TEXT = (tag: string) => `${tag}\n\n${SENTENCE.repeat(40)}`;

type Id = { id: number };
type Versioned = { id: number; version: number };

export function writeCases({ writer, userId, one, all }: BenchContext): Case[] {
  const now = () => storedInstant(new Date());
  const rollback = <T>(fn: () => T): T => {
    writer.exec('BEGIN IMMEDIATE');
    try {
      return fn();
    } finally {
      writer.exec('ROLLBACK');
    }
  };
  const w1 = <T>(sql: string, ...p: unknown[]) => writer.prepare(sql).get(...p) as T;
  const wAll = <T>(sql: string, ...p: unknown[]) => writer.prepare(sql).all(...p) as T[];
  const run = (sql: string, ...p: unknown[]) => writer.prepare(sql).run(...p);

  // --- Setup (untimed): leftovers of an earlier run go, then the rows this run works on are made. ---
  const benchSource = (tag: string) => {
    const text = TEXT(tag);
    const hash = createHash('sha256').update(text, 'utf8').digest('hex');
    const found = w1<Id | undefined>(`SELECT id FROM Source WHERE contentHash = ?`, hash);
    if (found) return { id: found.id, text };
    const at = now();
    const r = run(
      `INSERT INTO Source (title, outlet, authors, language, text, contentHash, notes, version, createdById, createdAt, updatedAt)
       VALUES (?, 'Bench Wire', '[]', 'en', ?, ?, ?, 1, ?, ?, ?)`,
      tag,
      text,
      hash,
      MARK,
      userId,
      at,
      at,
    );
    return { id: Number(r.lastInsertRowid), text };
  };
  const setup = () => {
    const claimsSource = benchSource('Write benchmark: claims');
    const mergeSource = benchSource('Write benchmark: merges');
    const benchSources = [claimsSource.id, mergeSource.id];
    // Bench links only mention an event and assert nothing: removing them changes no dispute.
    run(`DELETE FROM Link WHERE claimId IN (SELECT id FROM Claim WHERE sourceId IN (?, ?))`, ...benchSources);
    run(`DELETE FROM Claim WHERE sourceId IN (?, ?)`, ...benchSources);
    run(`DELETE FROM Actor WHERE name >= 'Bench merge ' AND name < 'Bench merge~' AND description = ?`, MARK);
    const decided = wAll<Id>(`SELECT DISTINCT disputeId id FROM Verdict WHERE reviewerId = ? AND rationale = ?`, userId, MARK).map((d) => d.id);
    run(`DELETE FROM Verdict WHERE reviewerId = ? AND rationale = ?`, userId, MARK);
    for (const id of decided)
      run(`UPDATE Dispute SET status = 'open', resolvedAt = NULL, resolvedById = NULL, rationale = NULL WHERE id = ? AND rationale = ?`, id, MARK);

    // A typical disputed event (the middle open dispute by id; read by index, so that setup stays quick): bench links mention it.
    const eventId = w1<{ eventId: number }>(
      `SELECT eventId FROM Dispute WHERE status = 'open' ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM Dispute WHERE status = 'open')`,
    ).eventId;
    const event = { id: eventId, links: w1<{ n: number }>(`SELECT count(*) n FROM Link WHERE eventId = ?`, eventId).n };
    const claimant = w1<Id>(
      `SELECT id FROM Actor WHERE kind = 'person' AND mergedIntoId IS NULL ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM Actor WHERE kind = 'person')`,
    ).id;
    const outlet = w1<Id>(`SELECT id FROM Actor WHERE kind = 'outlet' AND mergedIntoId IS NULL ORDER BY id LIMIT 1`).id;

    // Pairs of actors to merge: LOSERS losers, each the claimant of CLAIMS_PER_LOSER claims, each with a winner of its own.
    const addActor = (name: string) => {
      const at = now();
      const id = Number(
        run(
          `INSERT INTO Actor (name, nameFolded, kind, description, version, createdAt, updatedAt) VALUES (?, ?, 'person', ?, 1, ?, ?)`,
          name,
          foldName(name),
          MARK,
          at,
          at,
        ).lastInsertRowid,
      );
      for (const key of actorSearchKeys({ name, mergedIntoId: null, aliases: [] }))
        run(`INSERT OR IGNORE INTO ActorNameKey (actorId, key) VALUES (?, ?)`, id, key);
      return id;
    };
    // Each loser's first claim mentions a disputed event of its own, so a merge re-runs detection there.
    const mentioned = wAll<Id>(`SELECT eventId id FROM Dispute WHERE status = 'open' AND eventId <> ? ORDER BY id DESC LIMIT ?`, event.id, LOSERS);
    for (let i = 0; i < LOSERS; i++) {
      addActor(`Bench merge winner ${String(i).padStart(4, '0')}`);
      const loser = addActor(`Bench merge loser ${String(i).padStart(4, '0')}`);
      for (let j = 0; j < CLAIMS_PER_LOSER; j++) {
        const start = ((i * CLAIMS_PER_LOSER + j) * 7) % 3000;
        const a = makeAnchor(mergeSource.text, start, start + 60);
        const at = now();
        const claimId = Number(
          run(
            `INSERT INTO Claim (sourceId, start, "end", quote, prefix, suffix, claimantId, status, version, createdById, createdAt, updatedAt)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', 1, ?, ?, ?)`,
            mergeSource.id,
            a.start,
            a.end,
            a.exact,
            a.prefix,
            a.suffix,
            loser,
            userId,
            at,
            at,
          ).lastInsertRowid,
        );
        run(`INSERT INTO AttributionHop (claimId, position, actorId, relation) VALUES (?, 0, ?, 'reports')`, claimId, outlet);
        const target = mentioned[i % mentioned.length]!.id;
        if (j === 0)
          run(`INSERT INTO Link (claimId, eventId, stance, version, createdAt, updatedAt) VALUES (?, ?, 'mentions', 1, ?, ?)`, claimId, target, at, at);
      }
    }
    return { claimsSource, mergeSource, event, claimant, outlet };
  };
  const { claimsSource, mergeSource, event, claimant, outlet } = writer.transaction(setup).immediate();

  // --- Shared floor pieces: what dispute detection reads for one event, and an audit entry. ---
  const detect = (eventId: number) => {
    w1(`SELECT id, title, date, place FROM Event WHERE id = ?`, eventId);
    wAll(
      `SELECT l.id, l.claimId, l.stance, l.assertedDate, l.assertedPlace, l.assertedParticipants, l.assertedNumber, l.assertedUnit, l.numberTolerance,
              c.sourceId, c.status, c.quote, c.paraphrase, c.claimantId, k.name, k.kind, s.outlet, s.outletActorId, o.name, o.kind
         FROM Link l JOIN Claim c ON c.id = l.claimId JOIN Source s ON s.id = c.sourceId
         LEFT JOIN Actor k ON k.id = c.claimantId LEFT JOIN Actor o ON o.id = s.outletActorId
        WHERE l.eventId = ? ORDER BY l.id`,
      eventId,
    );
    wAll(
      `SELECT h.claimId, a.id, a.name, a.kind FROM AttributionHop h JOIN Actor a ON a.id = h.actorId
        WHERE h.claimId IN (SELECT claimId FROM Link WHERE eventId = ?) ORDER BY h.claimId, h.position`,
      eventId,
    );
    const d = w1<Id | undefined>(`SELECT id, status, kinds, explanation, supportOrigins, contradictOrigins FROM Dispute WHERE eventId = ?`, eventId);
    if (d) wAll(`SELECT claimId, side, origin FROM DisputeClaim WHERE disputeId = ?`, d.id);
  };
  const audit = (action: string, recordType: string, recordId: number, before: unknown, after: unknown) =>
    run(
      `INSERT INTO AuditEntry (at, userId, action, recordType, recordId, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      now(),
      userId,
      action,
      recordType,
      recordId,
      before === undefined ? null : JSON.stringify(before),
      after === undefined ? null : JSON.stringify(after),
    );
  const claimRow = (id: number) => {
    const c = w1<Record<string, unknown>>(
      `SELECT c.id, c.sourceId, c.start, c."end", c.quote, c.prefix, c.suffix, c.claimantId, k.name, k.kind, c.paraphrase, c.status, c.version,
              c.createdById, c.createdAt, c.updatedAt
         FROM Claim c LEFT JOIN Actor k ON k.id = c.claimantId WHERE c.id = ?`,
      id,
    );
    const chain = wAll(
      `SELECT h.position, h.actorId, h.relation, a.name, a.kind FROM AttributionHop h JOIN Actor a ON a.id = h.actorId WHERE h.claimId = ? ORDER BY h.position`,
      id,
    );
    const links = wAll(
      `SELECT l.id, l.claimId, l.eventId, l.stance, l.assertedDate, l.assertedPlace, l.assertedParticipants, l.assertedNumber, l.assertedUnit,
              l.numberTolerance, l.note, l.version, l.createdAt, l.updatedAt, e.title, e.date
         FROM Link l JOIN Event e ON e.id = l.eventId WHERE l.claimId = ? ORDER BY l.id`,
      id,
    );
    return { ...c, chain, links };
  };
  const linkRow = (id: number) =>
    w1<Record<string, unknown>>(
      `SELECT id, claimId, eventId, stance, assertedDate, assertedPlace, assertedParticipants, assertedNumber, assertedUnit, numberTolerance, note,
              version, createdAt, updatedAt FROM Link WHERE id = ?`,
      id,
    );

  // --- Inputs: each reads what the request needs (and its current version) by an index. ---
  let n = 0;
  const nextSpan = () => {
    const start = (n++ * 13) % 3000;
    return { start, end: start + 48 };
  };
  const unlinkedBenchClaim = () =>
    one<Id | undefined>(
      `SELECT c.id FROM Claim c WHERE c.sourceId = ? AND NOT EXISTS (SELECT 1 FROM Link l WHERE l.claimId = c.id) ORDER BY c.id LIMIT 1`,
      claimsSource.id,
    );
  const linkedBenchClaim = () =>
    one<Versioned>(
      `SELECT c.id, c.version FROM Claim c WHERE c.sourceId = ? AND EXISTS (SELECT 1 FROM Link l WHERE l.claimId = c.id) ORDER BY c.id DESC LIMIT 1`,
      claimsSource.id,
    );
  const benchLink = () =>
    one<Versioned>(`SELECT l.id, l.version FROM Claim c JOIN Link l ON l.claimId = c.id WHERE c.sourceId = ? ORDER BY l.id LIMIT 1`, claimsSource.id);
  const nextPair = () => {
    const loser = one<(Versioned & { name: string }) | undefined>(
      `SELECT id, version, name FROM Actor WHERE name >= 'Bench merge loser ' AND name < 'Bench merge loser~' AND mergedIntoId IS NULL ORDER BY name LIMIT 1`,
    );
    if (!loser) throw new Error(`all ${LOSERS} bench actors to merge are merged: use fewer requests`);
    const winner = one<Versioned>(`SELECT id, version FROM Actor WHERE name = ?`, loser.name.replace('loser', 'winner'));
    return { winner, loser };
  };
  const openDispute = () => {
    const d = one<Versioned>(`SELECT id, version FROM Dispute WHERE status = 'open' ORDER BY openedAt DESC, id DESC LIMIT 1`);
    const claims = all<{ claimId: number }>(`SELECT claimId FROM DisputeClaim WHERE disputeId = ? ORDER BY claimId`, d.id);
    return { ...d, claims: claims.map((c) => c.claimId) };
  };

  const claimInput = () => ({ sourceId: claimsSource.id, ...nextSpan(), claimantId: claimant, chain: [{ actorId: outlet, relation: 'reports' }] });

  return [
    {
      name: 'claim.create, write (claimant and one hop)',
      proc: 'claim.create',
      mutation: true,
      input: claimInput,
      floor: () =>
        rollback(() => {
          const { start, end } = nextSpan();
          const text = w1<{ text: string }>(`SELECT text FROM Source WHERE id = ?`, claimsSource.id).text;
          const a = makeAnchor(text, start, end);
          wAll(`SELECT id, mergedIntoId FROM Actor WHERE id IN (?, ?)`, claimant, outlet);
          const at = now();
          const id = Number(
            run(
              `INSERT INTO Claim (sourceId, start, "end", quote, prefix, suffix, claimantId, status, version, createdById, createdAt, updatedAt)
               VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', 1, ?, ?, ?)`,
              claimsSource.id,
              a.start,
              a.end,
              a.exact,
              a.prefix,
              a.suffix,
              claimant,
              userId,
              at,
              at,
            ).lastInsertRowid,
          );
          run(`INSERT INTO AttributionHop (claimId, position, actorId, relation) VALUES (?, 0, ?, 'reports')`, id, outlet);
          audit('create', 'claim', id, undefined, claimRow(id));
          return 1;
        }),
    },
    {
      name: `link.create, write (mentions an event of ${event.links} links)`,
      proc: 'link.create',
      mutation: true,
      input: () => ({ claimId: unlinkedBenchClaim()?.id ?? 0, eventId: event.id, stance: 'mentions' }),
      floor: () =>
        rollback(() => {
          // A bench claim with no link (the merge source keeps plenty), as the request's input picks one.
          const claim = w1<Id>(
            `SELECT c.id FROM Claim c WHERE c.sourceId = ? AND NOT EXISTS (SELECT 1 FROM Link l WHERE l.claimId = c.id) LIMIT 1`,
            mergeSource.id,
          );
          w1(`SELECT id FROM Event WHERE id = ?`, event.id);
          w1(`SELECT id FROM Link WHERE claimId = ? AND eventId = ?`, claim.id, event.id);
          const at = now();
          const id = Number(
            run(`INSERT INTO Link (claimId, eventId, stance, version, createdAt, updatedAt) VALUES (?, ?, 'mentions', 1, ?, ?)`, claim.id, event.id, at, at)
              .lastInsertRowid,
          );
          audit('create', 'link', id, undefined, linkRow(id));
          detect(event.id);
          return 1;
        }),
    },
    {
      name: 'claim.update, write (paraphrase of a linked claim)',
      proc: 'claim.update',
      mutation: true,
      input: () => ({ ...linkedBenchClaim(), paraphrase: `Paraphrase ${n++}` }),
      floor: () =>
        rollback(() => {
          const c = linkedBenchClaim();
          w1(`SELECT status FROM Claim WHERE id = ?`, c.id);
          const before = claimRow(c.id);
          run(
            `UPDATE Claim SET paraphrase = ?, version = version + 1, updatedAt = ? WHERE id = ? AND version = ?`,
            `Paraphrase ${n++}`,
            now(),
            c.id,
            c.version,
          );
          for (const l of before.links as { eventId: number }[]) detect(l.eventId);
          audit('update', 'claim', c.id, before, claimRow(c.id));
          return 1;
        }),
    },
    {
      name: 'link.update, write (note)',
      proc: 'link.update',
      mutation: true,
      input: () => ({ ...benchLink(), note: `Note ${n++}` }),
      floor: () =>
        rollback(() => {
          const l = benchLink();
          const before = linkRow(l.id);
          run(`UPDATE Link SET note = ?, version = version + 1, updatedAt = ? WHERE id = ? AND version = ?`, `Note ${n++}`, now(), l.id, l.version);
          audit('update', 'link', l.id, before, linkRow(l.id));
          detect(event.id);
          return 1;
        }),
    },
    {
      name: 'link.remove, write',
      proc: 'link.remove',
      mutation: true,
      input: benchLink,
      floor: () =>
        rollback(() => {
          // The request removed the last of its kind: the floor removes a link of the merge source (rolled back).
          const l = w1<Versioned & { eventId: number }>(
            `SELECT l.id, l.version, l.eventId FROM Claim c JOIN Link l ON l.claimId = c.id WHERE c.sourceId = ? ORDER BY l.id LIMIT 1`,
            mergeSource.id,
          );
          const before = linkRow(l.id);
          w1(
            `SELECT dc.disputeId FROM DisputeClaim dc JOIN Dispute d ON d.id = dc.disputeId WHERE dc.claimId = ? AND d.status = 'open' AND d.eventId = ?`,
            before.claimId,
            l.eventId,
          );
          run(`DELETE FROM Link WHERE id = ? AND version = ?`, l.id, l.version);
          audit('delete', 'link', l.id, before, undefined);
          detect(l.eventId);
          return 1;
        }),
    },
    {
      name: `event.update, write (description; ${event.links} links)`,
      proc: 'event.update',
      mutation: true,
      input: () => {
        const e = one<{ version: number; description: string | null }>(`SELECT version, description FROM Event WHERE id = ?`, event.id);
        const d = e.description ?? '';
        return { id: event.id, version: e.version, description: d.endsWith(' (checked)') ? d.slice(0, -' (checked)'.length) : `${d} (checked)` };
      },
      floor: () =>
        rollback(() => {
          const before = w1<{ version: number }>(
            `SELECT id, title, type, date, dateEarliest, dateLatest, place, description, parentId, version, createdAt, updatedAt FROM Event WHERE id = ?`,
            event.id,
          );
          wAll(`SELECT p.actorId, p.role, a.name, a.kind FROM EventParticipant p JOIN Actor a ON a.id = p.actorId WHERE p.eventId = ? ORDER BY p.id`, event.id);
          run(
            `UPDATE Event SET description = description || ' ', version = version + 1, updatedAt = ? WHERE id = ? AND version = ?`,
            now(),
            event.id,
            before.version,
          );
          detect(event.id);
          const after = w1(`SELECT id, title, type, date, place, description, parentId, version, createdAt, updatedAt FROM Event WHERE id = ?`, event.id);
          audit('update', 'event', event.id, before, after);
          return 1;
        }),
    },
    {
      name: `actor.merge, write (a loser in ${CLAIMS_PER_LOSER} claims)`,
      proc: 'actor.merge',
      mutation: true,
      maxRequests: LOSERS,
      input: () => {
        const { winner: w, loser: l } = nextPair();
        return { winnerId: w.id, winnerVersion: w.version, loserId: l.id, loserVersion: l.version };
      },
      floor: () =>
        rollback(() => {
          const { winner: w, loser: l } = nextPair();
          const winner = w.id;
          const actor = (id: number) => ({
            ...w1<{ name: string }>(`SELECT id, name, kind, wikidata, description, mergedIntoId, version, createdAt, updatedAt FROM Actor WHERE id = ?`, id),
            aliases: wAll<{ name: string }>(`SELECT id, name, language FROM ActorAlias WHERE actorId = ? ORDER BY id`, id),
          });
          const win = actor(winner);
          const lose = actor(l.id);
          run(`INSERT OR IGNORE INTO ActorAlias (actorId, name, folded) VALUES (?, ?, ?)`, winner, lose.name, foldName(lose.name));
          run(`DELETE FROM ActorAlias WHERE actorId = ?`, l.id);
          const events = wAll<{ eventId: number }>(
            `SELECT l.eventId FROM Claim c JOIN Link l ON l.claimId = c.id WHERE c.claimantId = ? AND EXISTS (SELECT 1 FROM Dispute d WHERE d.eventId = l.eventId)
             UNION SELECT l.eventId FROM AttributionHop h JOIN Link l ON l.claimId = h.claimId WHERE h.actorId = ? AND EXISTS (SELECT 1 FROM Dispute d WHERE d.eventId = l.eventId)
             UNION SELECT l.eventId FROM Source s JOIN Claim c ON c.sourceId = s.id JOIN Link l ON l.claimId = c.id WHERE s.outletActorId = ? AND EXISTS (SELECT 1 FROM Dispute d WHERE d.eventId = l.eventId)
             UNION SELECT l.eventId FROM LinkParticipant p JOIN Link l ON l.id = p.linkId WHERE p.actorId = ?`,
            l.id,
            l.id,
            l.id,
            l.id,
          );
          run(`UPDATE Claim SET claimantId = ?, updatedAt = ? WHERE claimantId = ?`, winner, now(), l.id);
          run(`UPDATE AttributionHop SET actorId = ? WHERE actorId = ?`, winner, l.id);
          run(`UPDATE Source SET outletActorId = ?, updatedAt = ? WHERE outletActorId = ?`, winner, now(), l.id);
          wAll(`SELECT id, eventId, role FROM EventParticipant WHERE actorId = ?`, l.id);
          run(`UPDATE Actor SET mergedIntoId = ?, version = version + 1, updatedAt = ? WHERE id = ?`, winner, now(), l.id);
          run(`UPDATE Actor SET version = version + 1, updatedAt = ? WHERE id = ?`, now(), winner);
          run(`DELETE FROM ActorNameKey WHERE actorId IN (?, ?)`, l.id, winner);
          const keys = actorSearchKeys({ name: win.name, mergedIntoId: null, aliases: [...win.aliases, { name: lose.name }] });
          for (const key of keys) run(`INSERT OR IGNORE INTO ActorNameKey (actorId, key) VALUES (?, ?)`, winner, key);
          for (const e of events) detect(e.eventId);
          const after = actor(winner);
          audit('merge', 'actor', winner, { winner: win, loser: lose }, after);
          audit('merged-into', 'actor', l.id, lose, { mergedIntoId: winner });
          return 1;
        }),
    },
    {
      name: 'review.decide, write (newest open dispute)',
      proc: 'review.decide',
      mutation: true,
      input: () => {
        const d = openDispute();
        return { disputeId: d.id, version: d.version, rationale: MARK, verdicts: d.claims.map((claimId) => ({ claimId, rating: 'mixed' })) };
      },
      floor: () =>
        rollback(() => {
          const d = openDispute();
          const load = () => {
            w1(
              `SELECT d.id, d.eventId, d.kinds, d.status, d.explanation, d.supportOrigins, d.contradictOrigins, d.openedAt, d.resolvedAt, d.resolvedById,
                      d.rationale, d.version, e.title, e.date, e.place FROM Dispute d JOIN Event e ON e.id = d.eventId WHERE d.id = ?`,
              d.id,
            );
            wAll(`SELECT id, claimId, rating, rationale, evidenceUrl, reviewerId, createdAt FROM Verdict WHERE disputeId = ?`, d.id);
            wAll(
              `SELECT dc.claimId, dc.side, dc.origin, c.sourceId, c.quote, c.paraphrase, c.status, c.start, c."end", k.id, k.name, s.title, s.outlet, s.published
                 FROM DisputeClaim dc JOIN Claim c ON c.id = dc.claimId LEFT JOIN Actor k ON k.id = c.claimantId JOIN Source s ON s.id = c.sourceId
                WHERE dc.disputeId = ?`,
              d.id,
            );
            wAll(
              `SELECT h.claimId, h.relation, a.id, a.name FROM DisputeClaim dc JOIN AttributionHop h ON h.claimId = dc.claimId JOIN Actor a ON a.id = h.actorId
                WHERE dc.disputeId = ? ORDER BY h.claimId, h.position`,
              d.id,
            );
            wAll(
              `SELECT l.claimId, l.eventId, l.stance, l.assertedDate, l.assertedPlace, l.assertedParticipants, l.assertedNumber, l.assertedUnit
                 FROM Dispute d JOIN Link l ON l.eventId = d.eventId WHERE d.id = ?`,
              d.id,
            );
          };
          load();
          const at = now();
          for (const claimId of d.claims) {
            const v = Number(
              run(
                `INSERT INTO Verdict (claimId, disputeId, rating, rationale, reviewerId, version, createdAt, updatedAt) VALUES (?, ?, 'mixed', ?, ?, 1, ?, ?)`,
                claimId,
                d.id,
                MARK,
                userId,
                at,
                at,
              ).lastInsertRowid,
            );
            audit('create', 'verdict', v, undefined, { id: v, claimId, disputeId: d.id, rating: 'mixed', rationale: MARK });
          }
          run(
            `UPDATE Dispute SET status = 'resolved', resolvedAt = ?, resolvedById = ?, rationale = ?, version = version + 1, updatedAt = ? WHERE id = ? AND version = ?`,
            at,
            userId,
            MARK,
            at,
            d.id,
            d.version,
          );
          load();
          audit('resolve', 'dispute', d.id, { status: 'open', version: d.version }, { status: 'resolved', version: d.version + 1, rationale: MARK });
          return 1;
        }),
    },
  ];
}
