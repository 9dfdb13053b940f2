// Synthetic data for benchmarks, written in one transaction (an interrupted run leaves nothing): sources with long texts (some Arabic, some astral-plane characters),
// actors with aliases, events with dates, places, parents and participants, claims anchored at code
// point offsets, attribution chains, links with stances, stance disputes with their independent
// origins, some settled with verdicts. Deterministic for a seed. Written in bulk through better-sqlite3
// (Prisma's per-row round trips would take hours for a million claims).
import { createHash } from 'node:crypto';
import {
  OffsetMap,
  claimOrigin,
  codePointLength,
  countOrigins,
  foldName,
  makeAnchor,
  nameKeys,
  normaliseText,
  parseEdtf,
  type ActorRef,
} from '@claimline/core';
import { openBulkWriter, type BulkWriter } from './bulk-writer.ts';
import { storedInstant } from './export-reader.ts';
import { NO_PASSWORD } from './snapshot.ts';
import { ROW_COLUMNS } from './restore-rows.ts';
import { databaseTarget } from './client.ts';
import { withSqliteStage } from './postgres-stage.ts';

export interface SynthOptions {
  claims: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SynthResult {
  sources: number;
  actors: number;
  events: number;
  claims: number;
  links: number;
  disputes: number;
  resolved: number;
  verdicts: number;
}

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

const FIRST = [
  'Ahmad',
  'Asaad',
  'Maria',
  'Sergei',
  'Leila',
  'Omar',
  'Hassan',
  'Anna',
  'Yusuf',
  'Fatima',
  'Dmitri',
  'Sara',
  'Khaled',
  'Elena',
  'Tariq',
  'Nour',
  'Ivan',
  'Rania',
  'Mikhail',
  'Hiba',
];
const LAST = [
  'al-Shaibani',
  'Haddad',
  'Lavrov',
  'Nasser',
  'Petrova',
  'Khalil',
  'Mansour',
  'Volkov',
  'al-Sharaa',
  'Saleh',
  'Karimov',
  'Aziz',
  'Orlov',
  'Hamdan',
  'Rahman',
  'Sokolov',
];
const ARABIC = ['أحمد', 'أسعد', 'الشيباني', 'حداد', 'ناصر', 'خليل', 'منصور', 'الشرع', 'صالح', 'عزيز'];
const OUTLETS = [
  'Anadolu Agency',
  'Reuters',
  'Asharq Al-Awsat',
  'Al-Majalla',
  'Financial Times',
  'Caliber.Az',
  'Inter Bellum News',
  'TASS',
  'Al Jazeera',
  'BBC Arabic',
  'Le Monde',
  'Associated Press',
];
const PLACES = ['Damascus', 'Moscow', 'Aleppo', 'Idlib', 'Hmeimim', 'Tartus', 'Homs', 'Hama', 'Ankara', 'Doha', 'Geneva', 'Latakia', 'Deir ez-Zor', 'Raqqa'];
const TYPES = ['meeting', 'visit', 'attack', 'statement', 'negotiation', 'agreement', 'withdrawal', 'offensive'];
const VERBS = ['met', 'called', 'visited', 'warned', 'negotiated with', 'accused', 'praised', 'rejected an offer from'];
const SAYS = ['said', 'told reporters', 'stated', 'claimed', 'insisted', 'denied', 'confirmed', 'wrote'];
const FILLER = [
  'The talks were described as frank and constructive by people familiar with them.',
  'Officials declined to comment on the record.',
  'The ministry did not respond to a request for comment.',
  'Analysts cautioned that the account could not be independently verified.',
  'Residents reported hearing explosions late into the night.',
  'قال مصدر مطلع إن المحادثات استمرت عدة ساعات.',
  'The statement was later posted on the ministry’s website 📌 and shared widely.',
  'Diplomats in the region said the timing was not a coincidence.',
];

const ACTIVE = new Set(['draft', 'accepted']);

/** Fills the (migrated) database at `file` with synthetic records, after whatever it already holds. */
/**
 * synthesize() on the database `db` names (a SQLite file or a PostgreSQL URL): on PostgreSQL the records are made in
 * a SQLite copy and copied in, in one transaction (postgres-stage.ts).
 */
export async function synthesizeInto(db: string, options: SynthOptions): Promise<SynthResult> {
  const target = databaseTarget(db);
  if (target.engine === 'postgresql') return withSqliteStage(target.url, { write: true }, (file) => synthesize(file, options));
  return synthesize(target.file, options);
}

export function synthesize(file: string, options: SynthOptions): SynthResult {
  const r = rng(options.seed ?? 42);
  const total = Math.max(1, Math.floor(options.claims));
  const w = openBulkWriter(file, { deferSearchIndex: total > 20_000, deferIndexes: true });
  const result: SynthResult = { sources: 0, actors: 0, events: 0, claims: 0, links: 0, disputes: 0, resolved: 0, verdicts: 0 };
  try {
    // The write lock first: the next ids are read inside the transaction, so a process writing beside this one
    // (the editor) cannot take them in between.
    w.begin();
    const maxId = (table: string) => w.get<{ n: number | null }>(`SELECT max(id) AS n FROM "${table}"`)!.n ?? 0;
    const next = Object.fromEntries(
      ['User', 'Source', 'Actor', 'ActorAlias', 'Event', 'EventParticipant', 'Claim', 'AttributionHop', 'Link', 'Dispute', 'Verdict', 'AuditEntry'].map((t) => [
        t,
        maxId(t) + 1,
      ]),
    ) as Record<string, number>;
    const id = (t: string) => next[t]!++;
    const t0 = Date.UTC(2025, 0, 1);
    const when = (i: number) => storedInstant(new Date(t0 + i * 1000));
    let clock = 0;
    // The few thousand distinct dates, parsed once each.
    const dates = new Map<string, ReturnType<typeof parseEdtf>>();
    const parseDate = (value: string) => {
      let d = dates.get(value);
      if (!d) dates.set(value, (d = parseEdtf(value)));
      return d;
    };
    // The tables with a row or more per claim, through prepared inserts (columns in this order).
    const insertClaim = w.inserter('Claim', [...ROW_COLUMNS.Claim]);
    const insertHop = w.inserter('AttributionHop', ['id', 'claimId', 'position', 'actorId', 'relation']);
    const insertLink = w.inserter('Link', ['id', 'claimId', 'eventId', 'stance', 'version', 'createdAt', 'updatedAt']);
    const insertDisputeClaim = w.inserter('DisputeClaim', ['disputeId', 'claimId', 'side', 'origin']);
    const insertVerdict = w.inserter('Verdict', [
      'id',
      'claimId',
      'disputeId',
      'rating',
      'rationale',
      'evidenceUrl',
      'reviewerId',
      'version',
      'createdAt',
      'updatedAt',
    ]);

    const reviewerId = id('User');
    w.insert('User', {
      id: reviewerId,
      email: `synthetic-reviewer-${reviewerId}@synthetic.invalid`,
      name: 'Synthetic Reviewer',
      role: 'reviewer',
      passwordHash: NO_PASSWORD,
      disabled: true,
      version: 1,
      createdAt: when(0),
      updatedAt: when(0),
    });

    // Actors: outlets first, then people, states, groups, anonymous sources.
    const actors: ActorRef[] = [];
    const outlets: ActorRef[] = [];
    const addActor = (name: string, kind: string, aliases: { name: string; language: string | null }[]) => {
      const aid = id('Actor');
      const at = when(clock++);
      w.insert('Actor', {
        id: aid,
        name,
        nameFolded: foldName(name),
        kind,
        wikidata: r.chance(0.2) ? `Q${r.int(1000, 9_999_999)}` : null,
        description: null,
        mergedIntoId: null,
        version: 1,
        createdAt: at,
        updatedAt: at,
      });
      const names = new Set([name]);
      const keys = new Set(nameKeys(name).filter(Boolean));
      for (const a of aliases) {
        if (names.has(a.name)) continue;
        names.add(a.name);
        w.insert('ActorAlias', { id: id('ActorAlias'), actorId: aid, name: a.name, folded: foldName(a.name), language: a.language });
        for (const k of nameKeys(a.name)) if (k) keys.add(k);
      }
      for (const key of keys) w.insert('ActorNameKey', { actorId: aid, key });
      w.insert('AuditEntry', {
        id: id('AuditEntry'),
        at,
        userId: null,
        action: 'create',
        recordType: 'actor',
        recordId: aid,
        before: null,
        after: JSON.stringify({ id: aid, name, kind }),
      });
      const ref = { id: aid, name, kind };
      actors.push(ref);
      result.actors++;
      return ref;
    };
    for (const o of OUTLETS) outlets.push(addActor(o, 'outlet', []));
    const people: ActorRef[] = [];
    const actorCount = Math.max(60, Math.ceil(total / 100));
    for (let i = 0; people.length < actorCount; i++) {
      const roll = r.next();
      if (roll < 0.8) {
        const f = r.int(0, FIRST.length - 1);
        const l = r.int(0, LAST.length - 1);
        const name = `${FIRST[f]} ${LAST[l]}${i >= FIRST.length * LAST.length ? ` ${i}` : ''}`;
        const aliases: { name: string; language: string | null }[] = [{ name: name.replace(/^al-|(\s)al-/, '$1el-'), language: null }];
        if (r.chance(0.5)) aliases.push({ name: `${r.pick(ARABIC)} ${r.pick(ARABIC)}`, language: 'ar' });
        people.push(addActor(name, 'person', aliases));
      } else if (roll < 0.9) people.push(addActor(`${r.pick(PLACES)} Brigade ${i}`, 'armed_group', []));
      else people.push(addActor(i % 2 ? `sources close to the ministry ${i}` : `unnamed officials ${i}`, 'anonymous', []));
    }

    // Events, some inside others, each with participants.
    const events: number[] = [];
    const eventCount = Math.max(20, Math.ceil(total / 20));
    for (let i = 0; i < eventCount; i++) {
      const eid = id('Event');
      const day = new Date(Date.UTC(2023, 0, 1) + r.int(0, 1000) * 86_400_000).toISOString().slice(0, 10);
      const roll = r.next();
      const date =
        roll < 0.7
          ? day
          : roll < 0.85
            ? `${day.slice(0, 7)}~`
            : roll < 0.95
              ? `${day}/${new Date(Date.parse(day) + r.int(1, 5) * 86_400_000).toISOString().slice(0, 10)}`
              : null;
      const d = date ? parseDate(date) : null;
      const place = r.chance(0.9) ? r.pick(PLACES) : null;
      const a = r.pick(people);
      const b = r.pick(people);
      const type = r.pick(TYPES);
      const at = when(clock++);
      w.insert('Event', {
        id: eid,
        title: `${a.name} ${r.pick(VERBS)} ${b.name}${place ? ` in ${place}` : ''}`,
        type,
        date: d?.value ?? null,
        dateEarliest: d?.earliest ?? null,
        dateLatest: d?.latest ?? null,
        place,
        placeFolded: place ? foldName(place) : null,
        description: null,
        parentId: events.length && r.chance(0.1) ? r.pick(events) : null,
        version: 1,
        createdAt: at,
        updatedAt: at,
      });
      w.insert('EventParticipant', { id: id('EventParticipant'), eventId: eid, actorId: a.id, role: 'host' });
      if (b.id !== a.id) w.insert('EventParticipant', { id: id('EventParticipant'), eventId: eid, actorId: b.id, role: 'guest' });
      w.insert('AuditEntry', {
        id: id('AuditEntry'),
        at,
        userId: null,
        action: 'create',
        recordType: 'event',
        recordId: eid,
        before: null,
        after: JSON.stringify({ id: eid, type, date }),
      });
      events.push(eid);
      result.events++;
    }

    // Sources and their claims. Links are kept per event (claim id, stance, origin) for the disputes.
    const perEvent = new Map<number, { claimId: number; stance: string; origin: string }[]>();
    const perSource = 50;
    const sourceCount = Math.ceil(total / perSource);
    let claimsLeft = total;
    for (let s = 0; s < sourceCount; s++) {
      const sid = id('Source');
      const outlet = r.pick(outlets);
      const n = Math.min(perSource, claimsLeft);
      claimsLeft -= n;
      const topic = Array.from({ length: 5 }, () => r.pick(events));
      const sentences: string[] = [];
      const claimSentences: number[] = [];
      const sentenceCount = n + 30;
      for (let i = 0; i < sentenceCount; i++) {
        if (claimSentences.length < n && (sentenceCount - i <= n - claimSentences.length || r.chance(0.6))) {
          claimSentences.push(i);
          const who = r.pick(people);
          sentences.push(
            `${who.name} ${r.pick(SAYS)} that ${r.pick(people).name} ${r.pick(VERBS)} ${r.pick(people).name} in ${r.pick(PLACES)} ${r.chance(0.3) ? `around ${r.int(1, 28)} ${r.pick(['March', 'June', 'December'])}` : 'last week'}${r.chance(0.1) ? ' — “a turning point” 🇸🇾' : ''}.`,
          );
        } else sentences.push(r.pick(FILLER));
      }
      // Paragraphs of four sentences; offsets tracked in code points as the text is built.
      const starts: number[] = [];
      // A dateline makes every text unique (re-importing the same text is a no-op, so hashes must differ).
      let text = `${r.pick(PLACES).toUpperCase()}, report ${sid} (${outlet.name}) — `;
      let cp = codePointLength(text);
      for (let i = 0; i < sentences.length; i++) {
        const sep = i === 0 ? '' : i % 4 === 0 ? '\n\n' : ' ';
        text += sep;
        cp += sep.length;
        starts.push(cp);
        text += sentences[i];
        cp += codePointLength(sentences[i]!);
      }
      if (normaliseText(text) !== text) throw new Error('synthetic text is not in stored form');
      const map = new OffsetMap(text);
      const at = when(clock++);
      const published = new Date(Date.UTC(2023, 0, 1) + r.int(0, 1000) * 86_400_000).toISOString().slice(0, 10);
      w.insert('Source', {
        id: sid,
        title: `${outlet.name}: report ${sid}`,
        outlet: outlet.name,
        outletActorId: outlet.id,
        authors: JSON.stringify([`${r.pick(FIRST)} ${r.pick(LAST)}`]),
        url: `https://news.example/${sid}`,
        language: 'en',
        published,
        publishedEarliest: published,
        publishedLatest: published,
        credit: null,
        notes: 'synthetic',
        text,
        contentHash: createHash('sha256').update(text, 'utf8').digest('hex'),
        revisionOfId: null,
        version: 1,
        createdById: null,
        createdAt: at,
        updatedAt: at,
      });
      w.insert('AuditEntry', {
        id: id('AuditEntry'),
        at,
        userId: null,
        action: 'create',
        recordType: 'source',
        recordId: sid,
        before: null,
        after: JSON.stringify({ id: sid, outlet: outlet.name }),
      });
      result.sources++;
      for (const i of claimSentences) {
        const cid = id('Claim');
        const start = starts[i]!;
        const end = start + codePointLength(sentences[i]!);
        const anchor = makeAnchor(map, start, end);
        const claimant = r.pick(people);
        const status = r.chance(0.9) ? 'accepted' : r.chance(0.8) ? 'draft' : 'rejected';
        const cat = when(clock++);
        const paraphrase = r.chance(0.7) ? `${claimant.name} says ${r.pick(VERBS)} happened` : null;
        insertClaim([cid, sid, start, end, anchor.exact, anchor.prefix, anchor.suffix, claimant.id, paraphrase, status, 1, null, cat, cat]);
        const chain: ActorRef[] = [];
        if (r.chance(0.7)) chain.push(outlet);
        if (r.chance(0.2)) chain.push(r.pick(outlets));
        chain.forEach((h, position) => insertHop([id('AttributionHop'), cid, position, h.id, position === 0 ? 'reports' : 'cites']));
        const origin = claimOrigin({ claimant, chain, outlet, claimId: cid }).key;
        const linked = r.chance(0.2) ? [r.pick(topic), r.pick(topic)] : [r.pick(topic)];
        for (const eventId of new Set(linked)) {
          const roll = r.next();
          const stance = roll < 0.65 ? 'supports' : roll < 0.85 ? 'contradicts' : 'mentions';
          // The asserted details and the note are left out (null).
          insertLink([id('Link'), cid, eventId, stance, 1, cat, cat]);
          result.links++;
          if (ACTIVE.has(status)) {
            let list = perEvent.get(eventId);
            if (!list) perEvent.set(eventId, (list = []));
            list.push({ claimId: cid, stance, origin });
          }
        }
        result.claims++;
      }
      options.onProgress?.(result.claims, total);
    }

    // Stance disputes: an event that independent origins both support and contradict.
    for (const [eventId, links] of perEvent) {
      const sides = links.filter((l) => l.stance !== 'mentions');
      const counts = countOrigins(sides.map((l) => ({ stance: l.stance, originKey: l.origin })));
      if (!counts.supports || !counts.contradicts) continue;
      const did = id('Dispute');
      const resolved = r.chance(0.3);
      const at = when(clock++);
      const byClaim = new Map<number, { side: string; origin: string }>();
      for (const l of sides) if (!byClaim.has(l.claimId)) byClaim.set(l.claimId, { side: l.stance === 'supports' ? 'a' : 'b', origin: l.origin });
      w.insert('Dispute', {
        id: did,
        eventId,
        kinds: JSON.stringify(['stance']),
        status: resolved ? 'resolved' : 'open',
        explanation: `Sources disagree on whether this happened: ${counts.supports} independent origin(s) say it did, ${counts.contradicts} say it did not.`,
        supportOrigins: counts.supports,
        contradictOrigins: counts.contradicts,
        openedAt: at,
        resolvedAt: resolved ? at : null,
        resolvedById: resolved ? reviewerId : null,
        rationale: resolved ? 'Synthetic verdicts.' : null,
        version: resolved ? 2 : 1,
        updatedAt: at,
      });
      for (const [claimId, c] of byClaim) insertDisputeClaim([did, claimId, c.side, c.origin]);
      result.disputes++;
      if (resolved) {
        result.resolved++;
        for (const [claimId, c] of byClaim) {
          const rating = c.side === 'a' ? r.pick(['true', 'mostly-true', 'mixed']) : r.pick(['false', 'mostly-false', 'unverifiable']);
          insertVerdict([id('Verdict'), claimId, did, rating, 'Synthetic rationale.', null, reviewerId, 1, at, at]);
          result.verdicts++;
        }
      }
    }
    w.insert('AuditEntry', {
      id: id('AuditEntry'),
      at: storedInstant(new Date()),
      userId: null,
      action: 'synth',
      recordType: 'database',
      recordId: 0,
      before: null,
      after: JSON.stringify(result),
    });
    w.commit();
    return result;
  } finally {
    closeWriter(w);
  }
}

function closeWriter(w: BulkWriter) {
  w.rollback();
  w.close();
}
