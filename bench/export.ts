// Export benchmark: seconds and peak RSS of `claimline export` in json, jsonl, csv and sqlite on a
// synthetic database, side by side with the sqlite3 shell dumping the same tables as JSON (the floor).
// Run from the repository root:  npx tsx bench/export.ts [--claims 1000000] [--runs 3] [--dir /tmp/claimline-bench] [--formats json,jsonl,csv,sqlite]
// Needs /usr/bin/time and the sqlite3 shell (apt-get install -y time sqlite3).
// --engine postgresql [--pg postgresql://postgres@127.0.0.1:55499] exports the PostgreSQL twin bench_<claims>
// (bench/pg-twin.sh) instead, against psql writing the same tables as JSON (`\copy (SELECT json_agg(t) …) TO …`).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const claims = Number(args.get('claims') ?? 1_000_000);
const runs = Number(args.get('runs') ?? 1);
const dir = path.resolve(args.get('dir') ?? '/tmp/claimline-bench');
const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'apps/cli/bin/claimline.mjs');
mkdirSync(dir, { recursive: true });
const db = path.join(dir, `bench-${claims}.db`);
const engine = args.get('engine') ?? 'sqlite';
const pgUrl = `${args.get('pg') ?? 'postgresql://postgres@127.0.0.1:55499'}/bench_${claims}`;
const env = { ...process.env, DATABASE_URL: engine === 'postgresql' ? pgUrl : `file:${db}` };

for (const tool of ['/usr/bin/time', 'sqlite3', ...(engine === 'postgresql' ? ['psql'] : [])]) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(`bench: ${tool} is missing (apt-get install -y time sqlite3)`);
    process.exit(1);
  }
}

if (!existsSync(db)) {
  console.log(`synthesising ${claims} claims into ${db} …`);
  const t = Date.now();
  execFileSync(process.execPath, [bin, 'synth', '--claims', String(claims)], { env, cwd: root, stdio: 'inherit' });
  console.log(`  took ${((Date.now() - t) / 1000).toFixed(1)} s; database ${(statSync(db).size / 1e6).toFixed(0)} MB`);
}

/** Runs a command under /usr/bin/time; returns wall seconds and peak RSS in MB. */
function measure(cmd: string, argv: string[], stdout?: string): { seconds: number; rssMb: number } {
  const shell = `/usr/bin/time -f '@@%e %M' ${[cmd, ...argv].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')}${stdout ? ` > '${stdout}'` : ' > /dev/null'}`;
  const r = spawnSync('sh', ['-c', shell], { env, cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = /@@([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${cmd} ${argv.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  return { seconds: Number(m[1]), rssMb: Number(m[2]) / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const tables = [
  'User',
  'Source',
  'Actor',
  'ActorAlias',
  'Event',
  'EventParticipant',
  'Claim',
  'AttributionHop',
  'Link',
  'Dispute',
  'DisputeClaim',
  'Verdict',
  'AuditEntry',
];

/** One run of `name` writing `out`: seconds, peak RSS and the output's size. */
function once(name: string, run: () => { seconds: number; rssMb: number }, out: string) {
  rmSync(out, { recursive: true, force: true });
  const r = run();
  const bytes = existsSync(out)
    ? statSync(out).isDirectory()
      ? Number(execFileSync('du', ['-sb', out], { encoding: 'utf8' }).split('\t')[0])
      : statSync(out).size
    : 0;
  rmSync(out, { recursive: true, force: true });
  console.log(`  ${name}: ${r.seconds.toFixed(2)} s, ${r.rssMb.toFixed(0)} MB`);
  return { ...r, bytes };
}

// Each export run comes right after a floor run of its own, and its ratio is to that floor: on a shared
// machine the load changes between runs far more than within a pair.
const floorOut = path.join(dir, 'floor.json');
const floorRun = () =>
  engine === 'postgresql'
    ? once(
        'psql json_agg (floor)',
        () => measure('psql', [pgUrl, '-qAt', ...tables.flatMap((t) => ['-c', `SELECT json_agg(t) FROM "${t}" t`])], floorOut),
        floorOut,
      )
    : once('sqlite3 -json (floor)', () => measure('sqlite3', ['-json', db, tables.map((t) => `SELECT * FROM "${t}";`).join(' ')], floorOut), floorOut);
const formats = (args.get('formats') ?? 'json,jsonl,csv,sqlite').split(',');
const rows: { name: string; seconds: number[]; ratios: number[]; rssMb: number[]; bytes: number }[] = [
  {
    name: engine === 'postgresql' ? 'psql, json_agg of the same tables (floor)' : 'sqlite3 -json on the same tables (floor)',
    seconds: [],
    ratios: [],
    rssMb: [],
    bytes: 0,
  },
  ...formats.map((f) => ({ name: `claimline export --format ${f}`, seconds: [], ratios: [], rssMb: [], bytes: 0 })),
];
for (let i = 0; i < runs; i++) {
  formats.forEach((format, k) => {
    const f = floorRun();
    rows[0]!.seconds.push(f.seconds);
    rows[0]!.rssMb.push(f.rssMb);
    rows[0]!.bytes = f.bytes;
    const out = path.join(dir, `export.${format}`);
    const r = once(
      `claimline export --format ${format} (run ${i + 1})`,
      () => measure(process.execPath, [bin, 'export', '--format', format, '--out', out, '--force']),
      out,
    );
    const row = rows[k + 1]!;
    row.seconds.push(r.seconds);
    row.ratios.push(r.seconds / f.seconds);
    row.rssMb.push(r.rssMb);
    row.bytes = r.bytes;
  });
}

console.log(`\n${claims.toLocaleString('en')} claims on ${engine}, median of ${runs} run(s), SQLite database ${(statSync(db).size / 1e6).toFixed(0)} MB\n`);
console.log('| command | seconds | × floor (median of pairs, min–max) | peak RSS | output |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) {
  const ratio = r.ratios.length ? `${median(r.ratios).toFixed(2)} (${Math.min(...r.ratios).toFixed(2)}–${Math.max(...r.ratios).toFixed(2)})` : '1.00';
  console.log(`| ${r.name} | ${median(r.seconds).toFixed(2)} | ${ratio} | ${median(r.rssMb).toFixed(0)} MB | ${(r.bytes / 1e6).toFixed(0)} MB |`);
}
