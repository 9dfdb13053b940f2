import { eventCreateSchema, eventListSchema, eventUpdateSchema } from '@claimline/core';
import { writeTx } from '@claimline/db';
import { annotatorProcedure, authedProcedure, idInput, router } from '../trpc.ts';
import { createEvent, getEvent, listEvents, timeline, updateEvent } from '../services/events.ts';

export const eventRouter = router({
  list: authedProcedure.input(eventListSchema).query(({ ctx, input }) => listEvents(ctx.db, input)),
  timeline: authedProcedure
    .input(eventListSchema.pick({ from: true, to: true, actorId: true, place: true, q: true }))
    .query(({ ctx, input }) => timeline(ctx.db, input)),
  get: authedProcedure.input(idInput).query(({ ctx, input }) => getEvent(ctx.db, input.id)),
  create: annotatorProcedure.input(eventCreateSchema).mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => createEvent(tx, ctx.user.id, input))),
  update: annotatorProcedure.input(eventUpdateSchema).mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => updateEvent(tx, ctx.user.id, input))),
});
