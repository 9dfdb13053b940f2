'use client';
// Events on a time axis. Exact days are dots; approximate, uncertain and interval dates are bars over
// the whole range they may cover, so uncertainty is visible rather than hidden in a single point.
import { useEffect, useMemo, useState } from 'react';
import { isEdtf, parseEdtf } from '@claimline/core';
import Link from 'next/link';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTRPC, type Outputs } from '~/trpc/react.tsx';
import { useDebounced } from '~/lib/use-debounced.ts';
import { dayNumber, ticks } from '~/lib/axis.ts';
import { showEdtf } from '~/lib/format.ts';
import { replaceSearchParams } from '~/lib/forms.ts';
import { ActorPicker, type ActorRef } from '~/components/ActorPicker.tsx';

type Item = Outputs['event']['timeline']['items'][number];

/** A date that is one known day, with no qualifier: drawn as a point. */
function isExactDay(e: Item): boolean {
  return !!e.date && e.earliest === e.latest && !/[~?%X/]|\.\./.test(e.date);
}

/** Parents first, each followed by its children (when they are in the list), by start date. */
function ordered(items: Item[]): { item: Item; depth: number }[] {
  const byParent = new Map<number | null, Item[]>();
  const ids = new Set(items.map((i) => i.id));
  for (const i of items) {
    const p = i.parentId !== null && ids.has(i.parentId) ? i.parentId : null;
    byParent.set(p, [...(byParent.get(p) ?? []), i]);
  }
  const out: { item: Item; depth: number }[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const i of byParent.get(parent) ?? []) {
      out.push({ item: i, depth });
      if (depth < 6) walk(i.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export interface TimelineFilters {
  actor: ActorRef | null;
  place: string;
  from: string;
  to: string;
}

/** A date bound the API accepts, or undefined while what was typed is not (yet) EDTF. */
const bound = (v: string) => (v.trim() && isEdtf(v.trim()) ? v.trim() : undefined);

export function Timeline({ initial }: { initial: TimelineFilters }) {
  const trpc = useTRPC();
  const [actor, setActor] = useState<ActorRef | null>(initial.actor);
  const [place, setPlace] = useState(initial.place);
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const placeQ = useDebounced(place.trim(), 250);
  const fromQ = useDebounced(bound(from), 300);
  const toQ = useDebounced(bound(to), 300);
  const input = { actorId: actor?.id, place: placeQ || undefined, from: fromQ, to: toQ };
  const { data, isFetching } = useQuery({ ...trpc.event.timeline.queryOptions(input), placeholderData: keepPreviousData });
  const items = useMemo(() => data?.items ?? [], [data]);

  // The filters live in the address too, so a filtered timeline can be shared or reloaded.
  useEffect(() => replaceSearchParams({ actor: actor?.id, place: placeQ, from: fromQ, to: toQ }), [actor, placeQ, fromQ, toQ]);

  const dated = useMemo(() => items.filter((e) => e.earliest || e.latest), [items]);
  const undated = items.filter((e) => !e.earliest && !e.latest);
  const { lo: dayFrom, hi: dayTo } = useMemo(() => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const e of dated) {
      for (const d of [e.earliest, e.latest]) {
        if (!d) continue;
        lo = Math.min(lo, dayNumber(d));
        hi = Math.max(hi, dayNumber(d));
      }
    }
    // A From / To filter fixes that end of the axis (events reaching past it are cut at the edge).
    const f = fromQ ? parseEdtf(fromQ).earliest : null;
    const t = toQ ? parseEdtf(toQ).latest : null;
    if (f) lo = dayNumber(f);
    if (t) hi = dayNumber(t);
    const pad = f && t ? 0 : Math.max(1, Math.round((hi - lo) * 0.03));
    return { lo: f ? lo : lo - pad, hi: t ? hi + 1 : hi + pad + 1 };
  }, [dated, fromQ, toQ]);
  const span = Math.max(1, dayTo - dayFrom);
  const pct = (day: number) => `${(((day - dayFrom) / span) * 100).toFixed(3)}%`;
  const rows = ordered(dated);

  return (
    <section className="timeline-page">
      <div className="page-head">
        <h1>Timeline</h1>
        <p className="muted small">
          {items.length} events{isFetching ? ' · updating…' : ''}
        </p>
      </div>
      <div className="filters row" role="search" aria-label="Filter events">
        <div className="field">
          <span className="label">Actor</span>
          <ActorPicker label="Filter by actor" inputId="timeline-actor" value={actor} onChange={setActor} />
        </div>
        <div className="field">
          <label htmlFor="timeline-place">Place</label>
          <input
            id="timeline-place"
            type="search"
            dir="auto"
            value={place}
            placeholder="Damascus, Hmeimim…"
            data-page-search
            onChange={(e) => setPlace(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="timeline-from">From</label>
          <input
            id="timeline-from"
            value={from}
            size={11}
            placeholder="2024-11"
            onChange={(e) => setFrom(e.target.value)}
            aria-invalid={(from.trim() !== '' && !bound(from)) || undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="timeline-to">To</label>
          <input
            id="timeline-to"
            value={to}
            size={11}
            placeholder="2024-12-31"
            onChange={(e) => setTo(e.target.value)}
            aria-invalid={(to.trim() !== '' && !bound(to)) || undefined}
          />
        </div>
        <div className="legend small" aria-label="Legend">
          <span>
            <i className="mark point" /> exact day
          </span>
          <span>
            <i className="mark range" /> interval, approximate or uncertain
          </span>
          <span>
            <i className="mark disputed" /> open dispute
          </span>
        </div>
      </div>
      {rows.length > 0 && (
        <div className="timeline" data-testid="timeline" style={{ ['--rows' as string]: rows.length }}>
          <div className="axis" aria-hidden="true">
            <div className="label-col" />
            <div className="track">
              {ticks(dayFrom, dayTo).map((t) => (
                <span key={t.day} className={`tick${t.major ? ' major' : ''}`} style={{ left: pct(t.day) }}>
                  {t.label}
                </span>
              ))}
            </div>
          </div>
          <ol className="rows">
            {rows.map(({ item: e, depth }) => {
              const start = e.earliest ? dayNumber(e.earliest) : dayFrom;
              const end = e.latest ? dayNumber(e.latest) + 1 : dayTo;
              const exact = isExactDay(e);
              const cls = `bar ${exact ? 'point' : 'range'}${e.disputed ? ' disputed' : ''}${!e.earliest ? ' open-start' : ''}${!e.latest ? ' open-end' : ''}`;
              return (
                <li key={e.id}>
                  <Link
                    href={`/events/${e.id}`}
                    className="row-link"
                    data-testid="timeline-event"
                    title={`${e.title} · ${showEdtf(e.date)}${e.place ? ` · ${e.place}` : ''}`}
                  >
                    <span className="label-col" style={{ paddingInlineStart: `${depth * 1.1}rem` }}>
                      <span dir="auto" className="title">
                        {e.title}
                      </span>
                      <span className="muted small">
                        {showEdtf(e.date)}
                        {e.place ? ` · ${e.place}` : ''}
                      </span>
                    </span>
                    <span className="track">
                      <span
                        className={cls}
                        style={exact ? { left: pct(start + 0.5) } : { left: pct(start), width: `max(6px, ${pct(dayFrom + (end - start))})` }}
                        title={`${showEdtf(e.date)} (${e.date})`}
                      />
                    </span>
                  </Link>
                </li>
              );
            })}
          </ol>
        </div>
      )}
      {items.length === 0 && !isFetching && <p className="empty">No events match.</p>}
      {undated.length > 0 && (
        <section>
          <h2>Undated</h2>
          <ul>
            {undated.map((e) => (
              <li key={e.id}>
                <Link href={`/events/${e.id}`} dir="auto">
                  {e.title}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {data?.truncated && <p className="muted">Showing the first 5,000 events; filter to see the rest.</p>}
    </section>
  );
}
