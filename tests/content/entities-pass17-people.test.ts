import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 17: people's names in encyclopedic, scholarly, spoken and travel English. Sentences written for these
// tests; the people and places are invented.

describe('"Miss" before a word that can only be a name', () => {
  it('is the courtesy title of a woman, kept in her name', () => {
    const text = 'By then the young poet was hopelessly in love with Miss Ashdown of the vicarage.';
    expect(spans(extractEntities('', text))).toEqual([['Miss Ashdown', 'PERSON']]);
  });

  it('is no person before a place: a pageant title', () => {
    const text = 'The singer was later crowned Miss Texas at the state fair.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});

describe('a given name and a surname joined by surname particles', () => {
  it("is one person's name, even where the given name is also an English word", () => {
    const text = 'The treatise was praised by Jean le Morvan d’Essertine in 1761.';
    expect(spans(extractEntities('', text))).toEqual([['Jean le Morvan d’Essertine', 'PERSON']]);
  });

  it('leaves a known place with a particle a place', () => {
    const text = 'The delegates flew on to Rio de Janeiro in 1992.';
    expect(spans(extractEntities('', text))).toEqual([['Rio de Janeiro', 'PLACE']]);
  });
});

describe("a lone word in a Title Case headline that ends a person's name in the body", () => {
  const title = 'Remarks by Governor Okafor at the Opening of the Tamsin Bridge';

  it("is that person's surname", () => {
    const body = 'Governor Adaeze Okafor opened the bridge on Monday. She thanked the builders.';
    expect(spans(extractEntities(title, body))).toEqual([
      ['Okafor', 'PERSON'],
      ['Tamsin Bridge', 'PLACE'],
      ['Adaeze Okafor', 'PERSON'],
    ]);
  });

  it('is no name when the body never gives the full name', () => {
    const body = 'The governor opened the bridge on Monday. She thanked the builders.';
    expect(spans(extractEntities(title, body))).toEqual([['Tamsin Bridge', 'PLACE']]);
  });
});

describe("a Roman numeral closing a person's name", () => {
  it('stays in the name, so that two monarchs of one name stay two people', () => {
    const text = 'The charter was sealed by Henrietta III at Brenmoor in 1211 and renewed by Henrietta IV in 1240.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([
      ['Henrietta III', 'PERSON'],
      ['Henrietta IV', 'PERSON'],
    ]);
  });
});

describe('a prize, a medal or a telescope opened by a name', () => {
  it('names no one when a single word opens it: the Booker Prize is no person', () => {
    const text = 'Velma Orr studied architecture in Leeds and won the Kessling Architecture Prize in 2011.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([['Velma Orr', 'PERSON']]);
  });

  it('names its eponym where a given name and a surname open it', () => {
    const text = 'The team built the Ada Brennick Space Telescope, which looks deep into space.';
    expect(spans(extractEntities('', text))).toEqual([['Ada Brennick', 'PERSON']]);
  });

  it('is hosted by a place, no person', () => {
    const text = 'The city hosts the Stockholm Prize for young writers.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});

describe("the renderings of a name in the bracket that opens an encyclopedia's article", () => {
  it('are mentions of that person: a transcription, a respelling, the name in another language', () => {
    const body =
      'Ilona Várhegyi (/ ˈvɑːrhɛdʒi, -dʒi / VAR-hedj-ee; Hungarian: [ˈilonɒ ˈvaːrhɛɟi]; 3 May 1901 – 1980) was a ' +
      'Hungarian chemist. Várhegyi studied in Szeged.';
    const es = extractEntities('Ilona Várhegyi', body);
    expect(spans(es)).toEqual([
      ['Ilona Várhegyi', 'PERSON'],
      ['Ilona Várhegyi', 'PERSON'],
      ['ˈvɑːrhɛdʒi', 'PERSON'],
      ['VAR-hedj-ee', 'PERSON'],
      ['ˈilonɒ ˈvaːrhɛɟi', 'PERSON'],
      ['Várhegyi', 'PERSON'],
      ['Szeged', 'PLACE'],
    ]);
    expect(es.map((e) => e.name)).toEqual(['Ilona Várhegyi', 'Szeged']);
  });

  it('are not read in a bracket after a name inside a sentence', () => {
    const body = 'The chemist Ilona Várhegyi (Hungarian: [ˈilonɒ ˈvaːrhɛɟi]) worked in Szeged.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Ilona Várhegyi', 'PERSON'],
      ['Szeged', 'PLACE'],
    ]);
  });
});

describe('the surname of a person named in full that is also an English word', () => {
  it('is that person where it is capitalised mid-sentence', () => {
    const text = "I represent Darnell Hurt. The jury found in Hurt's favor and that incenses him, Hurt, to this day.";
    expect(spans(extractEntities('', text))).toEqual([
      ['Darnell Hurt', 'PERSON'],
      ['Hurt', 'PERSON'],
      ['Hurt', 'PERSON'],
    ]);
  });

  it("stays a word at a sentence's start and after an article", () => {
    const text = 'The court heard from Wilma Young. Young offenders were not discussed, nor were the Young Turks.';
    expect(spans(extractEntities('', text))).toEqual([['Wilma Young', 'PERSON']]);
  });
});

describe('a weak title word that is also a surname, after a title of address', () => {
  it('is the surname', () => {
    const text = 'As Senator Dean told the chamber, the vote was close.';
    expect(spans(extractEntities('', text))).toEqual([['Dean', 'PERSON']]);
  });

  it('stays a rank after a rank', () => {
    const text = 'He was promoted to Sergeant Major in 1915.';
    expect(spans(extractEntities('', text))).toEqual([]);
  });
});

describe("a lone name after a noun of what only a person has and 'of'", () => {
  it('is a person', () => {
    const text = 'The treatise appeared in 1724 with the support of Hallbeck. Later came the murder of Tessaly.';
    expect(spans(extractEntities('', text))).toEqual([['Tessaly', 'PERSON']]);
  });

  it('is no person after "the help of": firms and services help too', () => {
    const text = 'With the help of Deliveroo, the cafe survived the winter.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });

  it('is no person where it modifies a noun after it', () => {
    const text = 'Maize was the mother of Ostravian cultures in the valley.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});

describe('the word before a speech verb that attributes a quotation', () => {
  it('is no person by that alone: clubs, unions and firms are quoted too', () => {
    const text = '"It was a tough night for everyone," Arsenal said on its website.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});

describe("a given name before the surname of the article's person on an infobox line", () => {
  it('names a relative who shares the surname', () => {
    const body = 'Spouse Tunde Balogun\n\nChildren Thomas Okafor\n\nGrace Okafor was a Nigerian chemist.';
    expect(spans(extractEntities('Grace Okafor', body))).toEqual([
      ['Grace Okafor', 'PERSON'],
      ['Thomas Okafor', 'PERSON'],
      ['Grace Okafor', 'PERSON'],
    ]);
  });

  it('names no one with another surname', () => {
    const body = 'Spouse Tunde Balogun\n\nChildren Thomas Adeyemi\n\nGrace Okafor was a Nigerian chemist.';
    expect(spans(extractEntities('Grace Okafor', body))).toEqual([
      ['Grace Okafor', 'PERSON'],
      ['Grace Okafor', 'PERSON'],
    ]);
  });
});

describe("'Statue' closing a person's name", () => {
  it('is left out: the statue is a thing named after the person', () => {
    const text = 'Visit the Tomas Ferreira Statue near the harbour before noon.';
    expect(spans(extractEntities('', text))).toEqual([['Tomas Ferreira', 'PERSON']]);
  });

  it('makes no person of a statue named otherwise', () => {
    const text = 'The Statue of Concord stands near the harbour.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});

describe('a given name in address, after the full name', () => {
  it('is the person addressed', () => {
    const text = 'With us today is our commissioner, Will Ostrander. Will, you have done great work. Thank you, Will.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Will Ostrander', 'PERSON'],
      ['Will', 'PERSON'],
      ['Will', 'PERSON'],
    ]);
  });

  it('stays a word elsewhere', () => {
    const text = 'With us today is our commissioner, Will Ostrander. We will see, you know, what comes.';
    expect(spans(extractEntities('', text))).toEqual([['Will Ostrander', 'PERSON']]);
  });
});

describe("a surname that is an English word at a sentence's start", () => {
  it('is the person before a possessive or a verb in the past', () => {
    const text =
      "The theory is due to Amos Baker of Leeds. Baker considered space absolute. Baker's view is still taught.";
    expect(spans(extractEntities('', text))).toEqual([
      ['Amos Baker', 'PERSON'],
      ['Leeds', 'PLACE'],
      ['Baker', 'PERSON'],
      ['Baker', 'PERSON'],
    ]);
  });

  it('stays a word before a noun', () => {
    const text = 'The theory is due to Amos Baker of Leeds. Baker shops opened early in the town.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Amos Baker', 'PERSON'],
      ['Leeds', 'PLACE'],
    ]);
  });
});

describe("a surname that is an English word, joined by 'and' to a person", () => {
  it('is a second person', () => {
    const text = 'The model is due to Hester North of Leeds. It was tested by Carl Oyelaran and North in 1990.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Hester North', 'PERSON'],
      ['Leeds', 'PLACE'],
      ['Carl Oyelaran', 'PERSON'],
      ['North', 'PERSON'],
    ]);
  });

  it('is no person after a word that is no person', () => {
    const text = 'The model is due to Hester North of Leeds. It was tested in the South and North in 1990.';
    expect(spans(extractEntities('', text)).filter(([t, k]) => t === 'North' && k === 'PERSON')).toEqual([]);
  });
});

describe('a name with a middle initial opening a run that goes on into an affiliation', () => {
  it('ends at the surname', () => {
    const text = 'Rosa T. Quillan Laboratorio de Sistemas Marinos Campus de Teis\n\nAbstract: We study tides.';
    expect(spans(extractEntities('', text))).toContainEqual(['Rosa T. Quillan', 'PERSON']);
  });

  it('stays inside an institution whose head closes the run', () => {
    const text = 'The launch was watched from the John F. Kennedy Space Center in Florida.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});
