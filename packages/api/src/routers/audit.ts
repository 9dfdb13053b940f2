import { auditHistorySchema } from '@claimline/core';
import { authedProcedure, router } from '../trpc.ts';
import { auditHistory } from '../services/history.ts';

export const auditRouter = router({
  history: authedProcedure.input(auditHistorySchema).query(({ ctx, input }) => auditHistory(ctx.db, input)),
});
