import type { Command } from 'commander';
import { prepareDatabase } from '../db.ts';

export function register(program: Command) {
  program
    .command('migrate')
    .description(
      'apply the committed database migrations (creates the database if needed); refuses while the editor has the database open and migrations are pending',
    )
    .action(async () => {
      const result = await prepareDatabase();
      console.log(
        result.applied.length
          ? `applied ${result.applied.length} migration(s) to ${result.database}: ${result.applied.join(', ')}`
          : `database is up to date: ${result.database}`,
      );
    });
}
