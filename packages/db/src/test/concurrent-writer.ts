// Child process for the concurrency test: many "read, then write" transactions through writeTx,
// printing the id of every write the database acknowledged.
import { openDb, writeTx } from '../client.ts';

const [url, tag, countArg] = process.argv.slice(2);
const db = await openDb({ url });
const count = Number(countArg);
let failed = 0;
const acknowledged: number[] = [];
await Promise.all(
  Array.from({ length: count }, async (_, i) => {
    try {
      const row = await writeTx(db, async (tx) => {
        const n = await tx.auditEntry.count({ where: { recordType: 'probe' } });
        return tx.auditEntry.create({ data: { action: `${tag}-${i}`, recordType: 'probe', recordId: n } });
      });
      acknowledged.push(row.id);
    } catch (e) {
      failed++;
      console.error(String(e).split('\n')[0]);
    }
  }),
);
await db.$disconnect();
process.stdout.write(JSON.stringify({ acknowledged, failed }));
