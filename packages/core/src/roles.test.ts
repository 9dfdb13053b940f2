import { describe, expect, it } from 'vitest';
import { ACTS, POLICY, can, claimEditAct, claimStatusAct, exportAct, linkRemoveAct, refusal, type Act } from './roles.ts';
import { CLAIM_STATUSES, ROLES, type ClaimStatus } from './vocabulary.ts';

describe('the role policy', () => {
  it('gives each role what the README table says', () => {
    const table = Object.fromEntries(ROLES.map((r) => [r, (Object.keys(ACTS) as Act[]).filter((a) => can(r, a))]));
    expect(table.annotator).toEqual(['read', 'source.write', 'actor.write', 'event.write', 'claim.draft', 'link.write', 'account.password', 'export.slice']);
    expect(table.reviewer).toEqual([...table.annotator!, 'claim.decide', 'dispute.alter', 'actor.merge', 'dispute.decide']);
    expect(table.admin).toEqual(Object.keys(ACTS));
    expect(can(null, 'read')).toBe(false);
    expect(Object.keys(POLICY)).toEqual(Object.keys(ACTS));
  });

  it('names the act, the role it needs and the role the user has', () => {
    expect(refusal('annotator', 'actor.merge')).toBe('merge actors: this needs the reviewer role; you are annotator');
  });

  it.each<[ClaimStatus, ClaimStatus, boolean, Act]>([
    ['draft', 'accepted', false, 'claim.decide'],
    ['draft', 'rejected', false, 'claim.decide'],
    ['accepted', 'draft', false, 'claim.decide'],
    ['rejected', 'retracted', false, 'claim.decide'],
    ['retracted', 'accepted', false, 'claim.decide'],
    ['draft', 'retracted', false, 'claim.draft'],
    ['retracted', 'draft', false, 'claim.draft'],
    ['draft', 'retracted', true, 'dispute.alter'],
    ['draft', 'accepted', true, 'claim.decide'],
    ['draft', 'draft', true, 'claim.draft'],
    ['accepted', 'accepted', false, 'claim.decide'],
  ])('a status change %s → %s (in an open dispute: %s) is %s', (from, to, disputed, act) => {
    expect(claimStatusAct(from, to, disputed)).toBe(act);
  });

  it('reviewed claims are edited by reviewers; links in open disputes are removed by reviewers; the whole database is exported by admins', () => {
    expect(CLAIM_STATUSES.map(claimEditAct)).toEqual(['claim.draft', 'claim.decide', 'claim.decide', 'claim.draft']);
    expect([linkRemoveAct(false), linkRemoveAct(true)]).toEqual(['link.write', 'dispute.alter']);
    expect(exportAct({})).toBe('export.all');
    expect(exportAct({ sourceIds: [] })).toBe('export.all');
    expect(exportAct({ sourceIds: [3] })).toBe('export.slice');
    expect(exportAct({ eventIds: [4] })).toBe('export.slice');
  });
});
