import type { Command } from 'commander';
import { services } from '@claimline/api';
import { databaseLocation, prepareDatabase } from '../db.ts';
import { interruptSignal, progressBar } from '../progress.ts';
import { oneLineErrors } from '../one-line-errors.ts';

export function register(program: Command) {
  oneLineErrors(program.command('restore'))
    .argument('<file>', 'a JSON export or backup (or JSON Lines, told apart by their content)')
    .description('restore a JSON export or a backup into an empty database: checks and writes it in one transaction, all or nothing')
    .addHelpText(
      'after',
      `
The database (DATABASE_URL) is migrated first and must hold no sources, actors, events or claims.
Nothing is written unless the whole file is valid; a problem is reported with its line and JSON path.
A backup ("claimline backup") brings back every account with its password hash: people sign in as
before; the database must have no users yet. An export carries no accounts: its users are created
disabled, without email or password (enable them with "claimline user").`,
    )
    .action(async (file: string) => {
      await prepareDatabase();
      const bar = progressBar('MB');
      const { signal, dispose } = interruptSignal();
      try {
        // The restore writes through its own connection: no Prisma client to load (about 90 MB).
        const r = await services.restoreDatabase(databaseLocation(), file, {
          signal,
          onProgress: (p) => bar.update(Math.round(p.bytes / 1e5) / 10, Math.round(p.totalBytes / 1e5) / 10, p.phase === 'read' ? 'restoring' : 'finishing'),
        });
        bar.stop();
        const c = r.counts;
        console.log(
          `restored ${file}: ${c.sources} sources, ${c.actors} actors, ${c.events} events, ${c.claims} claims, ${c.links} links, ${c.disputes} disputes, ${c.verdicts} verdicts, ${c.audit} audit entries, ${r.kind === 'backup' ? `${r.accountsRestored} account${r.accountsRestored === 1 ? '' : 's'}` : `${c.users} users (${r.usersCreated} created disabled)`}${r.auditRenumbered ? '; audit entries renumbered after the existing ones' : ''}`,
        );
      } catch (e) {
        bar.stop();
        if (signal.aborted) {
          process.stderr.write('claimline: restore interrupted: nothing was written\n');
          process.exit(130);
        }
        throw e;
      } finally {
        dispose();
      }
    });
}
