// Validation of a whole export document before a restore writes anything: every record against its
// schema (the API's own field rules), ids unique, every reference resolved, every quote equal to its
// source's text at its code point offsets, no cycles. Pure: the caller streams records in and
// supplies the content hash function.
import { type z } from 'zod';
import { OffsetMap } from '../anchor.ts';
import { normaliseText } from '../text.ts';
import { COLLECTIONS, headerSchema, recordSchemasFor, type Collection, type ExportHeader, type RecordOf } from './records.ts';

export interface RestoreProblem {
  /** 1-based line in the file, when known. */
  line?: number;
  /** JSON path, e.g. $.claims[17].selectors[1].exact */
  path: string;
  message: string;
}

export function describeProblem(p: RestoreProblem): string {
  return `${p.line ? `line ${p.line}, ` : ''}${p.path}: ${p.message}`;
}

export class RestoreInvalid extends Error {
  constructor(
    readonly problems: RestoreProblem[],
    readonly total: number,
  ) {
    super(`${describeProblem(problems[0]!)}${total > 1 ? ` (and ${total - 1} more problem${total > 2 ? 's' : ''})` : ''}`);
  }
}

interface Where {
  line?: number;
  path: string;
}

type RefTarget = Collection | 'aliases' | 'participants' | 'hops';

const MAX_PROBLEMS = 50;

const issuePath = (base: string, path: PropertyKey[]) => base + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');

/**
 * Feed the header, then each record in document order; `finish()` reports every problem found (or
 * none). Records must come collection by collection in the order of COLLECTIONS (as exports write them).
 */
export class RestoreChecker {
  readonly problems: RestoreProblem[] = [];
  total = 0;
  header: ExportHeader | null = null;
  readonly counts: Record<Collection, number> = Object.fromEntries(COLLECTIONS.map((c) => [c, 0])) as Record<Collection, number>;
  private ids: Record<RefTarget, Set<number>> = Object.fromEntries(
    [...COLLECTIONS, 'aliases', 'participants', 'hops'].map((c) => [c, new Set<number>()]),
  ) as Record<RefTarget, Set<number>>;
  private closed = new Set<Collection>();
  private current: Collection | null = null;
  private deferred: { target: Collection; id: number; where: Where }[] = [];
  private texts = new Map<number, OffsetMap>();
  private hashes = new Set<string>();
  private emails = new Set<string>();
  private disputeEvents = new Set<number>();
  private linkPairs = new Set<string>();
  private parents = { actors: new Map<number, number>(), events: new Map<number, number>(), sources: new Map<number, number>() };

  constructor(private readonly hash: (text: string) => string) {}

  problem(where: Where, message: string): void {
    this.total++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ ...where, message });
  }

  get ok(): boolean {
    return this.total === 0;
  }

  acceptHeader(raw: Record<string, unknown>, line?: number): void {
    const parsed = headerSchema.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues) this.problem({ line, path: issuePath('$', i.path) }, i.message);
      return;
    }
    this.header = parsed.data;
  }

  /** Validates one record; returns it parsed (ready to write) or null when it has problems. */
  accept<C extends Collection>(collection: C, raw: unknown, where: Where): RecordOf[C] | null {
    if (this.current !== collection) {
      if (this.closed.has(collection)) {
        this.problem(where, `the ${collection} collection appears twice`);
        return null;
      }
      if (this.current) this.closed.add(this.current);
      const order = COLLECTIONS.indexOf(collection);
      const late = [...this.closed].find((c) => COLLECTIONS.indexOf(c) > order);
      if (late) {
        this.current = null;
        this.problem(where, `collections must appear in the order ${COLLECTIONS.join(', ')}: ${collection} comes after ${late}`);
        return null;
      }
      this.current = collection;
    }
    this.counts[collection]++;
    const parsed = (recordSchemasFor(this.header)[collection] as z.ZodType).safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues.slice(0, 5)) this.problem({ line: where.line, path: issuePath(where.path, i.path) }, i.message);
      return null;
    }
    const record = parsed.data as RecordOf[C];
    const before = this.total;
    if (this.ids[collection].has(record.id)) this.problem({ ...where, path: `${where.path}.id` }, `duplicate ${collection} id ${record.id}`);
    this.ids[collection].add(record.id);
    this.check(collection, record, where);
    return this.total === before ? record : null;
  }

  /** Marks the end of the records; resolves the references left for later and reports. */
  finish(): void {
    if (this.current) this.closed.add(this.current);
    if (!this.header) this.problem({ path: '$.formatVersion' }, 'is missing: this does not look like a Claimline export');
    for (const d of this.deferred) if (!this.ids[d.target].has(d.id)) this.problem(d.where, `${singular(d.target)} ${d.id} is not in the file`);
    this.deferred = [];
    for (const [collection, edges] of Object.entries(this.parents) as [Collection, Map<number, number>][]) {
      const cycle = findCycle(edges);
      if (cycle !== null)
        this.problem(
          { path: `$.${collection}` },
          `${singular(collection)} ${cycle} is its own ancestor (a cycle of ${collection === 'actors' ? 'merges' : collection === 'events' ? 'parents' : 'revisions'})`,
        );
    }
  }

  private ref(target: Collection, id: number | null | undefined, where: Where, field: string): void {
    if (id === null || id === undefined) return;
    const at = { ...where, path: `${where.path}.${field}` };
    if (this.ids[target].has(id)) return;
    if (this.closed.has(target) || (target !== this.current && COLLECTIONS.indexOf(target) < COLLECTIONS.indexOf(this.current!))) {
      this.problem(at, `${singular(target)} ${id} is not in the file`);
      return;
    }
    this.deferred.push({ target, id, where: at });
  }

  private unique(kind: 'aliases' | 'participants' | 'hops', id: number, where: Where): void {
    if (this.ids[kind].has(id)) this.problem(where, `duplicate ${singular(kind)} id ${id}`);
    this.ids[kind].add(id);
  }

  private check(collection: Collection, r: RecordOf[Collection], where: Where): void {
    switch (collection) {
      case 'users': {
        const u = r as RecordOf['users'];
        if (u.email !== undefined) {
          if (this.emails.has(u.email)) this.problem({ ...where, path: `${where.path}.email` }, `another user has the email ${u.email}`);
          this.emails.add(u.email);
        }
        break;
      }
      case 'sources': {
        const s = r as RecordOf['sources'];
        if (normaliseText(s.text) !== s.text)
          this.problem({ ...where, path: `${where.path}.text` }, 'is not in stored form (Unicode NFC, LF line endings, no control characters)');
        const h = this.hash(s.text);
        if (h !== s.contentHash) this.problem({ ...where, path: `${where.path}.contentHash` }, 'is not the SHA-256 of text');
        if (this.hashes.has(s.contentHash)) this.problem({ ...where, path: `${where.path}.text` }, 'the same text appears in another source');
        this.hashes.add(s.contentHash);
        this.texts.set(s.id, new OffsetMap(s.text));
        this.ref('actors', s.outletActorId, where, 'outletActorId');
        this.ref('sources', s.revisionOfId, where, 'revisionOfId');
        if (s.revisionOfId) this.parents.sources.set(s.id, s.revisionOfId);
        break;
      }
      case 'actors': {
        const a = r as RecordOf['actors'];
        this.ref('actors', a.mergedIntoId, where, 'mergedIntoId');
        if (a.mergedIntoId) this.parents.actors.set(a.id, a.mergedIntoId);
        const names = new Set<string>();
        a.aliases.forEach((x, i) => {
          const at = { ...where, path: `${where.path}.aliases[${i}]` };
          this.unique('aliases', x.id, at);
          if (names.has(x.name)) this.problem(at, `alias "${x.name}" appears twice`);
          names.add(x.name);
        });
        break;
      }
      case 'events': {
        const e = r as RecordOf['events'];
        this.ref('events', e.parentId, where, 'parentId');
        if (e.parentId) this.parents.events.set(e.id, e.parentId);
        const seen = new Set<string>();
        e.participants.forEach((p, i) => {
          const at = { ...where, path: `${where.path}.participants[${i}]` };
          this.unique('participants', p.id, at);
          this.ref('actors', p.actorId, at, 'actorId');
          const k = `${p.actorId}\u0000${p.role}`;
          if (seen.has(k)) this.problem(at, `actor ${p.actorId} appears twice as ${p.role}`);
          seen.add(k);
        });
        break;
      }
      case 'claims': {
        const c = r as RecordOf['claims'];
        this.ref('sources', c.sourceId, where, 'sourceId');
        this.ref('actors', c.claimantId, where, 'claimantId');
        c.chain.forEach((h, i) => {
          const at = { ...where, path: `${where.path}.chain[${i}]` };
          this.unique('hops', h.id, at);
          this.ref('actors', h.actorId, at, 'actorId');
        });
        this.checkQuote(c, where);
        break;
      }
      case 'links': {
        const l = r as RecordOf['links'];
        this.ref('claims', l.claimId, where, 'claimId');
        this.ref('events', l.eventId, where, 'eventId');
        const pair = `${l.claimId}:${l.eventId}`;
        if (this.linkPairs.has(pair)) this.problem(where, `claim ${l.claimId} is linked to event ${l.eventId} twice`);
        this.linkPairs.add(pair);
        const p = l.asserted.participants;
        for (const [k, list] of [
          ['include', p?.include ?? []],
          ['exclude', p?.exclude ?? []],
        ] as const) {
          list.forEach((a, i) => this.ref('actors', a, where, `asserted.participants.${k}[${i}]`));
        }
        break;
      }
      case 'disputes': {
        const d = r as RecordOf['disputes'];
        this.ref('events', d.eventId, where, 'eventId');
        if (this.disputeEvents.has(d.eventId)) this.problem({ ...where, path: `${where.path}.eventId` }, `event ${d.eventId} has two disputes`);
        this.disputeEvents.add(d.eventId);
        const seen = new Set<number>();
        d.claims.forEach((c, i) => {
          const at = { ...where, path: `${where.path}.claims[${i}]` };
          this.ref('claims', c.claimId, at, 'claimId');
          if (seen.has(c.claimId)) this.problem(at, `claim ${c.claimId} appears twice`);
          seen.add(c.claimId);
        });
        if (d.status === 'resolved' && !d.resolvedAt) this.problem({ ...where, path: `${where.path}.resolvedAt` }, 'a resolved dispute needs resolvedAt');
        break;
      }
      case 'verdicts': {
        const v = r as RecordOf['verdicts'];
        this.ref('claims', v.claimId, where, 'claimId');
        this.ref('disputes', v.disputeId, where, 'disputeId');
        break;
      }
      default:
        break;
    }
  }

  private checkQuote(c: RecordOf['claims'], where: Where): void {
    const map = this.texts.get(c.sourceId);
    if (!map) return; // the missing source is reported by ref()
    const [pos, quote] = c.selectors;
    const at = (i: number, f: string) => ({ ...where, path: `${where.path}.selectors[${i}].${f}` });
    if (pos.end > map.length) return this.problem(at(0, 'end'), `is past the end of source ${c.sourceId}'s text (${map.length} code points)`);
    if (pos.start >= pos.end) return this.problem(at(0, 'end'), 'must be after start');
    const from = map.toUtf16(pos.start);
    const to = map.toUtf16(pos.end);
    if (map.text.slice(from, to) !== quote.exact)
      return this.problem(at(1, 'exact'), `does not equal source ${c.sourceId}'s text at code points ${pos.start}..${pos.end}`);
    if (quote.prefix.length > from || !map.text.startsWith(quote.prefix, from - quote.prefix.length))
      this.problem(at(1, 'prefix'), `does not equal the text before code point ${pos.start}`);
    if (!map.text.startsWith(quote.suffix, to)) this.problem(at(1, 'suffix'), `does not equal the text after code point ${pos.end}`);
  }
}

function singular(c: string): string {
  return (
    {
      audit: 'audit entry',
      aliases: 'alias',
      participants: 'participant',
      hops: 'attribution hop',
      users: 'user',
      sources: 'source',
      actors: 'actor',
      events: 'event',
      claims: 'claim',
      links: 'link',
      disputes: 'dispute',
      verdicts: 'verdict',
    }[c] ?? c
  );
}

/** Some node that reaches itself by following `edges`, or null. */
function findCycle(edges: Map<number, number>): number | null {
  const done = new Set<number>();
  for (const start of edges.keys()) {
    const path = new Set<number>();
    let n: number | undefined = start;
    while (n !== undefined && !done.has(n)) {
      if (path.has(n)) return n;
      path.add(n);
      n = edges.get(n);
    }
    for (const p of path) done.add(p);
  }
  return null;
}
