import type { Command } from 'commander';
import { services } from '@claimline/api';

export function register(program: Command) {
  program
    .command('setup')
    .description('what `npm start` runs first: migrate; in an empty database, create the demo users and load the demo data')
    .action(() => services.setup());
}
