// Incremental dispute detection benchmark: the cost of one link change (update the stance of a link,
// which re-runs detection for that event inside the same transaction) on a database of N claims.
// The claim is that it grows with the claims of the event, not with the database.
// Run from the repository root:  npx tsx bench/disputes.ts [--claims 10000,1000000] [--changes 30] [--dir /tmp/claimline-bench]
// Databases are made with `claimline synth` and reused between runs (the export benchmark shares them).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { openDb, writeTx } from '@claimline/db';
import { services } from '@claimline/api';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const sizes = (args.get('claims') ?? '10000,1000000').split(',').map(Number);
const changes = Number(args.get('changes') ?? 30);
const dir = path.resolve(args.get('dir') ?? '/tmp/claimline-bench');
const root = path.resolve(import.meta.dirname, '..');
mkdirSync(dir, { recursive: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rows: string[] = [];
for (const claims of sizes) {
  const file = path.join(dir, `bench-${claims}.db`);
  if (!existsSync(file)) {
    console.log(`synthesising ${claims} claims into ${file} …`);
    execFileSync(process.execPath, [path.join(root, 'apps/cli/bin/claimline.mjs'), 'synth', '--claims', String(claims)], {
      env: { ...process.env, DATABASE_URL: `file:${file}` },
      stdio: 'inherit',
    });
  }
  const db = await openDb({ url: `file:${file}` });
  const totalLinks = await db.link.count();
  // Sample links spread over the table by id, then time one stance flip each (and flip back, untimed).
  const maxId = (await db.link.aggregate({ _max: { id: true } }))._max.id ?? 0;
  const timings: number[] = [];
  const perEvent: number[] = [];
  for (let i = 0; i < changes; i++) {
    const link = await db.link.findFirst({ where: { id: { gte: Math.floor(((i + 0.5) / changes) * maxId) } }, orderBy: { id: 'asc' } });
    if (!link) continue;
    perEvent.push(await db.link.count({ where: { eventId: link.eventId } }));
    const flipped = link.stance === 'contradicts' ? 'supports' : 'contradicts';
    const t0 = performance.now();
    const r = await writeTx(db, (tx) => services.updateLink(tx, null, { id: link.id, version: link.version, stance: flipped }));
    timings.push(performance.now() - t0);
    await writeTx(db, (tx) => services.updateLink(tx, null, { id: link.id, version: r.link.version, stance: link.stance as never }));
  }
  await db.$disconnect();
  rows.push(
    `${String(totalLinks).padStart(9)} links  ${String(claims).padStart(8)} claims  links of the event: median ${median(perEvent)}  one link change: median ${median(timings).toFixed(1)} ms (min ${Math.min(...timings).toFixed(1)}, max ${Math.max(...timings).toFixed(1)}, n=${timings.length})`,
  );
  console.log(rows.at(-1));
}
console.log('\nincremental dispute detection after one link change');
for (const r of rows) console.log(r);
