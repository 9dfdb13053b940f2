import { auditHistorySchema, can } from '@claimline/core';
import { router } from '../trpc.ts';
import { procedureFor } from '../policy.ts';
import { auditHistory } from '../services/history.ts';

export const auditRouter = router({
  history: procedureFor('read')
    .input(auditHistorySchema)
    .query(({ ctx, input }) => auditHistory(ctx.db, input, { showEmails: can(ctx.user.role, 'user.email') })),
});
