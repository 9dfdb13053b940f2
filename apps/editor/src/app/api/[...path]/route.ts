// Any other address under /api answers in JSON, as the API does, never with the HTML of a page.
import { apiNotFound } from '@claimline/api';

export const dynamic = 'force-dynamic';

const notFound = (req: Request) => apiNotFound(new URL(req.url).pathname);

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as OPTIONS, notFound as HEAD };
