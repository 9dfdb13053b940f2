import { claimCreateSchema, claimListByEventSchema, claimListBySourceSchema, claimSetStatusSchema, claimUpdateSchema } from '@claimline/core';
import { writeTx } from '@claimline/db';
import { annotatorProcedure, authedProcedure, idInput, router } from '../trpc.ts';
import { createClaim, getClaim, listClaimsByEvent, listClaimsBySource, setClaimStatus, updateClaim } from '../services/claims.ts';

export const claimRouter = router({
  create: annotatorProcedure.input(claimCreateSchema).mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => createClaim(tx, ctx.user.id, input))),
  update: annotatorProcedure.input(claimUpdateSchema).mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => updateClaim(tx, ctx.user.id, input))),
  setStatus: annotatorProcedure
    .input(claimSetStatusSchema)
    .mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => setClaimStatus(tx, ctx.user.id, input))),
  get: authedProcedure.input(idInput).query(({ ctx, input }) => getClaim(ctx.db, input.id)),
  listBySource: authedProcedure.input(claimListBySourceSchema).query(({ ctx, input }) => listClaimsBySource(ctx.db, input)),
  listByEvent: authedProcedure.input(claimListByEventSchema).query(({ ctx, input }) => listClaimsByEvent(ctx.db, input)),
});
