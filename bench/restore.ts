// Restore benchmark: seconds and peak RSS of `claimline restore` of the JSON export of a synthetic database,
// side by side with its floor: the same tables copied by INSERT…SELECT from that database into an empty
// migrated one, in one transaction with the same pragmas, the full-text index rebuilt once (what a restore
// writes, without reading or checking a file).
// Run from the repository root:  npx tsx bench/restore.ts [--claims 1000000] [--runs 1] [--dir /tmp/claimline-bench]
// Needs /usr/bin/time (apt-get install -y time) and the database made by bench/export.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const claims = Number(args.get('claims') ?? 1_000_000);
const runs = Number(args.get('runs') ?? 1);
const dir = path.resolve(args.get('dir') ?? '/tmp/claimline-bench');
const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'apps/cli/bin/claimline.mjs');
const source = path.join(dir, `bench-${claims}.db`);
const exported = path.join(dir, `restore-${claims}.json`);
const target = path.join(dir, 'restore-target.db');
if (!existsSync(source)) {
  console.error(`bench: no ${source} (run bench/export.ts --claims ${claims} first)`);
  process.exit(1);
}

const cli = (argv: string[], db: string) =>
  execFileSync(process.execPath, [bin, ...argv], { env: { ...process.env, DATABASE_URL: `file:${db}` }, cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
if (!existsSync(exported)) cli(['export', '--format', 'json', '--out', exported], source);

const fresh = () => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  cli(['migrate'], target);
};

/** Runs a command under /usr/bin/time; returns wall seconds and peak RSS in MB. */
function measure(argv: string[]): { seconds: number; rssMb: number } {
  const r = spawnSync('/usr/bin/time', ['-f', '@@%e %M', ...argv], { env: { ...process.env, DATABASE_URL: `file:${target}` }, cwd: root, encoding: 'utf8' });
  const m = /@@([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${argv.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  return { seconds: Number(m[1]), rssMb: Number(m[2]) / 1024 };
}

// The floor, as a small better-sqlite3 script: what the restore's transaction does, straight from the tables.
const floorScript = path.join(dir, 'restore-floor.mjs');
writeFileSync(
  floorScript,
  `import Database from ${JSON.stringify(path.join(root, 'node_modules/better-sqlite3/lib/index.js'))};
import { installSearchIndex } from ${JSON.stringify(path.join(root, 'packages/db/src/search-index.ts'))};
const db = new Database(process.argv[2]);
db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL'); db.pragma('foreign_keys = ON');
db.exec(\`ATTACH \${JSON.stringify(process.argv[3])} AS src\`);
db.exec('BEGIN IMMEDIATE'); db.pragma('defer_foreign_keys = ON');
for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'fts%'").pluck().all()) db.exec(\`DROP TRIGGER "\${t}"\`);
for (const t of ${JSON.stringify(['User', 'Source', 'Actor', 'ActorAlias', 'ActorNameKey', 'Event', 'EventParticipant', 'Claim', 'AttributionHop', 'Link', 'Dispute', 'DisputeClaim', 'Verdict', 'AuditEntry'])})
  db.exec(\`INSERT INTO main."\${t}" SELECT * FROM src."\${t}"\`);
installSearchIndex(db);
db.exec('COMMIT');
`,
);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const floor: { seconds: number; rssMb: number }[] = [];
const restore: { seconds: number; rssMb: number }[] = [];
for (let i = 0; i < runs; i++) {
  fresh();
  floor.push(measure([process.execPath, '--import', 'tsx', floorScript, target, source]));
  console.log(`  copy floor run ${i + 1}: ${floor.at(-1)!.seconds.toFixed(1)} s, ${floor.at(-1)!.rssMb.toFixed(0)} MB`);
  fresh();
  restore.push(measure([process.execPath, bin, 'restore', exported]));
  console.log(`  claimline restore run ${i + 1}: ${restore.at(-1)!.seconds.toFixed(1)} s, ${restore.at(-1)!.rssMb.toFixed(0)} MB`);
}
for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
const f = median(floor.map((r) => r.seconds));
const r = median(restore.map((x) => x.seconds));
console.log(`\n${claims.toLocaleString('en')} claims, median of ${runs} run(s), export ${(statSync(exported).size / 1e6).toFixed(0)} MB\n`);
console.log('| command | seconds | × floor | peak RSS |');
console.log('|---|---:|---:|---:|');
console.log(`| INSERT…SELECT copy of the same tables (floor) | ${f.toFixed(1)} | 1.00 | ${median(floor.map((x) => x.rssMb)).toFixed(0)} MB |`);
console.log(`| \`claimline restore\` of the JSON export | ${r.toFixed(1)} | ${(r / f).toFixed(2)} | ${median(restore.map((x) => x.rssMb)).toFixed(0)} MB |`);
