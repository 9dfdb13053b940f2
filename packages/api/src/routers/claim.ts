import { claimCreateSchema, claimListByEventSchema, claimListBySourceSchema, claimSetStatusSchema, claimStatusAct, claimUpdateSchema } from '@claimline/core';
import { idInput, router } from '../trpc.ts';
import { authorize, procedureFor, writeAs } from '../policy.ts';
import { createClaim, getClaim, listClaimsByEvent, listClaimsBySource, setClaimStatus, updateClaim } from '../services/claims.ts';
import { claimEdit, claimStatusChange, openDisputesOfClaim } from '../services/record-acts.ts';

export const claimRouter = router({
  /** Drafts are an annotator's; creating a claim as accepted or rejected is a reviewer's decision. */
  create: procedureFor('claim.draft')
    .input(claimCreateSchema)
    .mutation(({ ctx, input }) =>
      writeAs(ctx.db, ctx.user, (tx) => {
        authorize(ctx.user, { act: claimStatusAct('draft', input.status, false), what: `creating a claim as ${input.status}` });
        return createClaim(tx, ctx.user.id, input);
      }),
    ),
  update: procedureFor('claim.draft')
    .input(claimUpdateSchema)
    .mutation(({ ctx, input }) =>
      writeAs(ctx.db, ctx.user, async (tx) => {
        authorize(ctx.user, await claimEdit(tx, input.id));
        return updateClaim(tx, ctx.user.id, input);
      }),
    ),
  setStatus: procedureFor('claim.draft')
    .input(claimSetStatusSchema)
    .mutation(({ ctx, input }) =>
      writeAs(ctx.db, ctx.user, async (tx) => {
        authorize(ctx.user, await claimStatusChange(tx, input.id, input.status));
        return setClaimStatus(tx, ctx.user.id, input);
      }),
    ),
  get: procedureFor('read')
    .input(idInput)
    .query(({ ctx, input }) => getClaim(ctx.db, input.id)),
  /** The open disputes a claim is part of: the editor hides what an annotator may not do to it. */
  openDisputes: procedureFor('read')
    .input(idInput)
    .query(({ ctx, input }) => openDisputesOfClaim(ctx.db, input.id)),
  listBySource: procedureFor('read')
    .input(claimListBySourceSchema)
    .query(({ ctx, input }) => listClaimsBySource(ctx.db, input)),
  listByEvent: procedureFor('read')
    .input(claimListByEventSchema)
    .query(({ ctx, input }) => listClaimsByEvent(ctx.db, input)),
});
