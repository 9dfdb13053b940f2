// Downloads of the database in every export format, whole (admins) or sliced by source, event or date.
import Link from 'next/link';
import { can, exportAct } from '@claimline/core';
import { requireUser } from '~/server/session.ts';
import { api } from '~/trpc/server.tsx';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Export · Claimline' };

const FORMATS = [
  { id: 'json', name: 'JSON', what: 'The whole model in one document with a format version; restores losslessly.' },
  { id: 'jsonl', name: 'JSON Lines', what: 'One record per line, for streaming tools.' },
  { id: 'csv', name: 'CSV', what: 'Tables for spreadsheets, one file per record type, in a zip.' },
  { id: 'sqlite', name: 'SQLite', what: 'A database file to query with SQL.' },
  { id: 'webannotation', name: 'W3C Web Annotation', what: 'Claims as annotations with TextPositionSelector and TextQuoteSelector.' },
  { id: 'claimreview', name: 'schema.org ClaimReview', what: 'Verdicts as ClaimReview with reviewRating, for fact-check aggregators.' },
] as const;

type Props = { searchParams: Promise<{ source?: string; event?: string; since?: string }> };

/** Record ids typed as "3" or "3, 7": the export route takes them comma-separated. */
function ids(raw: string | undefined): number[] {
  return [
    ...new Set(
      (raw ?? '')
        .split(/[\s,]+/)
        .filter((x) => /^[1-9]\d{0,15}$/.test(x))
        .map(Number),
    ),
  ].slice(0, 100);
}

export default async function ExportPage({ searchParams }: Props) {
  const user = await requireUser();
  const sp = await searchParams;
  const source = ids(sp.source);
  const event = ids(sp.event);
  const since = /^\d{4}-\d{2}-\d{2}$/.test(sp.since ?? '') ? sp.since! : '';
  const caller = await api();
  // Names for what is selected, so the user sees what the download will hold.
  const [sources, events] = await Promise.all([
    Promise.all(
      source.map((id) =>
        caller.source.get({ id }).then(
          (s) => `“${s.title}”`,
          () => `#${id} (no such source)`,
        ),
      ),
    ),
    Promise.all(
      event.map((id) =>
        caller.event.get({ id }).then(
          (e) => `“${e.title}”`,
          () => `#${id} (no such event)`,
        ),
      ),
    ),
  ]);
  const params = new URLSearchParams();
  if (source.length) params.set('source', source.join(','));
  if (event.length) params.set('event', event.join(','));
  if (since) params.set('since', since);
  const href = (format: string) => `/api/export?${new URLSearchParams([['format', format], ...params])}`;
  // The whole database (and a date alone) is an admin's to export; a slice by source or event anyone's.
  const allowed = can(user.role, exportAct({ sourceIds: source, eventIds: event }));
  const slice = [sources.length && `sources ${sources.join(', ')}`, events.length && `events ${events.join(', ')}`, since && `changes since ${since}`]
    .filter(Boolean)
    .join('; ');
  return (
    <section className="narrow-wide">
      <h1>Export</h1>
      <form className="form card" method="get" action="/export" aria-label="What to export">
        <div className="grid-3">
          <label>
            Source ids
            <input name="source" defaultValue={source.join(', ')} placeholder="all (or 3, 7)" />
          </label>
          <label>
            Event ids
            <input name="event" defaultValue={event.join(', ')} placeholder="all (or 12)" />
          </label>
          <label>
            Changed since
            <input name="since" type="date" defaultValue={since} />
          </label>
        </div>
        <div className="row">
          <button type="submit">Apply</button>
          {params.size > 0 && can(user.role, 'export.all') && (
            <Link href="/export" className="button ghost">
              Whole database
            </Link>
          )}
        </div>
      </form>
      <p>
        Exporting: <strong dir="auto">{slice || 'the whole database'}</strong>
      </p>
      {!allowed && (
        <p className="notice" data-testid="export-needs-slice">
          Exporting the whole database is an admin’s. Choose the sources or events to export (their ids are on their pages), then Apply.
        </p>
      )}
      {allowed && (
        <ul className="formats" data-testid="export-formats">
          {FORMATS.map((f) => (
            <li key={f.id}>
              <a href={href(f.id)} download data-format={f.id} className="button">
                Download {f.name}
              </a>
              <span className="muted">{f.what}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">
        The same exports are available from the command line: <code>npx claimline export --help</code>.
      </p>
    </section>
  );
}
