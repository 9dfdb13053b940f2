// The SQLite full-text index (FTS5) over sources, claims, actors and events, kept in step by triggers.
// SQLite-only: a PostgreSQL deployment would use tsvector columns with GIN indexes behind the same
// `searchIndexQuery` function in search.ts. Kept out of Prisma's migrations because Prisma's schema
// engine does not model virtual tables (it would report the FTS shadow tables as drift).
import Database from 'better-sqlite3';

const tokenize = `tokenize = 'unicode61 remove_diacritics 2'`;

const tables = `
CREATE VIRTUAL TABLE IF NOT EXISTS fts_source USING fts5(title, outlet, text, content='Source', content_rowid='id', ${tokenize});
CREATE VIRTUAL TABLE IF NOT EXISTS fts_claim USING fts5(quote, paraphrase, content='Claim', content_rowid='id', ${tokenize});
CREATE VIRTUAL TABLE IF NOT EXISTS fts_event USING fts5(title, place, description, content='Event', content_rowid='id', ${tokenize});
CREATE VIRTUAL TABLE IF NOT EXISTS fts_actor USING fts5(names, ${tokenize});
`;

// External-content tables need the old values to delete; actor names span two tables, so the actor row
// is rebuilt from Actor + ActorAlias whenever either changes.
const actorRow = (idExpr: string) => `
  DELETE FROM fts_actor WHERE rowid = ${idExpr};
  INSERT INTO fts_actor(rowid, names)
    SELECT a.id, a.name || coalesce(' ' || (SELECT group_concat(al.name, ' ') FROM ActorAlias al WHERE al.actorId = a.id), '')
    FROM Actor a WHERE a.id = ${idExpr};`;

const triggers = `
CREATE TRIGGER fts_source_ai AFTER INSERT ON Source BEGIN
  INSERT INTO fts_source(rowid, title, outlet, text) VALUES (new.id, new.title, new.outlet, new.text);
END;
CREATE TRIGGER fts_source_ad AFTER DELETE ON Source BEGIN
  INSERT INTO fts_source(fts_source, rowid, title, outlet, text) VALUES ('delete', old.id, old.title, old.outlet, old.text);
END;
CREATE TRIGGER fts_source_au AFTER UPDATE OF title, outlet, text ON Source BEGIN
  INSERT INTO fts_source(fts_source, rowid, title, outlet, text) VALUES ('delete', old.id, old.title, old.outlet, old.text);
  INSERT INTO fts_source(rowid, title, outlet, text) VALUES (new.id, new.title, new.outlet, new.text);
END;
CREATE TRIGGER fts_claim_ai AFTER INSERT ON Claim BEGIN
  INSERT INTO fts_claim(rowid, quote, paraphrase) VALUES (new.id, new.quote, new.paraphrase);
END;
CREATE TRIGGER fts_claim_ad AFTER DELETE ON Claim BEGIN
  INSERT INTO fts_claim(fts_claim, rowid, quote, paraphrase) VALUES ('delete', old.id, old.quote, old.paraphrase);
END;
CREATE TRIGGER fts_claim_au AFTER UPDATE OF quote, paraphrase ON Claim BEGIN
  INSERT INTO fts_claim(fts_claim, rowid, quote, paraphrase) VALUES ('delete', old.id, old.quote, old.paraphrase);
  INSERT INTO fts_claim(rowid, quote, paraphrase) VALUES (new.id, new.quote, new.paraphrase);
END;
CREATE TRIGGER fts_event_ai AFTER INSERT ON Event BEGIN
  INSERT INTO fts_event(rowid, title, place, description) VALUES (new.id, new.title, new.place, new.description);
END;
CREATE TRIGGER fts_event_ad AFTER DELETE ON Event BEGIN
  INSERT INTO fts_event(fts_event, rowid, title, place, description) VALUES ('delete', old.id, old.title, old.place, old.description);
END;
CREATE TRIGGER fts_event_au AFTER UPDATE OF title, place, description ON Event BEGIN
  INSERT INTO fts_event(fts_event, rowid, title, place, description) VALUES ('delete', old.id, old.title, old.place, old.description);
  INSERT INTO fts_event(rowid, title, place, description) VALUES (new.id, new.title, new.place, new.description);
END;
CREATE TRIGGER fts_actor_ai AFTER INSERT ON Actor BEGIN ${actorRow('new.id')} END;
CREATE TRIGGER fts_actor_au AFTER UPDATE OF name ON Actor BEGIN ${actorRow('new.id')} END;
CREATE TRIGGER fts_actor_ad AFTER DELETE ON Actor BEGIN DELETE FROM fts_actor WHERE rowid = old.id; END;
CREATE TRIGGER fts_alias_ai AFTER INSERT ON ActorAlias BEGIN ${actorRow('new.actorId')} END;
CREATE TRIGGER fts_alias_au AFTER UPDATE ON ActorAlias BEGIN ${actorRow('old.actorId')} ${actorRow('new.actorId')} END;
CREATE TRIGGER fts_alias_ad AFTER DELETE ON ActorAlias BEGIN ${actorRow('old.actorId')} END;
`;

const triggerNames = [...triggers.matchAll(/CREATE TRIGGER (\w+)/g)].map((m) => m[1]!);

/**
 * Creates the FTS tables and (re)creates their triggers. Idempotent; called after every migration,
 * since SQLite drops a table's triggers when a migration redefines the table. Rebuilds the index
 * when the tables are new or when asked.
 */
export function ensureSearchIndex(file: string, options: { rebuild?: boolean } = {}): void {
  const db = new Database(file, { timeout: 10_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.transaction(() => {
      const existed = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'fts_actor'`).get() as { n: number };
      db.exec(tables);
      for (const name of triggerNames) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
      db.exec(triggers);
      if (!existed.n || options.rebuild) rebuild(db);
    }).immediate();
  } finally {
    db.close();
  }
}

function rebuild(db: Database.Database): void {
  for (const t of ['fts_source', 'fts_claim', 'fts_event']) db.exec(`INSERT INTO ${t}(${t}) VALUES ('rebuild')`);
  db.exec('DELETE FROM fts_actor');
  db.exec(`INSERT INTO fts_actor(rowid, names)
    SELECT a.id, a.name || coalesce(' ' || (SELECT group_concat(al.name, ' ') FROM ActorAlias al WHERE al.actorId = a.id), '')
    FROM Actor a`);
}
