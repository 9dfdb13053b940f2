// Types for the parts of the `edtf` package (EDTF.js, which ships no typings) that edtf.ts uses.
declare module 'edtf' {
  export interface ParseConstraints {
    level?: 0 | 1 | 2 | 3;
    types?: string[];
    seasonIntervals?: boolean;
    seasonUncertainty?: boolean;
  }

  /** Plain parser output. Month values are zero-based, as in JavaScript's Date. */
  export interface Parsed {
    type: 'Date' | 'Year' | 'Decade' | 'Century' | 'Season' | 'Interval' | 'List' | 'Set';
    level: number;
    /** Date parts for Date, Year and Season; endpoints (null when open or unknown) for Interval. */
    values: Array<number | Parsed | null>;
    /** Bitmasks (or true for the whole value). */
    uncertain?: boolean | number;
    approximate?: boolean | number;
    unspecified?: number;
  }

  export interface ExtDateTime {
    readonly type: string;
    /** The value as a normalised EDTF string. */
    readonly edtf: string;
    /** Earliest instant covered, in ms since the epoch (-Infinity or null for open/unknown ends). */
    readonly min: number;
    /** Last instant covered, in ms since the epoch. */
    readonly max: number;
  }

  export function parse(input: string, constraints?: ParseConstraints): Parsed;
  export default function edtf(input: string | Parsed, constraints?: ParseConstraints): ExtDateTime;
}
