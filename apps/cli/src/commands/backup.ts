import type { Command } from 'commander';
import { services } from '@claimline/api';
import { formatBytes, interruptSignal, progressBar } from '../progress.ts';
import { oneLineErrors } from '../one-line-errors.ts';
import { databaseLocation, withDb } from '../db.ts';

export function register(program: Command) {
  oneLineErrors(program.command('backup'))
    .description('back up the whole database for disaster recovery: every record and every account, consistent while the editor runs')
    .requiredOption('-o, --out <file>', 'file to write (JSON; JSON Lines when it ends in .jsonl)')
    .option('--force', 'replace the file if it exists')
    .addHelpText(
      'after',
      `
A backup is the JSON export plus the accounts: users with their email, password hash and disabled
flag, and audit entries about users in full. Sessions are never in it: after a restore everyone signs
in again, with the same password. It is read in one transaction on its own connection, so the editor
can keep writing meanwhile. The file is created readable by its owner only (it holds password hashes):
keep it where you keep secrets.

Restore it into a new database with "claimline restore FILE" (DATABASE_URL pointing at a new file).
To share data, use "claimline export" instead: exports leave every account out.`,
    )
    .action(async (opts: { out: string; force?: boolean }) => {
      databaseLocation(true);
      const bar = progressBar('records');
      const { signal, dispose } = interruptSignal();
      try {
        const r = await withDb((db) =>
          services.backupDatabase(db, opts.out, { force: opts.force, signal, onProgress: (p) => bar.update(p.done, p.total, p.phase) }),
        );
        bar.stop();
        const c = r.counts;
        console.log(
          `backed up to ${r.path} (${formatBytes(r.bytes)}): ${c.users} account${c.users === 1 ? '' : 's'}, ${c.sources} sources, ${c.actors} actors, ${c.events} events, ${c.claims} claims, ${c.links} links, ${c.disputes} disputes, ${c.verdicts} verdicts, ${c.audit} audit entries`,
        );
      } catch (e) {
        bar.stop();
        if (signal.aborted) {
          process.stderr.write('claimline: backup interrupted: no output was written\n');
          process.exit(130);
        }
        throw e;
      } finally {
        dispose();
      }
    });
}
