import { searchQuerySchema } from '@claimline/core';
import { authedProcedure, router } from '../trpc.ts';
import { searchQuery } from '../services/search.ts';

export const searchRouter = router({
  query: authedProcedure.input(searchQuerySchema).query(({ ctx, input }) => searchQuery(ctx.db, input)),
});
