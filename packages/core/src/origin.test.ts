import { describe, expect, it } from 'vitest';
import { claimOrigin, countOrigins, describeAttribution, type ActorRef, type ClaimOriginInput } from './origin.ts';

const actor = (id: number, name: string, kind: string): ActorRef => ({ id, name, kind });
const asharq = actor(1, 'Asharq Al-Awsat', 'outlet');
const shaar = actor(2, 'Rami Shaar', 'person');
const caliber = actor(3, 'Caliber.Az', 'outlet');
const ft = actor(4, 'Financial Times', 'outlet');
const ftSources = actor(5, 'Unnamed sources cited by the Financial Times', 'anonymous');
const shaibani = actor(6, 'Asaad al-Shaibani', 'person');
const aa = actor(7, 'Anadolu Agency', 'outlet');
const jazeera = actor(8, 'Al Jazeera', 'outlet');
const interBellum = actor(9, 'Inter Bellum News', 'outlet');
const analysts = actor(10, 'Unnamed analysts cited by Inter Bellum News', 'anonymous');
const intel = actor(12, 'Russian intelligence reports cited by Rami Shaar', 'anonymous');
const ftWitnesses = actor(13, 'Unnamed witnesses cited by the Financial Times', 'anonymous');
const russia = actor(14, 'Russia', 'state');

const input = (claimant: ActorRef | null, chain: ActorRef[], outlet: ActorRef | null, claimId?: number): ClaimOriginInput =>
  claimId === undefined ? { claimant, chain, outlet } : { claimant, chain, outlet, claimId };

describe('claimOrigin: the same first-hand asserter is one origin', () => {
  it.each([
    ['Caliber.Az → FT → unnamed sources == FT → unnamed sources', input(ftSources, [caliber, ft], caliber), input(ftSources, [ft], ft)],
    ['… also when the chain leaves out the printing outlet', input(ftSources, [ft], caliber), input(ftSources, [], ft)],
    [
      'the minister interviewed by Al Jazeera (via AA) == the minister in Inter Bellum',
      input(shaibani, [aa, jazeera], aa),
      input(shaibani, [interBellum], interBellum),
    ],
    ['the minister in two outlets, chains empty', input(shaibani, [], aa), input(shaibani, [], interBellum)],
    ['the FT relayed by Caliber.Az == the FT in its own voice', input(ft, [caliber], caliber), input(ft, [], ft)],
    ['an outlet in its own voice: claimant outlet == no claimant', input(caliber, [], caliber), input(null, [], caliber)],
    ['no claimant: the innermost named hop speaks', input(null, [caliber, ft], caliber), input(ft, [], ft)],
    ['a chain that repeats the claimant at its end is tolerated', input(shaar, [asharq, shaar], asharq), input(shaar, [asharq], asharq)],
  ])('%s', (_name, x, y) => {
    expect(claimOrigin(x).key).toBe(claimOrigin(y).key);
  });
});

describe('claimOrigin: different asserters are different origins', () => {
  it.each([
    ['unnamed sources of the FT vs unnamed analysts of Inter Bellum', input(ftSources, [caliber, ft], caliber), input(analysts, [interBellum], interBellum)],
    ['two different anonymous actors behind the same outlet', input(ftSources, [caliber, ft], caliber), input(ftWitnesses, [caliber, ft], caliber)],
    ['the same anonymous actor reported by different named hops', input(ftSources, [ft], ft), input(ftSources, [caliber], caliber)],
    ['Caliber.Az in its own voice vs the FT relayed by Caliber.Az', input(caliber, [], caliber), input(ft, [caliber], caliber)],
    ['Rami Shaar vs the intelligence reports he relays', input(shaar, [asharq], asharq), input(intel, [asharq, shaar], asharq)],
    ['a person vs the outlet quoting them', input(shaar, [asharq], asharq), input(asharq, [], asharq)],
    ['two unattributed claims never merge', input(null, [], null, 1), input(null, [], null, 2)],
  ])('%s', (_name, x, y) => {
    expect(claimOrigin(x).key).not.toBe(claimOrigin(y).key);
  });
});

describe('claimOrigin keys', () => {
  it.each([
    [input(shaibani, [aa, jazeera], aa), 'actor:6'],
    [input(ftSources, [caliber, ft], caliber), 'anonymous:4:5'],
    [input(intel, [asharq, shaar], asharq), 'anonymous:2:12'],
    [input(caliber, [], caliber), 'actor:3'],
    [input(null, [], caliber), 'actor:3'],
    [input(russia, [], null), 'actor:14'],
    [input(ftSources, [], null, 42), 'claim:42'],
    [input(null, [], null, 7), 'claim:7'],
    [input(null, [], null), 'unattributed'],
  ])('%j → %s', (x, key) => {
    expect(claimOrigin(x).key).toBe(key);
  });
});

describe('describeAttribution', () => {
  it.each([
    ['unnamed sources via the FT via Caliber.Az', ftSources, [caliber, ft], caliber, 'Financial Times (via Caliber.Az)'],
    ['Rami Shaar quoted by Asharq Al-Awsat', shaar, [asharq], asharq, 'Asharq Al-Awsat (via Rami Shaar)'],
    ['intelligence reports relayed by Shaar to Asharq Al-Awsat', intel, [asharq, shaar], asharq, 'Asharq Al-Awsat (via Rami Shaar)'],
    ['al-Shaibani in Al Jazeera, reported by AA', shaibani, [aa, jazeera], aa, 'Al Jazeera (via Anadolu Agency, Asaad al-Shaibani)'],
    ['an outlet in its own voice', caliber, [], caliber, 'Caliber.Az'],
    ['no claimant', null, [], caliber, 'Caliber.Az'],
    ['the FT as claimant, relayed', ft, [caliber], caliber, 'Financial Times (via Caliber.Az)'],
    ['a person with no outlet', shaibani, [], null, 'Asaad al-Shaibani'],
    ['an anonymous claimant and nothing else', ftSources, [], null, 'Unnamed sources cited by the Financial Times'],
    ['nothing at all', null, [], null, 'an unattributed source'],
  ])('%s', (_name, claimant, chain, outlet, label) => {
    expect(describeAttribution(claimant, chain, outlet)).toBe(label);
    expect(claimOrigin({ claimant, chain, outlet }).label).toBe(label);
  });
});

describe('countOrigins', () => {
  it.each([
    ['empty', [], { supports: 0, contradicts: 0, mentions: 0 }],
    [
      'repeats of one origin count once',
      [
        { stance: 'supports', originKey: 'anonymous:4:5' },
        { stance: 'supports', originKey: 'anonymous:4:5' },
        { stance: 'supports', originKey: 'actor:6' },
      ],
      { supports: 2, contradicts: 0, mentions: 0 },
    ],
    [
      'one origin taking two stances counts under both',
      [
        { stance: 'supports', originKey: 'actor:6' },
        { stance: 'contradicts', originKey: 'actor:6' },
        { stance: 'mentions', originKey: 'actor:7' },
        { stance: 'mentions', originKey: 'actor:8' },
      ],
      { supports: 1, contradicts: 1, mentions: 2 },
    ],
    ['unknown stances are ignored', [{ stance: 'asserts', originKey: 'actor:1' }], { supports: 0, contradicts: 0, mentions: 0 }],
  ])('%s', (_name, items, expected) => {
    expect(countOrigins(items)).toEqual(expected);
  });

  it('counts the corpus case once: Caliber.Az → FT → unnamed sources and FT → unnamed sources', () => {
    const keys = [input(ftSources, [caliber, ft], caliber), input(ftSources, [ft], ft)].map((x) => claimOrigin(x).key);
    expect(countOrigins(keys.map((originKey) => ({ stance: 'contradicts', originKey })))).toEqual({ supports: 0, contradicts: 1, mentions: 0 });
  });
});
