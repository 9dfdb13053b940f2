import { eventCreateSchema, eventListSchema, eventTimelineSchema, eventUpdateSchema } from '@claimline/core';
import { idInput, router } from '../trpc.ts';
import { procedureFor, writeAs } from '../policy.ts';
import { createEvent, getEvent, listEvents, timeline, updateEvent } from '../services/events.ts';

export const eventRouter = router({
  list: procedureFor('read')
    .input(eventListSchema)
    .query(({ ctx, input }) => listEvents(ctx.db, input)),
  timeline: procedureFor('read')
    .input(eventTimelineSchema)
    .query(({ ctx, input }) => timeline(ctx.db, input)),
  get: procedureFor('read')
    .input(idInput)
    .query(({ ctx, input }) => getEvent(ctx.db, input.id)),
  create: procedureFor('event.write')
    .input(eventCreateSchema)
    .mutation(({ ctx, input }) => writeAs(ctx.db, ctx.user, (tx) => createEvent(tx, ctx.user.id, input))),
  update: procedureFor('event.write')
    .input(eventUpdateSchema)
    .mutation(({ ctx, input }) => writeAs(ctx.db, ctx.user, (tx) => updateEvent(tx, ctx.user.id, input))),
});
