import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 13 (boundaries and types of names found). Sentences written for these tests in the style of news,
// reference and travel copy.

describe('a capitalised article that opens a place name', () => {
  it('is part of the name the gazetteer holds', () => {
    const body = 'The tribunal sits in The Hague. The paper was given at a congress in A Coruña, Spain, last year.';
    expect(spans(extractEntities('', body))).toEqual([
      ['The Hague', 'PLACE'],
      ['A Coruña', 'PLACE'],
      ['Spain', 'PLACE'],
    ]);
  });
});

describe('an institution named by a nationality and "State"', () => {
  it('keeps the nationality', () => {
    const body = 'His diary is preserved in manuscript in the Russian State Military Archive in Moscow.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Russian State Military Archive', 'PLACE'],
      ['Moscow', 'PLACE'],
    ]);
  });
});

describe('a body named right before a person', () => {
  it('is split from a name that no list holds', () => {
    const body =
      'After the leak, the chief executive of the Refugee Council Enver Solomon told reporters it was wrong.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Refugee Council', 'ORGANIZATION'],
      ['Enver Solomon', 'PERSON'],
    ]);
  });
});

describe('an opera house', () => {
  it('is a building, a place', () => {
    const body = 'Her best-known designs include the Guangzhou Opera House in China.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Guangzhou Opera House', 'PLACE'],
      ['China', 'PLACE'],
    ]);
  });
});

describe('a nationality before a known place, after "the"', () => {
  it('names the land that nation held, a place', () => {
    const body = 'The family came from Antwerp, at that time in the Spanish Netherlands, but emigrated to Basel.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Antwerp', 'PLACE'],
      ['Spanish Netherlands', 'PLACE'],
      ['Basel', 'PLACE'],
    ]);
  });
});

describe('a building head after "and" at the end of a name', () => {
  it('belongs to the institution the name holds', () => {
    const body = 'Since then the city has added the Rock and Roll Hall of Fame and Museum, on the lake front.';
    expect(spans(extractEntities('', body))).toEqual([['Rock and Roll Hall of Fame and Museum', 'PLACE']]);
  });
});

describe("a body's name with its of-tail and the place it is of", () => {
  it('is one name', () => {
    const body =
      'In 1892 he became the director of the National Conservatory of Music of America in New York City. A team ' +
      'from the University of Sheffield of the UK has analysed the data.';
    expect(spans(extractEntities('', body))).toEqual([
      ['National Conservatory of Music of America', 'ORGANIZATION'],
      ['New York City', 'PLACE'],
      ['University of Sheffield of the UK', 'ORGANIZATION'],
    ]);
  });
});

describe('a name glossed in brackets as a palace', () => {
  it('is that place, though its first word looks like a given name', () => {
    const body = 'Palaces\n\n7 Ālī Qāpū (The Royal Palace). Early 17th century, on the west side of the square.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Ālī Qāpū', 'PLACE'],
      ['Royal Palace', 'PLACE'],
    ]);
  });
});

describe('a feast before a saint', () => {
  it('is no part of the name', () => {
    const body = "Events include the Mystery Plays, Christmas St Nicholas' Fair and a food festival.";
    expect(spans(extractEntities('', body))).toEqual([['St Nicholas', 'PERSON']]);
  });
});

describe('"and" inside a long name', () => {
  it('joins the words before a head that comes within three words', () => {
    const body =
      'The shuttle will move from the National Air and Space Museum Steven F. Udvar-Hazy Center at Washington ' +
      'Dulles International Airport.';
    expect(spans(extractEntities('', body))).toEqual([
      ['National Air and Space Museum Steven F. Udvar-Hazy Center', 'PLACE'],
      ['Washington Dulles International Airport', 'PLACE'],
    ]);
  });
});

describe('a place head before "of"', () => {
  it('heads the name, though a body is named in its tail', () => {
    const body = 'A crew trainer goes to the National Museum of the U.S. Air Force in Ohio.';
    expect(spans(extractEntities('', body))).toEqual([
      ['National Museum of the U.S. Air Force', 'PLACE'],
      ['Ohio', 'PLACE'],
    ]);
  });
});
