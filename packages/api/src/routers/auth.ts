import { loginSchema } from '@claimline/core';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';
import { logout } from '../services/users.ts';
import { signIn } from '../services/sign-in.ts';
import { clearSessionCookie, deviceCookie, sessionCookie } from '../http-session.ts';

export const authRouter = router({
  me: publicProcedure.query(({ ctx }) => ctx.user),
  login: publicProcedure.input(loginSchema).mutation(async ({ ctx, input }) => {
    const session = await signIn(ctx.db, input, ctx.signInClient);
    ctx.setCookie?.(sessionCookie(session.token, session.expiresAt));
    ctx.setCookie?.(deviceCookie(session.deviceToken, session.deviceExpiresAt));
    return session.user;
  }),
  logout: authedProcedure.mutation(async ({ ctx }) => {
    await logout(ctx.db, ctx.sessionId);
    ctx.setCookie?.(clearSessionCookie());
    return { ok: true };
  }),
});
