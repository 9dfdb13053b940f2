// Child process for the restore crash test: restores an export the way `claimline restore` does (migrate,
// then restoreDatabase) and says on stdout when it starts reading (checking and writing records), when half
// the file is read, when it starts its commit, and when it is done, so the test can kill it at those points.
import { migrate } from '@claimline/db';
import { restoreDatabase } from '../services/restore.ts';

const [dbFile, exportFile, rebuildAbove, readInWorkerAbove] = process.argv.slice(2);
await migrate(`file:${dbFile}`);
let phase = '';
let half = false;
await restoreDatabase(dbFile!, exportFile!, {
  rebuildSearchIndexAboveBytes: Number(rebuildAbove),
  ...(readInWorkerAbove === undefined ? {} : { readInWorkerAboveBytes: Number(readInWorkerAbove) }),
  onProgress: (p) => {
    if (p.phase !== phase) process.stdout.write(`${(phase = p.phase)}\n`);
    if (!half && p.phase === 'read' && p.bytes * 2 >= p.totalBytes) {
      half = true;
      process.stdout.write('half\n');
    }
  },
});
process.stdout.write('done\n');
