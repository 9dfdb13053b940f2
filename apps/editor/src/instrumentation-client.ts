// Runs in the browser before any of the app's code (Next.js instrumentation-client). Zod compiles fast
// parsers with `new Function` after probing, as each schema is built, whether eval is allowed; the CSP
// (src/proxy.ts) allows no eval, and the probe itself is reported as a violation. So the browser parses
// without it, set before the first schema is built.
import { z } from 'zod';

z.config({ jitless: true });
