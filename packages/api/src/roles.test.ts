// The role policy (packages/core/src/roles.ts) as each role meets it through the API: an annotator is
// refused a reviewer's act with FORBIDDEN and nothing changes; a reviewer may; e-mail addresses reach
// admins only; accounts can be managed, and every change to one is audited.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDatabasePath } from '@claimline/db';
import { createCaller } from './root.ts';
import { createHarness, codeOf, type Harness } from './test/harness.ts';
import { exportDatabase } from './services/export.ts';
import { userForToken } from './services/users.ts';
import { signIn as startSession } from './services/sign-in.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

const TEXT = 'The base is at Hmeimim. No, the base is near Khamenei. Officials met in Moscow.';

/** Two draft claims that disagree about the place of one event: an open dispute an annotator built. */
async function openDispute() {
  const api = h.as('annotator');
  const { source } = await api.source.import({ text: `${TEXT} ${Math.random()}`, title: 'Base', outlet: 'O' });
  const event = await api.event.create({ title: 'Russian airbase', type: 'presence' });
  const a = await api.claim.create({ sourceId: source.id, start: 0, end: 23 });
  const b = await api.claim.create({ sourceId: source.id, start: 24, end: 54 });
  const la = await api.link.create({ claimId: a.id, eventId: event.id, stance: 'supports', asserted: { place: 'Hmeimim' } });
  const lb = await api.link.create({ claimId: b.id, eventId: event.id, stance: 'supports', asserted: { place: 'an airbase near Khamenei' } });
  expect(lb.dispute?.status).toBe('open');
  return { source, event, a, b, la: la.link, lb: lb.link, disputeId: lb.dispute!.disputeId! };
}

/** Everything a refused call could have touched. */
async function state() {
  const [claims, links, disputes, audit, actors] = await Promise.all([
    h.db.claim.findMany({ select: { id: true, status: true, version: true, paraphrase: true }, orderBy: { id: 'asc' } }),
    h.db.link.findMany({ select: { id: true, version: true, stance: true, assertedPlace: true }, orderBy: { id: 'asc' } }),
    h.db.dispute.findMany({ select: { id: true, status: true, version: true }, orderBy: { id: 'asc' } }),
    h.db.auditEntry.count(),
    h.db.actor.findMany({ select: { id: true, mergedIntoId: true, version: true }, orderBy: { id: 'asc' } }),
  ]);
  return { claims, links, disputes, audit, actors };
}

async function refusedAndUnchanged(call: () => Promise<unknown>, message?: RegExp) {
  const before = await state();
  const error = await call().then(
    () => null,
    (e: { code?: string; message?: string }) => e,
  );
  expect(error?.code, JSON.stringify(error)).toBe('FORBIDDEN');
  if (message) expect(error?.message).toMatch(message);
  expect(await state()).toEqual(before);
}

describe('claims: drafts are an annotator’s, accepting and rejecting a reviewer’s', () => {
  it('an annotator cannot accept or reject a claim, nor create one accepted; a reviewer can', async () => {
    const annotator = h.as('annotator');
    const { source } = await annotator.source.import({ text: TEXT, title: 'Statuses', outlet: 'O' });
    const claim = await annotator.claim.create({ sourceId: source.id, start: 0, end: 23 });
    for (const status of ['accepted', 'rejected'] as const) {
      await refusedAndUnchanged(
        () => annotator.claim.setStatus({ id: claim.id, version: claim.version, status }),
        new RegExp(`from draft to ${status}: this needs the reviewer role; you are annotator`),
      );
    }
    await refusedAndUnchanged(() => annotator.claim.create({ sourceId: source.id, start: 0, end: 10, status: 'accepted' }), /creating a claim as accepted/);
    const accepted = await h.as('reviewer').claim.setStatus({ id: claim.id, version: claim.version, status: 'accepted' });
    expect(accepted.status).toBe('accepted');
    // A reviewed claim is the reviewer's: the annotator can neither edit it nor take the decision back.
    await refusedAndUnchanged(
      () => annotator.claim.update({ id: claim.id, version: accepted.version, paraphrase: 'changed after review' }),
      /editing claim #\d+, which is accepted/,
    );
    await refusedAndUnchanged(() => annotator.claim.setStatus({ id: claim.id, version: accepted.version, status: 'draft' }));
    await refusedAndUnchanged(() => annotator.claim.setStatus({ id: claim.id, version: accepted.version, status: 'retracted' }));
    const edited = await h.as('reviewer').claim.update({ id: claim.id, version: accepted.version, paraphrase: 'a reviewer’s edit' });
    expect(edited.paraphrase).toBe('a reviewer’s edit');
    expect((await h.as('reviewer').claim.create({ sourceId: source.id, start: 0, end: 10, status: 'accepted' })).status).toBe('accepted');
  });

  it('an annotator edits drafts, retracts them and restores them outside disputes', async () => {
    const annotator = h.as('annotator');
    const { source } = await annotator.source.import({ text: `${TEXT} drafts`, title: 'Drafts', outlet: 'O' });
    const claim = await annotator.claim.create({ sourceId: source.id, start: 0, end: 23 });
    const edited = await annotator.claim.update({ id: claim.id, version: claim.version, paraphrase: 'The base is at Hmeimim' });
    const retracted = await annotator.claim.setStatus({ id: claim.id, version: edited.version, status: 'retracted' });
    expect(retracted.status).toBe('retracted');
    const again = await annotator.claim.update({ id: claim.id, version: retracted.version, paraphrase: 'still editable' });
    expect((await annotator.claim.setStatus({ id: claim.id, version: again.version, status: 'draft' })).status).toBe('draft');
  });

  it('an annotator cannot void an open dispute by retracting one of its claims; a reviewer can', async () => {
    const d = await openDispute();
    const annotator = h.as('annotator');
    await refusedAndUnchanged(
      () => annotator.claim.setStatus({ id: d.b.id, version: d.b.version, status: 'retracted' }),
      new RegExp(`part of open dispute #${d.disputeId}`),
    );
    expect((await annotator.claim.openDisputes({ id: d.b.id })).map((x) => x.disputeId)).toEqual([d.disputeId]);
    await h.as('reviewer').claim.setStatus({ id: d.b.id, version: d.b.version, status: 'rejected' });
    expect((await h.db.dispute.findUniqueOrThrow({ where: { id: d.disputeId } })).status).toBe('void');
  });
});

describe('links in open disputes', () => {
  it('an annotator cannot remove a link that is part of an open dispute; a reviewer can', async () => {
    const d = await openDispute();
    const annotator = h.as('annotator');
    await refusedAndUnchanged(
      () => annotator.link.remove({ id: d.lb.id, version: d.lb.version }),
      new RegExp(`removing link #${d.lb.id}, which is part of open dispute #${d.disputeId}: this needs the reviewer role`),
    );
    await h.as('reviewer').link.remove({ id: d.lb.id, version: d.lb.version });
    expect((await h.db.dispute.findUniqueOrThrow({ where: { id: d.disputeId } })).status).toBe('void');
  });

  it('an annotator cannot end an open dispute by editing a link so the claims agree; other link edits stay theirs', async () => {
    const d = await openDispute();
    const annotator = h.as('annotator');
    await refusedAndUnchanged(() => annotator.link.update({ id: d.lb.id, version: d.lb.version, asserted: { place: 'Khmeimim' } }), /would end open dispute/);
    await refusedAndUnchanged(() => annotator.link.update({ id: d.lb.id, version: d.lb.version, asserted: {} }), /would end open dispute/);
    // A note, or a change that keeps the disagreement, is an annotator's.
    const noted = await annotator.link.update({ id: d.lb.id, version: d.lb.version, note: 'checked the map' });
    expect(noted.dispute?.status).toBe('open');
    // Adding evidence to a disputed event is an annotator's too, and so is removing a link outside the dispute.
    const c = await annotator.claim.create({ sourceId: d.source.id, start: 55, end: 80 });
    const lc = await annotator.link.create({ claimId: c.id, eventId: d.event.id, stance: 'mentions' });
    expect(lc.dispute?.status).toBe('open');
    await annotator.link.remove({ id: lc.link.id, version: lc.link.version });
    const fixed = await h.as('reviewer').link.update({ id: d.lb.id, version: noted.link.version, asserted: { place: 'Khmeimim' } });
    expect(fixed.dispute?.status).toBe('void');
  });
});

describe('actors, review, users', () => {
  it('merging actors is a reviewer’s', async () => {
    const annotator = h.as('annotator');
    const winner = await annotator.actor.create({ name: 'Ahmed al-Sharaa', kind: 'person' });
    const loser = await annotator.actor.create({ name: 'Abu Mohammed al-Jolani', kind: 'person' });
    const merge = { winnerId: winner.id, winnerVersion: winner.version, loserId: loser.id, loserVersion: loser.version };
    await refusedAndUnchanged(() => annotator.actor.merge(merge), /merge actors: this needs the reviewer role; you are annotator/);
    expect((await h.as('reviewer').actor.merge(merge)).aliases.map((a) => a.name)).toEqual(['Abu Mohammed al-Jolani']);
  });

  it('the review queue and decisions are a reviewer’s; users an admin’s', async () => {
    const d = await openDispute();
    await refusedAndUnchanged(() => h.as('annotator').review.queue({}));
    await refusedAndUnchanged(() =>
      h.as('annotator').review.decide({
        disputeId: d.disputeId,
        version: 1,
        verdicts: [
          { claimId: d.a.id, rating: 'true' },
          { claimId: d.b.id, rating: 'false' },
        ],
        rationale: 'x',
      }),
    );
    for (const role of ['annotator', 'reviewer'] as const) {
      const api = h.as(role);
      expect(await codeOf(api.user.list())).toBe('FORBIDDEN');
      expect(await codeOf(api.user.get({ id: h.users.admin.id }))).toBe('FORBIDDEN');
      expect(await codeOf(api.user.create({ email: 'x@example.org', name: 'X', role: 'admin', password: 'a-long-password' }))).toBe('FORBIDDEN');
      expect(await codeOf(api.user.update({ id: h.users.annotator.id, version: 1, role: 'admin' }))).toBe('FORBIDDEN');
    }
    expect(await h.db.user.count({ where: { email: 'x@example.org' } })).toBe(0);
    const decided = await h.as('reviewer').review.decide({
      disputeId: d.disputeId,
      version: 1,
      verdicts: [
        { claimId: d.a.id, rating: 'true' },
        { claimId: d.b.id, rating: 'false' },
      ],
      rationale: 'The base is Hmeimim.',
    });
    expect(decided.status).toBe('resolved');
  });
});

describe('e-mail addresses are an admin’s', () => {
  it('an annotator reads a user’s history without any e-mail; an admin sees them', async () => {
    const admin = h.as('admin');
    const u = await admin.user.create({ email: 'secret.person@example.org', name: 'Secret Person', role: 'annotator', password: 'a-long-password' });
    await admin.user.update({ id: u.id, version: u.version, email: 'other.address@example.org' });
    for (const role of ['annotator', 'reviewer'] as const) {
      const seen = JSON.stringify(await h.as(role).audit.history({ recordType: 'user', recordId: u.id }));
      expect(seen).toContain('Secret Person');
      expect(seen).not.toMatch(/@/);
    }
    const { items } = await h.as('annotator').audit.history({ recordType: 'user', recordId: u.id });
    expect(items[0]!.user).toEqual({ id: h.users.admin.id, name: 'Test admin', role: 'admin' });
    const asAdmin = JSON.stringify(await admin.audit.history({ recordType: 'user', recordId: u.id }));
    expect(asAdmin).toContain('secret.person@example.org');
    expect(asAdmin).toContain('other.address@example.org');
    expect(asAdmin).toContain('admin@test.example');
  });

  it('the SQLite export carries no e-mail address or password hash, in users or in the audit trail', async () => {
    const out = path.join(h.dir, 'roles-snapshot.sqlite');
    await exportDatabase(resolveDatabasePath(h.url), 'sqlite', out);
    const bytes = readFileSync(out).toString('latin1');
    for (const u of await h.db.user.findMany({ select: { email: true } })) expect(bytes).not.toContain(u.email);
    expect(bytes).not.toMatch(/argon2/);
    const snap = new Database(out, { readonly: true });
    try {
      const emails = snap.prepare('SELECT id, email FROM User').all() as { id: number; email: string }[];
      expect(emails.length).toBeGreaterThan(3);
      for (const e of emails) expect(e.email).toBe(`user-${e.id}@snapshot.invalid`);
      expect(
        (
          snap.prepare(`SELECT count(*) AS n FROM AuditEntry WHERE recordType = 'user' AND (before LIKE '%email%' OR after LIKE '%email%')`).get() as {
            n: number;
          }
        ).n,
      ).toBe(0);
      expect((snap.prepare(`SELECT count(*) AS n FROM AuditEntry WHERE recordType = 'user'`).get() as { n: number }).n).toBeGreaterThan(3);
    } finally {
      snap.close();
    }
  });
});

describe('accounts', () => {
  async function signIn(email: string, password: string) {
    return startSession(h.db, { email, password });
  }

  it('an admin resets a password: every session of that user ends, the new password works, audited without it', async () => {
    const admin = h.as('admin');
    const u = await admin.user.create({ email: 'reset.me@example.org', name: 'Reset Me', role: 'reviewer', password: 'first-password' });
    const s1 = await signIn('reset.me@example.org', 'first-password');
    const s2 = await signIn('reset.me@example.org', 'first-password');
    const after = await admin.user.update({ id: u.id, version: u.version, password: 'second-password' });
    expect(after.version).toBe(u.version + 1);
    expect(await userForToken(h.db, s1.token)).toBeNull();
    expect(await userForToken(h.db, s2.token)).toBeNull();
    expect(await codeOf(signIn('reset.me@example.org', 'first-password'))).toBe('UNAUTHORIZED');
    expect((await signIn('reset.me@example.org', 'second-password')).user.id).toBe(u.id);
    const entry = await h.db.auditEntry.findFirstOrThrow({ where: { recordType: 'user', recordId: u.id }, orderBy: { id: 'desc' } });
    expect(entry).toMatchObject({ userId: h.users.admin.id, action: 'update', after: { passwordChanged: true, endedSessions: 2 } });
    expect(JSON.stringify(entry)).not.toMatch(/second-password|argon2/);
    // Stale versions are refused, as for every record.
    expect(await codeOf(admin.user.update({ id: u.id, version: u.version, role: 'annotator' }))).toBe('CONFLICT');
  });

  it('a disabled user cannot sign in and loses their sessions; enabling lets them back; e-mails change', async () => {
    const admin = h.as('admin');
    const u = await admin.user.create({ email: 'off.and.on@example.org', name: 'Off On', role: 'annotator', password: 'a-long-password' });
    const s = await signIn('off.and.on@example.org', 'a-long-password');
    const off = await admin.user.update({ id: u.id, version: u.version, disabled: true });
    expect(await userForToken(h.db, s.token)).toBeNull();
    const refused = await signIn('off.and.on@example.org', 'a-long-password').catch((e) => e);
    expect(refused.message).toMatch(/disabled/);
    const on = await admin.user.update({ id: u.id, version: off.version, disabled: false });
    const moved = await admin.user.update({ id: u.id, version: on.version, email: 'New.Address@Example.org' });
    expect(moved.email).toBe('new.address@example.org');
    expect((await signIn('new.address@example.org', 'a-long-password')).user.id).toBe(u.id);
    expect(await codeOf(admin.user.update({ id: u.id, version: moved.version, email: 'admin@test.example' }))).toBe('CONFLICT');
    expect(await codeOf(admin.user.update({ id: u.id, version: moved.version, email: 'not an email' }))).toBe('BAD_REQUEST');
    expect((await admin.user.get({ id: u.id })).version).toBe(moved.version);
    const actions = (await admin.audit.history({ recordType: 'user', recordId: u.id })).items.map((e) => [
      e.before && (e.before as { disabled?: boolean }).disabled,
      (e.after as { disabled?: boolean }).disabled,
    ]);
    expect(actions).toEqual([
      [false, false],
      [true, false],
      [false, true],
      [null, false],
    ]);
  });

  it('a signed-in user changes their own password: the current one is needed, other sessions end, this one stays', async () => {
    const admin = h.as('admin');
    const u = await admin.user.create({ email: 'changer@example.org', name: 'Changer', role: 'annotator', password: 'old-password-1' });
    const here = await signIn('changer@example.org', 'old-password-1');
    const elsewhere = await signIn('changer@example.org', 'old-password-1');
    const session = (await userForToken(h.db, here.token))!;
    const me = createCaller({ db: h.db, user: session.user, sessionId: session.sessionId });
    const wrong = await me.auth.changePassword({ currentPassword: 'not-my-password', newPassword: 'new-password-1' }).catch((e) => e);
    expect(wrong.code).toBe('BAD_REQUEST');
    expect(wrong.message).toMatch(/currentPassword/);
    expect(await codeOf(me.auth.changePassword({ currentPassword: 'old-password-1', newPassword: 'short' }))).toBe('BAD_REQUEST');
    expect(await userForToken(h.db, elsewhere.token)).not.toBeNull();
    expect(await me.auth.changePassword({ currentPassword: 'old-password-1', newPassword: 'new-password-1' })).toEqual({ ok: true, endedSessions: 1 });
    expect(await userForToken(h.db, here.token)).not.toBeNull();
    expect(await userForToken(h.db, elsewhere.token)).toBeNull();
    expect(await codeOf(signIn('changer@example.org', 'old-password-1'))).toBe('UNAUTHORIZED');
    expect((await signIn('changer@example.org', 'new-password-1')).user.id).toBe(u.id);
    const entry = await h.db.auditEntry.findFirstOrThrow({ where: { recordType: 'user', recordId: u.id }, orderBy: { id: 'desc' } });
    expect(entry).toMatchObject({ userId: u.id, action: 'change-password', after: { passwordChanged: true, endedSessions: 1 } });
    expect(JSON.stringify(entry)).not.toMatch(/password-1/);
    expect(await codeOf(h.as('anonymous').auth.changePassword({ currentPassword: 'x', newPassword: 'new-password-2' }))).toBe('UNAUTHORIZED');
  });

  it('guessing the current password through a stolen session is throttled', async () => {
    const u = await h.as('admin').user.create({ email: 'guessed@example.org', name: 'Guessed', role: 'annotator', password: 'right-password' });
    const me = createCaller({ db: h.db, user: { id: u.id, email: u.email, name: u.name, role: 'annotator' } });
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push(await codeOf(me.auth.changePassword({ currentPassword: `guess-${i}`, newPassword: 'taken-over-pass' })));
    expect(codes).toEqual([...Array(5).fill('BAD_REQUEST'), 'TOO_MANY_REQUESTS']);
    expect(await codeOf(me.auth.changePassword({ currentPassword: 'right-password', newPassword: 'taken-over-pass' }))).toBe('TOO_MANY_REQUESTS');
  });
});
