// Writes: none measured yet.
import type { BenchContext, Case } from './common.ts';

export function writeCases(_: BenchContext): Case[] {
  return [];
}
