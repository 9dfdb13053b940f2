// The restore's reading thread (restore-read.ts): workspace packages ship TypeScript, so tsx compiles them here too.
import { register } from 'tsx/esm/api';

register();
const { runReadWorker } = await import('./restore-read.ts');
await runReadWorker();
