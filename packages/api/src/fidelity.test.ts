// Evidence fidelity: what a link asserts (the exclusive participant list above all) survives export,
// restore and re-detection, so a backup never changes the database's conclusions.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDb, resolveDatabasePath, writeTx } from '@claimline/db';
import { createHarness, type Harness } from './test/harness.ts';
import { loadDemo } from './services/demo.ts';
import { exportDatabase } from './services/export.ts';
import { restoreDatabase } from './services/restore.ts';
import { recomputeAllDisputes } from './services/disputes.ts';

let h: Harness;
let out: string;
let eventId: number;
const now = new Date('2026-01-01T00:00:00.000Z');

beforeAll(async () => {
  h = await createHarness();
  out = path.join(h.dir, 'out');
  mkdirSync(out);
  const api = h.as('annotator');
  const text = 'The FSA declared the end of Assad’s rule. HTS declared the end of Assad’s rule, a second outlet said.';
  const { source } = await api.source.import({ text, title: 'Who declared it', outlet: 'Test Wire' });
  const fsa = await api.actor.create({ name: 'Free Syrian Army', kind: 'armed_group' });
  const hts = await api.actor.create({ name: 'Hayat Tahrir al-Sham', kind: 'armed_group' });
  const event = await api.event.create({ title: 'End of Assad’s rule declared', date: '2024-12-08' });
  eventId = event.id;
  const first = await api.claim.create({ sourceId: source.id, start: 0, end: 41 });
  const second = await api.claim.create({ sourceId: source.id, start: 42, end: 83 });
  // "The FSA declared it" read as "the FSA and no one else": a complete list.
  await api.link.create({ claimId: first.id, eventId, stance: 'supports', asserted: { participants: { include: [fsa.id], exclusive: true } } });
  const r = await api.link.create({ claimId: second.id, eventId, stance: 'supports', asserted: { participants: { include: [hts.id] } } });
  expect(r.dispute).toMatchObject({ status: 'open' });
});
afterAll(async () => h?.close());

async function restoredCopy(name: string, file: string) {
  const url = `file:${path.join(h.dir, name)}`;
  await migrate(url);
  const target = resolveDatabasePath(url);
  await restoreDatabase(target, file);
  return openDb({ url });
}

describe('a participants dispute that rests on an exclusive list', () => {
  it.each(['json', 'jsonl'] as const)('keeps its dispute open through %s export, restore and a full recompute', async (format) => {
    const file = path.join(out, `all.${format}`);
    await exportDatabase(resolveDatabasePath(h.url), format, file, { now, force: true });
    expect(readFileSync(file, 'utf8')).toContain('"exclusive":true');
    const db = await restoredCopy(`restored-${format}.db`, file);
    try {
      const before = await db.dispute.findUniqueOrThrow({ where: { eventId }, select: { status: true, kinds: true } });
      expect(before.status).toBe('open');
      const changes = await writeTx(db, (tx) => recomputeAllDisputes(tx, null));
      const after = await db.dispute.findUniqueOrThrow({ where: { eventId }, select: { status: true, kinds: true } });
      expect(after).toEqual(before);
      expect(JSON.stringify(after.kinds)).toContain('participants');
      expect(changes).toBeDefined();
    } finally {
      await db.$disconnect();
    }
  });

  it('the CSV export says which participant lists are complete', async () => {
    const dir = path.join(out, 'csv');
    await exportDatabase(resolveDatabasePath(h.url), 'csv', dir, { now, force: true });
    const rows = parseCsv<Record<string, string>>(readFileSync(path.join(dir, 'links.csv'), 'utf8'), { columns: true });
    expect(rows.map((r) => r.assertedParticipantsExclusive)).toEqual(['true', 'false']);
  });
});

describe('the demo data set', () => {
  it('export → restore → recompute changes no dispute', async () => {
    const demo = await createHarness();
    try {
      await loadDemo(demo.db, { reviewerId: demo.users.reviewer.id });
      const disputes = () => demo.db.dispute.findMany({ orderBy: { eventId: 'asc' }, select: { eventId: true, status: true, kinds: true } });
      const original = await disputes();
      expect(original.some((d) => JSON.stringify(d.kinds).includes('participants'))).toBe(true);
      const file = path.join(demo.dir, 'demo.json');
      await exportDatabase(resolveDatabasePath(demo.url), 'json', file, { now, force: true });
      const db = await restoredCopy('demo-restored.db', file);
      try {
        await writeTx(db, (tx) => recomputeAllDisputes(tx, null));
        expect(await db.dispute.findMany({ orderBy: { eventId: 'asc' }, select: { eventId: true, status: true, kinds: true } })).toEqual(original);
      } finally {
        await db.$disconnect();
      }
    } finally {
      await demo.close();
    }
  });
});

describe('a merge that puts one actor in both participant lists', () => {
  it('stores it as included, and the export restores (it used to be refused)', async () => {
    const m = await createHarness();
    try {
      const api = m.as('reviewer');
      const { source } = await api.source.import({
        text: 'Assad met the delegation; Bashar al-Assad was not there, a second report said.',
        title: 'Both',
        outlet: 'Wire',
      });
      const assad = await api.actor.create({ name: 'Assad', kind: 'person' });
      const bashar = await api.actor.create({ name: 'Bashar al-Assad', kind: 'person' });
      const event = await api.event.create({ title: 'Meeting' });
      const claim = await api.claim.create({ sourceId: source.id, start: 0, end: 24 });
      const { link } = await api.link.create({
        claimId: claim.id,
        eventId: event.id,
        stance: 'supports',
        asserted: { participants: { include: [assad.id], exclude: [bashar.id] } },
      });
      await api.actor.merge({ winnerId: assad.id, winnerVersion: assad.version, loserId: bashar.id, loserVersion: bashar.version });
      const stored = await m.db.link.findUniqueOrThrow({ where: { id: link.id } });
      expect(stored.assertedParticipants).toEqual({ include: [assad.id], exclude: [], exclusive: false });
      // A database written before this fix holds the overlap itself: it exports as included, and restores.
      await m.db.link.update({ where: { id: link.id }, data: { assertedParticipants: { include: [assad.id], exclude: [assad.id], exclusive: false } } });
      for (const format of ['json', 'jsonl', 'csv'] as const)
        await exportDatabase(resolveDatabasePath(m.url), format, path.join(m.dir, `both.${format}`), { now });
      const doc = JSON.parse(readFileSync(path.join(m.dir, 'both.json'), 'utf8'));
      expect(doc.links[0].asserted.participants).toEqual({ include: [assad.id], exclude: [], exclusive: false });
      const rows = parseCsv<Record<string, string>>(readFileSync(path.join(m.dir, 'both.csv', 'links.csv'), 'utf8'), { columns: true });
      expect(rows[0]).toMatchObject({ assertedParticipantsInclude: String(assad.id), assertedParticipantsExclude: '' });
      for (const format of ['json', 'jsonl'] as const) {
        const url = `file:${path.join(m.dir, `both-${format}.db`)}`;
        await migrate(url);
        await expect(restoreDatabase(resolveDatabasePath(url), path.join(m.dir, `both.${format}`))).resolves.toMatchObject({ counts: { links: 1 } });
      }
    } finally {
      await m.close();
    }
  });
});

describe('edits of what a dispute names or counts', () => {
  it('keep the stored dispute equal to a fresh detection (recompute changes nothing)', async () => {
    const m = await createHarness();
    try {
      const api = m.as('reviewer');
      const text = 'Source A says they met on 6 December. Source B says it was 9 December.';
      const { source } = await api.source.import({ text, title: 'Dates', outlet: 'Wire' });
      const spokesman = await api.actor.create({ name: 'A spokesman', kind: 'person' });
      const event = await api.event.create({ title: 'The meeting' });
      const first = await api.claim.create({ sourceId: source.id, start: 0, end: 37, claimantId: spokesman.id });
      const second = await api.claim.create({ sourceId: source.id, start: 38, end: 70 });
      await api.link.create({ claimId: first.id, eventId: event.id, stance: 'supports', asserted: { date: '2024-12-06' } });
      await api.link.create({ claimId: second.id, eventId: event.id, stance: 'supports', asserted: { date: '2024-12-09' } });
      const dispute = () => m.db.dispute.findUniqueOrThrow({ where: { eventId: event.id }, include: { claims: { orderBy: { claimId: 'asc' } } } });
      const recomputeChanges = async () => {
        const before = await dispute();
        await writeTx(m.db, (tx) => recomputeAllDisputes(tx, null));
        return JSON.stringify(await dispute()) !== JSON.stringify(before);
      };
      expect((await dispute()).explanation).toContain('A spokesman');
      await api.actor.update({ id: spokesman.id, version: spokesman.version, name: 'Dmitry Peskov' });
      expect((await dispute()).explanation).toContain('Dmitry Peskov');
      expect(await recomputeChanges()).toBe(false);
      // An anonymous claimant is not an origin of its own: the independence counts follow the kind.
      const renamed = await m.db.actor.findUniqueOrThrow({ where: { id: spokesman.id } });
      await api.actor.update({ id: spokesman.id, version: renamed.version, kind: 'anonymous' });
      expect(await recomputeChanges()).toBe(false);
      const s = await m.db.source.findUniqueOrThrow({ where: { id: source.id } });
      await api.source.updateMeta({ id: source.id, version: s.version, outlet: 'Other Wire' });
      expect((await dispute()).explanation).toContain('Other Wire');
      expect(await recomputeChanges()).toBe(false);
      await api.event.update({ id: event.id, version: event.version, title: 'The Doha meeting' });
      expect(await recomputeChanges()).toBe(false);
      const c = await m.db.claim.findUniqueOrThrow({ where: { id: second.id } });
      await api.claim.update({ id: second.id, version: c.version, paraphrase: 'B: the ninth' });
      expect(await recomputeChanges()).toBe(false);
    } finally {
      await m.close();
    }
  });
});
