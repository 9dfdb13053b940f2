import { linkCreateSchema, linkRemoveSchema, linkUpdateSchema } from '@claimline/core';
import { writeTx } from '@claimline/db';
import { annotatorProcedure, router } from '../trpc.ts';
import { createLink, removeLink, updateLink } from '../services/links.ts';

export const linkRouter = router({
  create: annotatorProcedure.input(linkCreateSchema).mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => createLink(tx, ctx.user.id, input))),
  update: annotatorProcedure.input(linkUpdateSchema).mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => updateLink(tx, ctx.user.id, input))),
  remove: annotatorProcedure.input(linkRemoveSchema).mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => removeLink(tx, ctx.user.id, input))),
});
