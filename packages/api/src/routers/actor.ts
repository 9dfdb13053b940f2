import {
  actorAliasSchema,
  actorCreateSchema,
  actorListSchema,
  actorMergeSchema,
  actorRemoveAliasSchema,
  actorSearchSchema,
  actorUpdateSchema,
} from '@claimline/core';
import { idInput, router } from '../trpc.ts';
import { procedureFor, writeAs } from '../policy.ts';
import { addAlias, createActor, getActor, listActors, mergeActors, removeAlias, searchActors, updateActor } from '../services/actors.ts';

export const actorRouter = router({
  search: procedureFor('read')
    .input(actorSearchSchema)
    .query(({ ctx, input }) => searchActors(ctx.db, input)),
  list: procedureFor('read')
    .input(actorListSchema)
    .query(({ ctx, input }) => listActors(ctx.db, input)),
  get: procedureFor('read')
    .input(idInput)
    .query(({ ctx, input }) => getActor(ctx.db, input.id)),
  create: procedureFor('actor.write')
    .input(actorCreateSchema)
    .mutation(({ ctx, input }) => writeAs(ctx.db, ctx.user, (tx) => createActor(tx, ctx.user.id, input))),
  update: procedureFor('actor.write')
    .input(actorUpdateSchema)
    .mutation(({ ctx, input }) => writeAs(ctx.db, ctx.user, (tx) => updateActor(tx, ctx.user.id, input))),
  addAlias: procedureFor('actor.write')
    .input(actorAliasSchema)
    .mutation(({ ctx, input }) => writeAs(ctx.db, ctx.user, (tx) => addAlias(tx, ctx.user.id, input))),
  removeAlias: procedureFor('actor.write')
    .input(actorRemoveAliasSchema)
    .mutation(({ ctx, input }) => writeAs(ctx.db, ctx.user, (tx) => removeAlias(tx, ctx.user.id, input))),
  merge: procedureFor('actor.merge')
    .input(actorMergeSchema)
    .mutation(({ ctx, input }) => writeAs(ctx.db, ctx.user, (tx) => mergeActors(tx, ctx.user.id, input))),
});
