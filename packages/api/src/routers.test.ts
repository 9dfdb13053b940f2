// Router tests through the server-side caller on a temporary database (SQLite, and PostgreSQL in its own vitest project): what a user of each
// procedure sees, each role refused where it must be, stale versions refused, audit written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, codeOf, withClaims, withCounts, type Harness } from './test/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

const ARTICLE =
  'Syrian Foreign Minister Asaad al-Shaibani said the meeting at Bab al-Hawa took place on 6 December.\nقال وزير الخارجية أسعد الشيباني إن الاجتماع عُقد 👍🏽 في باب الهوى.';

async function auditCount(recordType: string, recordId: number) {
  return h.db.auditEntry.count({ where: { recordType, recordId } });
}

describe('auth and roles', () => {
  it('refuses anonymous callers with UNAUTHORIZED', async () => {
    expect(await codeOf(h.as('anonymous').source.list({}))).toBe('UNAUTHORIZED');
    expect(await codeOf(h.as('anonymous').claim.create({ sourceId: 1, start: 0, end: 1 }))).toBe('UNAUTHORIZED');
  });
  it('refuses annotators the review queue and user management with FORBIDDEN', async () => {
    expect(await codeOf(h.as('annotator').review.queue({}))).toBe('FORBIDDEN');
    expect(await codeOf(h.as('annotator').review.decide({ disputeId: 1, version: 1, verdicts: [{ claimId: 1, rating: 'true' }], rationale: 'x' }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(h.as('reviewer').user.list())).toBe('FORBIDDEN');
    expect(await h.as('admin').user.list()).toHaveLength(3);
  });
  it('signs in with the right password only, and never returns a password hash', async () => {
    const cookies: string[] = [];
    const caller = (await import('./root.ts')).createCaller({ db: h.db, user: null, setCookie: (c) => cookies.push(c) });
    expect(await codeOf(caller.auth.login({ email: 'reviewer@test.example', password: 'wrong-password' }))).toBe('UNAUTHORIZED');
    const user = await caller.auth.login({ email: 'reviewer@test.example', password: 'reviewer-password-1' });
    expect(user).toEqual({ id: h.users.reviewer.id, email: 'reviewer@test.example', name: 'Test reviewer', role: 'reviewer' });
    expect(JSON.stringify(user)).not.toMatch(/argon2/);
    expect(cookies[0]).toMatch(/HttpOnly/);
    expect(cookies[0]).toMatch(/SameSite=Lax/);
    const users = await h.as('admin').user.list();
    expect(JSON.stringify(users)).not.toMatch(/passwordHash|argon2/);
  });
  it('stores passwords as Argon2id with at least 19 MiB and 2 iterations', async () => {
    const u = await h.db.user.findFirstOrThrow();
    expect(u.passwordHash).toMatch(/^\$argon2id\$v=19\$/);
    const m = u.passwordHash.match(/m=(\d+)/)![1];
    const t = u.passwordHash.match(/t=(\d+)/)![1];
    expect(u.passwordHash).toMatch(/p=1\b/);
    expect(Number(m)).toBeGreaterThanOrEqual(19456);
    expect(Number(t)).toBeGreaterThanOrEqual(2);
  });
  it('throttles repeated failed sign-ins', async () => {
    const caller = (await import('./root.ts')).createCaller({ db: h.db, user: null });
    const codes = [];
    for (let i = 0; i < 7; i++) codes.push(await codeOf(caller.auth.login({ email: 'admin@test.example', password: 'nope-nope-nope' })));
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('UNAUTHORIZED'));
    expect(codes.at(-1)).toBe('TOO_MANY_REQUESTS');
  });
});

describe('sources', () => {
  it('imports normalised text once, de-duplicated by content hash, and audits it', async () => {
    const api = h.as('annotator');
    const first = await api.source.import({ text: ARTICLE.replace(/\n/g, '\r\n'), title: 'Meeting', outlet: 'Test Agency', published: '2025-12-08?' });
    expect(first.created).toBe(true);
    const again = await api.source.import({ text: ARTICLE, title: 'Same text, other title', outlet: 'Other' });
    expect(again).toMatchObject({ created: false, source: { id: first.source.id, title: 'Meeting' } });
    const got = await api.source.get({ id: first.source.id });
    expect(got.text).toBe(ARTICLE.normalize('NFC'));
    expect(got.published).toBe('2025-12-08?');
    expect(await auditCount('source', first.source.id)).toBe(1);
  });
  it('refuses bad metadata with the field named, and writes nothing', async () => {
    const before = await h.db.source.count();
    const err = await h
      .as('annotator')
      .source.import({ text: 'x', title: 't', outlet: 'o', published: 'last Tuesday' })
      .catch((e) => e);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/published/);
    expect(await codeOf(h.as('annotator').source.import({ text: '   ', title: 't', outlet: 'o' }))).toBe('BAD_REQUEST');
    expect(await codeOf(h.as('annotator').source.import({ text: 'ok', title: 't', outlet: 'o', url: 'javascript:alert(1)' }))).toBe('BAD_REQUEST');
    expect(await h.db.source.count()).toBe(before);
  });
  it('updates metadata with the version it was based on, refusing a stale one', async () => {
    const api = h.as('annotator');
    const { source } = await api.source.import({ text: 'A short text about Hmeimim.', title: 'Short', outlet: 'X' });
    const updated = await api.source.updateMeta({ id: source.id, version: source.version, title: 'Short (corrected)' });
    expect(updated).toMatchObject({ title: 'Short (corrected)', version: source.version + 1 });
    expect(await codeOf(api.source.updateMeta({ id: source.id, version: source.version, title: 'Lost update' }))).toBe('CONFLICT');
    expect((await api.source.get({ id: source.id })).title).toBe('Short (corrected)');
    expect(await codeOf(api.source.updateMeta({ id: 99999, version: 1, title: 'x' }))).toBe('NOT_FOUND');
    const history = await api.audit.history({ recordType: 'source', recordId: source.id });
    expect(history.items.map((e) => e.action)).toEqual(['update', 'create']);
    expect(history.items[0]!.user?.name).toBe('Test annotator');
  });
  // Not on PostgreSQL yet: full-text search.
  it('lists sources newest first with cursor pagination and text search', async () => {
    const api = h.as('reviewer');
    const page1 = await api.source.list({ limit: 1 });
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await api.source.list({ limit: 1, cursor: page1.nextCursor });
    expect(page2.items[0]!.id).toBeLessThan(page1.items[0]!.id);
    const found = await api.source.list({ q: 'Hmeimim' });
    expect(found.items.map((s) => s.title)).toEqual(['Short (corrected)']);
  });
});

describe('actors', () => {
  it('creates actors and finds them by any spelling, ranked', async () => {
    const api = h.as('annotator');
    const shaibani = await api.actor.create({
      name: 'Asaad al-Shaibani',
      kind: 'person',
      aliases: ['al-Shaybani', 'Asaad Hassan al-Shaybani', 'أسعد حسن الشيباني'],
    });
    await api.actor.create({ name: 'Bashar al-Assad', kind: 'person', aliases: ['بشار الأسد'] });
    for (const q of ['Shibani', 'al-Shaybani', 'al-Shaibani', 'الشيباني', 'shaibani']) {
      const r = await api.actor.search({ q });
      expect(r.items[0]?.id, q).toBe(shaibani.id);
    }
    expect((await api.actor.search({ q: 'Khamenei' })).items.map((a) => a.id)).not.toContain(shaibani.id);
    expect(await auditCount('actor', shaibani.id)).toBe(1);
  });
  it('adds an alias with optimistic concurrency, and refuses duplicates', async () => {
    const api = h.as('annotator');
    const a = await api.actor.create({ name: 'Hmeimim Air Base', kind: 'place' });
    const withAlias = await api.actor.addAlias({ id: a.id, version: a.version, alias: 'Khmeimim' });
    expect(withAlias.aliases.map((x) => x.name)).toEqual(['Khmeimim']);
    expect(await codeOf(api.actor.addAlias({ id: a.id, version: a.version, alias: 'Hmeymim' }))).toBe('CONFLICT');
    expect(await codeOf(api.actor.addAlias({ id: a.id, version: withAlias.version, alias: 'Khmeimim' }))).toBe('BAD_REQUEST');
    expect((await api.actor.search({ q: 'Khmeimim' })).items[0]?.id).toBe(a.id);
  });
  it('merges two actors: names become aliases, claims move, the loser points at the winner', async () => {
    const api = h.as('reviewer'); // merging is a reviewer's act (roles.test.ts)
    const { source } = await api.source.import({ text: 'Sharaa said Russia is a partner. Jolani said so too.', title: 'Merge', outlet: 'X' });
    const winner = await api.actor.create({ name: 'Ahmed al-Sharaa', kind: 'person' });
    const loser = await api.actor.create({ name: 'Abu Mohammed al-Jolani', kind: 'person', aliases: ['al-Julani'] });
    const claim = await api.claim.create({ sourceId: source.id, start: 33, end: 51, claimantId: loser.id });
    const merged = await api.actor.merge({ winnerId: winner.id, winnerVersion: winner.version, loserId: loser.id, loserVersion: loser.version });
    expect(merged.aliases.map((a) => a.name).sort()).toEqual(['Abu Mohammed al-Jolani', 'al-Julani']);
    expect((await api.claim.get({ id: claim.id })).claimant?.id).toBe(winner.id);
    expect((await api.actor.get({ id: loser.id })).mergedIntoId).toBe(winner.id);
    expect((await api.actor.search({ q: 'Julani' })).items.map((a) => a.id)).toEqual([winner.id]);
    expect(await codeOf(api.actor.merge({ winnerId: winner.id, winnerVersion: merged.version, loserId: winner.id, loserVersion: merged.version }))).toBe(
      'BAD_REQUEST',
    );
  });
});

describe('events', () => {
  // Not on PostgreSQL yet: event lists (queries/events.ts).
  it('creates, updates with versions, and lists by date range, actor and place', async () => {
    const api = h.as('annotator');
    const russia = await api.actor.create({ name: 'Russia', kind: 'state' });
    const campaign = await api.event.create({ title: 'Offensive', type: 'campaign', date: '2024-11-27/2024-12-08', place: 'Syria' });
    const meeting = await api.event.create({
      title: 'Meeting at Bab al-Hawa',
      type: 'meeting',
      date: '2024-12-06',
      place: 'Bab al-Hawa',
      parentId: campaign.id,
      participants: [{ actorId: russia.id, role: 'delegation' }],
    });
    await api.event.create({ title: 'Later visit', type: 'visit', date: '2025-07-31?', place: 'Moscow' });
    const inDecember = await api.event.list({ from: '2024-12', to: '2024-12' });
    expect(inDecember.items.map((e) => e.title)).toEqual(['Offensive', 'Meeting at Bab al-Hawa']);
    expect((await api.event.list({ actorId: russia.id })).items.map((e) => e.id)).toEqual([meeting.id]);
    expect((await api.event.list({ place: 'bab al hawa' })).items.map((e) => e.id)).toEqual([meeting.id]);
    const desc = await api.event.list({ sort: '-date', limit: 1 });
    expect(desc.items[0]!.title).toBe('Later visit');
    const next = await api.event.list({ sort: '-date', limit: 1, cursor: desc.nextCursor });
    expect(next.items[0]!.title).toBe('Meeting at Bab al-Hawa');

    const moved = await api.event.update({ id: meeting.id, version: meeting.version, date: '2024-12-07' });
    expect(moved).toMatchObject({ date: '2024-12-07', dateEarliest: '2024-12-07', dateLatest: '2024-12-07', version: 2 });
    expect(await codeOf(api.event.update({ id: meeting.id, version: 1, title: 'stale' }))).toBe('CONFLICT');
    expect(await codeOf(api.event.update({ id: campaign.id, version: campaign.version, parentId: meeting.id }))).toBe('BAD_REQUEST');
    expect(await codeOf(api.event.create({ title: 'Bad date', date: '2024-13-45' }))).toBe('BAD_REQUEST');
    expect(await codeOf(api.event.get({ id: 424242 }))).toBe('NOT_FOUND');
    const tl = await api.event.timeline({});
    expect(tl.items.find((e) => e.id === campaign.id)).toMatchObject({ earliest: '2024-11-27', latest: '2024-12-08' });
  });
});

describe('claims', () => {
  it('creates a claim from code point offsets; the server stores the exact quote with context', async () => {
    const api = h.as('annotator');
    const { source } = await api.source.import({ text: ARTICLE, title: 'Meeting', outlet: 'Test Agency' });
    const text = [...ARTICLE];
    const start = text.indexOf('أ');
    const end = text.length - 1;
    const claim = await h.as('reviewer').claim.create({ sourceId: source.id, start, end, paraphrase: 'Arabic span with an emoji', status: 'accepted' });
    expect(claim.quote).toBe(text.slice(start, end).join(''));
    expect(claim.quote).toContain('👍🏽');
    expect(claim.prefix.length).toBeGreaterThan(0);
    expect(await auditCount('claim', claim.id)).toBe(1);
  });
  it('refuses empty, reversed and out-of-range spans', async () => {
    const api = h.as('annotator');
    const { source } = await api.source.import({ text: ARTICLE, title: 'Meeting', outlet: 'Test Agency' });
    const n = [...ARTICLE].length;
    for (const [start, end] of [
      [5, 5],
      [9, 3],
      [0, n + 1],
      [n, n + 1],
    ] as const) {
      expect(await codeOf(api.claim.create({ sourceId: source.id, start, end })), `${start}-${end}`).toBe('BAD_REQUEST');
    }
    expect(await codeOf(api.claim.create({ sourceId: 987654, start: 0, end: 3 }))).toBe('NOT_FOUND');
    expect(await codeOf(api.claim.create({ sourceId: source.id, start: 0, end: 3, claimantId: 987654 }))).toBe('BAD_REQUEST');
  });
  it('updates the claimant, chain and paraphrase with versions; status changes are audited', async () => {
    const api = h.as('annotator');
    const { source } = await api.source.import({ text: ARTICLE, title: 'Meeting', outlet: 'Test Agency' });
    const outlet = await api.actor.create({ name: 'Test Agency', kind: 'outlet' });
    const person = (await api.actor.search({ q: 'al-Shaibani' })).items[0]!;
    const claim = await api.claim.create({ sourceId: source.id, start: 0, end: 20 });
    const updated = await api.claim.update({
      id: claim.id,
      version: claim.version,
      claimantId: person.id,
      chain: [{ actorId: outlet.id, relation: 'reports' }],
      paraphrase: 'He said so.',
    });
    expect(updated.claimant?.id).toBe(person.id);
    expect(updated.chain.map((c) => c.actor.name)).toEqual(['Test Agency']);
    expect(await codeOf(api.claim.update({ id: claim.id, version: claim.version, paraphrase: 'stale' }))).toBe('CONFLICT');
    const accepted = await h.as('reviewer').claim.setStatus({ id: claim.id, version: updated.version, status: 'accepted' });
    expect(accepted.status).toBe('accepted');
    const history = await api.audit.history({ recordType: 'claim', recordId: claim.id });
    expect(history.items.map((e) => e.action)).toEqual(['set-status', 'update', 'create']);
    const listed = await api.claim.listBySource({ sourceId: source.id });
    expect(listed.items.map((c) => c.start)).toEqual([...listed.items.map((c) => c.start)].sort((a, b) => a - b));
  });
});

describe('links, disputes and review', () => {
  it('a contradicting claim opens a dispute that a reviewer resolves; new evidence reopens it', async () => {
    const api = h.as('reviewer'); // claims created as accepted: a reviewer's act (roles.test.ts)
    const text = 'Moscow urged Assad to negotiate, a source said. The FT said the message never reached Moscow. A third outlet said Moscow called Assad.';
    const { source } = await api.source.import({ text, title: 'Contact', outlet: 'Mixed Outlet' });
    const event = await api.event.create({ title: 'Moscow contacts Assad', type: 'contact', date: '2024-12~' });
    const pro = await api.claim.create({ sourceId: source.id, start: 0, end: 31, status: 'accepted', paraphrase: 'Moscow urged Assad to negotiate' });
    const con = await api.claim.create({ sourceId: source.id, start: 48, end: 93, status: 'accepted', paraphrase: 'the message never reached Moscow' });
    await api.link.create({ claimId: pro.id, eventId: event.id, stance: 'supports' });
    const { dispute } = await api.link.create({ claimId: con.id, eventId: event.id, stance: 'contradicts' });
    expect(dispute).toMatchObject({ status: 'open', changed: true });

    const reviewer = h.as('reviewer');
    const queue = withClaims(await reviewer.review.queue({}));
    const item = queue.items.find((d) => d.eventId === event.id)!;
    expect(item.kinds).toContain('stance');
    expect(item.claims.map((c) => c.id).sort()).toEqual([pro.id, con.id].sort());
    expect(item.explanation.length).toBeGreaterThan(10);

    expect(
      await codeOf(
        reviewer.review.decide({ disputeId: item.id, version: item.version, verdicts: [{ claimId: pro.id, rating: 'true' }], rationale: 'only one' }),
      ),
    ).toBe('BAD_REQUEST');
    const decided = await reviewer.review.decide({
      disputeId: item.id,
      version: item.version,
      verdicts: [
        { claimId: pro.id, rating: 'mostly-true' },
        { claimId: con.id, rating: 'unverifiable' },
      ],
      rationale: 'Both accounts can hold at different times.',
      evidenceUrl: 'https://example.org/evidence',
    });
    expect(decided.status).toBe('resolved');
    expect(decided.verdicts).toHaveLength(2);
    expect(
      await codeOf(reviewer.review.decide({ disputeId: item.id, version: item.version, verdicts: [{ claimId: pro.id, rating: 'true' }], rationale: 'stale' })),
    ).toBe('CONFLICT');
    expect((await reviewer.review.queue({})).items.map((d) => d.id)).not.toContain(item.id);

    // A claim that takes no side is no new evidence: the dispute stays settled.
    const third = await api.claim.create({ sourceId: source.id, start: 95, end: 133, status: 'accepted' });
    const mention = await api.link.create({ claimId: third.id, eventId: event.id, stance: 'mentions' });
    expect(mention.dispute?.status).toBe('resolved');
    // A new conflicting claim reopens it.
    const later = await api.claim.create({ sourceId: source.id, start: 52, end: 93, status: 'accepted' });
    const reopened = await api.link.create({ claimId: later.id, eventId: event.id, stance: 'contradicts' });
    expect(reopened.dispute?.status).toBe('open');
    const history = await reviewer.audit.history({ recordType: 'dispute', recordId: item.id });
    expect(history.items.map((e) => e.action)).toEqual(['reopen', 'resolve', 'open']);
  });
  // Not on PostgreSQL yet: claim.listByEvent (queries/events.ts).
  it('link updates and removals are versioned; removing the conflict voids the dispute', async () => {
    const api = h.as('reviewer'); // ending a dispute is a reviewer's act (roles.test.ts)
    const { source } = await api.source.import({ text: 'The base is at Hmeimim. No, the base is near Khamenei.', title: 'Base', outlet: 'O' });
    const event = await api.event.create({ title: 'Russian airbase', type: 'presence' });
    const a = await api.claim.create({ sourceId: source.id, start: 0, end: 23, status: 'accepted' });
    const b = await api.claim.create({ sourceId: source.id, start: 24, end: 54, status: 'accepted' });
    await api.link.create({ claimId: a.id, eventId: event.id, stance: 'supports', asserted: { place: 'Hmeimim' } });
    const lb = await api.link.create({ claimId: b.id, eventId: event.id, stance: 'supports', asserted: { place: 'an airbase near Khamenei' } });
    expect(lb.dispute?.status).toBe('open');
    expect((await api.event.get({ id: event.id })).dispute?.kinds).toEqual(['place']);
    const fixed = await api.link.update({ id: lb.link.id, version: lb.link.version, asserted: { place: 'Khmeimim' } });
    expect(fixed.dispute?.status).toBe('void');
    expect(await codeOf(api.link.update({ id: lb.link.id, version: lb.link.version, stance: 'mentions' }))).toBe('CONFLICT');
    expect(await codeOf(api.link.create({ claimId: b.id, eventId: event.id, stance: 'supports' }))).toBe('CONFLICT');
    expect(await codeOf(api.link.remove({ id: lb.link.id, version: lb.link.version }))).toBe('CONFLICT');
    await api.link.remove({ id: lb.link.id, version: fixed.link.version });
    expect((await api.claim.listByEvent({ eventId: event.id })).items.map((l) => l.claim.id)).toEqual([a.id]);
    expect(await auditCount('link', lb.link.id)).toBe(3);
    expect(await codeOf(api.link.create({ claimId: a.id, eventId: event.id, stance: 'endorses' as never }))).toBe('BAD_REQUEST');
  });
});

describe('search', () => {
  // Not on PostgreSQL yet: full-text search.
  it('finds sources, claims, actors and events with highlighted snippets, paginated', async () => {
    const api = h.as('reviewer');
    const r = await api.search.query({ q: 'Hmeimim' });
    const kinds = new Set(r.items.map((i) => i.kind));
    expect(kinds.has('source')).toBe(true);
    expect(kinds.has('actor')).toBe(true);
    const hit = r.items.find((i) => i.kind === 'source')!;
    expect(hit.snippet.some((s) => s.hit && /hmeimim/i.test(s.text))).toBe(true);
    const p1 = await api.search.query({ q: 'the', limit: 2 });
    expect(p1.items).toHaveLength(2);
    const p2 = await api.search.query({ q: 'the', limit: 2, cursor: p1.nextCursor });
    expect(p2.items.map((i) => `${i.kind}${i.id}`)).not.toEqual(p1.items.map((i) => `${i.kind}${i.id}`));
    // FTS operators and quotes in the input are taken literally, never as syntax errors.
    for (const q of ['"unbalanced', 'NEAR(a b)', 'a OR', '*', 'al-Shaibani:', "'; DROP TABLE Claim; --"]) {
      await expect(api.search.query({ q })).resolves.toBeDefined();
    }
    expect(await codeOf(api.search.query({ q: '' }))).toBe('BAD_REQUEST');
  });
});

describe('remaining procedures', () => {
  it('actor.update keeps the old name as an alias; removeAlias and list work with versions', async () => {
    const api = h.as('annotator');
    const a = await api.actor.create({ name: 'Rami Shaar', kind: 'person', aliases: ['رامي الشاعر'] });
    const renamed = await api.actor.update({ id: a.id, version: a.version, name: 'Rami al-Shaer', description: 'Russian political analyst' });
    expect(renamed.aliases.map((x) => x.name)).toEqual(['رامي الشاعر', 'Rami Shaar']);
    expect((await api.actor.search({ q: 'Rami Shaar' })).items[0]?.id).toBe(a.id);
    expect(await codeOf(api.actor.update({ id: a.id, version: a.version, name: 'stale' }))).toBe('CONFLICT');
    const arabic = renamed.aliases.find((x) => x.name === 'رامي الشاعر')!;
    const removed = await api.actor.removeAlias({ id: a.id, version: renamed.version, aliasId: arabic.id });
    expect(removed.aliases.map((x) => x.name)).toEqual(['Rami Shaar']);
    expect(await codeOf(api.actor.removeAlias({ id: a.id, version: removed.version, aliasId: arabic.id }))).toBe('NOT_FOUND');
    const page = await api.actor.list({ limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    expect(await codeOf(api.actor.create({ name: 'X', kind: 'wizard' as never }))).toBe('BAD_REQUEST');
    expect((await api.audit.history({ recordType: 'actor', recordId: a.id })).items.map((e) => e.action)).toEqual(['remove-alias', 'update', 'create']);
  });

  it('admins create and update users; a stale or self-demoting update is refused', async () => {
    const admin = h.as('admin');
    const u = await admin.user.create({ email: 'New.Person@Example.org', name: 'New Person', role: 'annotator', password: 'a-long-password' });
    expect(u.email).toBe('new.person@example.org');
    expect(await codeOf(admin.user.create({ email: 'new.person@example.org', name: 'Dup', role: 'annotator', password: 'a-long-password' }))).toBe('CONFLICT');
    expect(await codeOf(admin.user.create({ email: 'short@example.org', name: 'S', role: 'annotator', password: 'short' }))).toBe('BAD_REQUEST');
    const promoted = await admin.user.update({ id: u.id, version: u.version, role: 'reviewer' });
    expect(promoted.role).toBe('reviewer');
    expect(await codeOf(admin.user.update({ id: u.id, version: u.version, role: 'admin' }))).toBe('CONFLICT');
    expect(await codeOf(admin.user.update({ id: h.users.admin.id, version: 1, role: 'annotator' }))).toBe('BAD_REQUEST');
    expect(await codeOf(h.as('annotator').user.create({ email: 'x@example.org', name: 'X', role: 'admin', password: 'a-long-password' }))).toBe('FORBIDDEN');
  });

  // Not on PostgreSQL yet: claim.listByEvent (queries/events.ts).

  it('auth.me tells who is signed in; review.get and claim.listByEvent show a dispute to any user', async () => {
    expect(await h.as('anonymous').auth.me()).toBeNull();
    expect((await h.as('annotator').auth.me())?.role).toBe('annotator');
    const dispute = await h.db.dispute.findFirstOrThrow();
    const seen = await h.as('annotator').review.get({ id: dispute.id });
    expect(seen.claims.length).toBeGreaterThanOrEqual(2);
    expect(seen.claims.every((c) => c.link?.eventId === dispute.eventId)).toBe(true);
    const byEvent = await h.as('annotator').claim.listByEvent({ eventId: dispute.eventId });
    expect(byEvent.items.length).toBeGreaterThanOrEqual(2);
    expect(await codeOf(h.as('annotator').review.get({ id: 999999 }))).toBe('NOT_FOUND');
  });
});

describe('review queue order', () => {
  it('orders by independent origins when asked, paginating without repeats', async () => {
    const api = h.as('reviewer');
    const all = await api.review.queue({ order: 'weight', status: 'all', limit: 200 });
    const weights = all.items.map((d) => [d.contradictOrigins, d.supportOrigins] as const);
    for (let i = 1; i < weights.length; i++) {
      const [c0, s0] = weights[i - 1]!;
      const [c1, s1] = weights[i]!;
      expect(c0 > c1 || (c0 === c1 && s0 >= s1)).toBe(true);
    }
    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const page: Awaited<ReturnType<typeof api.review.queue>> = await api.review.queue({ order: 'weight', status: 'all', limit: 1, cursor });
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((d) => d.id));
  });
});

describe('review queue, list form', () => {
  it("counts a dispute's claims, and refuses an unknown form with BAD_REQUEST", async () => {
    const api = h.as('reviewer');
    const full = withClaims(await api.review.queue({ status: 'all' }));
    const counted = withCounts(await api.review.queue({ status: 'all', claims: 'count' }));
    expect(counted.items.map((d) => [d.id, d.claimCount])).toEqual(full.items.map((d) => [d.id, d.claims.length]));
    expect(counted.items.map((d) => d.event)).toEqual(full.items.map((d) => d.event));
    // @ts-expect-error: not a form of the queue
    expect(await codeOf(api.review.queue({ claims: 'some' }))).toBe('BAD_REQUEST');
    expect(await codeOf(h.as('annotator').review.queue({ claims: 'count' }))).toBe('FORBIDDEN');
  });
});

describe('large pages', () => {
  it('lists a source with 1,200 claims page by page without a server error', async () => {
    const text = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(' ');
    const { source } = await h.as('annotator').source.import({ text, title: 'Many claims', outlet: 'Bulk' });
    await h.db.claim.createMany({
      data: Array.from({ length: 1200 }, (_, i) => ({ sourceId: source.id, start: i * 5, end: i * 5 + 4, quote: 'x', prefix: '', suffix: '' })),
    });
    const api = h.as('reviewer');
    let cursor: number | null = null;
    let total = 0;
    do {
      const page: Awaited<ReturnType<typeof api.claim.listBySource>> = await api.claim.listBySource({ sourceId: source.id, limit: 500, cursor });
      total += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    expect(total).toBe(1200);
    expect(await codeOf(api.claim.listBySource({ sourceId: source.id, limit: 5000 }))).toBe('BAD_REQUEST');
  });
});
