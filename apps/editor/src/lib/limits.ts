// Page sizes shared by server components (which prefetch) and client components (which read the same
// query from the cache): the query inputs must match exactly.

/** Claims fetched per source in one request (the API's maximum page). */
export const CLAIM_LIMIT = 5000;
/** Disputes per page of the review queue. */
export const QUEUE_PAGE = 25;
/** Sources per page of the sources list. */
export const SOURCE_PAGE = 25;
