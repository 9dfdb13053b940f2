// Display helpers: EDTF dates, timestamps, stances.
import { formatEdtf } from '@claimline/core';

/** A human form of an EDTF date, or the raw value when it does not parse. */
export function showEdtf(value: string | null | undefined): string {
  if (!value) return '—';
  try {
    return formatEdtf(value);
  } catch {
    return value;
  }
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** A timestamp in a fixed form (UTC), so server and browser render the same text. */
export function showTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  return `${dateTime.format(new Date(value))} UTC`;
}

export const STANCE_LABEL: Record<string, string> = { supports: 'Supports', contradicts: 'Contradicts', mentions: 'Mentions' };

/** Cuts a long text for a list, at a word boundary. */
export function excerpt(text: string, max = 160): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const at = cut.lastIndexOf(' ');
  return `${cut.slice(0, at > max * 0.6 ? at : max)}…`;
}
