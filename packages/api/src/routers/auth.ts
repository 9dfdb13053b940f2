import { changePasswordSchema, loginSchema } from '@claimline/core';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';
import { procedureFor } from '../policy.ts';
import { changePassword, login, logout } from '../services/users.ts';
import { clearSessionCookie, sessionCookie } from '../http-session.ts';

export const authRouter = router({
  me: publicProcedure.query(({ ctx }) => ctx.user),
  login: publicProcedure.input(loginSchema).mutation(async ({ ctx, input }) => {
    const session = await login(ctx.db, input, ctx.clientKey);
    ctx.setCookie?.(sessionCookie(session.token, session.expiresAt));
    return session.user;
  }),
  logout: authedProcedure.mutation(async ({ ctx }) => {
    await logout(ctx.db, ctx.sessionId);
    ctx.setCookie?.(clearSessionCookie());
    return { ok: true };
  }),
  /** The signed-in user's own password; their other sessions end, this one stays. */
  changePassword: procedureFor('account.password')
    .input(changePasswordSchema)
    .mutation(({ ctx, input }) => changePassword(ctx.db, ctx.user.id, ctx.sessionId, input)),
});
