import { searchQuerySchema } from '@claimline/core';
import { router } from '../trpc.ts';
import { procedureFor } from '../policy.ts';
import { searchQuery } from '../services/search.ts';

export const searchRouter = router({
  query: procedureFor('read')
    .input(searchQuerySchema)
    .query(({ ctx, input }) => searchQuery(ctx.db, input)),
});
