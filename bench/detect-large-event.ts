// Dispute detection on one event with many linked claims (pure, no database): how the sides are found
// when most claims agree with each other. `npx tsx bench/detect-large-event.ts [--runs 5]`
import { detectDispute, type DisputeLink } from '../packages/core/src/index.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;

/** n claims; a share support the event, the rest contradict it; every 7th asserts one of two dates. */
function links(n: number, supportShare: number): DisputeLink[] {
  return Array.from({ length: n }, (_, i) => ({
    linkId: i + 1,
    claimId: i + 1,
    sourceId: 1,
    claimStatus: 'draft',
    stance: i < n * supportShare ? 'supports' : 'contradicts',
    quote: `quote ${i}`,
    paraphrase: null,
    claimant: { id: 1000 + i, name: `Actor ${i}`, kind: 'person' },
    chain: [],
    outlet: null,
    asserted: i % 7 === 0 ? { date: i % 2 ? '2024-12-06' : '2024-12-09' } : {},
  }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log('claims  supporting  median ms  side a  in dispute');
for (const [n, share] of [
  [30, 0.5],
  [300, 0.5],
  [300, 0.99],
  [1100, 0.5],
  [1100, 0.99],
] as const) {
  const input = links(n, share);
  const times: number[] = [];
  let finding = null;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    finding = detectDispute({ id: 1, title: 'event', date: null, place: null }, input, {});
    times.push(performance.now() - t);
  }
  const a = finding?.claims.filter((c) => c.side === 'a').length ?? 0;
  console.log(
    `${String(n).padStart(6)}  ${String(Math.round(n * share)).padStart(10)}  ${median(times).toFixed(1).padStart(9)}  ${String(a).padStart(6)}  ${String(finding?.claims.length ?? 0).padStart(10)}`,
  );
}
