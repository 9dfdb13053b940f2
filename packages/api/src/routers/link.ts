import { linkCreateSchema, linkRemoveSchema, linkUpdateSchema } from '@claimline/core';
import { router } from '../trpc.ts';
import { authorize, procedureFor, writeAs } from '../policy.ts';
import { createLink, removeLink, updateLink } from '../services/links.ts';
import { linkRemoval } from '../services/record-acts.ts';

// Creating and editing links is an annotator's; an edit that ends an open dispute is refused by writeAs.
export const linkRouter = router({
  create: procedureFor('link.write')
    .input(linkCreateSchema)
    .mutation(({ ctx, input }) => writeAs(ctx.db, ctx.user, (tx) => createLink(tx, ctx.user.id, input))),
  update: procedureFor('link.write')
    .input(linkUpdateSchema)
    .mutation(({ ctx, input }) => writeAs(ctx.db, ctx.user, (tx) => updateLink(tx, ctx.user.id, input))),
  remove: procedureFor('link.write')
    .input(linkRemoveSchema)
    .mutation(({ ctx, input }) =>
      writeAs(ctx.db, ctx.user, async (tx) => {
        authorize(ctx.user, await linkRemoval(tx, input.id));
        return removeLink(tx, ctx.user.id, input);
      }),
    ),
});
