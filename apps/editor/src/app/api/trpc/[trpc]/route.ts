import { handleTrpcRequest } from '@claimline/api';
import { getDb } from '~/server/db.ts';

export const dynamic = 'force-dynamic';

async function handler(req: Request) {
  return handleTrpcRequest(req, await getDb());
}

export { handler as GET, handler as POST };
