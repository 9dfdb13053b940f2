// A record's audit trail, newest first: who changed what, when, with the fields before and after.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { RECORD_TYPES } from '@claimline/core';
import { requireUser } from '~/server/session.ts';
import { idParam, load } from '~/server/load.ts';
import { api } from '~/trpc/server.tsx';
import { showTime } from '~/lib/format.ts';
import { changes, fieldLabel, verb } from '~/lib/diff.ts';

export const dynamic = 'force-dynamic';

type RecordType = (typeof RECORD_TYPES)[number];
type Props = { params: Promise<{ type: string; id: string }>; searchParams: Promise<{ cursor?: string }> };

export const metadata: Metadata = { title: 'History · Claimline' };

/** Where the record itself is shown. */
async function recordLink(type: RecordType, id: number): Promise<{ href: string; label: string } | null> {
  const caller = await api();
  switch (type) {
    case 'source':
      return { href: `/sources/${id}`, label: `source #${id}` };
    case 'event':
      return { href: `/events/${id}`, label: `event #${id}` };
    case 'actor':
      return { href: `/actors/${id}`, label: `actor #${id}` };
    case 'claim': {
      const c = await caller.claim.get({ id }).catch(() => null);
      return c ? { href: `/sources/${c.sourceId}?claim=${id}`, label: `claim #${id} in “${c.source.title}”` } : null;
    }
    case 'dispute': {
      const d = await caller.review.get({ id }).catch(() => null);
      return d ? { href: `/events/${d.eventId}`, label: `dispute #${id} on “${d.event.title}”` } : null;
    }
    default:
      return null;
  }
}

export default async function HistoryPage({ params, searchParams }: Props) {
  await requireUser();
  const p = await params;
  if (!(RECORD_TYPES as readonly string[]).includes(p.type)) notFound();
  const type = p.type as RecordType;
  const id = idParam(p.id);
  const cursor = Number((await searchParams).cursor) || null;
  const [history, link] = await Promise.all([load((await api()).audit.history({ recordType: type, recordId: id, limit: 50, cursor })), recordLink(type, id)]);
  return (
    <section className="history" data-testid="history">
      <h1>
        History of {type} #{id}
      </h1>
      {link && (
        <p>
          <Link href={link.href} dir="auto">
            ← {link.label}
          </Link>
        </p>
      )}
      {history.items.length === 0 && <p className="empty">No recorded changes.</p>}
      <ol className="audit">
        {history.items.map((e) => {
          const diff = changes(e.before, e.after);
          return (
            <li key={e.id} className={`audit-entry ${e.action}`}>
              <p className="audit-head">
                <strong dir="auto">{e.user?.name ?? 'the system'}</strong>
                {e.user && <span className="role">{e.user.role}</span>} {verb(e.action)} {type} #{id}{' '}
                <time dateTime={new Date(e.at).toISOString()} className="muted">
                  {showTime(e.at)}
                </time>
              </p>
              {diff.length > 0 && (
                <table className="list diff">
                  <thead>
                    <tr>
                      <th>Field</th>
                      <th>Before</th>
                      <th>After</th>
                    </tr>
                  </thead>
                  <tbody>
                    {diff.map((c) => (
                      <tr key={c.field}>
                        <th scope="row">{fieldLabel(c.field)}</th>
                        <td dir="auto" className="before">
                          {c.before ?? <span className="muted">—</span>}
                        </td>
                        <td dir="auto" className="after">
                          {c.after ?? <span className="muted">—</span>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </li>
          );
        })}
      </ol>
      {history.nextCursor && (
        <p>
          <Link href={`/history/${type}/${id}?cursor=${history.nextCursor}`}>Older changes →</Link>
        </p>
      )}
    </section>
  );
}
