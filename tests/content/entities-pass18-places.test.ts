import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 18 (places): recall of places that context alone types. Sentences written for these tests.

describe('a nationality before the head of a body of water', () => {
  it('names the sea or the ocean, mid-sentence and at a sentence start', () => {
    const text =
      'The trawler sank in the Indian Ocean last year. Celtic Sea cod could collapse, the group said. ' +
      'Quotas for the Celtic and Irish Seas were cut.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Indian Ocean', 'PLACE'],
      ['Celtic Sea', 'PLACE'],
      ['Celtic and Irish Seas', 'PLACE'],
    ]);
  });

  it('still leaves a nationality before other words, and a body named after the sea', () => {
    const text = 'Irish officials met the Indian Ocean Commission in Port Louis on Monday.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Indian Ocean Commission', 'ORGANIZATION'],
      ['Port Louis', 'PLACE'],
    ]);
  });
});

describe('what an army conquers, a ruler rules, a temple stands at or a traveller visits', () => {
  it('is a place', () => {
    const text =
      'The Varnish troops conquered Kessary and besieged Tunmarrow. ' +
      'The kings of Ostrelby swore loyalty, and the temple at Quenmarra was rebuilt. ' +
      'Last year the envoy visited Kamchatka.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Kessary', 'PLACE'],
      ['Tunmarrow', 'PLACE'],
      ['Ostrelby', 'PLACE'],
      ['Quenmarra', 'PLACE'],
      ['Kamchatka', 'PLACE'],
    ]);
  });

  it('leaves players, sacked managers, visited people and bands alone', () => {
    const text =
      'Roger Federer won the first set, but later Nadal conquered Federer in Paris. ' +
      'Arsenal sacked Wenger after a poor run. The minister visited Tarrowen in hospital. ' +
      'Police subdued Marlowe after a struggle. She visited Florence in hospital.';
    const found = spans(extractEntities('', text));
    expect(found).not.toContainEqual(['Federer', 'PLACE']);
    expect(found).not.toContainEqual(['Wenger', 'PLACE']);
    expect(found).not.toContainEqual(['Tarrowen', 'PLACE']);
    expect(found).not.toContainEqual(['Marlowe', 'PLACE']);
    expect(found).not.toContainEqual(['Florence', 'PLACE']);
    expect(found).toContainEqual(['Roger Federer', 'PERSON']);
  });
});

describe('a run that is a listed place as a whole', () => {
  it('is not split into a leading place and a name', () => {
    const text = 'Coffee grows in the highlands of Papua New Guinea. The United States Hamdullah Mohib said on Monday.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Papua New Guinea', 'PLACE'],
      ['United States', 'PLACE'],
      ['Hamdullah Mohib', 'PERSON'],
    ]);
  });
});

describe('a Romance name of place after a locative preposition', () => {
  it('is the town or the building, though it holds given names', () => {
    const text =
      'She won her first title in Monte Carlo in April. The cardinal received them at Casa San Lorenzo. ' +
      'The stables stood in Borgo San Dalmazzo.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Monte Carlo', 'PLACE'],
      ['Casa San Lorenzo', 'PLACE'],
      ['Borgo San Dalmazzo', 'PLACE'],
    ]);
  });

  it('leaves people whose names open with such a word or hold a saint', () => {
    const text =
      'We spoke to Monte Hellman in Los Angeles. The film starred Olga San Juan in 1946. ' +
      'They had confidence in Monte Hellman.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Monte Hellman', 'PERSON']);
    expect(found).toContainEqual(['Olga San Juan', 'PERSON']);
    expect(found).not.toContainEqual(['Monte Hellman', 'PLACE']);
  });
});

describe('dotted capitals alone after a preposition of place', () => {
  it("are a state's or a province's abbreviation", () => {
    const text = 'Police in B.C. say the boy is safe. Officers in N.Y. said the same. Progress in U.N. talks stalled.';
    expect(spans(extractEntities('', text))).toEqual([
      ['B.C.', 'PLACE'],
      ['N.Y.', 'PLACE'],
      ['U.N.', 'ORGANIZATION'],
    ]);
  });

  it('are no place beside a year, after "to" or before a possessive', () => {
    const text =
      'The town was founded in 300 B.C. by settlers. The eruption in A.D. 79 buried it. ' +
      "The letter was addressed to J.K. and signed. Nothing changed in J.K.'s view.";
    expect(spans(extractEntities('', text)).filter(([, kind]) => kind === 'PLACE')).toEqual([]);
  });
});

describe('a lone name after a preposition of place', () => {
  it('is a place before another preposition, and after the populations of', () => {
    const text =
      'The farmers tried to cross the border into Quenmark without stopping. ' +
      'The custom spread from Varnium into all the coast. The plague was unknown to the populations of Ostravia.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Quenmark', 'PLACE'],
      ['Varnium', 'PLACE'],
      ['Ostravia', 'PLACE'],
    ]);
  });

  it('is no place after a stance, a belief or a stake', () => {
    const text =
      'Investors put their trust in Kessler without hesitation. Voters lost confidence in Marlow, polls show. ' +
      'She took an interest in Tarrowen and his work.';
    expect(spans(extractEntities('', text)).filter(([, kind]) => kind === 'PLACE')).toEqual([]);
  });
});

describe('a name before a religious house or a natural feature in lower case', () => {
  it('is the place the house or the feature is named after', () => {
    const text =
      'The Harnwaldberg cloister was disbanded. The nuns moved to the Quellingen abbey near the Ostrel estuary.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Harnwaldberg', 'PLACE'],
      ['Quellingen', 'PLACE'],
      ['Ostrel', 'PLACE'],
    ]);
  });

  it('leaves a surname before a castle', () => {
    const text = 'The Kessler castle was sold last year.';
    expect(spans(extractEntities('', text)).filter(([, kind]) => kind === 'PLACE')).toEqual([]);
  });
});

describe('a nationality or a region before "States" after "the"', () => {
  it('names the group of countries, and "the Islamic State" stays a body', () => {
    const text = 'Finland, Poland and the Baltic States won their independence. Fighters of the Islamic State fled.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Finland', 'PLACE'],
      ['Poland', 'PLACE'],
      ['Baltic States', 'PLACE'],
      ['Islamic State', 'ORGANIZATION'],
    ]);
  });
});

describe('a name after "in" or "at" that a phrase of nearness to a place follows', () => {
  it('is a place, though it looks like a surname', () => {
    const text =
      'The two armies met in Freeman, close to the Hudson River. The sisters lived at Kessler, north of Oslo.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Freeman', 'PLACE'],
      ['Hudson River', 'PLACE'],
      ['Kessler', 'PLACE'],
      ['Oslo', 'PLACE'],
    ]);
  });

  it('is no place where nothing but a state of mind follows', () => {
    const text = 'Reporters found Ilse Freeman in the hall. Freeman, close to tears, thanked the crowd.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Ilse Freeman', 'PERSON']);
    expect(found.filter(([, kind]) => kind === 'PLACE')).toEqual([]);
  });
});

describe('a listed place opening the name of a crisis, a massacre or an uprising', () => {
  it('is where it happened, and the event is no name of its own', () => {
    const text =
      'The Suez Crisis showed the limits of empire. The Warsaw Uprising began in 1944. The Kessler Crisis hurt the firm.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Suez', 'PLACE'],
      ['Warsaw', 'PLACE'],
    ]);
  });
});

describe('a compass point "of the" a name that ends its phrase', () => {
  it('makes the name a place, and its other mentions follow', () => {
    const text =
      'The land immediately south of the Harnwerke had been conquered. The Harnwerke has remained in Danish hands.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Harnwerke', 'PLACE'],
      ['Harnwerke', 'PLACE'],
    ]);
  });

  it('leaves a name that modifies a noun', () => {
    const text = 'They camped east of the Tarrowen house for a week.';
    expect(spans(extractEntities('', text)).filter(([, kind]) => kind === 'PLACE')).toEqual([]);
  });
});

describe('a town named like the sport or the games of an event', () => {
  it('is the event’s kind, no host; a listed host stays', () => {
    const text =
      'At the Olympic Games in 2004 the team won silver. They were hardened by the Rugby Championship. ' +
      'The Cannes Film Festival opened on Tuesday.';
    expect(spans(extractEntities('', text))).toEqual([['Cannes', 'PLACE']]);
  });
});

describe('"No." before a figure', () => {
  it('is the abbreviation of number, no place', () => {
    const text = 'The single stalled at No. 96 in the US and climbed to No. 31 in Britain.';
    expect(spans(extractEntities('', text))).toEqual([
      ['US', 'PLACE'],
      ['Britain', 'PLACE'],
    ]);
  });
});

describe('hyphenated words that are no names', () => {
  it('titles joined by a hyphen and adjectives of two peoples', () => {
    const text =
      'The trade was banned by the Governor-General of Hunan. The Austro-Prussian army advanced, ' +
      'and Sino-Japanese relations soured. Ships patrol the Indo-Pacific.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Hunan', 'PLACE'],
      ['Indo-Pacific', 'PLACE'],
    ]);
  });
});

describe('a name closed by "House"', () => {
  it('is a building', () => {
    const text = 'He spent four years at Harrowgate House before moving to Oslo.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Harrowgate House', 'PLACE'],
      ['Oslo', 'PLACE'],
    ]);
  });

  it('is a person where a given name or a title opens it', () => {
    const text = 'Hugh Laurie played Gregory House for eight years. Colonel House advised Wilson.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Gregory House', 'PERSON']);
    expect(found.filter(([, kind]) => kind === 'PLACE')).toEqual([]);
  });
});
