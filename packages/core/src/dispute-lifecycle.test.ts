import { describe, expect, it } from 'vitest';
import { disputeTransition, type StoredDispute } from './dispute-lifecycle.ts';
import type { DisputeFinding } from './disputes.ts';

const finding = (claims: [number, 'a' | 'b'][], explanation = 'A and B disagree.', kinds: DisputeFinding['kinds'] = ['stance']): DisputeFinding => ({
  kinds,
  claims: claims.map(([claimId, side]) => ({ claimId, side, origin: `actor:${claimId}`, stance: side === 'a' ? 'supports' : 'contradicts' })),
  conflicts: [],
  explanation,
  origins: { supports: 1, contradicts: 1 },
});
const stored = (status: string, claims: [number, 'a' | 'b'][], explanation = 'A and B disagree.'): StoredDispute => ({
  status,
  kinds: ['stance'],
  explanation,
  claims: claims.map(([claimId, side]) => ({ claimId, side, origin: `actor:${claimId}` })),
  supportOrigins: 1,
  contradictOrigins: 1,
});
const one = { supports: 1, contradicts: 1 };

describe('dispute lifecycle', () => {
  const cases: [string, StoredDispute | null, DisputeFinding | null, string, string | null][] = [
    // name, stored, finding now, action, status after
    ['no dispute, no conflict', null, null, 'none', null],
    [
      'a new conflict opens a dispute',
      null,
      finding([
        [1, 'a'],
        [2, 'b'],
      ]),
      'open',
      'open',
    ],
    [
      'an open dispute whose conflict is gone becomes void',
      stored('open', [
        [1, 'a'],
        [2, 'b'],
      ]),
      null,
      'void',
      'void',
    ],
    [
      'a resolved dispute whose conflict is gone keeps its verdict',
      stored('resolved', [
        [1, 'a'],
        [2, 'b'],
      ]),
      null,
      'none',
      'resolved',
    ],
    [
      'a void dispute stays void without a conflict',
      stored('void', [
        [1, 'a'],
        [2, 'b'],
      ]),
      null,
      'none',
      'void',
    ],
    [
      'the same conflict changes nothing',
      stored('open', [
        [1, 'a'],
        [2, 'b'],
      ]),
      finding([
        [1, 'a'],
        [2, 'b'],
      ]),
      'none',
      'open',
    ],
    [
      'a resolved dispute reopens when a new claim joins the conflict',
      stored('resolved', [
        [1, 'a'],
        [2, 'b'],
      ]),
      finding([
        [1, 'a'],
        [2, 'b'],
        [3, 'b'],
      ]),
      'reopen',
      'open',
    ],
    [
      'a resolved dispute that loses a claim is updated, not reopened',
      stored('resolved', [
        [1, 'a'],
        [2, 'b'],
        [3, 'b'],
      ]),
      finding([
        [1, 'a'],
        [2, 'b'],
      ]),
      'update',
      'resolved',
    ],
    [
      'new wording updates a resolved dispute without reopening it',
      stored('resolved', [
        [1, 'a'],
        [2, 'b'],
      ]),
      finding(
        [
          [1, 'a'],
          [2, 'b'],
        ],
        'Reworded.',
      ),
      'update',
      'resolved',
    ],
    [
      'a claim changing sides updates an open dispute',
      stored('open', [
        [1, 'a'],
        [2, 'b'],
      ]),
      finding([
        [1, 'b'],
        [2, 'a'],
      ]),
      'update',
      'open',
    ],
    [
      'a void dispute reopens when a conflict returns',
      stored('void', [
        [1, 'a'],
        [2, 'b'],
      ]),
      finding([
        [1, 'a'],
        [2, 'b'],
      ]),
      'reopen',
      'open',
    ],
  ];
  it.each(cases)('%s', (_name, existing, now, action, status) => {
    const t = disputeTransition(existing, now, one);
    expect([t.action, t.status]).toEqual([action, status]);
  });

  it('stores changed origin counts even when nothing else changed', () => {
    const t = disputeTransition(
      stored('open', [
        [1, 'a'],
        [2, 'b'],
      ]),
      finding([
        [1, 'a'],
        [2, 'b'],
      ]),
      { supports: 2, contradicts: 1 },
    );
    expect(t).toMatchObject({ action: 'none', origins: { supportOrigins: 2, contradictOrigins: 1 } });
    expect(
      disputeTransition(
        stored('open', [
          [1, 'a'],
          [2, 'b'],
        ]),
        finding([
          [1, 'a'],
          [2, 'b'],
        ]),
        one,
      ),
    ).toMatchObject({ action: 'none', origins: null });
  });

  it('an update or reopen records what the dispute was before', () => {
    const t = disputeTransition(
      stored('resolved', [
        [1, 'a'],
        [2, 'b'],
      ]),
      finding(
        [
          [1, 'a'],
          [2, 'b'],
          [3, 'b'],
        ],
        'Three now.',
      ),
      one,
    );
    expect(t).toMatchObject({ action: 'reopen', before: { status: 'resolved', explanation: 'A and B disagree.' }, fields: { explanation: 'Three now.' } });
    if (t.action === 'reopen') expect(t.claims.map((c) => c.claimId)).toEqual([1, 2, 3]);
  });
});
