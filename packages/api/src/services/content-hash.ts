// A source's content hash (its identity for de-duplication), in a module of its own: the restore's reading
// thread checks it without loading the database client.
import { createHash } from 'node:crypto';

export const contentHash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
