import { Option, type Command } from 'commander';
import { parseSlice } from '@claimline/core';
import { services } from '@claimline/api';
import { formatBytes, interruptSignal, progressBar } from '../progress.ts';
import { oneLineErrors } from '../one-line-errors.ts';
import { databaseLocation, loadConfig } from '../db.ts';

/** Repeatable flags: every value given, parsed together by core's parseSlice. */
const collect = (value: string, previous: string[] = []) => [...previous, value];

interface Opts {
  format: services.ExportFormat;
  out: string;
  source?: string[];
  event?: string[];
  since?: string;
  force?: boolean;
  origin?: string;
}

export function register(program: Command) {
  oneLineErrors(program.command('export'))
    .description('export the database (or a slice) as json, jsonl, csv, sqlite, webannotation or claimreview')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...services.EXPORT_FORMATS]).makeOptionMandatory())
    .requiredOption('-o, --out <path>', 'file to write (csv: a folder, or a .zip file)')
    .option('--source <ids>', 'only claims of these sources (comma-separated ids; repeatable)', collect)
    .option('--event <ids>', 'only claims linked to these events or events inside them (comma-separated ids; repeatable)', collect)
    .option('--since <date>', 'only records created or changed since this date or date-time (ISO 8601, UTC)')
    .option('--origin <url>', "the editor's address, for links back to claims in webannotation and claimreview")
    .option('--force', 'replace the output if it exists')
    .addHelpText(
      'after',
      `
Formats:
  json           one lossless document (docs/export-format.md); restore it with "claimline restore"
  jsonl          the same records, one per line, each with a "type"
  csv            one RFC 4180 file per table (a folder, or a zip when --out ends in .zip)
  sqlite         a consistent snapshot of the database, without sessions or password hashes
  webannotation  W3C Web Annotation JSON-LD, one annotation per claim
  claimreview    schema.org ClaimReview JSON-LD, one review per verdict

A slice keeps every record its claims refer to (sources, actors, events, disputes), so it restores on its own.
Ctrl-C stops the export and removes the partial file.`,
    )
    .action(async (opts: Opts) => {
      const dbFile = databaseLocation(true);
      const slice = parseSlice({ source: opts.source, event: opts.event, since: opts.since }, { source: '--source', event: '--event', since: '--since' });
      const bar = progressBar('records');
      const { signal, dispose } = interruptSignal();
      try {
        // The export reads the database on its own read-only connection: no Prisma client to load (about 90 MB).
        const r = await services.exportDatabase(dbFile, opts.format, opts.out, {
          slice,
          force: opts.force,
          origin: opts.origin ?? loadConfig().origin,
          signal,
          onProgress: (p) => bar.update(p.done, p.total, p.phase),
        });
        bar.stop();
        const c = r.counts;
        console.log(
          `exported ${opts.format} to ${r.path} (${formatBytes(r.bytes)}): ${c.sources} sources, ${c.actors} actors, ${c.events} events, ${c.claims} claims, ${c.links} links, ${c.disputes} disputes, ${c.verdicts} verdicts, ${c.audit} audit entries`,
        );
      } catch (e) {
        bar.stop();
        if (signal.aborted) {
          process.stderr.write('claimline: export interrupted: no output was written\n');
          process.exit(130);
        }
        throw e;
      } finally {
        dispose();
      }
    });
}
