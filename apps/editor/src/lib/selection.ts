// Between the reader's DOM and text offsets. Every text node of the reader sits in an element whose
// `data-o` is the UTF-16 offset of its first character in the source text, so a DOM point maps to an
// offset without counting characters through the tree (and the DOM can skip newlines freely).

function runOf(node: Node): HTMLElement | null {
  const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
  return (el?.closest('[data-o]') as HTMLElement | null) ?? null;
}

const startOf = (run: HTMLElement) => Number(run.dataset.o);
const endOf = (run: HTMLElement) => Number(run.dataset.o) + (run.textContent?.length ?? 0);

/** The first run at or after a boundary point in document order, or null past the last one. */
function runAtOrAfter(root: HTMLElement, node: Node, offset: number): HTMLElement | null {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT, {
    acceptNode: (n) => ((n as HTMLElement).dataset.o !== undefined ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP),
  });
  const probe = document.createRange();
  probe.setStart(node, offset);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    // The run starts at or after the point when the point is before (or at) its start.
    if (probe.comparePoint(n, 0) >= 0) return n as HTMLElement;
  }
  return null;
}

/** UTF-16 offset in the source text of a DOM boundary point inside the reader. */
export function offsetOfPoint(root: HTMLElement, node: Node, offset: number, textLength: number): number | null {
  if (!root.contains(node)) return null;
  if (node.nodeType === Node.TEXT_NODE) {
    const run = runOf(node);
    return run ? startOf(run) + offset : null;
  }
  const run = runOf(node);
  if (run && run !== root) return offset === 0 ? startOf(run) : endOf(run);
  const next = runAtOrAfter(root, node, offset);
  return next ? startOf(next) : textLength;
}

/** The reader's current DOM selection as a UTF-16 range, without surrounding whitespace; null if none. */
export function selectedRange(root: HTMLElement, text: string): { start: number; end: number } | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  if (!root.contains(r.commonAncestorContainer) && r.commonAncestorContainer !== root) return null;
  let start = offsetOfPoint(root, r.startContainer, r.startOffset, text.length);
  let end = offsetOfPoint(root, r.endContainer, r.endOffset, text.length);
  if (start === null || end === null) return null;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (end <= start) return null;
  return { start, end };
}

/** All runs in text order. */
export function runsOf(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>('[data-o]'));
}

/** The run containing UTF-16 offset `pos` (binary search over the runs), and the offset inside it. */
export function locate(runs: HTMLElement[], pos: number): { run: HTMLElement; offset: number } | null {
  let lo = 0;
  let hi = runs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(runs[mid]!) <= pos) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return runs[0] ? { run: runs[0], offset: 0 } : null;
  const run = runs[found]!;
  return { run, offset: Math.min(pos - startOf(run), run.textContent?.length ?? 0) };
}

/** A DOM Range over [start, end) (UTF-16) of the reader's text. */
export function rangeOf(root: HTMLElement, start: number, end: number): Range | null {
  const runs = runsOf(root);
  const a = locate(runs, start);
  const b = locate(runs, end);
  if (!a || !b) return null;
  const range = document.createRange();
  range.setStart(a.run.firstChild ?? a.run, a.offset);
  range.setEnd(b.run.firstChild ?? b.run, b.offset);
  return range;
}

/** Makes [start, end) (UTF-16) the DOM selection, so keyboard selection looks and works like a mouse one. */
export function selectText(root: HTMLElement, start: number, end: number): Range | null {
  const range = rangeOf(root, start, end);
  if (!range) return null;
  const sel = window.getSelection();
  sel?.removeAllRanges();
  sel?.addRange(range);
  return range;
}
