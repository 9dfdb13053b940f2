import { describe, expect, it } from 'vitest';
import { layoutText } from './layout.ts';

const texts = (text: string, runs: { start: number; end: number; claims: number[] }[]) => runs.map((r) => [text.slice(r.start, r.end), r.claims]);

describe('layoutText', () => {
  it('cuts lines into paragraphs and skips blank lines, keeping text offsets', () => {
    const text = 'One.\n\nTwo three.\n';
    const ps = layoutText(text, []);
    expect(ps.map((p) => text.slice(p.start, p.end))).toEqual(['One.', 'Two three.']);
    expect(ps[1]!.runs).toEqual([{ start: 6, end: 16, claims: [] }]);
  });

  it('splits overlapping and nested claims into runs, innermost first', () => {
    const text = 'abcdefghij';
    const [p] = layoutText(text, [
      { id: 1, start: 0, end: 6 },
      { id: 2, start: 3, end: 9 },
      { id: 3, start: 4, end: 5 },
    ]);
    expect(texts(text, p!.runs)).toEqual([
      ['abc', [1]],
      ['d', [1, 2]],
      ['e', [3, 1, 2]],
      ['f', [1, 2]],
      ['ghi', [2]],
      ['j', []],
    ]);
  });

  it('carries a claim across a line break into the next paragraph', () => {
    const text = 'first line\nsecond line';
    const ps = layoutText(text, [{ id: 7, start: 6, end: 17 }]);
    expect(texts(text, ps[0]!.runs)).toEqual([
      ['first ', []],
      ['line', [7]],
    ]);
    expect(texts(text, ps[1]!.runs)).toEqual([
      ['second', [7]],
      [' line', []],
    ]);
  });

  it('ignores empty and out-of-range claims, and claims that share boundaries stay separate', () => {
    const text = 'hello world';
    const [p] = layoutText(text, [
      { id: 1, start: 0, end: 5 },
      { id: 2, start: 5, end: 11 },
      { id: 3, start: 4, end: 4 },
      { id: 4, start: 9, end: 99 },
    ]);
    expect(texts(text, p!.runs)).toEqual([
      ['hello', [1]],
      [' wor', [2]],
      ['ld', [4, 2]],
    ]);
  });
});
