// Limits of the HTTP API that both ends must agree on.

/**
 * The most calls one tRPC batch request may hold: tRPC runs every call of a batch, so an unbounded batch
 * is unbounded work in one request. The editor's client batches at most this many.
 */
export const MAX_BATCH_CALLS = 50;

/**
 * The largest request body the API reads: a source of MAX_SOURCE_CHARS characters, JSON-escaped at worst,
 * with room for its metadata. A larger body is refused before it is read in full.
 */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

/** How deeply JSON input may nest; no procedure's input goes past a handful of levels. */
export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of arrays and objects in JSON text (strings skipped); stops counting past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return max;
}
