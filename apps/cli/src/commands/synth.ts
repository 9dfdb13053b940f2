import type { Command } from 'commander';
import { AppError } from '@claimline/core';
import { databaseLocation, prepareDatabase, synthesizeInto } from '../db.ts';
import { progressBar } from '../progress.ts';
import { oneLineErrors } from '../one-line-errors.ts';

export function register(program: Command) {
  oneLineErrors(program.command('synth'))
    .description('fill the database with realistic synthetic data for benchmarks (sources, actors, events, claims, links, disputes)')
    .requiredOption('--claims <n>', 'how many claims to create (about 50 per source, 1 event per 20 claims, 1 actor per 100)')
    .option('--seed <n>', 'random seed (the same seed gives the same data)', '42')
    .action(async (opts: { claims: string; seed: string }) => {
      const claims = Number(opts.claims.replace(/_/g, ''));
      if (!Number.isInteger(claims) || claims < 1 || claims > 50_000_000)
        throw new AppError('BAD_REQUEST', '--claims: must be a whole number from 1 to 50,000,000');
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new AppError('BAD_REQUEST', '--seed: must be a whole number');
      await prepareDatabase();
      const bar = progressBar('claims');
      const started = Date.now();
      const r = await synthesizeInto(databaseLocation(), {
        claims,
        seed,
        onProgress: (done, total) => bar.update(done, total, 'synthesising'),
      });
      bar.stop();
      console.log(
        `synthesised ${r.claims} claims in ${((Date.now() - started) / 1000).toFixed(1)} s: ${r.sources} sources, ${r.actors} actors, ${r.events} events, ${r.links} links, ${r.disputes} disputes (${r.resolved} resolved), ${r.verdicts} verdicts`,
      );
    });
}
