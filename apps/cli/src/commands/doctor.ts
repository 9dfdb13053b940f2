import type { Command } from 'commander';
import { services } from '@claimline/api';
import { oneLineErrors } from '../one-line-errors.ts';
import { databaseEngine, databaseLocation, redactUrl } from '../db.ts';

export function register(program: Command) {
  oneLineErrors(program.command('doctor'))
    .description('check the database: integrity, foreign keys, migrations, the full-text index against its tables, disputes against a recompute')
    .option('--repair', 'fix what can be fixed: apply migrations, rebuild the search index, recompute disputes')
    .addHelpText(
      'after',
      `
Prints one line per problem and exits 1 when any is found (with --repair: when any is left).
Without --repair nothing is written. Damage to the file itself (integrity) or rows that refer to
missing rows (foreign keys) cannot be repaired here: restore the latest export into a new database.`,
    )
    .action(async (opts: { repair?: boolean }) => {
      const database = databaseLocation();
      const file = redactUrl(database);
      const tty = process.stderr.isTTY;
      const report = await services.runDoctor(database, {
        repair: opts.repair,
        onProgress: (done, total) => {
          if (tty) process.stderr.write(`\rchecking disputes: ${done}/${total} events${done === total ? '\n' : ''}`);
        },
      });
      // Without --repair every finding stands; with it, only what could not be fixed.
      for (const f of report.remaining) console.log(f.message);
      for (const line of report.repaired) console.log(`repaired: ${line}`);
      if (report.notChecked) console.log(report.notChecked);
      const checked = report.eventsChecked === null ? '' : `, disputes of ${report.eventsChecked} event(s)`;
      if (!report.findings.length) {
        console.log(
          `no problems found in ${file}: ${databaseEngine() === 'sqlite' ? 'integrity, foreign keys, migrations, search index' : 'migrations, triggers and timeline counts (PostgreSQL keeps integrity and foreign keys)'}${checked}`,
        );
      } else if (!report.remaining.length) {
        console.log(`repaired ${report.repaired.length} problem(s) in ${file}`);
      } else {
        const next = report.remaining.some((f) => !f.repairable)
          ? 'restore the latest export into a new database for what --repair cannot fix'
          : opts.repair
            ? 'see the lines above'
            : 'run `claimline doctor --repair`';
        console.log(`${report.remaining.length} problem(s) in ${file}${opts.repair ? ' left' : ''}: ${next}`);
        process.exitCode = 1;
      }
    });
}
