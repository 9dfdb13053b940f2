import { reviewDecideSchema, reviewQueueSchema } from '@claimline/core';
import { writeTx } from '@claimline/db';
import { authedProcedure, idInput, reviewerProcedure, router } from '../trpc.ts';
import { decide, getDispute, reviewQueue } from '../services/review.ts';

export const reviewRouter = router({
  queue: reviewerProcedure.input(reviewQueueSchema).query(({ ctx, input }) => reviewQueue(ctx.db, input)),
  /** Any signed-in user may read a dispute (the event page shows it); only reviewers decide. */
  get: authedProcedure.input(idInput).query(({ ctx, input }) => getDispute(ctx.db, input.id)),
  decide: reviewerProcedure.input(reviewDecideSchema).mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => decide(tx, ctx.user.id, input))),
});
