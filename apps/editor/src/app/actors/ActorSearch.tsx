'use client';
// Alias-aware actor search for the actors page: any spelling or script finds the actor.
import { useState } from 'react';
import Link from 'next/link';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { useDebounced } from '~/lib/use-debounced.ts';

export function ActorSearch() {
  const trpc = useTRPC();
  const [q, setQ] = useState('');
  const debounced = useDebounced(q.trim());
  const search = useQuery({ ...trpc.actor.search.queryOptions({ q: debounced, limit: 20 }), enabled: debounced.length > 0, placeholderData: keepPreviousData });
  return (
    <div className="actor-search">
      <label htmlFor="actor-q" className="sr-only">
        Find an actor by any name
      </label>
      <input
        id="actor-q"
        type="search"
        dir="auto"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder="Find an actor by any spelling: Shibani, al-Shaybani, الشيباني…  ( / )"
        data-page-search
      />
      {debounced && (
        <ul className="search-results" aria-live="polite">
          {(search.data?.items ?? []).map((a) => (
            <li key={a.id}>
              <Link href={`/actors/${a.id}`} dir="auto">
                {a.name}
              </Link>{' '}
              <span className="muted small">
                {a.kind.replace('_', ' ')}
                {a.matchedName !== a.name ? (
                  <>
                    {' '}
                    · matched <q dir="auto">{a.matchedName}</q>
                  </>
                ) : null}
              </span>
            </li>
          ))}
          {search.data && search.data.items.length === 0 && <li className="muted">No actor is known by that name.</li>}
        </ul>
      )}
    </div>
  );
}
