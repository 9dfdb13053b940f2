import { sourceImportArticleSchema, sourceImportSchema, sourceListSchema, sourceUpdateMetaSchema } from '@claimline/core';
import { writeTx } from '@claimline/db';
import { annotatorProcedure, authedProcedure, idInput, router } from '../trpc.ts';
import { getSource, importSource, listSources, updateSourceMeta } from '../services/sources.ts';
import { importArticle } from '../services/import-files.ts';

export const sourceRouter = router({
  list: authedProcedure.input(sourceListSchema).query(({ ctx, input }) => listSources(ctx.db, input)),
  get: authedProcedure.input(idInput).query(({ ctx, input }) => getSource(ctx.db, input.id)),
  import: annotatorProcedure.input(sourceImportSchema).mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => importSource(tx, ctx.user.id, input))),
  /** An uploaded .txt/.md file, read like `claimline import` reads one (front matter for the metadata). */
  importArticle: annotatorProcedure
    .input(sourceImportArticleSchema)
    .mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => importArticle(tx, ctx.user.id, input))),
  updateMeta: annotatorProcedure
    .input(sourceUpdateMetaSchema)
    .mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => updateSourceMeta(tx, ctx.user.id, input))),
});
