import { reviewDecideSchema, reviewQueueSchema } from '@claimline/core';
import { idInput, router } from '../trpc.ts';
import { procedureFor, writeAs } from '../policy.ts';
import { decide, getDispute, reviewQueue } from '../services/review.ts';

export const reviewRouter = router({
  queue: procedureFor('dispute.decide')
    .input(reviewQueueSchema)
    .query(({ ctx, input }) => reviewQueue(ctx.db, input)),
  /** Any signed-in user may read a dispute (the event page shows it); only reviewers decide. */
  get: procedureFor('read')
    .input(idInput)
    .query(({ ctx, input }) => getDispute(ctx.db, input.id)),
  decide: procedureFor('dispute.decide')
    .input(reviewDecideSchema)
    .mutation(({ ctx, input }) => writeAs(ctx.db, ctx.user, (tx) => decide(tx, ctx.user.id, input))),
});
