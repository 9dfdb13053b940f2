import { Option, type Command } from 'commander';
import { services } from '@claimline/api';
import { withDb, writeTx } from '../db.ts';

type Status = 'open' | 'resolved' | 'all';

export function register(program: Command) {
  program
    .command('disputes')
    .description('list disputes (derived from conflicting claims), or recompute them all from the links')
    .addOption(new Option('--status <status>', 'which disputes to list').choices(['open', 'resolved', 'all']).default('open'))
    .option('--json', 'print a JSON array (id, kind, status, explanation, event, claims)')
    .option('--recompute', 'run dispute detection over every event again and report what changed')
    .action(async (opts: { status: Status; json?: boolean; recompute?: boolean }) => {
      await withDb(async (db) => {
        if (opts.recompute) {
          const tty = process.stderr.isTTY;
          const r = await writeTx(db, (tx) =>
            services.recomputeAllDisputes(tx, null, (done, total) => {
              if (tty && (done % 100 === 0 || done === total)) process.stderr.write(`\rrecomputing disputes: ${done}/${total} events`);
            }),
          );
          if (tty) process.stderr.write('\n');
          console.log(`recomputed ${r.events} events: ${r.changed} dispute(s) changed`);
          if (!opts.json) return;
        }
        const items = [];
        let cursor: number | null = null;
        do {
          const page: Awaited<ReturnType<typeof services.reviewQueue>> = await services.reviewQueue(db, { status: opts.status, limit: 200, cursor });
          items.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        if (opts.json) {
          const out = items.map((d) => ({
            id: d.id,
            kind: (d.kinds as string[]).join(','),
            kinds: d.kinds as string[],
            status: d.status,
            explanation: d.explanation,
            supportOrigins: d.supportOrigins,
            contradictOrigins: d.contradictOrigins,
            event: { id: d.event.id, title: d.event.title, date: d.event.date },
            claims: d.claims.map((c) => ({ id: c.id, sourceId: c.sourceId, quote: c.quote, stance: c.link?.stance ?? null, side: c.side, origin: c.origin })),
          }));
          process.stdout.write(JSON.stringify(out, null, 2) + '\n');
          return;
        }
        if (!items.length) {
          console.log(`no ${opts.status === 'all' ? '' : opts.status + ' '}disputes`);
          return;
        }
        for (const d of items) {
          console.log(`#${d.id} [${d.status}] ${(d.kinds as string[]).join(', ')} — ${d.event.title}${d.event.date ? ` (${d.event.date})` : ''}`);
          console.log(`    ${d.explanation}`);
          console.log(
            `    independent origins: ${d.supportOrigins} supporting, ${d.contradictOrigins} contradicting; claims ${d.claims.map((c) => c.id).join(', ')}`,
          );
        }
      });
    });
}
