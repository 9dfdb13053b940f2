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

export interface Where {
  line?: number;
  path: string;
}

export type RefTarget = Collection | 'aliases' | 'participants' | 'hops';

/** A reference from one record to another, by id, at a place in the file. */
export interface RecordRef {
  target: Collection;
  id: number;
  where: Where;
  /** False where no foreign key enforces it (actors named inside a link's asserted participants). */
  enforced: boolean;
}

/** Values that must be unique across the file. */
export type UniqueField = 'contentHash' | 'email' | 'disputeEvent' | 'linkPair';

/**
 * What the checker remembers across records: ids seen, references to resolve at the end, unique values,
 * source texts (for quotes) and parent edges (for cycles). `memoryLedger()` keeps it all in memory; a
 * restore keeps it in the database it writes to (the rows themselves, their keys and foreign keys).
 */
export interface RestoreLedger {
  /** Whether `id` was already seen in `kind` (and remembers it). */
  duplicate(kind: RefTarget, id: number): boolean;
  /** Whether `target` has a record `id` (or the reference will be checked when the record is written). */
  has(ref: RecordRef, current: Collection): boolean;
  /** Keeps a reference to a record that may come later in the file. */
  defer(ref: RecordRef): void;
  /** The kept references whose record never came, in the order they were kept. */
  unresolved(): Iterable<RecordRef>;
  /** Whether `value` of `field` was already seen (and remembers it). */
  taken(field: UniqueField, value: string): boolean;
  keepText(sourceId: number, text: string): void;
  /** The text of a source seen before, as code points. */
  text(sourceId: number): OffsetMap | undefined;
  parent(collection: 'sources' | 'actors' | 'events', id: number, parentId: number): void;
  /** Some record of `collection` that is its own ancestor, or null. */
  cycle(collection: 'sources' | 'actors' | 'events'): number | null;
}

/** The ledger of a check in memory (tests, small files). */
export function memoryLedger(): RestoreLedger {
  const ids = new Map<RefTarget, Set<number>>();
  const idsOf = (k: RefTarget) => {
    let set = ids.get(k);
    if (!set) ids.set(k, (set = new Set()));
    return set;
  };
  const deferred: RecordRef[] = [];
  const unique = new Map<UniqueField, Set<string>>();
  const texts = new Map<number, OffsetMap>();
  const parents = { actors: new Map<number, number>(), events: new Map<number, number>(), sources: new Map<number, number>() };
  return {
    duplicate(kind, id) {
      const set = idsOf(kind);
      if (set.has(id)) return true;
      set.add(id);
      return false;
    },
    has: (ref) => idsOf(ref.target).has(ref.id),
    defer: (ref) => void deferred.push(ref),
    unresolved: () => deferred.filter((d) => !idsOf(d.target).has(d.id)),
    taken(field, value) {
      let set = unique.get(field);
      if (!set) unique.set(field, (set = new Set()));
      if (set.has(value)) return true;
      set.add(value);
      return false;
    },
    keepText: (id, text) => void texts.set(id, new OffsetMap(text)),
    text: (id) => texts.get(id),
    parent: (collection, id, parentId) => void parents[collection].set(id, parentId),
    cycle: (collection) => findCycle(parents[collection]),
  };
}

/** The messages of the cross-record checks, shared by every ledger. */
export const crossRecordMessage = {
  missing: (target: Collection, id: number) => `${singular(target)} ${id} is not in the file`,
  duplicate: (kind: RefTarget, id: number) => `duplicate ${kind === 'aliases' || kind === 'participants' || kind === 'hops' ? singular(kind) : kind} id ${id}`,
  sameText: 'the same text appears in another source',
  sameEmail: (email: string) => `another user has the email ${email}`,
  twoDisputes: (eventId: number) => `event ${eventId} has two disputes`,
  linkedTwice: (claimId: number, eventId: number) => `claim ${claimId} is linked to event ${eventId} twice`,
  cycle: (collection: 'sources' | 'actors' | 'events', id: number) =>
    `${singular(collection)} ${id} is its own ancestor (a cycle of ${collection === 'actors' ? 'merges' : collection === 'events' ? 'parents' : 'revisions'})`,
};

function pushRef(out: RecordRef[], target: Collection, id: number | null | undefined, at: Where, field: string, enforced = true): void {
  if (id !== null && id !== undefined) out.push({ target, id, where: { ...at, path: `${at.path}.${field}` }, enforced });
}

const subPath = (where: Where, path: string): Where => ({ ...where, path: `${where.path}${path}` });

/**
 * Every reference a record makes to another record, with where it is in the file. (No closures are made
 * here: it runs for every record of a restore.)
 */
export function recordRefs(collection: Collection, r: RecordOf[Collection], where: Where): RecordRef[] {
  const out: RecordRef[] = [];
  switch (collection) {
    case 'sources': {
      const s = r as RecordOf['sources'];
      pushRef(out, 'actors', s.outletActorId, where, 'outletActorId');
      pushRef(out, 'sources', s.revisionOfId, where, 'revisionOfId');
      break;
    }
    case 'actors':
      pushRef(out, 'actors', (r as RecordOf['actors']).mergedIntoId, where, 'mergedIntoId');
      break;
    case 'events': {
      const e = r as RecordOf['events'];
      pushRef(out, 'events', e.parentId, where, 'parentId');
      for (let i = 0; i < e.participants.length; i++) pushRef(out, 'actors', e.participants[i]!.actorId, subPath(where, `.participants[${i}]`), 'actorId');
      break;
    }
    case 'claims': {
      const c = r as RecordOf['claims'];
      pushRef(out, 'sources', c.sourceId, where, 'sourceId');
      pushRef(out, 'actors', c.claimantId, where, 'claimantId');
      for (let i = 0; i < c.chain.length; i++) pushRef(out, 'actors', c.chain[i]!.actorId, subPath(where, `.chain[${i}]`), 'actorId');
      break;
    }
    case 'links': {
      const l = r as RecordOf['links'];
      pushRef(out, 'claims', l.claimId, where, 'claimId');
      pushRef(out, 'events', l.eventId, where, 'eventId');
      const p = l.asserted.participants;
      const include = p?.include ?? [];
      const exclude = p?.exclude ?? [];
      for (let i = 0; i < include.length; i++) pushRef(out, 'actors', include[i], where, `asserted.participants.include[${i}]`, false);
      for (let i = 0; i < exclude.length; i++) pushRef(out, 'actors', exclude[i], where, `asserted.participants.exclude[${i}]`, false);
      break;
    }
    case 'disputes': {
      const d = r as RecordOf['disputes'];
      pushRef(out, 'events', d.eventId, where, 'eventId');
      for (let i = 0; i < d.claims.length; i++) pushRef(out, 'claims', d.claims[i]!.claimId, subPath(where, `.claims[${i}]`), 'claimId');
      break;
    }
    case 'verdicts': {
      const v = r as RecordOf['verdicts'];
      pushRef(out, 'claims', v.claimId, where, 'claimId');
      pushRef(out, 'disputes', v.disputeId, where, 'disputeId');
      break;
    }
    default:
      break;
  }
  return out;
}

const selectorPath = (where: Where, i: number, f: string): Where => ({ ...where, path: `${where.path}.selectors[${i}].${f}` });

const MAX_PROBLEMS = 50;

const issuePath = (base: string, path: PropertyKey[]) => base + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');

/** A record checked against its schema: the parsed record, or the first few issues. */
export type CheckedRecord = { success: true; data: unknown } | { success: false; issues: { path: PropertyKey[]; message: string }[] };

/**
 * One record against its collection's schema for a file with this header (the first part of
 * RestoreChecker.accept, which needs nothing but the record: it may run ahead of the rest, elsewhere).
 */
export function checkRecord(header: ExportHeader | null, collection: Collection, raw: unknown): CheckedRecord {
  const parsed = (recordSchemasFor(header)[collection] as z.ZodType).safeParse(raw);
  if (parsed.success) return { success: true, data: parsed.data };
  return { success: false, issues: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path, message: i.message })) };
}

/** The header a file's header members make (null when they are not a valid header: the checker reports why). */
export function parseHeader(raw: Record<string, unknown>): ExportHeader | null {
  const parsed = headerSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/**
 * Feed the header, then each record in document order; `finish()` reports every problem found (or
 * none). Records must come collection by collection in the order of COLLECTIONS (as exports write them).
 */
export class RestoreChecker {
  readonly problems: RestoreProblem[] = [];
  total = 0;
  header: ExportHeader | null = null;
  readonly counts: Record<Collection, number> = Object.fromEntries(COLLECTIONS.map((c) => [c, 0])) as Record<Collection, number>;
  private closed = new Set<Collection>();
  private current: Collection | null = null;

  constructor(
    private readonly hash: (text: string) => string,
    private readonly ledger: RestoreLedger = memoryLedger(),
  ) {}

  /** The collection whose records are coming in. */
  get collection(): Collection | null {
    return this.current;
  }

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

  /**
   * Validates one record (or takes `checked`, checkRecord's answer for it computed elsewhere, e.g. in a
   * worker thread); returns it parsed, or null when it does not match its schema. A record with other
   * problems is returned too (its id and references still count for the records after it): `ok` says whether
   * anything was found.
   */
  accept<C extends Collection>(collection: C, raw: unknown, where: Where, checked?: CheckedRecord): RecordOf[C] | null {
    if (!this.enter(collection, where)) return null;
    const parsed = checked ?? checkRecord(this.header, collection, raw);
    if (!parsed.success) {
      for (const i of parsed.issues) this.problem({ line: where.line, path: issuePath(where.path, i.path) }, i.message);
      return null;
    }
    const record = parsed.data as RecordOf[C];
    if (this.ledger.duplicate(collection, record.id)) this.problem({ ...where, path: `${where.path}.id` }, crossRecordMessage.duplicate(collection, record.id));
    this.check(collection, record, where);
    return record;
  }

  /**
   * accept() for a record already parsed and checked on its own elsewhere (a worker thread): its id, the
   * references the ledger must look up (recordRefs, less those the database enforces as rows are written),
   * recordProblems' answer and, for a claim, its selectors. For a ledger that keeps no ids, unique values,
   * texts or parents of its own (the database's: openDatabaseLedger). Returns whether the record is taken
   * (false when its collection is out of order), as accept() returns null.
   */
  acceptChecked(
    collection: Collection,
    where: Where,
    id: number,
    refs: readonly RecordRef[],
    problems: readonly RestoreProblem[],
    quote?: ClaimQuote,
  ): boolean {
    if (!this.enter(collection, where)) return false;
    if (this.ledger.duplicate(collection, id)) this.problem({ ...where, path: `${where.path}.id` }, crossRecordMessage.duplicate(collection, id));
    for (const ref of refs) this.ref(ref);
    for (const p of problems) this.problem(p, p.message);
    if (quote) this.checkQuote(quote, where);
    return true;
  }

  /** Counts a record of `collection`; false (and the problem reported) when the collections come out of order. */
  private enter(collection: Collection, where: Where): boolean {
    if (this.current !== collection) {
      if (this.closed.has(collection)) {
        this.problem(where, `the ${collection} collection appears twice`);
        return false;
      }
      if (this.current) this.closed.add(this.current);
      const order = COLLECTIONS.indexOf(collection);
      const late = [...this.closed].find((c) => COLLECTIONS.indexOf(c) > order);
      if (late) {
        this.current = null;
        this.problem(where, `collections must appear in the order ${COLLECTIONS.join(', ')}: ${collection} comes after ${late}`);
        return false;
      }
      this.current = collection;
    }
    this.counts[collection]++;
    return true;
  }

  /** Marks the end of the records; resolves the references left for later and reports. */
  finish(): void {
    if (this.current) this.closed.add(this.current);
    if (!this.header) this.problem({ path: '$.formatVersion' }, 'is missing: this does not look like a Claimline export');
    for (const d of this.ledger.unresolved()) this.problem(d.where, crossRecordMessage.missing(d.target, d.id));
    for (const collection of ['actors', 'events', 'sources'] as const) {
      const cycle = this.ledger.cycle(collection);
      if (cycle !== null) this.problem({ path: `$.${collection}` }, crossRecordMessage.cycle(collection, cycle));
    }
  }

  private ref(ref: RecordRef): void {
    if (this.ledger.has(ref, this.current!)) return;
    const { target } = ref;
    if (this.closed.has(target) || (target !== this.current && COLLECTIONS.indexOf(target) < COLLECTIONS.indexOf(this.current!))) {
      this.problem(ref.where, crossRecordMessage.missing(target, ref.id));
      return;
    }
    this.ledger.defer(ref);
  }

  private unique(kind: 'aliases' | 'participants' | 'hops', id: number, where: Where): void {
    if (this.ledger.duplicate(kind, id)) this.problem(where, crossRecordMessage.duplicate(kind, id));
  }

  private check(collection: Collection, r: RecordOf[Collection], where: Where): void {
    for (const ref of recordRefs(collection, r, where)) this.ref(ref);
    // What the record alone shows, then what the ledger knows (a source's text problems before its clash with
    // another source's, as they were found before; for the rest, the ledger's first).
    const own = recordProblems(collection, r, where, this.hash);
    if (collection === 'sources') for (const p of own) this.problem(p, p.message);
    switch (collection) {
      case 'users': {
        const u = r as RecordOf['users'];
        if (u.email !== undefined && this.ledger.taken('email', u.email))
          this.problem({ ...where, path: `${where.path}.email` }, crossRecordMessage.sameEmail(u.email));
        break;
      }
      case 'sources': {
        const s = r as RecordOf['sources'];
        if (this.ledger.taken('contentHash', s.contentHash)) this.problem({ ...where, path: `${where.path}.text` }, crossRecordMessage.sameText);
        this.ledger.keepText(s.id, s.text);
        if (s.revisionOfId) this.ledger.parent('sources', s.id, s.revisionOfId);
        break;
      }
      case 'actors': {
        const a = r as RecordOf['actors'];
        if (a.mergedIntoId) this.ledger.parent('actors', a.id, a.mergedIntoId);
        a.aliases.forEach((x, i) => this.unique('aliases', x.id, { ...where, path: `${where.path}.aliases[${i}]` }));
        break;
      }
      case 'events': {
        const e = r as RecordOf['events'];
        if (e.parentId) this.ledger.parent('events', e.id, e.parentId);
        e.participants.forEach((p, i) => this.unique('participants', p.id, { ...where, path: `${where.path}.participants[${i}]` }));
        break;
      }
      case 'claims': {
        const c = r as RecordOf['claims'];
        c.chain.forEach((h, i) => this.unique('hops', h.id, { ...where, path: `${where.path}.chain[${i}]` }));
        const [pos, q] = c.selectors;
        this.checkQuote({ sourceId: c.sourceId, start: pos.start, end: pos.end, exact: q.exact, prefix: q.prefix, suffix: q.suffix }, where);
        break;
      }
      case 'links': {
        const l = r as RecordOf['links'];
        if (this.ledger.taken('linkPair', `${l.claimId}:${l.eventId}`)) this.problem(where, crossRecordMessage.linkedTwice(l.claimId, l.eventId));
        break;
      }
      case 'disputes': {
        const d = r as RecordOf['disputes'];
        if (this.ledger.taken('disputeEvent', String(d.eventId)))
          this.problem({ ...where, path: `${where.path}.eventId` }, crossRecordMessage.twoDisputes(d.eventId));
        break;
      }
      default:
        break;
    }
    if (collection !== 'sources') for (const p of own) this.problem(p, p.message);
  }

  private checkQuote(c: ClaimQuote, where: Where): void {
    const map = this.ledger.text(c.sourceId);
    if (!map) return; // the missing source is reported by ref()
    if (c.end > map.length) return this.problem(selectorPath(where, 0, 'end'), `is past the end of source ${c.sourceId}'s text (${map.length} code points)`);
    if (c.start >= c.end) return this.problem(selectorPath(where, 0, 'end'), 'must be after start');
    const from = map.toUtf16(c.start);
    const to = map.toUtf16(c.end);
    if (map.text.slice(from, to) !== c.exact)
      return this.problem(selectorPath(where, 1, 'exact'), `does not equal source ${c.sourceId}'s text at code points ${c.start}..${c.end}`);
    if (c.prefix.length > from || !map.text.startsWith(c.prefix, from - c.prefix.length))
      this.problem(selectorPath(where, 1, 'prefix'), `does not equal the text before code point ${c.start}`);
    if (!map.text.startsWith(c.suffix, to)) this.problem(selectorPath(where, 1, 'suffix'), `does not equal the text after code point ${c.end}`);
  }
}

/** A claim's place in its source, as its two selectors give it: what the quote check needs. */
export interface ClaimQuote {
  sourceId: number;
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
}

/**
 * The problems a record shows on its own, past its schema (pure: no other record needed): a source's text not
 * in stored form or not matching its hash, names, participants or claims repeated inside one record, a
 * resolved dispute without its date. In the order the checker reports them.
 */
export function recordProblems(collection: Collection, r: RecordOf[Collection], where: Where, hash: (text: string) => string): RestoreProblem[] {
  const out: RestoreProblem[] = [];
  switch (collection) {
    case 'sources': {
      const s = r as RecordOf['sources'];
      if (normaliseText(s.text) !== s.text)
        out.push({ ...where, path: `${where.path}.text`, message: 'is not in stored form (Unicode NFC, LF line endings, no control characters)' });
      if (hash(s.text) !== s.contentHash) out.push({ ...where, path: `${where.path}.contentHash`, message: 'is not the SHA-256 of text' });
      break;
    }
    case 'actors': {
      const names = new Set<string>();
      (r as RecordOf['actors']).aliases.forEach((x, i) => {
        if (names.has(x.name)) out.push({ ...where, path: `${where.path}.aliases[${i}]`, message: `alias "${x.name}" appears twice` });
        names.add(x.name);
      });
      break;
    }
    case 'events': {
      const seen = new Set<string>();
      (r as RecordOf['events']).participants.forEach((p, i) => {
        const k = `${p.actorId}\u0000${p.role}`;
        if (seen.has(k)) out.push({ ...where, path: `${where.path}.participants[${i}]`, message: `actor ${p.actorId} appears twice as ${p.role}` });
        seen.add(k);
      });
      break;
    }
    case 'disputes': {
      const d = r as RecordOf['disputes'];
      const seen = new Set<number>();
      d.claims.forEach((c, i) => {
        if (seen.has(c.claimId)) out.push({ ...where, path: `${where.path}.claims[${i}]`, message: `claim ${c.claimId} appears twice` });
        seen.add(c.claimId);
      });
      if (d.status === 'resolved' && !d.resolvedAt) out.push({ ...where, path: `${where.path}.resolvedAt`, message: 'a resolved dispute needs resolvedAt' });
      break;
    }
    default:
      break;
  }
  return out;
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
