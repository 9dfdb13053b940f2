import { handleTrpcRequest, internalErrorResponse, methodNotAllowed } from '@claimline/api';
import { getDb } from '~/server/db.ts';

export const dynamic = 'force-dynamic';

async function handler(req: Request) {
  try {
    return await handleTrpcRequest(req, await getDb());
  } catch (e) {
    return internalErrorResponse(e, `tRPC ${new URL(req.url).pathname}`);
  }
}

/** Queries are GET, mutations POST; anything else is refused in JSON like every other API error. */
const refuse = () => methodNotAllowed(['GET', 'POST']);

export { handler as GET, handler as POST, refuse as PUT, refuse as PATCH, refuse as DELETE, refuse as OPTIONS };
