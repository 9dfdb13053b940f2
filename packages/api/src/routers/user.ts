import { userCreateSchema, userUpdateSchema } from '@claimline/core';
import { writeTx } from '@claimline/db';
import { adminProcedure, router } from '../trpc.ts';
import { createUser, listUsers, updateUser } from '../services/users.ts';

export const userRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.db)),
  create: adminProcedure.input(userCreateSchema).mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => createUser(tx, ctx.user.id, input))),
  update: adminProcedure.input(userUpdateSchema).mutation(({ ctx, input }) => writeTx(ctx.db, (tx) => updateUser(tx, ctx.user.id, input))),
});
