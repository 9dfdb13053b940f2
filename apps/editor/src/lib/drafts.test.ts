import { describe, expect, it } from 'vitest';
import { linkCreateSchema } from '@claimline/core';
import { emptyLink, linkDraftOf, linkInput } from './drafts.ts';
import type { ClaimLink } from '~/app/sources/[id]/types.ts';

const saved = (assertedParticipants: unknown) =>
  ({
    id: 7,
    eventId: 3,
    event: { title: 'Declaration', date: '2024-12-08' },
    stance: 'supports',
    assertedDate: '2024-12-08',
    assertedPlace: 'Damascus',
    assertedParticipants,
    assertedNumber: 5,
    assertedUnit: 'people',
    numberTolerance: 1,
    note: 'n',
  }) as unknown as ClaimLink;

describe('link drafts', () => {
  it('editing a link keeps every asserted value, the exclusive flag included', () => {
    const input = linkInput(linkDraftOf(saved({ include: [1, 2], exclude: [3], exclusive: true })));
    expect(input.asserted).toEqual({
      date: '2024-12-08',
      place: 'Damascus',
      participants: { include: [1, 2], exclude: [3], exclusive: true },
      number: { value: 5, unit: 'people', tolerance: 1 },
    });
    expect(linkCreateSchema.parse({ claimId: 1, eventId: 3, ...input }).asserted.participants?.exclusive).toBe(true);
  });

  it('a list that is not marked complete stays so, and an empty list asserts no participants', () => {
    expect(linkInput(linkDraftOf(saved({ include: [1], exclude: [] }))).asserted.participants).toEqual({ include: [1], exclude: [], exclusive: false });
    expect(linkInput({ ...emptyLink(), exclusive: true }).asserted.participants).toBeNull();
    // "No one else" needs someone: with only an exclude list the flag is dropped.
    expect(linkInput({ ...emptyLink(), exclude: [4], exclusive: true }).asserted.participants).toEqual({ include: [], exclude: [4], exclusive: false });
  });
});
