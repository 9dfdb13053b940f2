// Where every column of the database goes in an export: a field of the JSON records, a field of
// backups only, or nowhere (derived and rebuilt on restore, or never written) with the reason. A test
// (columns.test.ts) lists the columns of every model in prisma/schema.prisma and fails when one is
// missing here, so a new field cannot be left out of exports by accident.

/**
 * - `export`: carried by every JSON export and backup at this path of the JSON document (`[]` is any
 *   element of an array; `note` says how, when it is not a field of the same name).
 * - `backup`: carried by backups only; `why` a shareable export leaves it out.
 * - `derived`: not carried; restore rebuilds it from the carried fields, as the services do.
 * - `never`: neither in exports nor in backups; `why`.
 */
export type ColumnPlacement =
  | { export: string; note?: string }
  | { backup: string; why: string }
  | { derived: string }
  | { never: string };

const ex = (path: string, note?: string): ColumnPlacement => (note ? { export: path, note } : { export: path });
const derived = (how: string): ColumnPlacement => ({ derived: how });

/** Every column of every model (Prisma model and field names), and where it goes. */
export const EXPORT_COLUMNS: Record<string, Record<string, ColumnPlacement>> = {
  User: {
    id: ex('users[].id'),
    email: { backup: 'users[].email', why: 'personal: a shared export names people, not how to reach them' },
    name: ex('users[].name'),
    role: ex('users[].role'),
    passwordHash: { backup: 'users[].passwordHash', why: 'secret: a shared file must not let anyone try passwords offline' },
    disabled: { backup: 'users[].disabled', why: 'personal: whether someone may still sign in is account administration' },
    version: ex('users[].version'),
    createdAt: ex('users[].createdAt'),
    updatedAt: ex('users[].updatedAt'),
  },
  Session: {
    id: { never: 'sessions are secrets of signed-in browsers; after a restore everyone signs in again' },
    userId: { never: 'sessions are not exported' },
    createdAt: { never: 'sessions are not exported' },
    expiresAt: { never: 'sessions are not exported' },
  },
  SignInAttempt: {
    id: { never: 'sign-in throttle state: short-lived, rebuilt by the next attempts' },
    bucket: { never: 'sign-in throttle state (hashes of accounts and addresses) is not exported' },
    at: { never: 'sign-in throttle state is not exported' },
  },
  TrustedDevice: {
    id: { never: "a browser's device token (hashed) is a secret of that browser; after a restore it signs in as a new one" },
    userId: { never: 'device tokens are not exported' },
    createdAt: { never: 'device tokens are not exported' },
    lastUsedAt: { never: 'device tokens are not exported' },
  },
  Source: {
    id: ex('sources[].id'),
    title: ex('sources[].title'),
    outlet: ex('sources[].outlet'),
    outletActorId: ex('sources[].outletActorId'),
    authors: ex('sources[].authors'),
    url: ex('sources[].url'),
    language: ex('sources[].language'),
    published: ex('sources[].published'),
    publishedEarliest: derived('parseEdtf(published).earliest'),
    publishedLatest: derived('parseEdtf(published).latest'),
    credit: ex('sources[].credit'),
    notes: ex('sources[].notes'),
    text: ex('sources[].text'),
    contentHash: ex('sources[].contentHash'),
    revisionOfId: ex('sources[].revisionOfId'),
    version: ex('sources[].version'),
    createdById: ex('sources[].createdById'),
    createdAt: ex('sources[].createdAt'),
    updatedAt: ex('sources[].updatedAt'),
  },
  Actor: {
    id: ex('actors[].id'),
    name: ex('actors[].name'),
    nameFolded: derived('foldName(name)'),
    kind: ex('actors[].kind'),
    wikidata: ex('actors[].wikidata'),
    description: ex('actors[].description'),
    mergedIntoId: ex('actors[].mergedIntoId'),
    version: ex('actors[].version'),
    createdAt: ex('actors[].createdAt'),
    updatedAt: ex('actors[].updatedAt'),
  },
  ActorAlias: {
    id: ex('actors[].aliases[].id'),
    actorId: ex('actors[].id', 'the actor whose aliases list holds it'),
    name: ex('actors[].aliases[].name'),
    folded: derived('foldName(name)'),
    language: ex('actors[].aliases[].language'),
  },
  ActorNameKey: {
    actorId: derived('nameKeys() of the actor name and aliases, for actors not merged into another'),
    key: derived('nameKeys() of the actor name and aliases'),
  },
  Event: {
    id: ex('events[].id'),
    title: ex('events[].title'),
    type: ex('events[].type', 'eventType in JSON Lines'),
    date: ex('events[].date'),
    dateEarliest: derived('parseEdtf(date).earliest'),
    dateLatest: derived('parseEdtf(date).latest'),
    place: ex('events[].place'),
    placeFolded: derived('foldName(place)'),
    description: ex('events[].description'),
    parentId: ex('events[].parentId'),
    version: ex('events[].version'),
    createdAt: ex('events[].createdAt'),
    updatedAt: ex('events[].updatedAt'),
  },
  EventParticipant: {
    id: ex('events[].participants[].id'),
    eventId: ex('events[].id', 'the event whose participants list holds it'),
    actorId: ex('events[].participants[].actorId'),
    role: ex('events[].participants[].role'),
  },
  Claim: {
    id: ex('claims[].id'),
    sourceId: ex('claims[].sourceId'),
    start: ex('claims[].selectors[0].start'),
    end: ex('claims[].selectors[0].end'),
    quote: ex('claims[].selectors[1].exact'),
    prefix: ex('claims[].selectors[1].prefix'),
    suffix: ex('claims[].selectors[1].suffix'),
    claimantId: ex('claims[].claimantId'),
    paraphrase: ex('claims[].paraphrase'),
    status: ex('claims[].status'),
    version: ex('claims[].version'),
    createdById: ex('claims[].createdById'),
    createdAt: ex('claims[].createdAt'),
    updatedAt: ex('claims[].updatedAt'),
  },
  AttributionHop: {
    id: ex('claims[].chain[].id'),
    claimId: ex('claims[].id', 'the claim whose chain holds it'),
    position: ex('claims[].chain', 'the hop\'s index in the chain, 0 = outermost'),
    actorId: ex('claims[].chain[].actorId'),
    relation: ex('claims[].chain[].relation'),
  },
  Link: {
    id: ex('links[].id'),
    claimId: ex('links[].claimId'),
    eventId: ex('links[].eventId'),
    stance: ex('links[].stance'),
    assertedDate: ex('links[].asserted.date'),
    assertedDateEarliest: derived('parseEdtf(asserted.date).earliest (assertedToColumns)'),
    assertedDateLatest: derived('parseEdtf(asserted.date).latest (assertedToColumns)'),
    assertedPlace: ex('links[].asserted.place'),
    assertedPlaceFolded: derived('foldName(asserted.place) (assertedToColumns)'),
    assertedParticipants: ex('links[].asserted.participants'),
    assertedNumber: ex('links[].asserted.number.value'),
    assertedUnit: ex('links[].asserted.number.unit'),
    numberTolerance: ex('links[].asserted.number.tolerance'),
    note: ex('links[].note'),
    version: ex('links[].version'),
    createdAt: ex('links[].createdAt'),
    updatedAt: ex('links[].updatedAt'),
  },
  Dispute: {
    id: ex('disputes[].id'),
    eventId: ex('disputes[].eventId'),
    kinds: ex('disputes[].kinds'),
    status: ex('disputes[].status'),
    explanation: ex('disputes[].explanation'),
    supportOrigins: ex('disputes[].supportOrigins'),
    contradictOrigins: ex('disputes[].contradictOrigins'),
    openedAt: ex('disputes[].openedAt'),
    resolvedAt: ex('disputes[].resolvedAt'),
    resolvedById: ex('disputes[].resolvedById'),
    rationale: ex('disputes[].rationale'),
    version: ex('disputes[].version'),
    updatedAt: ex('disputes[].updatedAt'),
  },
  DisputeClaim: {
    disputeId: ex('disputes[].id', 'the dispute whose claims list holds it'),
    claimId: ex('disputes[].claims[].claimId'),
    side: ex('disputes[].claims[].side'),
    origin: ex('disputes[].claims[].origin'),
  },
  Verdict: {
    id: ex('verdicts[].id'),
    claimId: ex('verdicts[].claimId'),
    disputeId: ex('verdicts[].disputeId'),
    rating: ex('verdicts[].rating'),
    rationale: ex('verdicts[].rationale'),
    evidenceUrl: ex('verdicts[].evidenceUrl'),
    reviewerId: ex('verdicts[].reviewerId'),
    version: ex('verdicts[].version'),
    createdAt: ex('verdicts[].createdAt'),
    updatedAt: ex('verdicts[].updatedAt'),
  },
  AuditEntry: {
    id: ex('audit[].id'),
    at: ex('audit[].at'),
    userId: ex('audit[].userId'),
    action: ex('audit[].action'),
    recordType: ex('audit[].recordType'),
    recordId: ex('audit[].recordId'),
    before: ex('audit[].before', 'snapshots of users keep only the shareable user fields, except in backups'),
    after: ex('audit[].after', 'snapshots of users keep only the shareable user fields, except in backups'),
  },
};
