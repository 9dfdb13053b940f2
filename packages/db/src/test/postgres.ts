// A throwaway PostgreSQL cluster for tests and scripts: the server installed on the machine (Debian's `postgresql`
// package keeps it in /usr/lib/postgresql/<version>/bin, off the PATH), initdb into a temporary folder, started on a
// free port with fsync off, stopped and deleted afterwards. initdb refuses to run as root: as root, the cluster runs as
// the `postgres` system user (through runuser).
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** The folder holding initdb, pg_ctl and postgres: `pg_config --bindir`, else the newest /usr/lib/postgresql/<v>/bin. */
export function postgresBinDir(): string | null {
  const has = (dir: string) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl')) && existsSync(path.join(dir, 'postgres'));
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (dir && has(dir)) return dir;
  } catch {
    // no pg_config (it comes with libpq-dev or the server): look in Debian's folder
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => has(path.join(root, v, 'bin')))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions.length ? path.join(root, versions[0]!, 'bin') : null;
}

export const NO_POSTGRES =
  'no PostgreSQL server programs found (neither `pg_config --bindir` nor /usr/lib/postgresql/*/bin has initdb): install them with `apt-get install postgresql`';

export interface Cluster {
  port: number;
  /** A URL for `database` on this cluster (superuser `postgres`, no password). */
  url: (database: string) => string;
  /** Stops the server at once and deletes its folder. Safe to call twice. */
  stop: () => void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts a new cluster. Throws NO_POSTGRES when the server is not installed. */
export async function startCluster(options: { maxConnections?: number } = {}): Promise<Cluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(NO_POSTGRES);
  const root = process.getuid?.() === 0;
  const asPostgres = (program: string, args: string[]) => {
    const [cmd, argv] = root ? ['runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args]] : [path.join(bin, program), args];
    return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'claimline-pg-'));
  chmodSync(dir, 0o755);
  const home = path.join(dir, 'pg');
  mkdirSync(home);
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(home, uid, gid);
  }
  const data = path.join(home, 'data');
  const log = path.join(home, 'log');
  let started = false;
  const stop = () => {
    if (started) {
      try {
        asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already gone
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const settings = [
        `-p ${port}`,
        `-k ${home}`,
        '-c listen_addresses=127.0.0.1',
        // Throwaway data: no durability (never for a real deployment).
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        `-c max_connections=${options.maxConnections ?? 200}`,
      ].join(' ');
      try {
        asPostgres('pg_ctl', ['-D', data, '-o', settings, '-l', log, '-w', '-t', '60', 'start']);
      } catch (e) {
        // Another process took the port between freePort() and the start: try another.
        if (attempt < 3 && existsSync(log) && /could not bind|already in use/i.test(readFileSync(log, 'utf8'))) continue;
        throw new Error(
          `PostgreSQL did not start: ${String((e as { stderr?: string }).stderr ?? e).trim()}\n${existsSync(log) ? readFileSync(log, 'utf8') : ''}`,
          { cause: e },
        );
      }
      started = true;
      process.once('exit', stop);
      return { port, url: (database) => `postgresql://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`, stop };
    }
  } catch (e) {
    stop();
    throw e;
  }
}

/** Runs `sql` (no parameters) on `url` over one short-lived connection. */
export async function runSql(url: string, sql: string): Promise<pg.QueryResult[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = (await client.query(sql)) as pg.QueryResult | pg.QueryResult[];
    return Array.isArray(result) ? result : [result];
  } finally {
    await client.end();
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Creates `name` on the cluster of `adminUrl`, empty or as a copy of `template`; returns its URL. */
export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  await runSql(adminUrl, `CREATE DATABASE ${quote(name)}${template ? ` TEMPLATE ${quote(template)}` : ''}`);
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/** Drops `name`, ending whatever connections are still open on it. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await runSql(adminUrl, `DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`);
}
