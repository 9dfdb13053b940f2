// A fresh migrated database per test file, with one user per role and a caller for each: SQLite, or PostgreSQL when
// CLAIMLINE_TEST_ENGINE=postgresql (a database of its own on the run's throwaway cluster).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, openDb, writeTx, type Db } from '@claimline/db';
import { postgresDatabase, testEngine } from '@claimline/db/test/postgres-db';
import { createCaller } from '../root.ts';
import { createInnerContext, type SessionUser } from '../context.ts';
import { createUser } from '../services/users.ts';

export interface Harness {
  db: Db;
  dir: string;
  url: string;
  users: Record<'annotator' | 'reviewer' | 'admin', SessionUser>;
  as: (role: 'annotator' | 'reviewer' | 'admin' | 'anonymous') => ReturnType<typeof createCaller>;
  close: () => Promise<void>;
}

export async function createHarness(): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'claimline-api-'));
  const url = testEngine === 'postgresql' ? await postgresDatabase() : `file:${path.join(dir, 'test.db')}`;
  await migrate(url);
  const db = await openDb({ url });
  const users = {} as Harness['users'];
  await writeTx(db, async (tx) => {
    for (const role of ['annotator', 'reviewer', 'admin'] as const) {
      const u = await createUser(tx, null, { email: `${role}@test.example`, name: `Test ${role}`, role, password: `${role}-password-1` });
      users[role] = { id: u.id, email: u.email, name: u.name, role };
    }
  });
  return {
    db,
    dir,
    url,
    users,
    as: (role) => createCaller(createInnerContext({ db, user: role === 'anonymous' ? null : users[role] })),
    close: async () => {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The tRPC error code a promise rejects with. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code ?? 'UNKNOWN';
  }
  return 'RESOLVED';
}

type QueuePage = { items: object[]; nextCursor: number | null; total: number };

/** A review.queue page whose items all carry `key`, typed so: tRPC types the output of both forms as one union. */
function narrowed<K extends string, P extends QueuePage>(key: K, page: P) {
  type Item = Extract<P['items'][number], Record<K, unknown>>;
  const items = page.items.map((d) => {
    if (!(key in d)) throw new Error(`review.queue: a dispute came without ${key}`);
    return d as Item;
  });
  return { items, nextCursor: page.nextCursor, total: page.total };
}

/** A review.queue page in its default form (claims 'all'): each dispute with its claims. */
export const withClaims = <P extends QueuePage>(page: P) => narrowed('claims', page);

/** A review.queue page in its list form (claims 'count'): each dispute with its claimCount. */
export const withCounts = <P extends QueuePage>(page: P) => narrowed('claimCount', page);
