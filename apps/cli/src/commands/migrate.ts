import type { Command } from 'commander';
import { migrate } from '@claimline/db';

export function register(program: Command) {
  program
    .command('migrate')
    .description('apply the committed database migrations (creates the database if needed)')
    .action(async () => {
      const result = await migrate();
      console.log(
        result.applied.length
          ? `applied ${result.applied.length} migration(s) to ${result.databasePath}: ${result.applied.join(', ')}`
          : `database is up to date: ${result.databasePath}`,
      );
    });
}
