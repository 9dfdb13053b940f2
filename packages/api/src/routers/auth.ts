import { loginSchema } from '@claimline/core';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';
import { login, logout } from '../services/users.ts';
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
});
