import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 17 (gentle): kinds of writing the extractor had not been tuned on (court opinions, contracts,
// dictionaries, proofs). Sentences written for these tests; the people, bodies and places are invented.

describe('a capital letter and a full stop before a word no name is', () => {
  it('end a sentence, so a sentence adverb or an imperative opens the next one, not a name', () => {
    const text =
      'The point p lies inside the circle K. Hence the chord meets it twice. Take any q in L. Suppose q is outside.';
    expect(spans(extractEntities('', text))).toEqual([]);
  });

  it('still make an initial before a surname, even one that is also an English word', () => {
    const text = 'The report was written by Dara K. Brown and T. Hollis last spring.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Dara K. Brown', 'PERSON'],
      ['T. Hollis', 'PERSON'],
    ]);
  });
});

describe('a surname before the letters of a judicial office', () => {
  it("is a judge's, alone or in a list that the plural letters close", () => {
    const text =
      'KELLAND, J., delivered the opinion of the Court, in which ORME, C.J., and VASS, TULLY, and NEAL, JJ., joined. ' +
      'DRUMMOND, J., filed a dissenting opinion.';
    expect(spans(extractEntities('', text))).toEqual([
      ['KELLAND', 'PERSON'],
      ['Court', 'ORGANIZATION'],
      ['ORME', 'PERSON'],
      ['VASS', 'PERSON'],
      ['TULLY', 'PERSON'],
      ['NEAL', 'PERSON'],
      ['DRUMMOND', 'PERSON'],
    ]);
  });

  it('leaves a list that no office letters close as it was', () => {
    const text = 'The tour visited Denver, Boise, and Omaha in June.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Denver', 'PLACE'],
      ['Boise', 'PLACE'],
      ['Omaha', 'PLACE'],
    ]);
  });
});

describe('"Proto-" before the name of a language or a people', () => {
  it('names a reconstructed language, no place', () => {
    const text = 'The word comes from Proto-Celtic *dubno-, itself from Proto-Indo-European *dheub-.';
    expect(spans(extractEntities('', text))).toEqual([]);
  });

  it('takes nothing away from the places where it was spoken', () => {
    const text = 'Proto-Celtic was once spoken in Gaul and Britain.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Gaul', 'PLACE'],
      ['Britain', 'PLACE'],
    ]);
  });
});

describe('a compass word before a word formed as a people’s or a language’s', () => {
  it('names a branch of that language, no person', () => {
    const text = 'The poem was written in West Flemish by Orla Denny, who grew up speaking it.';
    expect(spans(extractEntities('', text))).toEqual([['Orla Denny', 'PERSON']]);
  });

  it('leaves a sea or a region the gazetteer holds a place', () => {
    const text = 'The ferry crossed the South Atlantic in March.';
    expect(spans(extractEntities('', text))).toEqual([['South Atlantic', 'PLACE']]);
  });
});

describe("a firm's legal form after a comma", () => {
  it('belongs to the name before it, which it makes a body', () => {
    const text = 'This agreement is made between Harrowgate Lending, Inc., a Delaware corporation, and its clients.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Harrowgate Lending', 'ORGANIZATION'],
      ['Delaware', 'PLACE'],
    ]);
  });

  it('stays in the name where no comma sets it off', () => {
    const text = 'This agreement is made between Harrowgate Lending Inc. and its clients.';
    expect(spans(extractEntities('', text))).toEqual([['Harrowgate Lending Inc.', 'ORGANIZATION']]);
  });
});

describe('the title of a numbered part of a text, after its number and a colon', () => {
  it('is a title, whose capitalised words are no names', () => {
    const text =
      'By Theorem 4 of Chapter II: Areas of Similar Triangles and Circles Proportional to Radius, the ratio is fixed. ' +
      'See also the Lemma to Theorem 6.';
    expect(spans(extractEntities('', text))).toEqual([]);
  });

  it('ends at the first lower-case word or punctuation that no title joins', () => {
    const text =
      'By Theorem 4 of Chapter II: Areas of Similar Triangles, as Vera Holm showed in Leipzig, the ratio is fixed.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Vera Holm', 'PERSON'],
      ['Leipzig', 'PLACE'],
    ]);
  });
});

describe("a letter's salutation on a line of its own", () => {
  it('is no heading, for it ends with a comma: the name in it is read', () => {
    const text = 'Dr. Quarrie,\n\nWe write about the new clinic on the hill.';
    expect(spans(extractEntities('', text))).toEqual([['Quarrie', 'PERSON']]);
  });

  it('leaves a heading without the comma to the body to confirm', () => {
    const text = 'Dr. Quarrie\n\nWe write about the new clinic on the hill.';
    expect(spans(extractEntities('', text))).toEqual([]);
  });
});

describe('the second party to a case', () => {
  it("is a person's, as the first is, where nothing else types the lone word", () => {
    const text = 'The ruling followed Pardew v. Dorrance on the point of standing.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Pardew', 'PERSON'],
      ['Dorrance', 'PERSON'],
    ]);
  });

  it('leaves a known place to its own kind of party, the government that is sued', () => {
    const text = 'The ruling followed Pardew v. Texas on the point of standing.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Pardew', 'PERSON'],
      ['Texas', 'ORGANIZATION'],
    ]);
  });
});

describe('a pronoun capitalised for weight', () => {
  it('is still a pronoun, no name', () => {
    const text = 'The coach went slowly past the mill — He passed Us — and the road ran on to Dunmore.';
    expect(spans(extractEntities('', text))).toEqual([['Dunmore', 'PLACE']]);
  });

  it("leaves the country's short form in capitals a place", () => {
    const text = 'The coach went slowly past the mill and the road ran on to the US border.';
    expect(spans(extractEntities('', text))).toEqual([['US', 'PLACE']]);
  });
});

describe("a given name and a surname alone on a letter's last line", () => {
  it("are the signer's name", () => {
    const text = 'We ask you to think again about the plan.\n\nMarta Quell';
    expect(spans(extractEntities('', text))).toEqual([['Marta Quell', 'PERSON']]);
  });

  it('leave a closing heading that is no personal name to the body', () => {
    const text = 'We ask you to think again about the plan.\n\nRelated Stories';
    expect(spans(extractEntities('', text))).toEqual([]);
  });
});

describe('a term a contract defines in quotes in brackets', () => {
  it("is the thing's, after a lower-case description of a thing", () => {
    const text =
      'Vell Holdings, Inc., a Delaware corporation ("Company"), will list, price and ship the goods (together, the ' +
      '"Services"). The Company will bill you for the Services each month.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Vell Holdings', 'ORGANIZATION'],
      ['Delaware', 'PLACE'],
      ['Company', 'ORGANIZATION'],
      ['Company', 'ORGANIZATION'],
    ]);
  });
});

describe("a compass word before a known place at a sentence's or a line's start", () => {
  it('opens the place name, as it does mid-sentence', () => {
    const text = 'Rhymes: -ust\n\n(Southern Ireland) the vowel is longer.';
    expect(spans(extractEntities('', text))).toEqual([['Southern Ireland', 'PLACE']]);
  });

  it('stays an ordinary word before a word that is no known place', () => {
    const text = 'Southern cooking is rich. Northern Lights shone over the bay.';
    expect(spans(extractEntities('', text))).toEqual([]);
  });
});

describe('a run made of the same name twice', () => {
  it('is the name written twice, as a signature block writes it', () => {
    const text = 'Agreed and signed.\n\nBy: /s/ Rhea Lomond Rhea Lomond, Director\n\nDate: 08/19/2019';
    expect(spans(extractEntities('', text))).toEqual([
      ['Rhea Lomond', 'PERSON'],
      ['Rhea Lomond', 'PERSON'],
    ]);
  });

  it('leaves a one-word name doubled within itself whole', () => {
    const text = 'She grew up in Walla Walla and later moved to Dunmore.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Walla Walla', 'PLACE'],
      ['Dunmore', 'PLACE'],
    ]);
  });
});

describe('a lone name before a modal and a speech verb', () => {
  it('is a speaker, a person, as before a speech verb in the past', () => {
    const text = 'If Varrow could speak to the board, he would object to the plan.';
    expect(spans(extractEntities('', text))).toEqual([['Varrow', 'PERSON']]);
  });

  it('gives no kind before a modal and another verb', () => {
    const text = 'If Varrow could swim across the bay, the plan would work.';
    expect(spans(extractEntities('', text))).toEqual([]);
  });
});
