import { changePasswordSchema, loginSchema } from '@claimline/core';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';
import { procedureFor } from '../policy.ts';
import { logout } from '../services/users.ts';
import { changePassword, signIn } from '../services/sign-in.ts';
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
  /** The signed-in user's own password; their other sessions end, this one stays. */
  changePassword: procedureFor('account.password')
    .input(changePasswordSchema)
    .mutation(({ ctx, input }) => changePassword(ctx.db, ctx.user.id, ctx.sessionId, input, ctx.signInClient)),
});
