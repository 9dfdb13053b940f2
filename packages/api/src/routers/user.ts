import { userCreateSchema, userUpdateSchema } from '@claimline/core';
import { idInput, router } from '../trpc.ts';
import { procedureFor, writeAs } from '../policy.ts';
import { createUser, getUser, listUsers, updateUser } from '../services/users.ts';

/** Account management, an admin's: create, change name, e-mail or role, disable or enable, reset a password. */
export const userRouter = router({
  list: procedureFor('user.manage').query(({ ctx }) => listUsers(ctx.db)),
  get: procedureFor('user.manage')
    .input(idInput)
    .query(({ ctx, input }) => getUser(ctx.db, input.id)),
  create: procedureFor('user.manage')
    .input(userCreateSchema)
    .mutation(({ ctx, input }) => writeAs(ctx.db, ctx.user, (tx) => createUser(tx, ctx.user.id, input))),
  update: procedureFor('user.manage')
    .input(userUpdateSchema)
    .mutation(({ ctx, input }) => writeAs(ctx.db, ctx.user, (tx) => updateUser(tx, ctx.user.id, input))),
});
