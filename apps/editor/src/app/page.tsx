import Link from 'next/link';
import { formatEdtf } from '@claimline/core';
import { requireUser } from '~/server/session.ts';
import { api } from '~/trpc/server.ts';

export const dynamic = 'force-dynamic';

export default async function SourcesPage() {
  await requireUser();
  const sources = await (await api()).source.list({ limit: 50 });
  return (
    <section>
      <h1>Sources</h1>
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
              <td dir="auto">{s.outlet}</td>
              <td>{s.published ? formatEdtf(s.published) : '—'}</td>
              <td className="num">{s.claimCount}</td>
              <td className="num">{s.openDisputes}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {sources.items.length === 0 && <p>No sources yet.</p>}
    </section>
  );
}
