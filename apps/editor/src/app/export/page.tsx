// Downloads of the database in every export format, whole or sliced by source, event or date.
import Link from 'next/link';
import { requireUser } from '~/server/session.ts';
import { api } from '~/trpc/server.tsx';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Export · Claimline' };

const FORMATS = [
  { id: 'json', name: 'JSON', what: 'The whole model in one document with a format version; restores losslessly.' },
  { id: 'jsonl', name: 'JSON Lines', what: 'One record per line, for streaming tools.' },
  { id: 'csv', name: 'CSV', what: 'Tables for spreadsheets (a zip of one file per record type).' },
  { id: 'sqlite', name: 'SQLite', what: 'A database file to query with SQL.' },
  { id: 'webannotation', name: 'W3C Web Annotation', what: 'Claims as annotations with TextPositionSelector and TextQuoteSelector.' },
  { id: 'claimreview', name: 'schema.org ClaimReview', what: 'Verdicts as ClaimReview with reviewRating, for fact-check aggregators.' },
] as const;

type Props = { searchParams: Promise<{ source?: string; event?: string; since?: string }> };

export default async function ExportPage({ searchParams }: Props) {
  await requireUser();
  const sp = await searchParams;
  const source = Number(sp.source) || null;
  const event = Number(sp.event) || null;
  const since = /^\d{4}-\d{2}-\d{2}$/.test(sp.since ?? '') ? sp.since! : '';
  const caller = await api();
  const [sourceRec, eventRec] = await Promise.all([source ? caller.source.get({ id: source }).catch(() => null) : null, event ? caller.event.get({ id: event }).catch(() => null) : null]);
  const params = new URLSearchParams();
  if (source) params.set('source', String(source));
  if (event) params.set('event', String(event));
  if (since) params.set('since', since);
  const href = (format: string) => `/api/export?${new URLSearchParams([['format', format], ...params])}`;
  const slice = [sourceRec && `source “${sourceRec.title}”`, eventRec && `event “${eventRec.title}”`, since && `changes since ${since}`].filter(Boolean).join(', ');
  return (
    <section className="narrow-wide">
      <h1>Export</h1>
      <form className="form card" method="get" action="/export" aria-label="What to export">
        <div className="grid-3">
          <label>
            Source id
            <input name="source" inputMode="numeric" defaultValue={source ?? ''} placeholder="all" />
          </label>
          <label>
            Event id
            <input name="event" inputMode="numeric" defaultValue={event ?? ''} placeholder="all" />
          </label>
          <label>
            Changed since
            <input name="since" type="date" defaultValue={since} />
          </label>
        </div>
        <div className="row">
          <button type="submit">Apply</button>
          {params.size > 0 && (
            <Link href="/export" className="button ghost">
              Whole database
            </Link>
          )}
        </div>
      </form>
      <p>
        Exporting: <strong dir="auto">{slice || 'the whole database'}</strong>
      </p>
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
      <p className="muted small">
        The same exports are available from the command line: <code>npx claimline export --help</code>.
      </p>
    </section>
  );
}
