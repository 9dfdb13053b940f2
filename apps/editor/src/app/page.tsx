import Link from 'next/link';
import { requireUser } from '~/server/session.ts';
import { api } from '~/trpc/server.tsx';
import { showEdtf } from '~/lib/format.ts';
import { SOURCE_PAGE } from '~/lib/limits.ts';
import { Pager, pageHref, parseBack } from '~/components/Pager.tsx';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<{ q?: string; outlet?: string; cursor?: string; back?: string }> };

export default async function SourcesPage({ searchParams }: Props) {
  await requireUser();
  const sp = await searchParams;
  const q = (sp.q ?? '').trim().slice(0, 200);
  const outlet = (sp.outlet ?? '').trim().slice(0, 200);
  const cursor = Number(sp.cursor) || null;
  const back = parseBack(sp.back);
  const sources = await (await api()).source.list({ limit: SOURCE_PAGE, cursor, q: q || undefined, outlet: outlet || undefined });
  return (
    <section>
      <div className="page-head">
        <h1>Sources</h1>
        <Link href="/sources/new" className="button">
          Add a source
        </Link>
      </div>
      <form className="search-row" role="search" action="/" method="get">
        <label htmlFor="source-q" className="sr-only">
          Search sources
        </label>
        {outlet && <input type="hidden" name="outlet" value={outlet} />}
        <input id="source-q" name="q" type="search" defaultValue={q} placeholder="Search titles, outlets and text…  ( / )" data-page-search dir="auto" />
        <button type="submit">Search</button>
        {(q || outlet) && (
          <Link href="/" className="button ghost">
            Clear
          </Link>
        )}
      </form>
      {outlet && (
        <p className="small">
          Outlet: <strong dir="auto">{outlet}</strong> <Link href={pageHref('/', { q }, null, [])}>show all outlets</Link>
        </p>
      )}
      <table className="list" data-testid="source-list">
        <thead>
          <tr>
            <th>Title</th>
            <th>Outlet</th>
            <th>Published</th>
            <th className="num">Claims</th>
            <th className="num">Open disputes</th>
          </tr>
        </thead>
        <tbody>
          {sources.items.map((s) => (
            <tr key={s.id}>
              <td dir="auto">
                <Link href={`/sources/${s.id}`}>{s.title}</Link>
              </td>
              <td dir="auto">
                <Link href={pageHref('/', { outlet: s.outlet }, null, [])} className="quiet" title={`Only sources from ${s.outlet}`}>
                  {s.outlet}
                </Link>
              </td>
              <td title={s.published ?? undefined}>{showEdtf(s.published)}</td>
              <td className="num">{s.claimCount}</td>
              <td className="num">{s.openDisputes > 0 ? <strong className="disputed">{s.openDisputes}</strong> : 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {sources.items.length === 0 && <p className="empty">{q || outlet ? 'No source matches.' : 'No sources yet. Add one to start annotating.'}</p>}
      <Pager base="/" params={{ q, outlet }} cursor={cursor} back={back} nextCursor={sources.nextCursor} />
    </section>
  );
}
