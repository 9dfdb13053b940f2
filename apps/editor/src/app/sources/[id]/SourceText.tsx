'use client';
// The source text, one paragraph per line (`dir="auto"` each, so Arabic lines run right to left),
// cut into runs of plain text nodes; a run inside claims carries their ids. No HTML is ever parsed.
import { memo } from 'react';
import type { Paragraph } from '~/lib/layout.ts';

export const SourceText = memo(function SourceText({ text, paragraphs }: { text: string; paragraphs: Paragraph[] }) {
  return (
    <>
      {paragraphs.map((p) => (
        <p key={p.start} dir="auto">
          {p.runs.map((r) =>
            r.claims.length ? (
              <span key={r.start} data-o={r.start} data-c={r.claims.join(' ')} className={`hl d${Math.min(r.claims.length, 3)}`}>
                {text.slice(r.start, r.end)}
              </span>
            ) : (
              <span key={r.start} data-o={r.start}>
                {text.slice(r.start, r.end)}
              </span>
            ),
          )}
        </p>
      ))}
    </>
  );
});
