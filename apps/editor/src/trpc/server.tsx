// Server components call the API directly (no HTTP) through a caller bound to the request's user.
import 'server-only';
import { cache } from 'react';
import { createCaller, createInnerContext } from '@claimline/api';
import { getDb } from '~/server/db.ts';
import { currentUser } from '~/server/session.ts';

export const api = cache(async () => createCaller(createInnerContext({ db: await getDb(), user: await currentUser() })));
