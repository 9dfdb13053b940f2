// Page sizes shared by server components (which prefetch) and client components (which read the same
// query from the cache): the query inputs must match exactly.

/** Claims per request when loading a source: pages are fetched one after another until all are in (the API allows up to 1,000). */
export const CLAIM_PAGE = 500;
/** At most this many pages are rendered on the server; the rest load in the browser. */
export const CLAIM_SSR_PAGES = 20;
/** Disputes per page of the review queue. */
export const QUEUE_PAGE = 25;
/** The review queue's list asks for each dispute's claim count, not its claims: the current dispute comes from review.get. */
export const QUEUE_CLAIMS = 'count' as const;
/** Sources per page of the sources list. */
export const SOURCE_PAGE = 25;
