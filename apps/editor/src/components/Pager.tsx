// Cursor pagination for server-rendered lists. `back` carries the cursors of the pages before this one
// (0 for the first), so "Previous" works without offsets.
import Link from 'next/link';

export function parseBack(raw: string | undefined): number[] {
  return (raw ?? '')
    .split('.')
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isSafeInteger(n) && n >= 0)
    .slice(-200);
}

export function pageHref(base: string, params: Record<string, string>, cursor: number | null, back: number[]): string {
  const p = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  if (cursor) p.set('cursor', String(cursor));
  if (back.length) p.set('back', back.join('.'));
  return p.size ? `${base}?${p}` : base;
}

export function Pager({
  base,
  params,
  cursor,
  back,
  nextCursor,
}: {
  base: string;
  params: Record<string, string>;
  cursor: number | null;
  back: number[];
  nextCursor: number | null;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      {back.length > 0 ? (
        <Link href={pageHref(base, params, back.at(-1) || null, back.slice(0, -1))} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="muted">Page {back.length + 1}</span>
      {nextCursor ? (
        <Link href={pageHref(base, params, nextCursor, [...back, cursor ?? 0])} rel="next">
          Next →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
