import { handleTrpcRequest, internalErrorResponse } from '@claimline/api';
import { getDb } from '~/server/db.ts';

export const dynamic = 'force-dynamic';

async function handler(req: Request) {
  try {
    return await handleTrpcRequest(req, await getDb());
  } catch (e) {
    return internalErrorResponse(e, `tRPC ${new URL(req.url).pathname}`);
  }
}

export { handler as GET, handler as POST };
