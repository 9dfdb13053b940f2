import { router, createCallerFactory } from './trpc.ts';
import { sourceRouter } from './routers/source.ts';
import { actorRouter } from './routers/actor.ts';
import { eventRouter } from './routers/event.ts';
import { claimRouter } from './routers/claim.ts';
import { linkRouter } from './routers/link.ts';
import { reviewRouter } from './routers/review.ts';
import { searchRouter } from './routers/search.ts';
import { auditRouter } from './routers/audit.ts';
import { authRouter } from './routers/auth.ts';
import { userRouter } from './routers/user.ts';

export const appRouter = router({
  auth: authRouter,
  user: userRouter,
  source: sourceRouter,
  actor: actorRouter,
  event: eventRouter,
  claim: claimRouter,
  link: linkRouter,
  review: reviewRouter,
  search: searchRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
