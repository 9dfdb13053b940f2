// The one place that reads the environment. Everything else receives configuration as values.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), {
      message: 'expected a SQLite file URL ("file:path/to/db.sqlite") or a PostgreSQL URL ("postgresql://user@host:5432/db")',
    })
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  NODE_ENV: z.enum(['development', 'production', 'test']).optional(),
  /** Set to "true" when the editor is served over HTTPS, so session cookies get `Secure` and the `__Host-` prefix. */
  CLAIMLINE_SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  /** Origin the editor is served from (e.g. https://claims.example.org); used for CSRF checks behind proxies. */
  CLAIMLINE_ORIGIN: z.string().url().optional(),
  /**
   * How many reverse proxies in front of the editor append the address they received from to
   * X-Forwarded-For (0: none, and forwarded headers are ignored).
   */
  CLAIMLINE_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** The password for `claimline user add|passwd|enable` when --password is not given (kept out of shell history). */
  CLAIMLINE_PASSWORD: z.string().optional(),
  /** Any value: the CLI prints the whole error (stack) after its one-line reason. */
  CLAIMLINE_DEBUG: z.string().optional(),
});

export type Engine = 'sqlite' | 'postgresql';

export interface Config {
  databaseUrl: string;
  /** Which database DATABASE_URL names: `file:` is SQLite, `postgresql://` (or `postgres://`) PostgreSQL. */
  engine: Engine;
  /** Absolute path of the SQLite file; null on PostgreSQL. */
  databasePath: string | null;
  port: number;
  secureCookies: boolean;
  origin: string | undefined;
  /** Reverse proxies trusted to append to X-Forwarded-For; 0 ignores forwarded headers. */
  trustProxy: number;
  /** NODE_ENV=development (`next dev`): the editor's CSP then allows what React's development tools need. */
  development: boolean;
  /** CLAIMLINE_PASSWORD, for the CLI's user commands. */
  cliPassword: string | undefined;
  /** CLAIMLINE_DEBUG is set: the CLI prints whole errors. */
  debug: boolean;
  repoRoot: string;
}

/**
 * The repository root: the nearest ancestor of `from` (default: the working directory) whose package.json
 * declares workspaces; failing that, the one this file lives in (so `claimline` works from any folder).
 */
export function findRepoRoot(from: string = process.cwd()): string {
  return workspaceRootAbove(from) ?? workspaceRootAbove(path.dirname(fileURLToPath(import.meta.url))) ?? path.resolve(from);
}

function workspaceRootAbove(from: string): string | null {
  let dir = path.resolve(from);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { workspaces?: unknown }).workspaces) return dir;
      } catch {
        // unreadable package.json: keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The engine a database URL names: `postgresql://` or `postgres://` is PostgreSQL; anything else a SQLite file (as before). */
export function engineOfUrl(url: string): Engine {
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgresql' : 'sqlite';
}

/** A PostgreSQL URL fit to print: the password replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:@/]*):[^@/]*@/, '$1:***@');
}

/** Turns `file:relative/path` into an absolute path, resolved against the repository root. */
export function sqlitePathFromUrl(url: string, root: string): string {
  const p = url.replace(/^file:/, '').replace(/\?.*$/, '');
  if (p === ':memory:') return p;
  return path.isAbsolute(p) ? p : path.resolve(root, p);
}

let cached: Config | undefined;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (cached && env === process.env) return cached;
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Invalid configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  const repoRoot = findRepoRoot();
  const databaseUrl = e.DATABASE_URL ?? 'file:data/claimline.db';
  const engine = engineOfUrl(databaseUrl);
  const config: Config = {
    databaseUrl,
    engine,
    databasePath: engine === 'sqlite' ? sqlitePathFromUrl(databaseUrl, repoRoot) : null,
    port: e.PORT,
    secureCookies: e.CLAIMLINE_SECURE_COOKIES === 'true',
    origin: e.CLAIMLINE_ORIGIN,
    trustProxy: e.CLAIMLINE_TRUST_PROXY,
    development: e.NODE_ENV === 'development',
    cliPassword: e.CLAIMLINE_PASSWORD || undefined,
    debug: !!e.CLAIMLINE_DEBUG,
    repoRoot,
  };
  if (env === process.env) cached = config;
  return config;
}
