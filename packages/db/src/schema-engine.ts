// Prisma's schema engine compiled to WebAssembly: migrations without the native engine the CLI would download.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type pg from 'pg';
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine, MigrationList } from '@prisma/schema-engine-wasm';
import { BUSY_TIMEOUT_MS } from './client.ts';

const require = createRequire(import.meta.url);

type Bindings = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');
let bindings: Promise<Bindings> | undefined;

/** Instantiates the wasm module by hand: Node 20 cannot `import` a .wasm file without a flag. */
function loadBindings(): Promise<Bindings> {
  bindings ??= (async () => {
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const bg: Bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = readFileSync(path.join(dir, 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports });
    (bg as unknown as { __wbg_set_wasm(x: unknown): void }).__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return bg;
  })();
  return bindings;
}

export interface SchemaEngineHandle {
  engine: SchemaEngine;
  /** Frees the engine and closes the database connections it opened (it keeps its lock otherwise). */
  close: () => Promise<void>;
}

/**
 * The wasm engine replays migrations on the shadow database with `executeRaw`, which better-sqlite3
 * refuses for more than one statement; run such text as a script instead.
 */
function acceptScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (query.args.length === 0 && /more than one statement/.test(String(error))) {
        await adapter.executeScript(query.sql);
        return 0;
      }
      throw error;
    }
  };
  return adapter;
}

export function createSchemaEngine(file: string, schema?: { path: string; content: string }): Promise<SchemaEngineHandle> {
  return engineOver(new PrismaBetterSqlite3({ url: file, timeout: BUSY_TIMEOUT_MS }), schema, acceptScripts);
}

/**
 * The same engine on PostgreSQL, through @prisma/adapter-pg. Its shadow database (for diffs from a migration
 * history) is a temporary database the adapter creates on the same server and drops afterwards, so the user of
 * `url` needs CREATEDB.
 */
export async function createPostgresSchemaEngine(url: string, schema?: { path: string; content: string }): Promise<SchemaEngineHandle> {
  const [{ PrismaPg }, { default: pgModule }] = await Promise.all([import('@prisma/adapter-pg'), import('pg')]);
  const config = { ...poolConfig(url), Client: catalogClient(pgModule.Client) };
  const main = new PrismaPg(config);
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    // adapter-pg's own shadow database is dropped before its pool is closed, which PostgreSQL refuses ("being
    // accessed by other users"): close the pool first, then drop it (WITH (FORCE), in case anything lingers).
    connectToShadowDb: async () => {
      const admin = await main.connect();
      const name = `prisma_migrate_shadow_db_${randomUUID().replace(/-/g, '')}`;
      await admin.executeScript(`CREATE DATABASE "${name}"`);
      const shadow = await new PrismaPg({ ...config, database: name }).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        try {
          await dispose();
          await admin.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await admin.dispose();
        }
      };
      return shadow;
    },
  };
  return engineOver(factory, schema, (a) => a);
}

/**
 * The URL as separate settings: adapter-pg builds the shadow database's pool as `{ ...config, database }`, and pg
 * lets a `connectionString` override `database`, so with a URL the "shadow" would be the main database itself.
 */
function poolConfig(url: string): pg.PoolConfig {
  const u = new URL(url);
  const param = (name: string) => u.searchParams.get(name) ?? undefined;
  const sslmode = param('sslmode');
  return {
    host: param('host') ?? (u.hostname ? decodeURIComponent(u.hostname) : undefined),
    port: u.port ? Number(u.port) : undefined,
    user: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: u.pathname.length > 1 ? decodeURIComponent(u.pathname.slice(1)) : undefined,
    ssl: sslmode && sslmode !== 'disable' ? (sslmode === 'no-verify' ? { rejectUnauthorized: false } : true) : undefined,
  };
}

/** PostgreSQL's one-byte `"char"` type and its array, which the catalogs use (pg_class.relkind, …). */
const CHAR_OID = 18;
const CHAR_ARRAY_OID = 1002;
const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;

/**
 * A pg client for the schema engine: when it describes a database it reads catalog columns of type `"char"`, which
 * adapter-pg 7.10 does not map (the engine fails with "Column type 'char' could not be deserialized"). pg already
 * parses them as strings; this client reports them as text. Used for the engine only (its shadow database's pool
 * is built from the same options, so it gets this client too), never for the application's queries.
 */
function catalogClient(Client: typeof pg.Client): typeof pg.Client {
  return class CatalogClient extends Client {
    override query(...args: unknown[]): never {
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === 'function') {
        // pg's Pool calls `query(config, values, callback)`.
        args[last] = (error: unknown, r: unknown) => (callback as (e: unknown, r: unknown) => void)(error, textForChar(r));
      }
      const result = (super.query as (...a: unknown[]) => unknown)(...args);
      if (result && typeof (result as Promise<unknown>).then === 'function') return (result as Promise<unknown>).then(textForChar) as never;
      return result as never;
    }
  };
}

function textForChar(r: unknown): unknown {
  for (const f of (r as { fields?: { dataTypeID: number }[] } | undefined)?.fields ?? []) {
    if (f.dataTypeID === CHAR_OID) f.dataTypeID = TEXT_OID;
    else if (f.dataTypeID === CHAR_ARRAY_OID) f.dataTypeID = TEXT_ARRAY_OID;
  }
  return r;
}

async function engineOver(
  inner: SqlMigrationAwareDriverAdapterFactory,
  schema: { path: string; content: string } | undefined,
  shadow: (a: SqlDriverAdapter) => SqlDriverAdapter,
): Promise<SchemaEngineHandle> {
  const bg = await loadBindings();
  const opened: SqlDriverAdapter[] = [];
  // The engine disposes of its shadow database itself; disposing of it again would drop it twice (PostgreSQL).
  const track = (a: SqlDriverAdapter) => {
    const dispose = a.dispose.bind(a);
    let disposed: Promise<void> | undefined;
    a.dispose = () => (disposed ??= dispose());
    opened.push(a);
    return a;
  };
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      return track(await inner.connect());
    },
    connectToShadowDb: async () => {
      return shadow(track(await inner.connectToShadowDb()));
    },
  };
  const datamodels: [string, string][] | undefined = schema ? [[schema.path, schema.content]] : undefined;
  const engine = await bg.SchemaEngine.new({ datamodels }, () => {}, bindMigrationAwareSqlAdapterFactory(tracking));
  return {
    engine,
    close: async () => {
      engine.free();
      await Promise.all(opened.map((a) => a.dispose()));
    },
  };
}

export function readMigrations(migrationsDir: string): MigrationList {
  const { readdirSync, existsSync, statSync } = require('node:fs') as typeof import('node:fs');
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  const dirs = existsSync(migrationsDir)
    ? readdirSync(migrationsDir)
        .filter((d) => statSync(path.join(migrationsDir, d)).isDirectory())
        .sort()
    : [];
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((d) => {
      const file = path.join(migrationsDir, d, 'migration.sql');
      return {
        path: d,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(file) ? { tag: 'ok' as const, value: readFileSync(file, 'utf8') } : { tag: 'error' as const, value: `missing ${file}` },
        },
      };
    }),
  };
}
