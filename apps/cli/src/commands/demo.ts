import type { Command } from 'commander';
import { services } from '@claimline/api';
import { prepareDatabase, withDb } from '../db.ts';

export function register(program: Command) {
  program
    .command('demo')
    .description('load the demo data set (five articles, their actors, events, claims and disputes); a second run does nothing')
    .action(async () => {
      await prepareDatabase();
      await withDb(async (db) => {
        const reviewer = await db.user.findFirst({ where: { role: 'reviewer' }, orderBy: { id: 'asc' }, select: { id: true } });
        const result = await services.loadDemo(db, { reviewerId: reviewer?.id ?? null });
        if (!result.loaded) console.log('demo data already loaded: nothing to do');
        else {
          const c = result.counts;
          console.log(
            `loaded the demo data: ${c.sources} sources, ${c.actors} actors, ${c.events} events, ${c.claims} claims, ${c.links} links, ${c.disputes} disputes (${c.resolved} settled), ${c.verdicts} verdicts`,
          );
        }
      });
    });
}
