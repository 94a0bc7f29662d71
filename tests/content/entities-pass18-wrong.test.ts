import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 18 (false names): capitalised words that name no person, body or place in ordinary news and
// reference copy. Sentences written for these tests; the people, bodies and places in them are invented.

describe('the abbreviation of "number"', () => {
  it('names nothing before a figure, after a preposition too', () => {
    const text = 'The single entered the Harlow chart at No. 14 and climbed to No. 3 in Norway within a week.';
    expect(spans(extractEntities('', text))).toEqual([['Norway', 'PLACE']]);
  });

  it('leaves the street after a house number as it was', () => {
    const text = 'The minister lives at No. 10 Downing Street, a short walk from Parliament.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Downing Street', 'PLACE'],
      ['Parliament', 'ORGANIZATION'],
    ]);
  });
});

describe('an office written as one hyphenated word', () => {
  it('is a title, no name, before a name and alone', () => {
    const text =
      'The Governor-General of Tasmania, Ivo Brandt, opened the session. Attorney-General Mara Quist said the bill ' +
      'was lawful, and the party sent its Sectorial Under-Secretary, Tom Harnell, to the talks.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Tasmania', 'PLACE'],
      ['Ivo Brandt', 'PERSON'],
      ['Mara Quist', 'PERSON'],
      ['Tom Harnell', 'PERSON'],
    ]);
  });

  it('leaves the body it heads a name', () => {
    const text = 'The Vice-Chancellor of Harlow University, Tom Quell, resigned on Monday.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Harlow University', 'ORGANIZATION'],
      ['Tom Quell', 'PERSON'],
    ]);
  });
});

describe("a town's name opening an event's", () => {
  it('names no venue where the word is a sport or an adjective', () => {
    const text =
      'Fiji, hardened by their games in the Rugby Championship, won easily. The last Olympic Games of antiquity ' +
      'were held in 393, and she won gold at the Olympic Games in Athens.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Fiji', 'PLACE'],
      ['Athens', 'PLACE'],
    ]);
  });

  it('still gives the venue of festivals and championships held in a town', () => {
    const text = 'She sang at the Harrogate Music Festival and won the Cannes Film Festival prize.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Harrogate', 'PLACE'],
      ['Cannes', 'PLACE'],
    ]);
  });
});

describe("a place's name cited as a word", () => {
  it('is spoken of, not a mention of the place', () => {
    const text = 'The name "Jamaica" comes from a Taino word, as a guide to Portugal notes.';
    expect(spans(extractEntities('', text))).toEqual([['Portugal', 'PLACE']]);
  });

  it('stays a mention where "in the name of" calls on it', () => {
    const text = 'The envoy signed the pact in the name of Portugal and of Brazil.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Portugal', 'PLACE'],
      ['Brazil', 'PLACE'],
    ]);
  });
});

describe('a word after "on" that a decision or a debate governs', () => {
  it('is its topic, no place', () => {
    const text = 'Ministers spoke to reporters after the court ruling on Quenexit and the vote on Harnwell.';
    expect(spans(extractEntities('', text))).toEqual([]);
  });

  it('leaves a known place a place', () => {
    const text = 'Talks on Taiwan resumed on Monday after a ruling on Cyprus.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Taiwan', 'PLACE'],
      ['Cyprus', 'PLACE'],
    ]);
  });
});

describe("a compound opened by a nation's combining form", () => {
  it('is a nationality word, no place', () => {
    const text = 'The retreat surprised the Austro-Prussian army, and Anglo-French forces landed near Calais.';
    expect(spans(extractEntities('', text))).toEqual([['Calais', 'PLACE']]);
  });

  it('still opens the name of a body', () => {
    const text = 'The Anglo-Irish Society met in Dublin on Friday.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Anglo-Irish Society', 'ORGANIZATION'],
      ['Dublin', 'PLACE'],
    ]);
  });
});

describe('a range of months or days written as one word', () => {
  it('names no one', () => {
    const text =
      'In the month of Nivose (December-January 1794), the clubs of Lyon closed; the office opens Monday-Friday.';
    expect(spans(extractEntities('', text))).toEqual([['Lyon', 'PLACE']]);
  });

  it('leaves a double given name that opens with a month', () => {
    const text = 'The prize went to May-Britt Olsen, who thanked her team.';
    expect(spans(extractEntities('', text))).toEqual([['May-Britt Olsen', 'PERSON']]);
  });
});

describe('one word in quotes after a noun for a work', () => {
  it('is the title, no person', () => {
    const text = 'Mara Quist wrote the song "Gregory" when she was 16, and Quist later recorded it in Leeds.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Mara Quist', 'PERSON'],
      ['Quist', 'PERSON'],
      ['Leeds', 'PLACE'],
    ]);
  });

  it('leaves the person of that name a person elsewhere', () => {
    const text = 'Her song "Gregory" was about Gregory Hale. Gregory Hale said he was surprised.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Gregory Hale', 'PERSON'],
      ['Gregory Hale', 'PERSON'],
    ]);
  });
});

describe('a quotation in title case with a capitalised pronoun or conjunction', () => {
  it('is a title, and a lone given name in it names no one', () => {
    const text = 'The duo recorded their version of “Call Me When You Buck” on a laptop in Atlanta.';
    expect(spans(extractEntities('', text))).toEqual([['Atlanta', 'PLACE']]);
  });

  it('keeps a full name in it, and a quoted sentence', () => {
    const text = 'The paper ran the headline "Mara Quist Is Back" on Monday. "I will go," said Tom Quell.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Mara Quist', 'PERSON'],
      ['Tom Quell', 'PERSON'],
    ]);
  });
});

describe('a compass adjective in lower case before one word', () => {
  it('marks a part of a land, a people or a language, no person', () => {
    const text = 'Gradation is found in the northern dialects but not in south Sami, which Mara Quist studied.';
    expect(spans(extractEntities('', text))).toEqual([['Mara Quist', 'PERSON']]);
  });

  it('leaves a full name after a place a person', () => {
    const text = 'In western Sydney, Sami Quell opened a bakery; Quell said trade was good.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Sydney', 'PLACE'],
      ['Sami Quell', 'PERSON'],
      ['Quell', 'PERSON'],
    ]);
  });
});

describe('a name set off by a comma before "published in" or "published by"', () => {
  it("is a book's, no person", () => {
    const text = 'Hong Lan Meng, published in 1610, is often called the first novel of its kind.';
    expect(spans(extractEntities('', text))).toEqual([]);
  });

  it('leaves an author who publishes a person', () => {
    const text = 'Tomas Quell published his first novel in 1990; Quell lives in Leeds.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Tomas Quell', 'PERSON'],
      ['Quell', 'PERSON'],
      ['Leeds', 'PLACE'],
    ]);
  });
});

describe('a treaty or an amendment named like a body', () => {
  it('is a law, no organisation', () => {
    const text =
      'The Harlow Agreement will slow warming, as will the recent Kigali Amendment, said Mara Quist in Nairobi. ' +
      'The Geneva Convention bans torture.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Mara Quist', 'PERSON'],
      ['Nairobi', 'PLACE'],
    ]);
  });

  it('leaves alliances, venues and people named with such words', () => {
    const text =
      'The Warsaw Pact dissolved in 1991. The Moscone Convention Center is busy, and Governor Nathan Deal spoke there.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Warsaw Pact', 'ORGANIZATION'],
      ['Moscone Convention Center', 'PLACE'],
      ['Nathan Deal', 'PERSON'],
    ]);
  });
});

describe('the words after a place split off a run', () => {
  it('are no person where they open with an English word', () => {
    // (since the merge with the types branch a place is not split off before an English word at all: the run stays
    // whole, the newspaper a body)
    const text = 'He wrote reviews for the Edinburgh Evening Courant and met Kenya Trade Minister Ruto.';
    const got = spans(extractEntities('', text));
    expect(got).toContainEqual(['Edinburgh Evening Courant', 'ORGANIZATION']);
    expect(got.filter(([name, k]) => k === 'PERSON' && name !== 'Ruto')).toEqual([]);
  });

  it('still give the person after a place', () => {
    const text = 'According to the Ambassador to the United States Hamdullah Mohib, the team won.';
    expect(spans(extractEntities('', text))).toEqual([
      ['United States', 'PLACE'],
      ['Hamdullah Mohib', 'PERSON'],
    ]);
  });
});

describe('"and" between a place and a name that takes the same preposition', () => {
  it('joins two phrases, so the name is no second place', () => {
    const text = 'The language is called Kvenska in Sweden and Tornesk in Norway.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Sweden', 'PLACE'],
      ['Norway', 'PLACE'],
    ]);
  });

  it('leaves a list of places that a later phrase follows', () => {
    const text = 'The family lived in Oslo and Tarrowby in the 1990s.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Oslo', 'PLACE'],
      ['Tarrowby', 'PLACE'],
    ]);
  });
});

describe('a head noun after a capitalised word, "of" and "the"', () => {
  it('ends a longer name, no short name of a landmark or a body', () => {
    const text = 'The council proclaimed 1998 the "Year of the River", and the mayor of Perth agreed.';
    expect(spans(extractEntities('', text))).toEqual([['Perth', 'PLACE']]);
  });

  it('leaves the head alone after "the" a short name', () => {
    const text = 'From the Airport you can take a cab, and the Church runs a shelter near it.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Airport', 'PLACE'],
      ['Church', 'ORGANIZATION'],
    ]);
  });
});

describe('what a product or a brand is called', () => {
  it("is the product's name, no person, with the names a list joins to it", () => {
    const text = 'Tina Quell released a brand of dog toys called Kermie Worm & Mr. Biscuit in 2019.';
    expect(spans(extractEntities('', text))).toEqual([['Tina Quell', 'PERSON']]);
  });

  it('leaves a person who is called something a person', () => {
    const text = 'A man called Tom Quell rang the newsroom, and Quell said he had seen the fire.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Tom Quell', 'PERSON'],
      ['Quell', 'PERSON'],
    ]);
  });
});
