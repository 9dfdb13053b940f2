// Limits of the HTTP API that both ends must agree on.

/**
 * The most calls one tRPC batch request may hold: tRPC runs every call of a batch, so an unbounded batch
 * is unbounded work in one request. The editor's client batches at most this many.
 */
export const MAX_BATCH_CALLS = 50;
