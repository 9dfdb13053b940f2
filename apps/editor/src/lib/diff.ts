// A readable account of one audit entry: which fields changed, from what to what, as short text.

const NOISE = new Set(['updatedAt', 'createdAt', 'version', 'nameFolded', 'placeFolded', 'assertedPlaceFolded', 'contentHash', 'text']);

export interface Change {
  field: string;
  before: string | null;
  after: string | null;
}

/** Short text for any stored value: names for actor-like objects, "A → B" for chains, JSON otherwise. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.every((v) => v && typeof v === 'object' && 'actor' in (v as object))) {
      return value
        .map((h) => `${describe((h as { actor: unknown }).actor)}${(h as { relation?: string }).relation ? ` (${(h as { relation?: string }).relation})` : ''}`)
        .join(' → ');
    }
    return value.map(describe).join('; ');
  }
  const o = value as Record<string, unknown>;
  if (typeof o.name === 'string') return o.name;
  if (typeof o.title === 'string') return o.title;
  // A flat record (a verdict, a dispute's claim): "claimId 58 · rating false".
  const entries = Object.entries(o);
  if (entries.every(([, v]) => v === null || typeof v !== 'object'))
    return entries.map(([k, v]) => `${k} ${v === null || v === undefined ? '—' : String(v as string | number | boolean)}`).join(' · ');
  const json = JSON.stringify(value);
  return json.length > 400 ? `${json.slice(0, 400)}…` : json;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Field-level changes between two snapshots (either may be missing: a create or a delete). */
export function changes(before: unknown, after: unknown): Change[] {
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((f) => !NOISE.has(f));
  const out: Change[] = [];
  for (const field of fields) {
    const x = describe(b[field]);
    const y = describe(a[field]);
    if (x === y) continue;
    out.push({ field, before: field in b ? x : null, after: field in a ? y : null });
  }
  return out;
}

const VERBS: Record<string, string> = {
  create: 'created',
  update: 'edited',
  delete: 'deleted',
  'set-status': 'changed the status of',
  'add-alias': 'added an alias to',
  'remove-alias': 'removed an alias from',
  merge: 'merged another actor into',
  'merged-into': 'merged',
  open: 'opened',
  reopen: 'reopened',
  void: 'voided',
  resolve: 'resolved',
};

export function verb(action: string): string {
  return VERBS[action] ?? action;
}

/** "ClaimantId" → "claimant id", for table headers. */
export function fieldLabel(field: string): string {
  return field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
