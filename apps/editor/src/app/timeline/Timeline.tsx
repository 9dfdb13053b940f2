'use client';
// Events on a time axis. A density strip counts every matching event per period over the whole range; choosing a
// period (or moving earlier / later) loads the events of that window. Exact days are dots; approximate, uncertain
// and interval dates are bars over the whole range they may cover, so uncertainty is visible rather than hidden.
import { useEffect, useMemo, useState } from 'react';
import { isEdtf, parseEdtf } from '@claimline/core';
import Link from 'next/link';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTRPC, type Outputs } from '~/trpc/react.tsx';
import { useDebounced } from '~/lib/use-debounced.ts';
import { dayNumber, isoOfDay, ticks } from '~/lib/axis.ts';
import { showEdtf } from '~/lib/format.ts';
import { replaceSearchParams } from '~/lib/forms.ts';
import { ActorPicker, type ActorRef } from '~/components/ActorPicker.tsx';

type Reply = Outputs['event']['timeline'];
type Item = Reply['items'][number];
type Bucket = Reply['buckets'][number];
export interface Period {
  from: string;
  to: string;
}

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
  /** The window whose events are shown (ISO days); null: the whole range. */
  window: Period | null;
}

const monthYear = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const dayMonthYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** How a bucket (or window) reads: "Dec 2024", "2024", "2020s", "6 Dec 2024", or "6 Dec 2024 – 5 Jan 2025". */
function periodLabel(start: string, end: string, unit?: Reply['unit']): string {
  if (unit === 'day' || start === end) return dayMonthYear.format(utc(start));
  if (unit === 'month') return monthYear.format(utc(start));
  if (unit === 'year') return start.slice(0, 4);
  if (unit === 'decade' || unit === 'century') return `${start.slice(0, 4)}s`;
  return `${dayMonthYear.format(utc(start))} – ${dayMonthYear.format(utc(end))}`;
}

/** Counts of every matching event per period, over the whole range: each bar opens its period's events. */
function DensityStrip({ reply, shown, onOpen }: { reply: Reply; shown: Period | null; onOpen: (p: Period) => void }) {
  if (!reply.range) return null;
  const lo = dayNumber(reply.range.from);
  const span = Math.max(1, dayNumber(reply.range.to) + 1 - lo);
  const max = Math.max(1, ...reply.buckets.map((b) => b.count));
  const pct = (day: number) => `${(((day - lo) / span) * 100).toFixed(3)}%`;
  return (
    <div className="density" role="group" aria-label="Events per period over the whole range" data-testid="timeline-strip">
      {reply.buckets.map((b: Bucket) => {
        const open = !!shown && shown.from === b.start && shown.to === b.end;
        const label = periodLabel(b.start, b.end, reply.unit);
        return (
          <button
            key={b.start}
            type="button"
            className="bucket"
            data-testid="timeline-bucket"
            aria-pressed={open}
            aria-label={`${label}: ${b.count} events${b.disputed ? `, ${b.disputed} disputed` : ''}`}
            title={`${label}: ${b.count} events${b.disputed ? `, ${b.disputed} disputed` : ''}`}
            style={{ left: pct(dayNumber(b.start)), width: pct(lo + dayNumber(b.end) + 1 - dayNumber(b.start)) }}
            onClick={() => onOpen({ from: b.start, to: b.end })}
          >
            <span className="fill" style={{ height: `${Math.max(4, (b.count / max) * 100)}%` }}>
              <span className="disputed" style={{ height: `${(b.disputed / b.count) * 100}%` }} />
            </span>
          </button>
        );
      })}
    </div>
  );
}

/** The same length of time just before (-1) or after (1) a window. */
function shifted(w: Period, by: -1 | 1): Period {
  const length = dayNumber(w.to) - dayNumber(w.from) + 1;
  return { from: isoOfDay(dayNumber(w.from) + by * length), to: isoOfDay(dayNumber(w.to) + by * length) };
}

/** A date bound the API accepts, or undefined while what was typed is not (yet) EDTF. */
const bound = (v: string) => (v.trim() && isEdtf(v.trim()) ? v.trim() : undefined);

export function Timeline({ initial }: { initial: TimelineFilters }) {
  const trpc = useTRPC();
  const [actor, setActor] = useState<ActorRef | null>(initial.actor);
  const [place, setPlace] = useState(initial.place);
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [win, setWin] = useState<Period | null>(initial.window);
  const [cursor, setCursor] = useState<number | null>(null);
  const placeQ = useDebounced(place.trim(), 250);
  const fromQ = useDebounced(bound(from), 300);
  const toQ = useDebounced(bound(to), 300);
  const input = { actorId: actor?.id, place: placeQ || undefined, from: fromQ, to: toQ, window: win ?? undefined, cursor };
  const { data, isFetching } = useQuery({ ...trpc.event.timeline.queryOptions(input), placeholderData: keepPreviousData });
  const items = useMemo(() => data?.items ?? [], [data]);
  const open = (w: Period | null) => {
    setWin(w);
    setCursor(null);
  };

  // The filters and the window live in the address too, so a timeline can be shared or reloaded.
  useEffect(
    () => replaceSearchParams({ actor: actor?.id, place: placeQ, from: fromQ, to: toQ, wfrom: win?.from, wto: win?.to }),
    [actor, placeQ, fromQ, toQ, win],
  );
  // Other filters make the page of a window start again.
  useEffect(() => setCursor(null), [actor, placeQ, fromQ, toQ]);

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
    // The window, or else the strip's range (so rows line up with it), fixes the axis; events reaching past it are cut
    // at the edge.
    const f = win?.from ?? data?.range?.from ?? (fromQ ? parseEdtf(fromQ).earliest : null);
    const t = win?.to ?? data?.range?.to ?? (toQ ? parseEdtf(toQ).latest : null);
    if (f) lo = dayNumber(f);
    if (t) hi = dayNumber(t);
    const pad = f && t ? 0 : Math.max(1, Math.round((hi - lo) * 0.03));
    return { lo: f ? lo : lo - pad, hi: t ? hi + 1 : hi + pad + 1 };
  }, [dated, fromQ, toQ, win, data?.range]);
  const span = Math.max(1, dayTo - dayFrom);
  const pct = (day: number) => `${(((day - dayFrom) / span) * 100).toFixed(3)}%`;
  const rows = ordered(dated);

  return (
    <section className="timeline-page">
      <div className="page-head">
        <h1>Timeline</h1>
        <p className="muted small" data-testid="timeline-count">
          {data?.total ?? 0} events{isFetching ? ' · updating…' : ''}
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
      {data && <DensityStrip reply={data} shown={win} onOpen={open} />}
      {data?.range && (
        <div className="row window-controls" role="group" aria-label="Window">
          <button type="button" className="ghost" onClick={() => win && open(shifted(win, -1))} disabled={!win}>
            ← Earlier
          </button>
          <button type="button" className="ghost" onClick={() => win && open(shifted(win, 1))} disabled={!win}>
            Later →
          </button>
          <button type="button" className="ghost" onClick={() => open(null)} disabled={!win}>
            Whole range
          </button>
          <span className="muted small" aria-live="polite" data-testid="timeline-window">
            {win ? periodLabel(win.from, win.to) : `${periodLabel(data.range.from, data.range.to)}, by ${data.unit}`}
            {data.undated.count > 0 ? ` · ${data.undated.count} undated` : ''}
          </span>
        </div>
      )}
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
      {(data?.truncated || cursor !== null) && (
        <p className="muted row">
          {data?.truncated ? `Showing ${items.length} events of this window; choose a shorter period above, or` : 'The last events of this window.'}
          {data?.nextCursor && (
            <button type="button" className="ghost" onClick={() => setCursor(data.nextCursor)}>
              show the next {items.length}
            </button>
          )}
          {cursor !== null && (
            <button type="button" className="ghost" onClick={() => setCursor(null)}>
              back to the first
            </button>
          )}
        </p>
      )}
    </section>
  );
}
