// Which asserted values of an event's claims disagree with another claim's, so the event page can mark
// them. The rules are core's (EDTF overlap, place folding); this only applies them pairwise for display.
import { edtfOverlap, samePlace } from '@claimline/core';

export interface Values {
  date: string | null;
  place: string | null;
  include: number[];
  exclude: number[];
  number: { value: number; unit: string; tolerance: number | null } | null;
}

export interface Clashes {
  date: boolean;
  place: boolean;
  participants: boolean;
  number: boolean;
}

function datesClash(a: string, b: string): boolean {
  try {
    return !edtfOverlap(a, b);
  } catch {
    return a !== b;
  }
}

function numbersClash(a: NonNullable<Values['number']>, b: NonNullable<Values['number']>): boolean {
  if (a.unit.trim().toLowerCase() !== b.unit.trim().toLowerCase()) return false;
  return Math.abs(a.value - b.value) > (a.tolerance ?? 0) + (b.tolerance ?? 0);
}

/** For each row, which of its values contradict the value some other row gives. */
export function clashes(rows: Values[]): Clashes[] {
  return rows.map((r, i) => {
    const others = rows.filter((_, j) => j !== i);
    return {
      date: !!r.date && others.some((o) => o.date && datesClash(r.date!, o.date)),
      place: !!r.place && others.some((o) => o.place && !samePlace(r.place!, o.place)),
      participants: others.some((o) => r.include.some((id) => o.exclude.includes(id)) || r.exclude.some((id) => o.include.includes(id))),
      number: !!r.number && others.some((o) => o.number && numbersClash(r.number!, o.number)),
    };
  });
}
