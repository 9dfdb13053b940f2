// Stands in for the editor's server in the CLI tests: opens each database exactly as the editor does
// (openDb, one client per process, kept open) and keeps searching and, for `rw:` databases, creating actors
// through the services, as its users would, until it is killed. Prints "ready", then one line per round:
// "ok <n>" or "error <message>".
import { services } from '@claimline/api';
import { openDb, writeTx } from '@claimline/db';

const targets = process.argv.slice(2).map((arg) => ({ write: arg.startsWith('rw:'), url: arg.replace(/^rw?:/, '') }));
const dbs = await Promise.all(targets.map(async (t) => ({ ...t, db: await openDb({ url: t.url }) })));
process.stdout.write('ready\n');
let round = 0;
for (;;) {
  round++;
  try {
    for (const { db, write } of dbs) {
      await services.searchQuery(db, { q: 'Damascus' });
      if (write) await writeTx(db, (tx) => services.createActor(tx, null, { name: `Stand-in reader ${process.pid}-${round}`, kind: 'person' }));
    }
    process.stdout.write(`ok ${round}\n`);
  } catch (e) {
    process.stdout.write(`error ${String((e as Error)?.message ?? e).split('\n')[0]}\n`);
  }
  await new Promise((r) => setTimeout(r, 100));
}
