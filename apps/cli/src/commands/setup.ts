import type { Command } from 'commander';
import { services } from '@claimline/api';
import { loadConfig, writeTx } from '@claimline/db';
import { prepareDatabase, withDb } from '../db.ts';

/** Demo logins, created only in an empty database. Printed at start; change them before real use. */
export const DEMO_USERS = [
  { email: 'admin@claimline.test', name: 'Ada Admin', role: 'admin', password: 'admin-demo-pass' },
  { email: 'reviewer@claimline.test', name: 'Rana Reviewer', role: 'reviewer', password: 'reviewer-demo-pass' },
  { email: 'annotator@claimline.test', name: 'Omar Annotator', role: 'annotator', password: 'annotator-demo-pass' },
] as const;

export function register(program: Command) {
  program
    .command('setup')
    .description('what `npm start` runs first: migrate; in an empty database, create the demo users and load the demo data')
    .action(async () => {
      const m = await prepareDatabase();
      if (m.applied.length) console.log(`applied migrations: ${m.applied.join(', ')}`);
      await withDb(async (db) => {
        const empty = (await db.user.count()) === 0 && (await db.source.count()) === 0;
        if (empty) {
          await writeTx(db, async (tx) => {
            for (const u of DEMO_USERS) await services.createUser(tx, null, u);
          });
          const reviewer = await db.user.findUniqueOrThrow({ where: { email: DEMO_USERS[1].email } });
          const r = await services.loadDemo(db, { reviewerId: reviewer.id });
          console.log(`loaded the demo data: ${r.counts.sources} sources, ${r.counts.claims} claims, ${r.counts.disputes} disputes`);
        }
        const demoUsers = await db.user.findMany({ where: { email: { in: DEMO_USERS.map((u) => u.email) } }, select: { email: true } });
        if (demoUsers.length) {
          console.log('demo logins (change these passwords before real use):');
          for (const u of DEMO_USERS) if (demoUsers.some((d) => d.email === u.email)) console.log(`  ${u.role.padEnd(9)} ${u.email}  /  ${u.password}`);
        }
      });
      console.log(`database: ${m.databasePath}`);
      console.log(`editor: http://localhost:${loadConfig().port} (starting…)`);
    });
}
