// Full-text search across sources, claims, actors and events; matched words are marked as text segments.
import Link from 'next/link';
import { requireUser } from '~/server/session.ts';
import { api } from '~/trpc/server.tsx';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Search · Claimline' };

type Props = { searchParams: Promise<{ q?: string }> };

const HREF: Record<string, (id: number, sourceId: number | null) => string> = {
  source: (id) => `/sources/${id}`,
  claim: (id, sourceId) => `/sources/${sourceId}?claim=${id}`,
  actor: (id) => `/actors/${id}`,
  event: (id) => `/events/${id}`,
};

export default async function SearchPage({ searchParams }: Props) {
  await requireUser();
  const q = ((await searchParams).q ?? '').trim().slice(0, 300);
  const results = q ? await (await api()).search.query({ q, limit: 50 }) : null;
  return (
    <section className="narrow-wide">
      <h1>Search</h1>
      <form className="search-row" role="search" action="/search" method="get">
        <label htmlFor="search-q" className="sr-only">
          Search everything
        </label>
        <input
          id="search-q"
          name="q"
          type="search"
          dir="auto"
          defaultValue={q}
          autoFocus
          data-page-search
          placeholder="Words from sources, claims, actors, events"
        />
        <button type="submit">Search</button>
      </form>
      {results && results.items.length === 0 && <p className="empty">Nothing matches “{q}”.</p>}
      {results && (
        <ol className="search-hits">
          {results.items.map((r) => (
            <li key={`${r.kind}-${r.id}`}>
              <span className="kind">{r.kind}</span>{' '}
              <Link href={HREF[r.kind]!(r.id, r.sourceId)} dir="auto">
                {r.title}
              </Link>{' '}
              {r.detail && (
                <span className="muted small" dir="auto">
                  {r.detail}
                </span>
              )}
              <p className="snippet small" dir="auto">
                {r.snippet.map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
