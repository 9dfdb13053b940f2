import {
  actorAliasSchema,
  actorCreateSchema,
  actorListSchema,
  actorMergeSchema,
  actorRemoveAliasSchema,
  actorSearchSchema,
  actorUpdateSchema,
} from '@claimline/core';
import { writeTx } from '@claimline/db';
import { annotatorProcedure, authedProcedure, idInput, router } from '../trpc.ts';
import { addAlias, createActor, getActor, listActors, mergeActors, removeAlias, searchActors, updateActor } from '../services/actors.ts';

export const actorRouter = router({
  search: authedProcedure.input(actorSearchSchema).query(({ ctx, input }) => searchActors(ctx.db, input)),
  list: authedProcedure.input(actorListSchema).query(({ ctx, input }) => listActors(ctx.db, input)),
  get: authedProcedure.input(idInput).query(({ ctx, input }) => getActor(ctx.db, input.id)),
  create: annotatorProcedure.input(actorCreateSchema).mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => createActor(tx, ctx.user.id, input))),
  update: annotatorProcedure.input(actorUpdateSchema).mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => updateActor(tx, ctx.user.id, input))),
  addAlias: annotatorProcedure.input(actorAliasSchema).mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => addAlias(tx, ctx.user.id, input))),
  removeAlias: annotatorProcedure
    .input(actorRemoveAliasSchema)
    .mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => removeAlias(tx, ctx.user.id, input))),
  merge: annotatorProcedure.input(actorMergeSchema).mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => mergeActors(tx, ctx.user.id, input))),
});
