// Child process for the snapshot test: keeps writing pairs of rows (an actor and its audit entry, one
// transaction each) until killed, so a consistent snapshot always holds as many of one as of the other.
import Database from 'better-sqlite3';

const [file] = process.argv.slice(2);
const db = new Database(file, { timeout: 10_000 });
db.pragma('journal_mode = WAL');
const actor = db.prepare(`INSERT INTO Actor (name, nameFolded, kind, version, createdAt, updatedAt) VALUES (?, ?, 'person', 1, ?, ?)`);
const entry = db.prepare(`INSERT INTO AuditEntry (at, action, recordType, recordId) VALUES (?, 'writer-probe', 'actor', ?)`);
const pair = db.transaction((i: number) => {
  const now = new Date().toISOString().replace('Z', '+00:00');
  const r = actor.run(`Writer ${i}`, `writer ${i}`, now, now);
  entry.run(now, Number(r.lastInsertRowid));
});
let i = 0;
process.stdout.write('ready\n');
for (;;) {
  pair.immediate(i++);
  if (i % 50 === 0) await new Promise((r) => setTimeout(r, 1));
}
