// Dispute detection: whether the claims linked to one event cannot all be true, and why.
import { parseEdtf, edtfOverlap } from './edtf.ts';
import { badRequest } from './errors.ts';
import { claimOrigin, countOrigins, type ActorRef, type OriginCounts } from './origin.ts';
import { samePlace } from './place.ts';
// The export format already declares the kinds; one list, so the two can never drift apart.
import { DISPUTE_KINDS } from './export/records.ts';

export { DISPUTE_KINDS };
export type DisputeKind = (typeof DISPUTE_KINDS)[number];

export type DisputeLink = {
  linkId: number;
  claimId: number;
  sourceId: number;
  claimStatus: string;
  stance: 'supports' | 'contradicts' | 'mentions';
  quote: string;
  paraphrase: string | null;
  claimant: ActorRef | null;
  chain: ActorRef[];
  outlet: ActorRef | null;
  asserted: {
    date?: string | null;
    place?: string | null;
    participants?: { include: number[]; exclude: number[]; exclusive?: boolean } | null;
    number?: { value: number; unit: string; tolerance?: number | null } | null;
  };
};

export type DisputeEvent = { id: number; title: string; date: string | null; place: string | null };

export type DisputeOptions = { placeAliases?: string[][] };

export type DisputeFinding = {
  /** Sorted in DISPUTE_KINDS order, unique. */
  kinds: DisputeKind[];
  /** Every claim that is party to at least one conflict, by claim id. */
  claims: { claimId: number; side: 'a' | 'b'; origin: string; stance: string }[];
  /** One entry per conflicting pair and kind; `detail` says "the first" for `a`, "the second" for `b`. */
  conflicts: { kind: DisputeKind; a: number; b: number; detail: string }[];
  /** One sentence for a reviewer. */
  explanation: string;
  /** Distinct origins among all participating claims (not only those in conflict). */
  origins: { supports: number; contradicts: number };
};

/** Claims in these statuses take part; rejected and retracted claims never create a dispute. */
const PARTICIPATING = new Set(['draft', 'accepted']);

const KIND_LABELS: Record<DisputeKind, string> = {
  stance: 'stance',
  date: 'date',
  place: 'place',
  participants: 'participants',
  number: 'figures',
};

/** "stance", "date and place", "stance, date and figures": sorted, unique, for prose. */
export function describeKinds(kinds: readonly DisputeKind[]): string {
  const labels = DISPUTE_KINDS.filter((k) => kinds.includes(k)).map((k) => KIND_LABELS[k]);
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

type Prepared = {
  link: DisputeLink;
  origin: string;
  /** Who the origin is, for prose: the claimant, else the attribution. */
  originName: string;
  label: string;
  date: string | null;
  place: string | null;
  include: number[];
  exclude: number[];
  /** The include list is complete: "X did it" read as "X, and nobody else named". */
  exclusive: boolean;
  number: { value: number; unit: string; unitKey: string; tolerance: number } | null;
};

/** Actors `x` names that `y` rules out: explicitly excluded, or left out of a list `y` says is complete. */
function excludedBy(x: Pick<Prepared, 'include'>, y: Pick<Prepared, 'include' | 'exclude' | 'exclusive'>): number[] {
  return x.include.filter((id) => y.exclude.includes(id) || (y.exclusive && !y.include.includes(id)));
}

type RawConflict = { kind: DisputeKind; x: Prepared; y: Prepared };

const present = (s: string | null | undefined): string | null => (s && s.trim() ? s.trim() : null);

type Values = Omit<Prepared, 'link' | 'origin' | 'originName' | 'label'>;

/** The asserted values in the form the rules compare; `claimId` names the claim in the error for a bad date. */
function prepareValues(asserted: DisputeLink['asserted'], claimId: number): Values {
  const date = present(asserted.date);
  if (date !== null) {
    try {
      parseEdtf(date, 'asserted.date');
    } catch {
      throw badRequest('asserted.date', `claim ${claimId} asserts "${date}", which is not an EDTF date`);
    }
  }
  const n = asserted.number;
  const number =
    n && Number.isFinite(n.value) && present(n.unit)
      ? {
          value: n.value,
          unit: n.unit.trim(),
          unitKey: n.unit.trim().toLowerCase().replace(/\s+/g, ' '),
          tolerance: Number.isFinite(n.tolerance ?? 0) ? Math.max(0, n.tolerance ?? 0) : 0,
        }
      : null;
  return {
    date,
    place: present(asserted.place),
    include: asserted.participants?.include ?? [],
    exclude: asserted.participants?.exclude ?? [],
    exclusive: Boolean(asserted.participants?.exclusive) && (asserted.participants?.include.length ?? 0) > 0,
    number,
  };
}

function prepare(link: DisputeLink): Prepared {
  const { claimant, chain, outlet, claimId, asserted } = link;
  const { key, label } = claimOrigin({ claimant, chain, outlet, claimId });
  return { link, origin: key, originName: claimant?.name ?? label, label, ...prepareValues(asserted, claimId) };
}

/**
 * Two asserted numbers agree when the ranges value ± tolerance (absolute, in the link's unit) touch:
 * |a − b| ≤ tolerance(a) + tolerance(b). Different units are never compared.
 */
function numbersConflict(x: NonNullable<Prepared['number']>, y: NonNullable<Prepared['number']>): boolean {
  if (x.unitKey !== y.unitKey) return false;
  const slack = x.tolerance + y.tolerance;
  const epsilon = 1e-9 * Math.max(1, Math.abs(x.value), Math.abs(y.value));
  return Math.abs(x.value - y.value) > slack + epsilon;
}

/** Claims on one event repeat the same few dates and places; each distinct pair is compared once. */
function memoised(compare: (a: string, b: string) => boolean): (a: string, b: string) => boolean {
  const cache = new Map<string, boolean>();
  return (a, b) => {
    const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    let result = cache.get(key);
    if (result === undefined) {
      result = compare(a, b);
      cache.set(key, result);
    }
    return result;
  };
}

type Comparers = { datesOverlap: (a: string, b: string) => boolean; placesAgree: (a: string, b: string) => boolean };

function conflictsBetween(x: Prepared, y: Prepared, comparers: Comparers): DisputeKind[] {
  const kinds: DisputeKind[] = [];
  const stances = new Set([x.link.stance, y.link.stance]);
  if (stances.has('supports') && stances.has('contradicts')) kinds.push('stance');
  kinds.push(...valueConflicts(x, y, comparers));
  return kinds;
}

function valueConflicts(x: Values, y: Values, { datesOverlap, placesAgree }: Comparers): DisputeKind[] {
  const kinds: DisputeKind[] = [];
  if (x.date !== null && y.date !== null && !datesOverlap(x.date, y.date)) kinds.push('date');
  if (x.place !== null && y.place !== null && !placesAgree(x.place, y.place)) kinds.push('place');
  if (excludedBy(x, y).length || excludedBy(y, x).length) kinds.push('participants');
  if (x.number && y.number && numbersConflict(x.number, y.number)) kinds.push('number');
  return kinds;
}

/**
 * The largest group of claims with no conflict among them; among groups of that size, the one whose
 * sorted claim ids come first (so the earliest claim id wins a tie). Bron–Kerbosch with pivoting on
 * the compatibility graph; the per-event claim counts make exact search cheap, and a budget guards
 * pathological inputs, after which the best of the search so far and a greedy pass is kept.
 */
function largestCompatibleGroup(items: Prepared[], conflicting: (a: Prepared, b: Prepared) => boolean): Prepared[] {
  const compatible: boolean[][] = items.map((a, i) => items.map((b, j) => i !== j && !conflicting(a, b)));
  const better = (cand: number[], best: number[]): boolean => {
    if (cand.length !== best.length) return cand.length > best.length;
    for (let k = 0; k < cand.length; k++) if (cand[k] !== best[k]) return cand[k]! < best[k]!;
    return false;
  };
  let best: number[] = [];
  let budget = 100_000;
  const search = (r: number[], p: number[], x: number[]): void => {
    if (budget-- <= 0) return;
    if (p.length === 0 && x.length === 0) {
      const group = [...r].sort((a, b) => a - b);
      if (better(group, best)) best = group;
      return;
    }
    if (r.length + p.length < best.length) return;
    // Only r ∪ p can still reach the best size: it wins if it sorts first and p is mutually compatible
    // (r already is with all of p). Settling it here spares a search as deep as p is long per branch.
    if (best.length > 0 && r.length + p.length === best.length) {
      const group = [...r, ...p].sort((a, b) => a - b);
      if (better(group, best) && p.every((a, i) => p.every((b, j) => i === j || compatible[a]![b]))) best = group;
      return;
    }
    let pivot = -1;
    let pivotDegree = -1;
    const universal: number[] = [];
    for (const u of p) {
      const degree = p.filter((v) => compatible[u]![v]).length;
      if (degree === p.length - 1) universal.push(u);
      if (degree > pivotDegree) [pivot, pivotDegree] = [u, degree];
    }
    // p is mutually compatible: r ∪ p is the one largest group down this branch.
    if (universal.length === p.length) {
      const group = [...r, ...p].sort((a, b) => a - b);
      if (better(group, best)) best = group;
      return;
    }
    // Claims compatible with every other candidate belong to every group down this branch: take them all
    // at once (most claims of a large event conflict with few others; one level each would cost n³).
    if (universal.length > 0) {
      const taken = new Set(universal);
      search(
        [...r, ...universal],
        p.filter((v) => !taken.has(v)),
        x.filter((w) => universal.every((u) => compatible[u]![w])),
      );
      return;
    }
    for (const u of x) {
      const degree = p.filter((v) => compatible[u]![v]).length;
      if (degree > pivotDegree) [pivot, pivotDegree] = [u, degree];
    }
    const rest = [...p];
    const excluded = [...x];
    for (const v of p.filter((v) => !compatible[pivot]![v])) {
      search(
        [...r, v],
        rest.filter((w) => compatible[v]![w]),
        excluded.filter((w) => compatible[v]![w]),
      );
      rest.splice(rest.indexOf(v), 1);
      excluded.push(v);
    }
  };
  search(
    [],
    items.map((_, i) => i),
    [],
  );
  if (budget <= 0) {
    const degree = (i: number): number => compatible[i]!.filter((c) => !c).length - 1;
    const order = items.map((_, i) => i).sort((a, b) => degree(a) - degree(b) || a - b);
    const greedy: number[] = [];
    for (const i of order) if (greedy.every((g) => compatible[g]![i])) greedy.push(i);
    greedy.sort((a, b) => a - b);
    if (better(greedy, best)) best = greedy;
  }
  return best.map((i) => items[i]!);
}

/** The claim in a few words: its paraphrase without a leading "X says (that)", else a short quote. */
function claimText(link: DisputeLink): string {
  const paraphrase = present(link.paraphrase);
  if (paraphrase) {
    const body = paraphrase
      .replace(
        /^(?:[^\s,;]+\s+){0,4}[^\s,;]+\s+(?:says|say|said|states|state|stated|reports|report|reported|notes|note|noted|claims|claim|claimed|writes|write|wrote|adds|added)\s+(?:that\s+)?(?=\S)/i,
        '',
      )
      .replace(/[\s.]+$/, '')
      // "… says The talks were …" reads as a slip: lower-case a sentence-initial function word (never a name).
      .replace(/^(The|A|An|This|That|These|Those|It|Its|They|Their|There|He|His|She|Her|We|Our|Both|No|None|Some)\b/, (w) => w.toLowerCase());
    return body || paraphrase;
  }
  const quote = link.quote.replace(/\s+/g, ' ').trim();
  if (quote.length <= 100) return `“${quote.replace(/[\s.]+$/, '')}”`;
  const cut = quote.slice(0, 100);
  const space = cut.lastIndexOf(' ');
  return `“${(space > 60 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…”`;
}

const formatNumber = (v: number): string => String(Number(v.toPrecision(12)));

function nameOf(id: number, actorNames: Record<number, string>): string {
  return actorNames[id] ?? `actor #${id}`;
}

function listNames(ids: number[], actorNames: Record<number, string>): string {
  const names = [...new Set(ids)].sort((p, q) => p - q).map((id) => nameOf(id, actorNames));
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function detailOf(kind: DisputeKind, a: Prepared, b: Prepared, event: DisputeEvent, actorNames: Record<number, string>): string {
  switch (kind) {
    case 'stance':
      return `the first ${a.link.stance === 'supports' ? 'supports' : 'contradicts'} “${event.title}”, the second ${b.link.stance === 'supports' ? 'supports' : 'contradicts'} it`;
    case 'date':
      return `the dates ${a.date} and ${b.date} do not overlap`;
    case 'place':
      return `“${a.place}” and “${b.place}” are not the same place`;
    case 'participants': {
      const parts: string[] = [];
      const aOnly = excludedBy(a, b);
      const bOnly = excludedBy(b, a);
      const how = (p: Prepared, ids: number[]) =>
        p.exclude.some((id) => ids.includes(id)) ? `excludes ${ids.length > 1 ? 'them' : 'it'}` : `names only ${listNames(p.include, actorNames)}`;
      if (aOnly.length) parts.push(`the first names ${listNames(aOnly, actorNames)} as taking part, the second ${how(b, aOnly)}`);
      if (bOnly.length) parts.push(`the second names ${listNames(bOnly, actorNames)} as taking part, the first ${how(a, bOnly)}`);
      return parts.join(', and ');
    }
    case 'number': {
      const x = a.number!;
      const y = b.number!;
      const slack = x.tolerance + y.tolerance;
      return `${formatNumber(x.value)} ${x.unit} and ${formatNumber(y.value)} ${y.unit} differ${slack > 0 ? ` by more than the stated tolerance of ${formatNumber(slack)}` : ''}`;
    }
  }
}

/**
 * Whether the claims linked to `event` cannot all be true; null when they can.
 *
 * Only draft and accepted claims take part. Conflicts are pairwise:
 * - stance: one claim supports the event as described, another contradicts it ("mentions" takes no side);
 * - date: asserted EDTF dates do not overlap (edtfOverlap: approximate dates widened, uncertain not);
 * - place: asserted places differ after alias folding (samePlace, with `options.placeAliases`);
 * - participants: one claim includes an actor that the other explicitly excludes, or that the other
 *   leaves out of a list it marks `exclusive` ("the FSA declared it" read as "the FSA and no one
 *   else"); ordinary include lists are never taken as complete, so two of them do not conflict;
 * - number: same unit (case and spacing ignored) and the values differ by more than the sum of the
 *   two links' absolute tolerances (default 0); different units are not compared.
 * Asserted values are compared among all participating links, whatever their stance: a claim that
 * contradicts the event and gives a date is saying when it says the thing happened instead, and a
 * claim that only mentions the event still asserts the values it gives. The event's own date and
 * place are the editors' description, not a claim, and are never compared.
 *
 * Sides: when the stances conflict, side a is the largest mutually compatible group of the
 * non-contradicting claims in conflict (so every supporter lands on a unless it also conflicts with
 * that group on a value) and every contradicting claim is on side b. Otherwise side a is the largest
 * mutually compatible group of the claims in conflict (ties: the group with the earliest claim id)
 * and side b the rest, each of which conflicts with some claim on side a. The output depends only on
 * the set of links, not on their order.
 */
export function detectDispute(
  event: DisputeEvent,
  links: DisputeLink[],
  actorNames: Record<number, string>,
  options: DisputeOptions = {},
): DisputeFinding | null {
  const participating = links.filter((l) => PARTICIPATING.has(l.claimStatus)).sort((p, q) => p.claimId - q.claimId || p.linkId - q.linkId);
  for (let i = 1; i < participating.length; i++) {
    if (participating[i]!.claimId === participating[i - 1]!.claimId) {
      throw badRequest('links', `claim ${participating[i]!.claimId} is linked to event ${event.id} more than once`);
    }
  }
  const prepared = participating.map(prepare);
  const aliases = options.placeAliases ?? [];
  const comparers: Comparers = {
    datesOverlap: memoised((a, b) => edtfOverlap(a, b)),
    placesAgree: memoised((a, b) => samePlace(a, b, aliases)),
  };

  const raw: RawConflict[] = [];
  // Which pairs conflict, by position in `prepared` (an event can hold a thousand claims: no string keys).
  const n = prepared.length;
  const indexOf = new Map(prepared.map((p, i) => [p, i]));
  const conflictingPairs = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const x = prepared[i]!;
      const y = prepared[j]!;
      const kinds = conflictsBetween(x, y, comparers);
      for (const kind of kinds) raw.push({ kind, x, y });
      if (kinds.length) conflictingPairs[i * n + j] = conflictingPairs[j * n + i] = 1;
    }
  }
  if (raw.length === 0) return null;

  const kinds = DISPUTE_KINDS.filter((k) => raw.some((c) => c.kind === k));
  const involvedIds = new Set(raw.flatMap((c) => [c.x.link.claimId, c.y.link.claimId]));
  const involved = prepared.filter((p) => involvedIds.has(p.link.claimId));
  const conflicting = (p: Prepared, q: Prepared): boolean => conflictingPairs[indexOf.get(p)! * n + indexOf.get(q)!] === 1;
  const candidates = kinds.includes('stance') ? involved.filter((p) => p.link.stance !== 'contradicts') : involved;
  const sideA = new Set(largestCompatibleGroup(candidates, conflicting).map((p) => p.link.claimId));
  const sideOf = (p: Prepared): 'a' | 'b' => (sideA.has(p.link.claimId) ? 'a' : 'b');

  const oriented = raw.map(({ kind, x, y }) => {
    let [a, b] = [x, y];
    if (kind === 'stance') {
      if (x.link.stance !== 'supports') [a, b] = [y, x];
    } else if (sideOf(x) === 'b' && sideOf(y) === 'a') {
      [a, b] = [y, x];
    }
    return { kind, a, b };
  });
  const kindIndex = (k: DisputeKind): number => DISPUTE_KINDS.indexOf(k);
  oriented.sort((p, q) => kindIndex(p.kind) - kindIndex(q.kind) || p.a.link.claimId - q.a.link.claimId || p.b.link.claimId - q.b.link.claimId);
  const conflicts = oriented.map(({ kind, a, b }) => ({
    kind,
    a: a.link.claimId,
    b: b.link.claimId,
    detail: detailOf(kind, a, b, event, actorNames),
  }));

  const lead = oriented.find((c) => sideOf(c.a) === 'a' && sideOf(c.b) === 'b') ?? oriented[0]!;
  const pair = conflicts.filter((c) => c.a === lead.a.link.claimId && c.b === lead.b.link.claimId);
  const pairKinds = pair.map((c) => c.kind);
  const otherKinds = kinds.filter((k) => !pairKinds.includes(k));
  const clauses = [
    `${lead.a.label} says ${claimText(lead.a.link)}`,
    `${lead.b.label} says ${claimText(lead.b.link)} (${pair.map((c) => c.detail).join('; ')})`,
  ];
  if (otherKinds.length) clauses.push(`other claims also disagree on the ${describeKinds(otherKinds)}`);
  if (lead.a.origin === lead.b.origin) {
    clauses.push(`both come from one origin, ${lead.a.originName}, which contradicts itself`);
  } else if (oriented.some((c) => c.a.origin === c.b.origin)) {
    clauses.push('some of the conflicting claims come from the same origin');
  }
  if (involved.length > 2) {
    const more = involved.length - 2;
    clauses.push(`${more} more claim${more === 1 ? ' is' : 's are'} involved`);
  }
  const explanation = `${clauses.join('; ')}.`;

  const counts = countEventOrigins(prepared.map((p) => p.link));
  return {
    kinds,
    claims: involved.map((p) => ({ claimId: p.link.claimId, side: sideOf(p), origin: p.origin, stance: p.link.stance })),
    conflicts,
    explanation,
    origins: { supports: counts.supports, contradicts: counts.contradicts },
  };
}

/** Independent origins supporting, contradicting and mentioning an event, over its draft and accepted claims. */
export function countEventOrigins(links: DisputeLink[]): OriginCounts {
  return countOrigins(
    links
      .filter((l) => PARTICIPATING.has(l.claimStatus))
      .map((l) => ({
        stance: l.stance,
        originKey: claimOrigin({ claimant: l.claimant, chain: l.chain, outlet: l.outlet, claimId: l.claimId }).key,
      })),
  );
}

export type ValueKind = Exclude<DisputeKind, 'stance'>;
export type ValueClashes = Record<ValueKind, boolean>;

/**
 * For each link, which of its asserted values conflict with the value another link gives: the rules
 * `detectDispute` applies, for marking values on an event page. Only draft and accepted claims take
 * part (a rejected or retracted claim is never marked and marks nothing); a date that is not EDTF is
 * never marked (the form refuses it on save).
 */
export function valueClashes(
  links: { claimId: number; claimStatus: string; asserted: DisputeLink['asserted'] }[],
  options: DisputeOptions = {},
): ValueClashes[] {
  const aliases = options.placeAliases ?? [];
  const comparers: Comparers = {
    datesOverlap: memoised((a, b) => edtfOverlap(a, b)),
    placesAgree: memoised((a, b) => samePlace(a, b, aliases)),
  };
  const values = links.map((l) => {
    if (!PARTICIPATING.has(l.claimStatus)) return null;
    try {
      return prepareValues(l.asserted, l.claimId);
    } catch {
      return prepareValues({ ...l.asserted, date: null }, l.claimId);
    }
  });
  return values.map((x, i) => {
    const marks: ValueClashes = { date: false, place: false, participants: false, number: false };
    if (!x) return marks;
    values.forEach((y, j) => {
      if (!y || j === i) return;
      for (const kind of valueConflicts(x, y, comparers)) marks[kind as ValueKind] = true;
    });
    return marks;
  });
}
