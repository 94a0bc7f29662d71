import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 12: people's names after titles, in lists and alone. Sentences written for these tests in the style
// of news, court and encyclopedic copy; the people are invented.

describe('a rank before a given name that compromise reads as a word', () => {
  it('is a title when only surname-like words follow the given name', () => {
    const text = 'The rising was planned after the leaders heard of General Jean Maximilien Vaudrec’s death.';
    expect(spans(extractEntities('', text))).toEqual([['Jean Maximilien Vaudrec', 'PERSON']]);
  });
});

describe('"Chief Justice" before a surname', () => {
  it('is one title, and the surname alone is the name', () => {
    const text = 'Chief Justice Harrowgate and may it please the Court. The case turns on one statute.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Harrowgate', 'PERSON'],
      ['Court', 'ORGANIZATION'],
    ]);
  });
});

describe('a title that only people bear, before a surname that is also a place head', () => {
  it('names a person, not a park or a hall', () => {
    const text = 'We welcome our substitute justices, Judge Marlise Park and Judge Teodor Hall, to the bench.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Marlise Park', 'PERSON'],
      ['Teodor Hall', 'PERSON'],
    ]);
  });

  it('leaves places with those heads alone', () => {
    const text = 'The march went from Lindquist Park to the Orvell Hall.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});

describe('a footnote number after a full stop', () => {
  it('does not carry the sentence on, so a role noun after it opens the next one', () => {
    const text =
      'He left three manuscripts. [22] Mathematician Hermann Quolst said of them that they were his testament.';
    expect(spans(extractEntities('', text))).toEqual([['Hermann Quolst', 'PERSON']]);
  });
});

describe('a people named before its language, its people or its culture', () => {
  it('describes them, and those uses are no mentions of a person', () => {
    const text =
      'The grove is sacred to Tevaru, who carved its trees. Few still speak the Tevaru language, but the peaceful ' +
      'Tevaru people left carvings everywhere. Experience Tevaru culture on a tour.';
    expect(spans(extractEntities('', text))).toEqual([['Tevaru', 'PERSON']]);
  });
});

describe('a word with the suffix of an abstract noun', () => {
  it('is no surname, so a pair ending in it is no person', () => {
    const text =
      'She obtained a Bachelor of Science in Psychology, and later a Master of Education in Sport Psychology.';
    expect(spans(extractEntities('', text))).toEqual([]);
  });
});

describe('a place before other capitalised words', () => {
  it('is not split off when the words after it do not read as a name', () => {
    const text = 'Her designs include the Guangzhou Opera House in China.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});

describe('a podcast', () => {
  it('is a work named after its hosts, not a person', () => {
    const text = 'She and her partner Julien Solomita host a show called "The Jenna Julien Podcast" every week.';
    expect(spans(extractEntities('', text))).toEqual([['Julien Solomita', 'PERSON']]);
  });
});

describe('a list that a plural noun for people introduces', () => {
  it('takes a lone word that can only be a name as one of the people', () => {
    const text =
      'He lives on in the books of writers Mark Twain, Christopher Moore, Dauzet and Kirbanne, and Selma Lagerlöf. ' +
      'He had two brothers, Niklaus and Johann Ravelle.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Mark Twain', 'PERSON'],
      ['Christopher Moore', 'PERSON'],
      ['Dauzet', 'PERSON'],
      ['Kirbanne', 'PERSON'],
      ['Selma Lagerlöf', 'PERSON'],
      ['Niklaus', 'PERSON'],
      ['Johann Ravelle', 'PERSON'],
    ]);
  });

  it('but not elsewhere: a lone word beside people is as often a people', () => {
    const text = 'Aid reached Yusuf Kalla, Ali Fauzi and Rohingya in the camps.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Yusuf Kalla', 'PERSON'],
      ['Ali Fauzi', 'PERSON'],
    ]);
  });
});

describe('"Will" capitalised mid-sentence before a surname', () => {
  it('is a given name, though the article also writes the modal', () => {
    const text = 'He was called up after an injury to Will Dorrance and hit leadoff. It will not last.';
    expect(spans(extractEntities('', text))).toEqual([['Will Dorrance', 'PERSON']]);
  });
});

describe('a plain name that scores, is booked or replaces a person', () => {
  it('is a player', () => {
    const text =
      'Kyle Walker was booked for his bad foul, and Ferhat Sassouli scored from the penalty spot. In the 90th ' +
      'minute Nacim Chadouri replaced Axel Witsel.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Kyle Walker', 'PERSON'],
      ['Ferhat Sassouli', 'PERSON'],
      ['Nacim Chadouri', 'PERSON'],
      ['Axel Witsel', 'PERSON'],
    ]);
  });
});

describe('a lone name right after a lower-case role noun', () => {
  it('is a person, unless a noun follows it that it modifies', () => {
    const text =
      'The exhibit features Polaroids of fashion designer Orvanne, a former resident of the town. ' +
      'Small numbers are expressed with native Chitwe words.';
    expect(spans(extractEntities('', text))).toEqual([['Orvanne', 'PERSON']]);
  });
});

describe('a lone name before "versus"', () => {
  // (the state on the other side is a party too, so an organisation: tests/content/entities-bodies.test.ts)
  it('is the person who is the first party to a case', () => {
    const text =
      "We'll hear argument first this morning in Case 22-506, Brandvold versus Nebraska. In looking at Green " +
      'versus Ohio, the court said so.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Brandvold', 'PERSON'],
      ['Nebraska', 'ORGANIZATION'],
      ['Green', 'PERSON'],
      ['Ohio', 'ORGANIZATION'],
    ]);
  });
});

describe('a surname before "family"', () => {
  it('names the family, not one of its people', () => {
    const text = 'Daniel Vossberg was one of the many mathematicians in the Vossberg family. Vossberg died in 1782.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Daniel Vossberg', 'PERSON'],
      ['Vossberg', 'PERSON'],
    ]);
  });
});

describe('a lone given name in a list of towns', () => {
  it('is one of the towns, when it is also a town', () => {
    const text = 'Phoenix has merged with the cities of Scottsdale, Tempe, Peoria, Chandler, and Gilbert.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});

describe('a double-barrelled name', () => {
  it('is a given name when both halves are given names, and a place otherwise', () => {
    const text = 'He met Mary-Kate in Nagorno-Karabakh.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Mary-Kate', 'PERSON'],
      ['Nagorno-Karabakh', 'PLACE'],
    ]);
  });
});

describe('a bracketed acronym after a person', () => {
  it('is their short form only when it spells their initials', () => {
    const text =
      'The firm was founded by Mary Ellen Hartwell (MEH) in 1990. Shahid Kerrani (IATA: IFN) was an air base.';
    // (pass 18: the name before an airport's code is the airport's, see entities-pass18-types)
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([
      ['Mary Ellen Hartwell', 'PERSON'],
      ['MEH', 'PERSON'],
    ]);
  });
});

describe("a saint's name that is a city's, before a team's plural nickname", () => {
  it('is the city, and the whole run the team', () => {
    const text = 'The title went to the St. Louis Cardinals in six games.';
    expect(spans(extractEntities('', text))).toEqual([['St. Louis Cardinals', 'ORGANIZATION']]);
  });
});

describe('a plain pair after an article', () => {
  it('is no person, though the article uses its last word alone', () => {
    const text = 'Eegimaa is spoken in the Basse Kordance area of Senegal, and people in Kordance speak it.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});
