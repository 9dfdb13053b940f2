// Hostile and malformed input to every procedure: a clear client error, never an internal one (a 500),
// and nothing written by a refused call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from './root.ts';
import { createHarness, type Harness } from './test/harness.ts';
import { loadDemo } from './services/demo.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await loadDemo(h.db, { reviewerId: h.users.reviewer.id });
});
afterAll(async () => h?.close());

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const nasty: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  2 ** 53,
  Number.NaN,
  '',
  ' ',
  'x'.repeat(100_000),
  '<script>alert(1)</script>',
  "'; DROP TABLE Claim; --",
  '\u0000',
  '\uD800',
  '١٢٣',
  '2024-13-45',
  [],
  {},
  [1, 2],
  { id: 1 },
  true,
  '../../etc/passwd',
];

describe('fuzzing every procedure', () => {
  it('answers garbage with client errors only', async () => {
    const random = rng(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const paths = Object.keys(appRouter._def.procedures).filter((p) => p !== 'auth.logout');
    const caller = h.as('admin') as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
    const fields = [
      'id',
      'version',
      'sourceId',
      'eventId',
      'claimId',
      'start',
      'end',
      'q',
      'text',
      'title',
      'outlet',
      'name',
      'kind',
      'stance',
      'status',
      'date',
      'place',
      'asserted',
      'chain',
      'participants',
      'verdicts',
      'rationale',
      'limit',
      'cursor',
      'recordType',
      'recordId',
      'email',
      'password',
      'role',
      'alias',
      'winnerId',
      'loserId',
      'published',
      'url',
      'language',
    ];
    const before = await h.db.auditEntry.count();
    const internal: string[] = [];
    let calls = 0;
    for (const path of paths) {
      const [ns, proc] = path.split('.') as [string, string];
      for (let i = 0; i < 40; i++) {
        const input =
          random() < 0.3 ? pick(nasty) : Object.fromEntries(Array.from({ length: 1 + Math.floor(random() * 5) }, () => [pick(fields), pick(nasty)]));
        calls++;
        try {
          await caller[ns]![proc]!(input);
        } catch (e) {
          const code = (e as { code?: string }).code;
          if (!code || code === 'INTERNAL_SERVER_ERROR')
            internal.push(`${path}(${JSON.stringify(input)?.slice(0, 120)}): ${String((e as Error).message).slice(0, 200)}`);
        }
      }
    }
    expect(calls).toBeGreaterThan(1000);
    expect(internal).toEqual([]);
    // Refused calls wrote nothing. A garbage input can be valid by chance (an event needs only a
    // title, and '<script>…' is a fine title: it is stored and shown as text); such a call writes a
    // whole record with its audit entry, never a part of one.
    const written = await h.db.auditEntry.findMany({ where: { id: { gt: before } } });
    for (const w of written) {
      expect(w.action).toBe('create');
      expect((w.after as { id?: number }).id).toBe(w.recordId);
    }
    expect(written.length).toBeLessThan(10);
  });
});
