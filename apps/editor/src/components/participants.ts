// Asserted participants are stored as JSON ({ include: ids, exclude: ids }); read them defensively.
export function participantsOf(value: unknown): { include: number[]; exclude: number[] } {
  const p = (value ?? {}) as { include?: unknown; exclude?: unknown };
  const ids = (x: unknown) => (Array.isArray(x) ? x.filter((n): n is number => typeof n === 'number') : []);
  return { include: ids(p.include), exclude: ids(p.exclude) };
}
