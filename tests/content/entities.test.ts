import { describe, expect, it } from 'vitest';
import { type ExtractedEntity, entitySlug, extractEntities } from '../../src/text/entities.js';

// A fixture written for these tests (not taken from any corpus).
const TITLE = 'Quiet Diplomacy Returns To Nagorno-Karabakh Talks';
const BODY = [
  'US Secretary of State Anthony Blinken spoke with Armenian Prime Minister Nikol Pashinyan on Tuesday about the ' +
    'conflict in Nagorno-Karabakh. Pashinyan said Russian peacekeepers remained in the region.',
  'Mr. Pashinyan later met officials from the United Nations in Geneva. No time to read? Get a summary',
  'Previous Article',
  'Next Article',
].join('\n\n');

const summary = (es: ExtractedEntity[]) =>
  es.map((e) => ({ name: e.name, kind: e.kind, aliases: e.aliases, mentionCount: e.mentionCount }));

describe('extractEntities', () => {
  const entities = extractEntities(TITLE, BODY);
  const text = `${TITLE}\n\n${BODY}`;

  it('finds people, places and organisations with canonical names, sorted by salience', () => {
    expect(summary(entities)).toEqual([
      { name: 'Nagorno-Karabakh', kind: 'PLACE', aliases: [], mentionCount: 2 },
      { name: 'Nikol Pashinyan', kind: 'PERSON', aliases: ['Pashinyan'], mentionCount: 3 },
      { name: 'US', kind: 'PLACE', aliases: [], mentionCount: 1 },
      { name: 'Anthony Blinken', kind: 'PERSON', aliases: [], mentionCount: 1 },
      { name: 'United Nations', kind: 'ORGANIZATION', aliases: [], mentionCount: 1 },
      { name: 'Geneva', kind: 'PLACE', aliases: [], mentionCount: 1 },
    ]);
    const sal = entities.map((e) => e.salience);
    expect([...sal].sort((a, b) => b - a)).toEqual(sal);
    expect(sal[0]).toBe(1);
    for (const s of sal) expect(s).toBeGreaterThan(0);
  });

  it('folds a later surname into the full name and strips titles and honorifics', () => {
    const p = entities.find((e) => e.name === 'Nikol Pashinyan')!;
    expect(p.mentions.map((m) => m.text)).toEqual(['Nikol Pashinyan', 'Pashinyan', 'Pashinyan']);
    expect(p.firstOffset).toBe(text.indexOf('Nikol Pashinyan'));
    const names = entities.flatMap((e) => e.mentions.map((m) => m.text));
    for (const bad of ['Prime Minister', 'Secretary of State', 'Mr. Pashinyan', 'Secretary'])
      expect(names).not.toContain(bad);
  });

  it('gives UTF-16 offsets into title + blank line + body', () => {
    for (const e of entities) for (const m of e.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
  });

  it('drops demonyms, headline Title Case and page furniture, keeps hyphenated places', () => {
    const names = entities.flatMap((e) => e.mentions.map((m) => m.text));
    for (const bad of [
      'Armenian',
      'Russian',
      'Quiet Diplomacy Returns',
      'Talks',
      'Article',
      'Previous Article',
      'Next Article',
      'No',
      'Get',
    ]) {
      expect(names).not.toContain(bad);
    }
    expect(entities.find((e) => e.name === 'Nagorno-Karabakh')?.mentions.map((m) => m.start)).toEqual([
      text.indexOf('Nagorno-Karabakh'),
      text.indexOf('Nagorno-Karabakh', TITLE.length),
    ]);
  });

  it('types organisations by their head word and keeps "of" inside their names', () => {
    const es = extractEntities(
      '',
      'Officials at the Department of Agriculture and the University of Leeds disagreed with Acme Inc. ' +
        'on Monday. A post from the United States Department of State followed.',
    );
    expect(es.map((e) => [e.name, e.kind]).sort()).toEqual([
      ['Acme Inc.', 'ORGANIZATION'],
      ['Department of Agriculture', 'ORGANIZATION'],
      ['United States Department of State', 'ORGANIZATION'],
      ['University of Leeds', 'ORGANIZATION'],
    ]);
  });

  it("splits a leading place and a title off a person's name", () => {
    const es = extractEntities(
      '',
      'The envoy met U.S. President Maria Delgado and Canadian Ambassador to the United Kingdom Paul Okafor in Ottawa.',
    );
    expect(es.map((e) => [e.name, e.kind]).sort()).toEqual([
      ['Maria Delgado', 'PERSON'],
      ['Ottawa', 'PLACE'],
      ['Paul Okafor', 'PERSON'],
      ['U.S.', 'PLACE'],
      ['United Kingdom', 'PLACE'],
    ]);
  });

  it('treats a lone name next to a speech verb as a person and keeps big cities as places', () => {
    const es = extractEntities('', 'The plan was approved in Houston last week, said Okonkwo.');
    expect(es.map((e) => [e.name, e.kind])).toEqual([
      ['Houston', 'PLACE'],
      ['Okonkwo', 'PERSON'],
    ]);
  });

  it('does not take the capitalised first word of a sentence-case headline for a name', () => {
    expect(summary(extractEntities('Story of a quiet week', 'Nothing much happened in Lisbon this week.'))).toEqual([
      { name: 'Lisbon', kind: 'PLACE', aliases: [], mentionCount: 1 },
    ]);
    expect(extractEntities('Factory output rises', 'Output rose again.')).toEqual([]);
    // ... but keeps it when the body confirms it.
    expect(
      summary(extractEntities('Marsh wins the vote', 'Helena Marsh won by twelve votes. Marsh thanked her party.')).map(
        (e) => e.name,
      ),
    ).toEqual(['Helena Marsh']);
  });

  it('returns nothing for text without names', () => {
    expect(extractEntities('', 'the weather was mild and nobody complained.')).toEqual([]);
  });
});

describe('entitySlug', () => {
  it('makes stable ASCII slugs', () => {
    expect(
      [
        'Nikol Pashinyan',
        'José Martí',
        'Nagorno-Karabakh',
        'U.S. Department of State',
        "Côte d'Ivoire",
        '  Ærø  Straße ',
      ].map(entitySlug),
    ).toEqual([
      'nikol-pashinyan',
      'jose-marti',
      'nagorno-karabakh',
      'u-s-department-of-state',
      'cote-divoire',
      'aero-strasse',
    ]);
    expect(entitySlug('Nikol Pashinyan')).toBe(entitySlug('Nikol  Pashinyan'));
  });
});

describe('extractEntities: place names inside other names (hand-written fixtures)', () => {
  const kindOf = (es: ExtractedEntity[], name: string) => es.find((e) => e.name === name)?.kind;

  it('types a place fused with other capitalised words as an organisation', () => {
    const es = extractEntities(
      '',
      'A spokesperson for Transport Norway said the Lisbon Gazette had misquoted the agency.',
    );
    expect(kindOf(es, 'Transport Norway')).toBe('ORGANIZATION');
    expect(kindOf(es, 'Lisbon Gazette')).toBe('ORGANIZATION');
  });

  it('keeps compass-prefixed places and known given names out of that rule', () => {
    const es = extractEntities('', 'Residents of East Lisbon met Paul Dewar on Monday.');
    expect(kindOf(es, 'East Lisbon')).toBe('PLACE');
    expect(kindOf(es, 'Paul Dewar')).toBe('PERSON');
  });

  it('reads an unknown given name before a city-like surname as a person and folds the bare surname', () => {
    const es = extractEntities(
      '',
      'Zorvana Paris, a former nurse, has sued the clinic. Paris says she was never paid. ' +
        'The clinic later moved to Paris.',
    );
    const person = es.find((e) => e.name === 'Zorvana Paris');
    expect(person?.kind).toBe('PERSON');
    expect(person?.mentionCount).toBe(2);
    // after a locative preposition the city reading stays
    expect(kindOf(es, 'Paris')).toBe('PLACE');
  });
});

describe('extractEntities: capitalisation that is not a name (hand-written fixtures)', () => {
  const names = (es: ExtractedEntity[]) => es.flatMap((e) => e.mentions.map((m) => m.text));

  it('skips an unknown word that is capitalised only because it opens a sentence or a quotation', () => {
    const es = extractEntities(
      '',
      'The ferry to Bergen was late again. Masonry covered the pier. ' +
        'The harbour master said, "Normally, the Tessaly Shipping Company is on time."',
    );
    expect(names(es)).not.toContain('Masonry');
    expect(names(es)).not.toContain('Normally');
    expect(names(es)).toEqual(expect.arrayContaining(['Bergen', 'Tessaly Shipping Company']));
  });

  it('keeps a sentence-initial word that is capitalised elsewhere in the article too', () => {
    const es = extractEntities('', 'Ostrava said the talks failed. Officials in Ostrava declined to comment.');
    expect(es.find((e) => e.name === 'Ostrava')?.mentionCount).toBe(2);
  });

  it('does not take upper-case abbreviations of ordinary things for organisations', () => {
    const es = extractEntities(
      '',
      'Guests with a VIP pass saw the HTML demo on TV at 14:00 GMT, organised by the WHO.',
    );
    expect(names(es)).toEqual(['WHO']);
  });
});

describe('extractEntities: places and short names from context (hand-written fixtures)', () => {
  const kindOf = (es: ExtractedEntity[], name: string) => es.find((e) => e.name === name)?.kind;

  it('reads a name followed by its state or province as a town', () => {
    const es = extractEntities('', 'The boy, who lives in Marlow, Texas, met Ada Marlow in Brevik, Ontario last week.');
    expect(kindOf(es, 'Brevik')).toBe('PLACE');
    expect(es.filter((e) => e.kind === 'PLACE').map((e) => e.name)).toEqual(
      expect.arrayContaining(['Texas', 'Ontario', 'Brevik']),
    );
    expect(es.find((e) => e.mentions.some((m) => m.text === 'Marlow'))?.kind).toBe('PLACE');
  });

  it('not when a title follows the place ("Smith, Texas governor")', () => {
    const es = extractEntities('', 'The bill was signed by Dana Whitlock, Texas governor, on Friday.');
    expect(kindOf(es, 'Dana Whitlock')).toBe('PERSON');
  });

  it('reads a capitalised organisation head after "the" as that organisation', () => {
    const es = extractEntities(
      '',
      'The Synod of Valdor met in May. Critics say the Synod ignored them, and the synod hall stayed shut.',
    );
    const mentions = names(es.filter((e) => e.kind === 'ORGANIZATION'));
    expect(mentions).toEqual(['Synod of Valdor', 'Synod']);
  });

  function names(es: ExtractedEntity[]) {
    return es.flatMap((e) => e.mentions.map((m) => m.text));
  }
});

describe('extractEntities: evidence for names (issue #18, hand-written fixtures)', () => {
  const kinds = (es: ExtractedEntity[]) => es.map((e) => [e.name, e.kind, e.mentionCount]);

  it('reads a name after a role title as a person, whatever its words could otherwise be', () => {
    const es = extractEntities(
      '',
      'Armenian Foreign Minister Ararat Mirzoyan met Acme CEO Jane Roe and Secretary of State Anthony Blinken.',
    );
    expect(kinds(es)).toEqual([
      ['Ararat Mirzoyan', 'PERSON', 1],
      ['Jane Roe', 'PERSON', 1],
      ['Anthony Blinken', 'PERSON', 1],
    ]);
  });

  it('leaves out events, works, laws and ships instead of typing them as people or organisations', () => {
    const es = extractEntities(
      '',
      'Athletes arrived for the Winter Paralympics. World War II ended in 1945. The HEROES Act passed. ' +
        'The USS Enterprise docked in Norfolk.',
    );
    expect(kinds(es)).toEqual([['Norfolk', 'PLACE', 1]]);
  });

  it('needs evidence for a lone word or a plain two-word name', () => {
    expect(
      extractEntities('', 'Zorblax was released on Tuesday. Fans praised Zorblax. Trains on the Attiko Line ran late.'),
    ).toEqual([]);
    // the surname used alone later is the evidence news copy gives for a person
    expect(kinds(extractEntities('', 'Nick Moreau left the group in May. Moreau said he was afraid.'))).toEqual([
      ['Nick Moreau', 'PERSON', 2],
    ]);
  });

  it('types an acronym from its expansion and leaves out acronyms of terms', () => {
    const es = extractEntities(
      '',
      'The Korean Central News Agency (KCNA) reported the launch. KCNA gave no date. ' +
        'Sea surface salinity (SSS) rose. SSS data came from satellites.',
    );
    expect(es.find((e) => e.name === 'KCNA')).toMatchObject({ kind: 'ORGANIZATION', mentionCount: 2 });
    expect(es.map((e) => e.name)).not.toContain('SSS');
  });

  it('does not read an exchange named after its city as a person, nor fold the city into it', () => {
    const es = extractEntities(
      '',
      'Shares of Umicore fell on Euronext Brussels on Monday. The company is based in Brussels, Belgium. ' +
        'Brussels officials said nothing.',
    );
    expect(es.filter((e) => e.kind === 'PERSON')).toEqual([]);
    expect(es.find((e) => e.name === 'Brussels')?.kind).toBe('PLACE');
  });

  it('keeps country names that the lexicon also lists as demonyms, and folds letters without combining marks', () => {
    const es = extractEntities('', 'The envoy flew from Laos to the Philippines. He was born in Łódź.');
    expect(kinds(es)).toEqual([
      ['Laos', 'PLACE', 1],
      ['Philippines', 'PLACE', 1],
      ['Łódź', 'PLACE', 1],
    ]);
  });
});
