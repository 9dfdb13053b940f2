import { sourceImportArticleSchema, sourceImportSchema, sourceListSchema, sourceUpdateMetaSchema } from '@claimline/core';
import { idInput, router } from '../trpc.ts';
import { procedureFor, writeAs } from '../policy.ts';
import { getSource, importSource, listSources, updateSourceMeta } from '../services/sources.ts';
import { importArticle } from '../services/import-files.ts';

export const sourceRouter = router({
  list: procedureFor('read')
    .input(sourceListSchema)
    .query(({ ctx, input }) => listSources(ctx.db, input)),
  get: procedureFor('read')
    .input(idInput)
    .query(({ ctx, input }) => getSource(ctx.db, input.id)),
  import: procedureFor('source.write')
    .input(sourceImportSchema)
    .mutation(({ ctx, input }) => writeAs(ctx.db, ctx.user, (tx) => importSource(tx, ctx.user.id, input))),
  /** An uploaded .txt/.md file, read like `claimline import` reads one (front matter for the metadata). */
  importArticle: procedureFor('source.write')
    .input(sourceImportArticleSchema)
    .mutation(({ ctx, input }) => writeAs(ctx.db, ctx.user, (tx) => importArticle(tx, ctx.user.id, input))),
  updateMeta: procedureFor('source.write')
    .input(sourceUpdateMetaSchema)
    .mutation(({ ctx, input }) => writeAs(ctx.db, ctx.user, (tx) => updateSourceMeta(tx, ctx.user.id, input))),
});
