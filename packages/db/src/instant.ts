// The stored form of instants, in a module of its own: the restore's reading thread needs it without the
// database driver that export-reader.ts loads.

// An instant already in the form toISOString() gives, on a day every month has: cut, not parsed (restores
// convert millions). Anything else (other offsets, precisions, the 29th to 31st) goes through Date.
const CANONICAL_INSTANT = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** The form Prisma writes DateTime in on SQLite. */
export function storedInstant(iso: string | Date): string {
  if (typeof iso === 'string' && CANONICAL_INSTANT.test(iso)) return `${iso.slice(0, 23)}+00:00`;
  return (typeof iso === 'string' ? new Date(iso) : iso).toISOString().replace('Z', '+00:00');
}
