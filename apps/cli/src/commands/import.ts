import type { Command } from 'commander';
import { AppError } from '@claimline/core';
import { services } from '@claimline/api';
import { prepareDatabase, withDb } from '../db.ts';
import { interruptSignal, progressBar } from '../progress.ts';
import { oneLineErrors } from '../one-line-errors.ts';

export function register(program: Command) {
  oneLineErrors(program.command('import'))
    .argument('<paths...>', '.txt or .md article files, or folders of them (searched recursively)')
    .description('import article files as sources (YAML front matter for metadata); importing the same text again does nothing')
    .option('--outlet <name>', 'outlet for files whose front matter names none', 'unknown')
    .option('--language <tag>', 'BCP 47 language for files whose front matter names none', 'en')
    .addHelpText(
      'after',
      `
Front matter (optional, between --- lines at the top of the file):
  title: …          default: the first heading or line
  outlet: …         default: --outlet
  url: https://…
  published: 2024-12-06   (EDTF: 2024-12~, 2024-12-07/2024-12-08, 2025?)
  language: ar      default: --language
  authors: [A, B]   or a single name
Texts are normalised (Unicode NFC, LF line endings) before they are stored; bytes that are not
UTF-8 become U+FFFD, and the summary says how many.`,
    )
    .action(async (paths: string[], opts: { outlet: string; language: string }) => {
      const files = services.collectArticleFiles(paths);
      if (!files.length) throw new AppError('BAD_REQUEST', `no .txt or .md files under ${paths.join(', ')}`);
      await prepareDatabase();
      const bar = progressBar('files');
      const { signal, dispose } = interruptSignal();
      const results: services.ImportFileResult[] = [];
      try {
        await withDb(async (db) => {
          for (const [i, file] of files.entries()) {
            if (signal.aborted) break;
            results.push(await services.importArticleFile(db, null, file, { outlet: opts.outlet, language: opts.language }));
            bar.update(i + 1, files.length, 'importing');
          }
        });
      } finally {
        bar.stop();
        dispose();
      }
      const created = results.filter((r) => r.status === 'created');
      const unchanged = results.filter((r) => r.status === 'unchanged');
      const failed = results.filter((r) => r.status === 'failed');
      const replacedNote = (r: services.ImportFileResult) => (r.replaced ? `, ${r.replaced} unreadable character(s) replaced by U+FFFD` : '');
      for (const r of created) console.log(`  new        source ${r.sourceId}: ${r.title}  (${r.file}${replacedNote(r)})`);
      for (const r of unchanged) console.log(`  unchanged  source ${r.sourceId}: already imported  (${r.file})`);
      for (const r of failed) process.stderr.write(`claimline: ${r.file}: ${r.reason}\n`);
      const skipped = files.length - results.length;
      const replaced = created.reduce((n, r) => n + (r.replaced ?? 0), 0);
      console.log(
        `imported ${created.length} new source(s), ${unchanged.length} already present, ${failed.length} failed${skipped ? `, ${skipped} not reached (interrupted)` : ''}${replaced ? `; ${replaced} unreadable character(s) (invalid UTF-8, lone surrogates) replaced by U+FFFD` : ''}`,
      );
      if (signal.aborted) process.exit(130);
      if (failed.length) process.exit(1);
    });
}
