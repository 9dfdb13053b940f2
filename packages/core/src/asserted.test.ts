import { describe, expect, it } from 'vitest';
import { assertedFromColumns, assertedToColumns, participantsOf, type AssertedValues } from './asserted.ts';
import { valueClashes } from './disputes.ts';

describe('asserted values ↔ link columns', () => {
  const cases: [string, AssertedValues][] = [
    ['nothing', { date: null, place: null, participants: null, number: null }],
    ['an exclusive participant list', { date: null, place: null, participants: { include: [1, 2], exclude: [], exclusive: true }, number: null }],
    ['an open list with exclusions', { date: null, place: null, participants: { include: [1], exclude: [5], exclusive: false }, number: null }],
    ['a date, a place, a number with tolerance', { date: '2024-12~', place: 'حميميم', participants: null, number: { value: 3.5, unit: 'km', tolerance: 0.5 } }],
    ['a number without tolerance', { date: '2024-12-07/2024-12-08', place: null, participants: null, number: { value: -2, unit: 'people', tolerance: null } }],
  ];
  it.each(cases)('%s survives columns and back', (_name, values) => {
    const columns = assertedToColumns(values);
    expect(assertedFromColumns(columns)).toEqual(values);
    // Stored as JSON text (raw SQL reads it so): the same.
    expect(assertedFromColumns({ ...columns, assertedParticipants: JSON.stringify(columns.assertedParticipants) })).toEqual(values);
  });

  it('derives the date bounds and the folded place', () => {
    const c = assertedToColumns({ date: '2024-12', place: 'al-Hasakah' });
    expect([c.assertedDateEarliest, c.assertedDateLatest]).toEqual(['2024-12-01', '2024-12-31']);
    expect(c.assertedPlaceFolded).toBeTruthy();
  });

  it('refuses a date that is not EDTF, naming the field', () => {
    expect(() => assertedToColumns({ date: 'last Tuesday' }, 'links[3].asserted.date')).toThrow(/links\[3\]\.asserted\.date/);
  });

  it('reads stored participants defensively', () => {
    expect(participantsOf(null)).toBeNull();
    expect(participantsOf('not json')).toBeNull();
    expect(participantsOf({ include: [], exclude: [], exclusive: true })).toBeNull();
    expect(participantsOf({ include: [1, 'x', 2.5], exclusive: 'yes' })).toEqual({ include: [1], exclude: [], exclusive: false });
    // An actor in both lists (a merge of the excluded actor into an included one) counts as included.
    expect(participantsOf({ include: [1, 2], exclude: [2, 3], exclusive: true })).toEqual({ include: [1, 2], exclude: [3], exclusive: true });
    // A complete list of nobody asserts nothing: the flag needs an include list.
    expect(participantsOf({ include: [], exclude: [4], exclusive: true })).toEqual({ include: [], exclude: [4], exclusive: false });
  });
});

describe('valueClashes marks what dispute detection would', () => {
  const link = (claimId: number, claimStatus: string, asserted: Parameters<typeof valueClashes>[0][number]['asserted']) => ({ claimId, claimStatus, asserted });

  it('marks participants left out of an exclusive list', () => {
    const marks = valueClashes([
      link(1, 'accepted', { participants: { include: [10], exclude: [], exclusive: true } }),
      link(2, 'draft', { participants: { include: [11], exclude: [] } }),
    ]);
    expect(marks.map((m) => m.participants)).toEqual([true, true]);
    // Without the flag, two include lists do not conflict.
    const open = valueClashes([
      link(1, 'accepted', { participants: { include: [10], exclude: [] } }),
      link(2, 'draft', { participants: { include: [11], exclude: [] } }),
    ]);
    expect(open.map((m) => m.participants)).toEqual([false, false]);
  });

  it('rejected and retracted claims are never marked and mark nothing', () => {
    const marks = valueClashes([
      link(1, 'accepted', { date: '2024-12-06' }),
      link(2, 'rejected', { date: '2025-01-01' }),
      link(3, 'retracted', { place: 'Moscow' }),
      link(4, 'draft', { place: 'Damascus' }),
    ]);
    expect(marks.every((m) => !m.date && !m.place)).toBe(true);
  });

  it('compares numbers in the same unit whatever the case and spacing, within tolerances', () => {
    const marks = valueClashes([
      link(1, 'accepted', { number: { value: 10, unit: 'People', tolerance: 1 } }),
      link(2, 'accepted', { number: { value: 12, unit: ' people ' } }),
      link(3, 'accepted', { number: { value: 11, unit: 'vehicles' } }),
    ]);
    expect(marks.map((m) => m.number)).toEqual([true, true, false]);
    const within = valueClashes([
      link(1, 'accepted', { number: { value: 10, unit: 'people', tolerance: 1 } }),
      link(2, 'accepted', { number: { value: 11, unit: 'people' } }),
    ]);
    expect(within.map((m) => m.number)).toEqual([false, false]);
  });

  it('approximate dates overlap where exact ones do not; places fold aliases', () => {
    const marks = valueClashes([
      link(1, 'accepted', { date: '2024-12~', place: 'Hmeimim' }),
      link(2, 'accepted', { date: '2024-12-30', place: 'Khmeimim Air Base' }),
      link(3, 'accepted', { date: '2025-03-01' }),
    ]);
    expect(marks.map((m) => m.date)).toEqual([true, true, true]);
    expect(marks.map((m) => m.place)).toEqual([false, false, false]);
  });
});
