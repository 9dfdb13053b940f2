// Independent origins of claims: who asserted a claim first-hand, so that repeats of one report count once.

export type ActorRef = { id: number; name: string; kind: string };

export type ClaimOriginInput = {
  /** The actor who asserts the claim; null when the printing outlet speaks without naming anyone. */
  claimant: ActorRef | null;
  /** Attribution hops, outermost first: the outlet that printed it, then whom it cites. Never the claimant. */
  chain: ActorRef[];
  /** The source's outlet. */
  outlet: ActorRef | null;
  /** Only used when nothing at all is attributed: the claim then counts as an origin of its own. */
  claimId?: number;
};

export type ClaimOrigin = { key: string; label: string };

const isAnonymous = (a: ActorRef): boolean => a.kind === 'anonymous';
const isOutlet = (a: ActorRef): boolean => a.kind === 'outlet';

/**
 * The hops from the page inwards: the source outlet, then the chain. The chain usually starts with
 * the source outlet itself and must not repeat the claimant; both slips are tolerated here.
 */
function hopsOf(claimant: ActorRef | null, chain: ActorRef[], outlet: ActorRef | null): ActorRef[] {
  const hops: ActorRef[] = [];
  for (const hop of outlet ? [outlet, ...chain] : chain) {
    if (hops.length > 0 && hops[hops.length - 1]!.id === hop.id) continue;
    hops.push(hop);
  }
  const last = hops[hops.length - 1];
  if (claimant && last && last.id === claimant.id) hops.pop();
  return hops;
}

function innermostNamed(hops: ActorRef[]): ActorRef | undefined {
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!isAnonymous(hop)) return hop;
  }
  return undefined;
}

/**
 * The first-hand asserter of a claim.
 * - A named claimant (anything but kind "anonymous") is its own origin, however it reached the
 *   page: a minister quoted by two outlets, or the FT as relayed by Caliber.Az, counts once. An
 *   outlet speaking in its own voice is the same case.
 * - An anonymous claimant's origin is the innermost named hop that reported it, combined with the
 *   claimant: the FT's unnamed sources are one origin whether read in the FT or in Caliber.Az.
 * - Without a claimant, the innermost named hop speaks in its own voice (with an empty chain, the
 *   source outlet).
 * - With nothing named at all, the claim is an origin of its own (`claim:<id>`), so that unknowns
 *   are never merged into one.
 */
export function claimOrigin(input: ClaimOriginInput): ClaimOrigin {
  const { claimant, chain, outlet } = input;
  const label = describeAttribution(claimant, chain, outlet);
  const hops = hopsOf(claimant, chain, outlet);
  if (claimant && !isAnonymous(claimant)) return { key: `actor:${claimant.id}`, label };
  const reporter = innermostNamed(hops);
  if (claimant && reporter) return { key: `anonymous:${reporter.id}:${claimant.id}`, label };
  if (!claimant && reporter) return { key: `actor:${reporter.id}`, label };
  return { key: input.claimId === undefined ? 'unattributed' : `claim:${input.claimId}`, label };
}

/**
 * A readable phrase for who says it and how it reached the page, for explanations: the innermost
 * outlet on the path (the outlet whose report it is), then the other named actors on the path in
 * page order: "Financial Times (via Caliber.Az)" for the FT's unnamed sources as printed by
 * Caliber.Az, "Asharq Al-Awsat (via Rami Shaar)" for Shaar quoted by Asharq Al-Awsat, "Al Jazeera
 * (via Anadolu Agency, Asaad al-Shaibani)" for al-Shaibani in Al Jazeera's documentary as reported
 * by AA. Anonymous actors are left out unless nobody is named: the named hop that vouches for them
 * is what a reviewer weighs. Without any outlet, the innermost named actor leads.
 */
export function describeAttribution(claimant: ActorRef | null, chain: ActorRef[], outlet: ActorRef | null): string {
  const hops = hopsOf(claimant, chain, outlet);
  const path = (claimant ? [...hops, claimant] : hops).filter((a) => !isAnonymous(a));
  const lead = [...path].reverse().find(isOutlet) ?? path[path.length - 1];
  if (!lead) return claimant ? claimant.name : 'an unattributed source';
  const others = path.filter((a) => a !== lead);
  return others.length ? `${lead.name} (via ${others.map((a) => a.name).join(', ')})` : lead.name;
}

export type OriginCounts = { supports: number; contradicts: number; mentions: number };

/** How many distinct origins take each stance. One origin taking two stances counts under both. */
export function countOrigins(items: { stance: string; originKey: string }[]): OriginCounts {
  const seen = { supports: new Set<string>(), contradicts: new Set<string>(), mentions: new Set<string>() };
  for (const item of items) {
    if (item.stance === 'supports' || item.stance === 'contradicts' || item.stance === 'mentions') {
      seen[item.stance].add(item.originKey);
    }
  }
  return { supports: seen.supports.size, contradicts: seen.contradicts.size, mentions: seen.mentions.size };
}
