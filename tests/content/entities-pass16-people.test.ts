import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 16: people's names in news, encyclopedic, spoken and scholarly English. Sentences written for these
// tests in the style of news copy and encyclopedias; the people are invented.

describe('a given name and a surname set off after a lower-case role noun', () => {
  it('is the person holding the role, even where both words are English words', () => {
    const text = 'The motion was moved by the committee chairman, Bill Baker. The vote was close.';
    expect(spans(extractEntities('', text))).toEqual([['Bill Baker', 'PERSON']]);
  });

  it('is no name without the role noun before it', () => {
    const text = 'The motion was moved by the committee for Bill Baker. The vote was close.';
    expect(spans(extractEntities('', text))).toEqual([]);
  });
});

describe("a plain name ending in a Gaelic patronymic (O')", () => {
  it("is a person's, where nothing else in the sentence types it", () => {
    const text = "The council backed Zorvan O'Ferrall for the seat. The vote was close.";
    expect(spans(extractEntities('', text))).toEqual([["Zorvan O'Ferrall", 'PERSON']]);
  });

  it('leaves a place with a head word a place', () => {
    const text = "Flights leave from O'Ferrall Airport every day.";
    expect(spans(extractEntities('', text))).toEqual([["O'Ferrall Airport", 'PLACE']]);
  });
});

describe('the part an actor voices in a named work', () => {
  it('is a character, a person, even where the word is also a town', () => {
    const text = 'Dora Kell, the voice of Batman in Batman: Night Patrol, signed copies for fans.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Dora Kell', 'PERSON'],
      ['Batman', 'PERSON'],
      ['Batman', 'PERSON'],
    ]);
  });
});

describe("a state's dotted abbreviation after a town and a comma", () => {
  it('is the state, not a given name', () => {
    const text = 'The shop opened in Fresno, Cal., in 1902 and moved to Reno, Nev., in 1910.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Fresno', 'PLACE'],
      ['Cal', 'PLACE'],
      ['Reno', 'PLACE'],
      ['Nev', 'PLACE'],
    ]);
  });
});

describe('a name that is located or situated somewhere', () => {
  it('is a place or a building, not a person', () => {
    const text = 'The old fort, Don Almaro, located on a hill above the bay, draws many visitors.';
    expect(spans(extractEntities('', text))).toEqual([['Don Almaro', 'PLACE']]);
  });
});

describe('a name given its latitude or longitude', () => {
  it('is a place, even where it is also a given name', () => {
    const text = "Getting there\nMarina: 55º 12,4' N 10º 41,0' E; 12 berths. Summer nights reach 20°C.";
    expect(spans(extractEntities('', text))).toEqual([['Marina', 'PLACE']]);
  });
});

describe('a name cited as a word', () => {
  it('after a noun for a name, or in quotes before one, is no mention of whoever bears it', () => {
    const text =
      'Kora Vell, better known by her pseudonym Kiki Dune, is a singer. The name "Dune" comes from her cat. ' +
      'Vell said "Vell", their legal surname, was dull. Kiki Dune sang.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Kora Vell', 'PERSON'],
      ['Vell', 'PERSON'],
      ['Kiki Dune', 'PERSON'],
    ]);
  });

  it('leaves the one named in an oath', () => {
    const text = 'He swore in the name of Kora Vell that he would return.';
    expect(spans(extractEntities('', text))).toEqual([['Kora Vell', 'PERSON']]);
  });
});

describe('a plain pair in apposition to a noun phrase that "its" determines', () => {
  it('is a thing or a body, not a person, and its short form is no surname', () => {
    const text =
      'Usage has dropped to 56 percent today. Zarvo Quint, its main rival, has been gaining users. The browser is ' +
      'second after Quint, but not for long.';
    expect(spans(extractEntities('', text))).toEqual([]);
  });
});

describe('a list that a plural noun for animals introduces', () => {
  it('names pets, not people, though the owner shares a name with one', () => {
    const text =
      'Nell Tabor is a singer. She lives with her three dogs, Tabor, Kermit and Plum, who appear in her videos. ' +
      'Tabor said she walks them daily.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Nell Tabor', 'PERSON'],
      ['Tabor', 'PERSON'],
    ]);
  });
});

describe('a century named by its ordinal before a name', () => {
  it('dates what follows and is no part of the name', () => {
    const text = 'The museum holds a set of 18th Century Dravanti paintings from the abbey.';
    expect(spans(extractEntities('', text))).toEqual([['Dravanti', 'PERSON']]);
  });
});

describe('a title in quotes credited with "by"', () => {
  it("is a work's, and a name inside it is no mention of a person", () => {
    const text =
      'Ilsa Brandt sat for many artists. Her favourite painting, "Ilsa", by the realist Tomas Vrell, hangs in her hall.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Ilsa Brandt', 'PERSON'],
      ['Tomas Vrell', 'PERSON'],
    ]);
  });
});

describe('a name introduced "by the name of"', () => {
  it('stays a mention of the one named', () => {
    const text = 'Police arrested a man by the name of Zorvan Quillet on Monday. Quillet was charged.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Zorvan Quillet', 'PERSON'],
      ['Quillet', 'PERSON'],
    ]);
  });
});
