// What part of the database an export covers, read from text the same way wherever it is given: the
// CLI's --source/--event/--since and the editor's /api/export?source=&event=&since=.
import { AppError } from '../errors.ts';

export interface SliceInput {
  /** Comma-separated record ids; the CLI's flags may repeat, so several strings are accepted. */
  source?: string | readonly string[] | null;
  event?: string | readonly string[] | null;
  /** A date (2025-01-31) or an ISO 8601 date-time; a date starts at midnight UTC. */
  since?: string | null;
}

export interface Slice {
  sourceIds: number[];
  eventIds: number[];
  since: Date | undefined;
}

/** The most ids one slice may name (each becomes a row of a temporary table, not a bound parameter). */
export const MAX_SLICE_IDS = 10_000;

function ids(value: SliceInput['source'], name: string): number[] {
  const parts = (typeof value === 'string' ? [value] : (value ?? []))
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (parts.length > MAX_SLICE_IDS) throw new AppError('BAD_REQUEST', `${name}: at most ${MAX_SLICE_IDS} ids`, name);
  for (const p of parts) {
    if (!/^[1-9]\d{0,15}$/.test(p))
      throw new AppError('BAD_REQUEST', `${name}: "${p.slice(0, 40)}" is not a record id (expected ids separated by commas)`, name);
  }
  return [...new Set(parts.map(Number))];
}

export function parseSince(value: string, name = 'since'): Date {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    throw new AppError('BAD_REQUEST', `${name}: "${value.slice(0, 40)}" is not a date (use 2025-01-31 or 2025-01-31T12:00:00Z)`, name);
  }
  const [y, m, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(y, m - 1, day));
  // JavaScript rolls 2025-02-30 over to 2 March; a date that does not exist is refused instead.
  const real = calendar.getUTCFullYear() === y && calendar.getUTCMonth() === m - 1 && calendar.getUTCDate() === day;
  const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (!real || Number.isNaN(d.getTime())) throw new AppError('BAD_REQUEST', `${name}: "${value.slice(0, 40)}" is not a real date`, name);
  return d;
}

/**
 * The slice the input names; an error naming the field when it cannot be read (`source`, `event`,
 * `since`, or the names the caller uses for them, such as the CLI's `--source`).
 */
export function parseSlice(
  input: SliceInput,
  names: { source: string; event: string; since: string } = { source: 'source', event: 'event', since: 'since' },
): Slice {
  return {
    sourceIds: ids(input.source, names.source),
    eventIds: ids(input.event, names.event),
    since: input.since ? parseSince(input.since, names.since) : undefined,
  };
}
