// What `npm start` runs before serving (the editor's `serve` script and `claimline setup`): migrate, and in an
// empty database create the demo users and load the demo data set.
import { loadConfig, migrate, openDb, writeTx, type Db } from '@claimline/db';
import { createUser } from './users.ts';
import { loadDemo } from './demo.ts';

/** Demo logins, created only in an empty database. Printed at start; change them before real use. */
export const DEMO_USERS = [
  { email: 'admin@claimline.test', name: 'Ada Admin', role: 'admin', password: 'admin-demo-pass' },
  { email: 'reviewer@claimline.test', name: 'Rana Reviewer', role: 'reviewer', password: 'reviewer-demo-pass' },
  { email: 'annotator@claimline.test', name: 'Omar Annotator', role: 'annotator', password: 'annotator-demo-pass' },
] as const;

export interface SeedResult {
  /** Counts of the demo data set when this call loaded it (the database was empty), else null. */
  loaded: { sources: number; claims: number; disputes: number } | null;
  /** The demo logins that still exist, with their demo passwords. */
  demoLogins: (typeof DEMO_USERS)[number][];
}

/** In an empty database (no users, no sources): the demo users and the demo data set. Otherwise nothing. */
export async function seedEmptyDatabase(db: Db): Promise<SeedResult> {
  let loaded: SeedResult['loaded'] = null;
  const empty = (await db.user.count()) === 0 && (await db.source.count()) === 0;
  if (empty) {
    await writeTx(db, async (tx) => {
      for (const u of DEMO_USERS) await createUser(tx, null, u);
    });
    const reviewer = await db.user.findUniqueOrThrow({ where: { email: DEMO_USERS[1].email }, select: { id: true } });
    const r = await loadDemo(db, { reviewerId: reviewer.id });
    loaded = { sources: r.counts.sources, claims: r.counts.claims, disputes: r.counts.disputes };
  }
  const present = await db.user.findMany({ where: { email: { in: DEMO_USERS.map((u) => u.email) } }, select: { email: true } });
  return { loaded, demoLogins: DEMO_USERS.filter((u) => present.some((p) => p.email === u.email)) };
}

/** Migrates the configured database, seeds it when empty, and says what it did through `log`. */
export async function setup(log: (line: string) => void = console.log): Promise<void> {
  const m = await migrate();
  for (const problem of m.repaired) log(`repaired ${problem}`);
  if (m.applied.length) log(`applied migrations: ${m.applied.join(', ')}`);
  const db = await openDb({ onRepair: (problem) => log(`repaired ${problem}`) });
  try {
    const r = await seedEmptyDatabase(db);
    if (r.loaded) log(`loaded the demo data: ${r.loaded.sources} sources, ${r.loaded.claims} claims, ${r.loaded.disputes} disputes`);
    if (r.demoLogins.length) {
      log('demo logins (change these passwords before real use):');
      for (const u of r.demoLogins) log(`  ${u.role.padEnd(9)} ${u.email}  /  ${u.password}`);
    }
  } finally {
    await db.$disconnect();
  }
  log(`database: ${m.database}`);
  log(`editor: http://localhost:${loadConfig().port} (starting…)`);
}
