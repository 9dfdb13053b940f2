#!/usr/bin/env node
// The `claimline` command. Workspace packages ship TypeScript source; tsx compiles it on load.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
