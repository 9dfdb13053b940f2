// `claimline`: the command-line frontend. Each command lives in src/commands and calls the same
// service functions as the editor's API.
import { Command } from 'commander';
import { exitWithError } from './handle-error.ts';
import * as migrate from './commands/migrate.ts';
import * as demo from './commands/demo.ts';
import * as setup from './commands/setup.ts';
import * as user from './commands/user.ts';
import * as disputes from './commands/disputes.ts';
import * as exportCommand from './commands/export.ts';
import * as backup from './commands/backup.ts';
import * as importCommand from './commands/import.ts';
import * as restore from './commands/restore.ts';
import * as synth from './commands/synth.ts';
import * as doctor from './commands/doctor.ts';

const program = new Command('claimline')
  .description('Claimline: an editorial database of who said what happened.\nThe database is DATABASE_URL (default: data/claimline.db in the repository).')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

for (const command of [migrate, demo, setup, user, disputes, exportCommand, backup, importCommand, restore, synth, doctor]) command.register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const code = (error as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') process.exit(0);
  if (typeof code === 'string' && code.startsWith('commander.')) process.exit((error as { exitCode?: number }).exitCode ?? 1);
  exitWithError(error);
}
