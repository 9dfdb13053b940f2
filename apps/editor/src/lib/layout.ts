// Lays a source's text out for the reader: paragraphs (one per line) cut into runs of text that are
// covered by the same set of claims, so every highlight is drawn from stored offsets as plain text
// nodes. All offsets here are UTF-16 indices into the text (what the DOM counts).

export interface ClaimRange {
  id: number;
  start: number;
  end: number;
}

export interface Run {
  start: number;
  end: number;
  /** Claims covering this run, shortest first (the innermost is what a click selects first). */
  claims: number[];
}

export interface Paragraph {
  start: number;
  end: number;
  runs: Run[];
}

export function layoutText(text: string, claims: ClaimRange[]): Paragraph[] {
  const length = new Map<number, number>();
  // Boundary events sorted by position; at a position, ends are applied before starts.
  const events: [pos: number, kind: 0 | 1, id: number][] = [];
  for (const c of claims) {
    const start = Math.max(0, Math.min(c.start, text.length));
    const end = Math.max(start, Math.min(c.end, text.length));
    if (end === start) continue;
    length.set(c.id, end - start);
    events.push([start, 1, c.id], [end, 0, c.id]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const byLength = (a: number, b: number) => length.get(a)! - length.get(b)! || a - b;

  const paragraphs: Paragraph[] = [];
  const active = new Set<number>();
  let e = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const runs: Run[] = [];
    let at = lineStart;
    let claimsHere: number[] | null = null;
    const flush = (to: number) => {
      if (to > at) runs.push({ start: at, end: to, claims: (claimsHere ??= [...active].sort(byLength)) });
      at = to;
    };
    while (e < events.length && events[e]![0] <= lineEnd) {
      const pos = events[e]![0];
      flush(Math.max(pos, lineStart));
      while (e < events.length && events[e]![0] === pos) {
        const [, kind, id] = events[e]!;
        if (kind === 1) active.add(id);
        else active.delete(id);
        e++;
      }
      claimsHere = null;
    }
    flush(lineEnd);
    if (text.slice(lineStart, lineEnd).trim() !== '') paragraphs.push({ start: lineStart, end: lineEnd, runs });
    lineStart = lineEnd + 1;
  }
  return paragraphs;
}
