import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { DISPUTE_KINDS, countEventOrigins, describeKinds, detectDispute, type DisputeEvent, type DisputeLink } from './disputes.ts';
import type { ActorRef } from './origin.ts';

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
const syrianSite = actor(10, 'Unidentified Syrian news site', 'outlet');
const majalla = actor(11, 'Al-Majalla', 'outlet');
const fsaId = 20;
const mocId = 21;
const actorNames: Record<number, string> = { [fsaId]: 'Free Syrian Army', [mocId]: 'Military Operations Command', 30: 'Russia' };

const event: DisputeEvent = { id: 1, title: 'Contact between Assad and Moscow', date: '2024-11-25/2024-12-07', place: null };

/** A supporting, accepted claim by Caliber.Az in its own voice; override what the case is about. */
function link(claimId: number, over: Partial<DisputeLink> = {}): DisputeLink {
  return {
    linkId: claimId + 100,
    claimId,
    sourceId: 1,
    claimStatus: 'accepted',
    stance: 'supports',
    quote: `Quote of claim ${claimId}.`,
    paraphrase: `Claim ${claimId} says something`,
    claimant: caliber,
    chain: [],
    outlet: caliber,
    asserted: {},
    ...over,
  };
}

/** Claims from distinct origins, so that only the rule under test decides. */
const by = (claimId: number, over: Partial<DisputeLink> = {}): DisputeLink => {
  const outlet = actor(1000 + claimId, `Outlet ${claimId}`, 'outlet');
  return link(claimId, { claimant: outlet, outlet, ...over });
};

describe('rules that fire', () => {
  it.each<[string, DisputeLink[], string[]]>([
    ['stance: supports vs contradicts', [by(1), by(2, { stance: 'contradicts' })], ['stance']],
    ['stance: a draft claim takes part', [by(1, { claimStatus: 'draft' }), by(2, { stance: 'contradicts' })], ['stance']],
    ['date: two different days', [by(1, { asserted: { date: '2024-12-07' } }), by(2, { asserted: { date: '2024-12-08' } })], ['date']],
    ['date: a day outside an interval', [by(1, { asserted: { date: '2024-12-06' } }), by(2, { asserted: { date: '2024-11-30/2024-12-02' } })], ['date']],
    ['date: uncertain is not widened', [by(1, { asserted: { date: '2024-12-07?' } }), by(2, { asserted: { date: '2024-12-08' } })], ['date']],
    ['date: different months', [by(1, { asserted: { date: '2024-11' } }), by(2, { asserted: { date: '2024-12-08' } })], ['date']],
    [
      'place: Hmeimim vs an airbase near Khamenei',
      [by(1, { asserted: { place: 'Hmeimim' } }), by(2, { asserted: { place: 'an airbase near Khamenei' } })],
      ['place'],
    ],
    ['place: two cities', [by(1, { asserted: { place: 'Damascus' } }), by(2, { asserted: { place: 'Aleppo' } })], ['place']],
    [
      'participants: include vs exclude',
      [by(1, { asserted: { participants: { include: [fsaId], exclude: [] } } }), by(2, { asserted: { participants: { include: [], exclude: [fsaId] } } })],
      ['participants'],
    ],
    [
      'participants: exclude vs include (other order)',
      [by(1, { asserted: { participants: { include: [mocId], exclude: [fsaId] } } }), by(2, { asserted: { participants: { include: [fsaId], exclude: [] } } })],
      ['participants'],
    ],
    [
      'participants: an exclusive list leaves out an actor the other names',
      [
        by(1, { asserted: { participants: { include: [fsaId], exclude: [], exclusive: true } } }),
        by(2, { asserted: { participants: { include: [mocId], exclude: [] } } }),
      ],
      ['participants'],
    ],
    [
      'number: same unit, no tolerance',
      [by(1, { asserted: { number: { value: 11, unit: 'days' } } }), by(2, { asserted: { number: { value: 12, unit: 'days' } } })],
      ['number'],
    ],
    [
      'number: beyond the tolerances together (80±5 vs 91±5)',
      [
        by(1, { asserted: { number: { value: 80, unit: 'percent', tolerance: 5 } } }),
        by(2, { asserted: { number: { value: 91, unit: 'percent', tolerance: 5 } } }),
      ],
      ['number'],
    ],
    [
      'number: units compared without case and spacing',
      [by(1, { asserted: { number: { value: 1, unit: 'Dead ' } } }), by(2, { asserted: { number: { value: 2, unit: 'dead' } } })],
      ['number'],
    ],
    [
      'values of a contradicting claim are compared too',
      [by(1, { asserted: { date: '2024-12-06' } }), by(2, { stance: 'contradicts', asserted: { date: '2024-12-08' } })],
      ['date', 'stance'],
    ],
    [
      'values of a mentioning claim are compared too',
      [by(1, { asserted: { place: 'Damascus' } }), by(2, { stance: 'mentions', asserted: { place: 'Aleppo' } })],
      ['place'],
    ],
    [
      'several kinds at once, sorted',
      [
        by(1, { asserted: { place: 'Damascus', number: { value: 3, unit: 'km' } } }),
        by(2, { stance: 'contradicts', asserted: { date: '2024-12-01', place: 'Aleppo', number: { value: 4, unit: 'km' } } }),
        by(3, { asserted: { date: '2024-12-09' } }),
      ],
      ['stance', 'date', 'place', 'number'],
    ],
  ])('%s', (_name, links, kinds) => {
    const finding = detectDispute(event, links, actorNames);
    expect(finding).not.toBeNull();
    expect(finding!.kinds).toEqual([...kinds].sort((a, b) => DISPUTE_KINDS.indexOf(a as never) - DISPUTE_KINDS.indexOf(b as never)));
    expect(finding!.explanation).toMatch(/^[^\n]+\.$/);
  });
});

describe('cases that must not fire', () => {
  it.each<[string, DisputeLink[]]>([
    ['empty links', []],
    ['a single claim', [by(1, { asserted: { date: '2024-12-07', place: 'Hmeimim' } })]],
    ['a single contradicting claim', [by(1, { stance: 'contradicts' })]],
    ['mentions vs supports', [by(1), by(2, { stance: 'mentions' })]],
    ['mentions vs contradicts', [by(1, { stance: 'contradicts' }), by(2, { stance: 'mentions' })]],
    ['all supporting', [by(1), by(2), by(3)]],
    ['all contradicting', [by(1, { stance: 'contradicts' }), by(2, { stance: 'contradicts' })]],
    ['2024-12~ vs 2024-12-07', [by(1, { asserted: { date: '2024-12~' } }), by(2, { asserted: { date: '2024-12-07' } })]],
    ['2024-12 vs 2024-12-07', [by(1, { asserted: { date: '2024-12' } }), by(2, { asserted: { date: '2024-12-07' } })]],
    ['interval containing the day', [by(1, { asserted: { date: '2024-12-01/2024-12-07' } }), by(2, { asserted: { date: '2024-12-05' } })]],
    ['overlapping intervals', [by(1, { asserted: { date: '2024-11-27/2024-12-08' } }), by(2, { asserted: { date: '2024-11-30/2024-12-03' } })]],
    ['approximate day widened onto the next', [by(1, { asserted: { date: '2024-12-07~' } }), by(2, { asserted: { date: '2024-12-08' } })]],
    ['open-ended interval', [by(1, { asserted: { date: '2024-12-01/..' } }), by(2, { asserted: { date: '2025-03-01' } })]],
    ['the same day', [by(1, { asserted: { date: '2024-12-08' } }), by(2, { asserted: { date: '2024-12-08' } })]],
    ['Hmeimim vs Khmeimim', [by(1, { asserted: { place: 'Hmeimim' } }), by(2, { asserted: { place: 'Khmeimim' } })]],
    ['the same place, different case', [by(1, { asserted: { place: 'Damascus' } }), by(2, { asserted: { place: 'damascus' } })]],
    ['blank values are absent', [by(1, { asserted: { date: ' ', place: '' } }), by(2, { asserted: { date: '2024-12-08', place: 'Aleppo' } })]],
    ['one side asserts no value', [by(1, { asserted: { date: '2024-12-08' } }), by(2, { asserted: {} })]],
    [
      'number: same unit within tolerance (80±5 vs 85)',
      [by(1, { asserted: { number: { value: 80, unit: 'percent', tolerance: 5 } } }), by(2, { asserted: { number: { value: 85, unit: 'percent' } } })],
    ],
    [
      'number: within the two tolerances together (80±5 vs 89±4)',
      [
        by(1, { asserted: { number: { value: 80, unit: 'percent', tolerance: 5 } } }),
        by(2, { asserted: { number: { value: 89, unit: 'percent', tolerance: 4 } } }),
      ],
    ],
    [
      'number: equal values, default tolerance',
      [by(1, { asserted: { number: { value: 11, unit: 'days' } } }), by(2, { asserted: { number: { value: 11, unit: 'days', tolerance: null } } })],
    ],
    [
      'number: floating point noise',
      [by(1, { asserted: { number: { value: 0.1 + 0.2, unit: 'km' } } }), by(2, { asserted: { number: { value: 0.3, unit: 'km' } } })],
    ],
    ['number: different units', [by(1, { asserted: { number: { value: 11, unit: 'days' } } }), by(2, { asserted: { number: { value: 2, unit: 'weeks' } } })]],
    [
      'participants: different include lists are not exhaustive',
      [by(1, { asserted: { participants: { include: [fsaId], exclude: [] } } }), by(2, { asserted: { participants: { include: [mocId], exclude: [] } } })],
    ],
    [
      'participants: an exclusive list that contains everything the other names',
      [
        by(1, { asserted: { participants: { include: [fsaId, mocId], exclude: [], exclusive: true } } }),
        by(2, { asserted: { participants: { include: [mocId], exclude: [] } } }),
      ],
    ],
    [
      'participants: exclusive with an empty list says nothing',
      [
        by(1, { asserted: { participants: { include: [], exclude: [], exclusive: true } } }),
        by(2, { asserted: { participants: { include: [mocId], exclude: [] } } }),
      ],
    ],
    [
      'participants: both exclude the same actor',
      [by(1, { asserted: { participants: { include: [], exclude: [fsaId] } } }), by(2, { asserted: { participants: { include: [mocId], exclude: [fsaId] } } })],
    ],
    ['a rejected claim contradicting', [by(1), by(2, { stance: 'contradicts', claimStatus: 'rejected' })]],
    ['a retracted claim contradicting', [by(1), by(2, { stance: 'contradicts', claimStatus: 'retracted' })]],
    ['a rejected claim with another date', [by(1, { asserted: { date: '2024-12-07' } }), by(2, { claimStatus: 'rejected', asserted: { date: '2024-12-08' } })]],
    [
      'a retracted claim with another place',
      [by(1, { asserted: { place: 'Hmeimim' } }), by(2, { claimStatus: 'retracted', asserted: { place: 'an airbase near Khamenei' } })],
    ],
    ['an unknown status does not take part', [by(1), by(2, { stance: 'contradicts', claimStatus: 'deleted' })]],
    ['the event’s own date is not a claim', [by(1, { asserted: { date: '2025-01-21/2025-01-31' } })]],
  ])('%s', (_name, links) => {
    expect(detectDispute(event, links, actorNames)).toBeNull();
  });
});

describe('place aliases from the caller', () => {
  const links = [by(1, { asserted: { place: 'Hmeimim' } }), by(2, { asserted: { place: 'Basel al-Assad airport' } })];
  it('fires without the alias and not with it', () => {
    expect(detectDispute(event, links, actorNames)?.kinds).toEqual(['place']);
    expect(detectDispute(event, links, actorNames, { placeAliases: [['Hmeimim', 'Basel al-Assad airport']] })).toBeNull();
  });
});

// The demo corpus: how the annotated claims of the five articles meet.
const asharqUrged = link(11, {
  sourceId: 3,
  claimant: shaar,
  chain: [asharq],
  outlet: asharq,
  quote:
    'Russia made a direct call to Assad, warning that “all signs point to a major disaster, and a political initiative for dialogue must be launched quickly.”',
  paraphrase: 'Shaar says Russia called Assad directly and urged him to launch a political initiative quickly.',
  asserted: { participants: { include: [30], exclude: [] } },
});
const asharqOwnVoice = link(10, {
  sourceId: 3,
  claimant: asharq,
  chain: [],
  outlet: asharq,
  quote: 'Russia urgently advised him to launch a political initiative to open dialogue with the opposition',
  paraphrase: 'Asharq Al-Awsat says Russia urged Assad to open dialogue with the opposition.',
});
const ftNeverReached = link(40, {
  sourceId: 5,
  stance: 'contradicts',
  claimant: ftSources,
  chain: [caliber, ft],
  outlet: caliber,
  quote: 'However, these efforts to communicate with Moscow were unsuccessful, and the message did not reach the Russian authorities.',
  paraphrase: "The FT's sources say Assad's attempts to communicate with Moscow failed and his message never reached Moscow.",
});
const ftDirect = link(41, {
  sourceId: 6,
  stance: 'contradicts',
  claimant: ftSources,
  chain: [ft],
  outlet: ft,
  quote: 'The message never reached Moscow, people familiar with the matter said.',
  paraphrase: null,
});

describe('corpus cases', () => {
  it('(a) Asharq Al-Awsat’s source says Moscow urged Assad; the FT via Caliber.Az says the message never reached Moscow', () => {
    const finding = detectDispute(event, [asharqUrged, ftNeverReached], actorNames)!;
    expect(finding.kinds).toEqual(['stance']);
    expect(finding.claims).toEqual([
      { claimId: 11, side: 'a', origin: 'actor:2', stance: 'supports' },
      { claimId: 40, side: 'b', origin: 'anonymous:4:5', stance: 'contradicts' },
    ]);
    expect(finding.conflicts).toEqual([
      { kind: 'stance', a: 11, b: 40, detail: 'the first supports “Contact between Assad and Moscow”, the second contradicts it' },
    ]);
    expect(finding.explanation).toBe(
      'Asharq Al-Awsat (via Rami Shaar) says Russia called Assad directly and urged him to launch a political initiative quickly; ' +
        "Financial Times (via Caliber.Az) says Assad's attempts to communicate with Moscow failed and his message never reached Moscow " +
        '(the first supports “Contact between Assad and Moscow”, the second contradicts it).',
    );
    expect(finding.origins).toEqual({ supports: 1, contradicts: 1 });
  });

  it('(b) Hmeimim vs “an airbase near Khamenei” is a place dispute; Khmeimim agrees with Hmeimim', () => {
    const base: DisputeEvent = { id: 2, title: 'Russian airbase presence', date: '2024-12/2025-12', place: 'Hmeimim Air Base' };
    const site = link(20, {
      claimant: syrianSite,
      outlet: syrianSite,
      paraphrase: 'The outlet states that Russia’s forces are at two main bases, Hmeimim and Tartus.',
      asserted: { place: 'Hmeimim' },
    });
    const ib = link(21, {
      claimant: interBellum,
      outlet: interBellum,
      paraphrase: 'Inter Bellum says Russia still operates a naval base in Tartus and an airbase near Khamenei.',
      asserted: { place: 'an airbase near Khamenei' },
    });
    const other = link(22, { claimant: aa, outlet: aa, asserted: { place: 'Khmeimim' } });
    const finding = detectDispute(base, [site, ib, other], actorNames)!;
    expect(finding.kinds).toEqual(['place']);
    expect(finding.claims.map((c) => [c.claimId, c.side])).toEqual([
      [20, 'a'],
      [21, 'b'],
      [22, 'a'],
    ]);
    expect(finding.conflicts.map((c) => [c.a, c.b])).toEqual([
      [20, 21],
      [22, 21],
    ]);
    expect(finding.explanation).toContain('“Hmeimim” and “an airbase near Khamenei” are not the same place');
    expect(finding.explanation).toContain('Inter Bellum News says Russia still operates');
    expect(finding.explanation).toContain('1 more claim is involved');
    expect(detectDispute(base, [site, other], actorNames)).toBeNull();
  });

  it('(c) the FSA declared the end of Assad’s rule vs a claim excluding the FSA', () => {
    const declaration: DisputeEvent = { id: 3, title: 'Declaration of the end of Assad’s rule', date: '2024-12-08', place: 'Damascus' };
    const fsa = link(30, {
      paraphrase: 'Caliber.Az states that the Free Syrian Army, backed by the US and Türkiye, declared the end of Assad’s rule.',
      asserted: { date: '2024-12-08', participants: { include: [fsaId], exclude: [] } },
    });
    const notFsa = link(31, {
      claimant: asharq,
      outlet: asharq,
      paraphrase: 'Asharq Al-Awsat says the Military Operations Command, not the FSA, declared it.',
      asserted: { participants: { include: [mocId], exclude: [fsaId] } },
    });
    const finding = detectDispute(declaration, [notFsa, fsa], actorNames)!;
    expect(finding.kinds).toEqual(['participants']);
    expect(finding.conflicts).toEqual([
      { kind: 'participants', a: 30, b: 31, detail: 'the first names Free Syrian Army as taking part, the second excludes it' },
    ]);
    expect(finding.explanation).toBe(
      'Caliber.Az says the Free Syrian Army, backed by the US and Türkiye, declared the end of Assad’s rule; ' +
        'Asharq Al-Awsat says the Military Operations Command, not the FSA, declared it ' +
        '(the first names Free Syrian Army as taking part, the second excludes it).',
    );
  });

  it('(d) 2024-12-06 vs 2024-11-30/2024-12-02 is a date dispute', () => {
    const meeting: DisputeEvent = { id: 4, title: 'Bab al-Hawa meeting', date: '2024-12-06', place: 'Bab al-Hawa' };
    const aaDay = link(50, {
      claimant: shaibani,
      chain: [aa, jazeera],
      outlet: aa,
      paraphrase: 'Al-Shaibani dates the key talks with the Russians to 6 December 2024 at the Bab al-Hawa crossing.',
      asserted: { date: '2024-12-06' },
    });
    const early = link(51, {
      claimant: interBellum,
      outlet: interBellum,
      paraphrase: 'Inter Bellum reports that the meeting took place as Hama fell.',
      asserted: { date: '2024-11-30/2024-12-02' },
    });
    const finding = detectDispute(meeting, [aaDay, early], actorNames)!;
    expect(finding.kinds).toEqual(['date']);
    expect(finding.conflicts).toEqual([{ kind: 'date', a: 50, b: 51, detail: 'the dates 2024-12-06 and 2024-11-30/2024-12-02 do not overlap' }]);
    expect(finding.explanation).toBe(
      'Al Jazeera (via Anadolu Agency, Asaad al-Shaibani) says Al-Shaibani dates the key talks with the Russians to 6 December 2024 at the Bab al-Hawa crossing; ' +
        'Inter Bellum News says the meeting took place as Hama fell (the dates 2024-12-06 and 2024-11-30/2024-12-02 do not overlap).',
    );
  });
});

describe('independence', () => {
  it('Caliber.Az → FT → unnamed sources and FT → unnamed sources are one origin', () => {
    const finding = detectDispute(event, [asharqUrged, ftNeverReached, ftDirect], actorNames)!;
    expect(finding.origins).toEqual({ supports: 1, contradicts: 1 });
    expect(finding.claims.filter((c) => c.side === 'b').map((c) => c.origin)).toEqual(['anonymous:4:5', 'anonymous:4:5']);
    expect(finding.explanation).toContain('1 more claim is involved');
  });

  it('two outlets reporting the same minister count once', () => {
    const inAa = link(60, { claimant: shaibani, chain: [aa, jazeera], outlet: aa });
    const inMajalla = link(61, { claimant: shaibani, chain: [syrianSite, majalla], outlet: syrianSite });
    const inIb = link(62, { claimant: shaibani, chain: [interBellum], outlet: interBellum, stance: 'mentions' });
    expect(countEventOrigins([inAa, inMajalla, inIb])).toEqual({ supports: 1, contradicts: 0, mentions: 1 });
    const finding = detectDispute(event, [inAa, inMajalla, ftNeverReached], actorNames)!;
    expect(finding.origins).toEqual({ supports: 1, contradicts: 1 });
  });

  it('the Asharq Al-Awsat report and its source are two origins', () => {
    expect(detectDispute(event, [asharqOwnVoice, asharqUrged, ftNeverReached], actorNames)!.origins).toEqual({ supports: 2, contradicts: 1 });
  });

  it('origins are counted over every participating claim, not only those in conflict', () => {
    const mention = link(70, { claimant: aa, outlet: aa, stance: 'mentions' });
    const rejected = link(71, { claimant: interBellum, outlet: interBellum, claimStatus: 'rejected' });
    const finding = detectDispute(event, [asharqUrged, ftNeverReached, mention, rejected], actorNames)!;
    expect(finding.origins).toEqual({ supports: 1, contradicts: 1 });
    expect(finding.claims.map((c) => c.claimId)).toEqual([11, 40]);
  });

  it('a source contradicting itself is a dispute, and the explanation says so', () => {
    const early = link(80, { claimant: shaibani, chain: [aa, jazeera], outlet: aa, asserted: { date: '2024-12-06' } });
    const late = link(81, { claimant: shaibani, chain: [syrianSite, majalla], outlet: syrianSite, asserted: { date: '2024-11-30/2024-12-03' } });
    const finding = detectDispute(event, [early, late], actorNames)!;
    expect(finding.kinds).toEqual(['date']);
    expect(finding.claims.map((c) => c.origin)).toEqual(['actor:6', 'actor:6']);
    expect(finding.explanation).toContain('; both come from one origin, Asaad al-Shaibani, which contradicts itself.');
    expect(finding.origins).toEqual({ supports: 1, contradicts: 0 });
  });

  it('mentions a shared origin elsewhere in a larger dispute', () => {
    const a = by(1, { asserted: { date: '2024-12-08' } });
    const b = by(2, { stance: 'contradicts' });
    const c = link(3, { claimant: shaibani, outlet: aa, asserted: { date: '2024-12-08' } });
    const d = link(4, { claimant: shaibani, outlet: interBellum, asserted: { date: '2024-12-01' } });
    const finding = detectDispute(event, [a, b, c, d], actorNames)!;
    expect(finding.explanation).toContain('some of the conflicting claims come from the same origin');
  });
});

describe('sides', () => {
  it('stance: a = supporting, b = contradicting, even when contradicting claims outnumber', () => {
    const finding = detectDispute(
      event,
      [by(5), by(1, { stance: 'contradicts' }), by(2, { stance: 'contradicts' }), by(3, { stance: 'contradicts' })],
      actorNames,
    )!;
    expect(finding.claims.map((c) => [c.claimId, c.side])).toEqual([
      [1, 'b'],
      [2, 'b'],
      [3, 'b'],
      [5, 'a'],
    ]);
    expect(finding.conflicts.every((c) => c.a === 5)).toBe(true);
  });

  it('values: side a is the largest compatible group', () => {
    const finding = detectDispute(
      event,
      [
        by(1, { asserted: { date: '2024-12-08' } }),
        by(2, { asserted: { date: '2024-12-07' } }),
        by(3, { asserted: { date: '2024-12-07~' } }),
        by(4, { asserted: { date: '2024-12' } }),
      ],
      actorNames,
    )!;
    // 2024-12-07~ and 2024-12 agree with both days; the group {2,3,4} and {1,3,4} tie, the earliest id wins.
    expect(finding.claims.map((c) => [c.claimId, c.side])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(finding.conflicts).toEqual([{ kind: 'date', a: 1, b: 2, detail: 'the dates 2024-12-08 and 2024-12-07 do not overlap' }]);
  });

  it('values: the majority wins over the earliest id', () => {
    const finding = detectDispute(
      event,
      [by(1, { asserted: { place: 'Aleppo' } }), by(2, { asserted: { place: 'Damascus' } }), by(3, { asserted: { place: 'damascus' } })],
      actorNames,
    )!;
    expect(finding.claims.map((c) => [c.claimId, c.side])).toEqual([
      [1, 'b'],
      [2, 'a'],
      [3, 'a'],
    ]);
    expect(finding.conflicts.map((c) => [c.a, c.b])).toEqual([
      [2, 1],
      [3, 1],
    ]);
  });

  it('stance and values: a supporter that conflicts with the other supporters goes to side b', () => {
    const finding = detectDispute(
      event,
      [
        by(1, { asserted: { date: '2024-12-08' } }),
        by(2, { asserted: { date: '2024-12-08' } }),
        by(3, { asserted: { date: '2024-12-01' } }),
        by(4, { stance: 'contradicts' }),
      ],
      actorNames,
    )!;
    expect(finding.kinds).toEqual(['stance', 'date']);
    expect(finding.claims.map((c) => [c.claimId, c.side])).toEqual([
      [1, 'a'],
      [2, 'a'],
      [3, 'b'],
      [4, 'b'],
    ]);
    expect(finding.explanation).toContain('(the first supports “Contact between Assad and Moscow”, the second contradicts it)');
    expect(finding.explanation).toContain('other claims also disagree on the date');
    expect(finding.explanation).toContain('2 more claims are involved');
  });

  it('a pathological conflict pattern stays fast and deterministic', () => {
    // 24 pairs, each conflicting only within itself: 2^24 largest groups, beyond exact search.
    const links = Array.from({ length: 48 }, (_, i) => by(i + 1, { asserted: { number: { value: i % 2, unit: `unit ${Math.floor(i / 2)}` } } }));
    const started = performance.now();
    const finding = detectDispute(event, links, actorNames)!;
    expect(performance.now() - started).toBeLessThan(5000);
    expect(finding.claims.filter((c) => c.side === 'a').map((c) => c.claimId)).toEqual(Array.from({ length: 24 }, (_, k) => 2 * k + 1));
    expect(detectDispute(event, [...links].reverse(), actorNames)).toEqual(finding);
  });

  it('many claims stay fast and exact', () => {
    const links = Array.from({ length: 60 }, (_, i) => by(i + 1, { asserted: { date: `2024-12-${String((i % 6) + 1).padStart(2, '0')}` } }));
    const finding = detectDispute(event, links, actorNames)!;
    expect(finding.claims.filter((c) => c.side === 'a').map((c) => c.claimId)).toEqual([1, 7, 13, 19, 25, 31, 37, 43, 49, 55]);
  });
});

describe('determinism', () => {
  const links = [
    asharqOwnVoice,
    asharqUrged,
    ftNeverReached,
    ftDirect,
    by(90, { stance: 'mentions', asserted: { place: 'Damascus', number: { value: 3, unit: 'messages' } } }),
    by(91, { asserted: { place: 'Moscow', number: { value: 5, unit: 'messages', tolerance: 1 } } }),
    by(92, { claimStatus: 'retracted', stance: 'contradicts' }),
  ];

  function shuffled<T>(items: T[], seed: number): T[] {
    const out = [...items];
    let s = seed;
    for (let i = out.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      const j = s % (i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  it('the same links in any order give the same finding', () => {
    const expected = detectDispute(event, links, actorNames);
    expect(expected?.kinds).toEqual(['stance', 'place', 'number']);
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      expect(detectDispute(event, shuffled(links, seed), actorNames)).toEqual(expected);
    }
    expect(detectDispute(event, [...links].reverse(), actorNames)).toEqual(expected);
  });

  it('the same input twice gives the same finding and leaves the input alone', () => {
    const copy = structuredClone(links);
    expect(detectDispute(event, links, actorNames)).toEqual(detectDispute(event, links, actorNames));
    expect(links).toEqual(copy);
  });

  it('conflicts are sorted by kind, then claim ids', () => {
    const finding = detectDispute(event, links, actorNames)!;
    const order = finding.conflicts.map((c) => `${DISPUTE_KINDS.indexOf(c.kind)}:${String(c.a).padStart(4, '0')}:${String(c.b).padStart(4, '0')}`);
    expect(order).toEqual([...order].sort());
  });
});

describe('explanation wording', () => {
  it('falls back to a short quote when there is no paraphrase', () => {
    const finding = detectDispute(event, [asharqUrged, ftDirect], actorNames)!;
    expect(finding.explanation).toContain('Financial Times says “The message never reached Moscow, people familiar with the matter said”');
  });

  it('cuts a long quote at a word', () => {
    const long = by(2, { stance: 'contradicts', paraphrase: null, quote: `${'word '.repeat(40)}end.` });
    const finding = detectDispute(event, [by(1), long], actorNames)!;
    expect(finding.explanation).toMatch(/says “(word ){10,}word…”/);
  });

  it('names participants and numbers', () => {
    const n = detectDispute(
      event,
      [
        by(1, { asserted: { number: { value: 80, unit: 'percent', tolerance: 5 } } }),
        by(2, { asserted: { number: { value: 91, unit: 'percent', tolerance: 1 } } }),
      ],
      actorNames,
    )!;
    expect(n.conflicts[0]!.detail).toBe('80 percent and 91 percent differ by more than the stated tolerance of 6');
    const z = detectDispute(
      event,
      [by(1, { asserted: { number: { value: 11, unit: 'days' } } }), by(2, { asserted: { number: { value: 12.5, unit: 'days' } } })],
      actorNames,
    )!;
    expect(z.conflicts[0]!.detail).toBe('11 days and 12.5 days differ');
    const p = detectDispute(
      event,
      [
        by(1, { asserted: { participants: { include: [fsaId, 99], exclude: [mocId] } } }),
        by(2, { asserted: { participants: { include: [mocId], exclude: [99, fsaId] } } }),
      ],
      actorNames,
    )!;
    expect(p.conflicts[0]!.detail).toBe(
      'the first names Free Syrian Army and actor #99 as taking part, the second excludes them, and the second names Military Operations Command as taking part, the first excludes it',
    );
  });
});

describe('describeKinds and DISPUTE_KINDS', () => {
  it.each<[Parameters<typeof describeKinds>[0], string]>([
    [[], ''],
    [['stance'], 'stance'],
    [['place', 'date'], 'date and place'],
    [['number', 'stance', 'date', 'date'], 'stance, date and figures'],
    [[...DISPUTE_KINDS], 'stance, date, place, participants and figures'],
  ])('%j → %s', (kinds, text) => {
    expect(describeKinds(kinds)).toBe(text);
  });
});

describe('bad input', () => {
  it('refuses a claim linked twice to the event', () => {
    expect(() => detectDispute(event, [by(1), { ...by(1), linkId: 5 }], actorNames)).toThrow(AppError);
  });

  it('refuses an asserted date that is not EDTF, naming the claim', () => {
    expect(() => detectDispute(event, [by(1, { asserted: { date: 'last Monday' } }), by(2)], actorNames)).toThrow(/claim 1 asserts "last Monday"/);
  });
});

describe('explanation wording', () => {
  it('lower-cases a sentence-initial function word after "says", but never a name', () => {
    const f = detectDispute(
      { id: 1, title: 'Talks', date: null, place: null },
      [by(1, { paraphrase: 'The talks were about Syria.' }), by(2, { stance: 'contradicts', paraphrase: 'Russia never took part.' })],
      {},
    )!;
    expect(f.explanation).toMatch(/says the talks were about Syria/);
    expect(f.explanation).toMatch(/says Russia never took part/);
  });
});
