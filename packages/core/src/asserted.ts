// The values a link asserts for its event, between their two shapes: the API's nested `asserted`
// object and the Link table's columns. Every path (links service, restore, export, dispute detection,
// the editor's forms and event page) goes through these functions, so a field cannot be dropped by one
// of them: the participants' `exclusive` flag once was.
import { parseEdtf } from './edtf.ts';
import { foldName } from './fold.ts';

export type Participants = {
  include: number[];
  exclude: number[];
  /** The include list is complete: the claim names these participants and no others. */
  exclusive: boolean;
};

/** The asserted values as every layer above the database sees them (absent values are null). */
export type AssertedValues = {
  date: string | null;
  place: string | null;
  participants: Participants | null;
  number: { value: number; unit: string; tolerance: number | null } | null;
};

/** The Link columns that hold asserted values, including the derived ones (date bounds, folded place). */
export type AssertedColumns = {
  assertedDate: string | null;
  assertedDateEarliest: string | null;
  assertedDateLatest: string | null;
  assertedPlace: string | null;
  assertedPlaceFolded: string | null;
  assertedParticipants: Participants | null;
  assertedNumber: number | null;
  assertedUnit: string | null;
  numberTolerance: number | null;
};

/** The stored columns that carry meaning (the derived ones are rebuilt from these). */
export type AssertedStored = Pick<AssertedColumns, 'assertedDate' | 'assertedPlace' | 'assertedNumber' | 'assertedUnit' | 'numberTolerance'> & {
  /** JSON as stored: an object, or its text (raw SQL reads), or null. */
  assertedParticipants: unknown;
};

type AssertedInput = {
  date?: string | null;
  place?: string | null;
  participants?: { include?: number[]; exclude?: number[]; exclusive?: boolean } | null;
  number?: { value: number; unit: string; tolerance?: number | null } | null;
};

const ids = (x: unknown): number[] => (Array.isArray(x) ? x.filter((n): n is number => typeof n === 'number' && Number.isInteger(n)) : []);

/**
 * Participants from what the database holds (object or JSON text), read defensively. An empty
 * include and exclude list means no participants asserted (null), whatever the flag says: a complete
 * list of nobody is not something a claim can assert. An actor in both lists counts as included: the
 * API refuses that input, but merging the excluded actor into an included one used to store it, and a
 * stored link must always read (and restore) as a valid one.
 */
export function participantsOf(value: unknown): Participants | null {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (!v || typeof v !== 'object') return null;
  const p = v as { include?: unknown; exclude?: unknown; exclusive?: unknown };
  const include = ids(p.include);
  const exclude = ids(p.exclude).filter((id) => !include.includes(id));
  if (!include.length && !exclude.length) return null;
  return { include, exclude, exclusive: p.exclusive === true && include.length > 0 };
}

/** The actors an asserted participants value refers to (to check they exist, or to rename on merge). */
export function participantIds(p: Participants | null): number[] {
  return p ? [...new Set([...p.include, ...p.exclude])] : [];
}

/** Normalises API input (already validated by `assertedSchema`) to the shape every layer shares. */
export function assertedValues(a: AssertedInput | null | undefined): AssertedValues {
  const n = a?.number;
  return {
    date: a?.date?.trim() || null,
    place: a?.place?.trim() || null,
    participants: participantsOf(a?.participants ?? null),
    number: n ? { value: n.value, unit: n.unit, tolerance: n.tolerance ?? null } : null,
  };
}

/** The columns to write for asserted values; throws a field error on a date that is not EDTF. */
export function assertedToColumns(a: AssertedInput | null | undefined, field = 'asserted.date'): AssertedColumns {
  const v = assertedValues(a);
  const date = v.date ? parseEdtf(v.date, field) : null;
  return {
    assertedDate: date?.value ?? null,
    assertedDateEarliest: date?.earliest ?? null,
    assertedDateLatest: date?.latest ?? null,
    assertedPlace: v.place,
    assertedPlaceFolded: v.place ? foldName(v.place) : null,
    assertedParticipants: v.participants,
    assertedNumber: v.number?.value ?? null,
    assertedUnit: v.number?.unit ?? null,
    numberTolerance: v.number?.tolerance ?? null,
  };
}

/** The asserted values a stored link holds. A number needs both its value and its unit. */
export function assertedFromColumns(row: AssertedStored): AssertedValues {
  return {
    date: row.assertedDate ?? null,
    place: row.assertedPlace ?? null,
    participants: participantsOf(row.assertedParticipants),
    number:
      row.assertedNumber !== null && row.assertedNumber !== undefined && row.assertedUnit
        ? { value: row.assertedNumber, unit: row.assertedUnit, tolerance: row.numberTolerance ?? null }
        : null,
  };
}

/** Whether a link asserts anything at all. */
export function assertsAnything(v: AssertedValues): boolean {
  return v.date !== null || v.place !== null || v.participants !== null || v.number !== null;
}
