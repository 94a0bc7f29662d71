import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 15: people's names in textbook, scholarly and spoken English. Sentences written for these tests in
// the style of textbooks, encyclopedias and news copy; the people are invented.

describe('a reporting verb in the present after a lone name', () => {
  it('makes the name a cited author, as textbooks and papers write "X argues"', () => {
    const text = 'Moral facts play no part in explanation, or so Quorrel argues. Later work by others disagrees.';
    expect(spans(extractEntities('', text))).toEqual([['Quorrel', 'PERSON']]);
  });
});

describe("a town's name that is a person's surname in the article", () => {
  it('is that person wherever it stands alone, once it stands as a speaker', () => {
    const text =
      'The view is set out in a book by Ilse Varna. Varna argues that moral facts are redundant. Varna’s claim has ' +
      'been widely discussed, and Varna is not alone.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Ilse Varna', 'PERSON'],
      ['Varna', 'PERSON'],
      ['Varna', 'PERSON'],
      ['Varna', 'PERSON'],
    ]);
  });

  it('stays the town where a locative preposition governs it somewhere', () => {
    const text =
      'The view is set out in a book by Ilse Varna. Varna argues that moral facts are redundant. She was born in ' +
      'Varna, and Varna’s port is large.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Ilse Varna', 'PERSON'],
      ['Varna', 'PERSON'],
      ['Varna', 'PLACE'],
      ['Varna', 'PLACE'],
    ]);
  });
});

describe('one word after an office that only people hold', () => {
  it('is a surname, though the word is also a trade, a colour or a firm', () => {
    const text =
      'The bill was backed by Senator Cooper and Chairman Green. Vice President Ford will chair the session.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Cooper', 'PERSON'],
      ['Green', 'PERSON'],
      ['Ford', 'PERSON'],
    ]);
  });

  it('leaves a weak title and a place head alone', () => {
    const text = 'The shop on King Street sells General Electric parts.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});

describe('a name in apposition to a kinship noun after a possessive', () => {
  it("is a relative's name, a person's, before or after the noun", () => {
    const text =
      'Ronan Velk and his younger brother, Tobiah, founded the firm. Their sister, Maelis, joined later. Orvane, ' +
      'her cousin, left.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Ronan Velk', 'PERSON'],
      ['Tobiah', 'PERSON'],
      ['Maelis', 'PERSON'],
      ['Orvane', 'PERSON'],
    ]);
  });
});

describe('a given name before a place head', () => {
  it('names a person where the article calls them by the head word alone', () => {
    const text =
      'The strongest objection comes from Ingrid Street. Street claims that the premise is false, and Street’s ' +
      'argument has been widely read.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Ingrid Street', 'PERSON'],
      ['Street', 'PERSON'],
      ['Street', 'PERSON'],
    ]);
  });

  it('stays a street otherwise', () => {
    const text = 'The bakery is on Ingrid Street, near the station.';
    expect(spans(extractEntities('', text))).toEqual([['Ingrid Street', 'PLACE']]);
  });
});

describe('God capitalised mid-sentence', () => {
  it('is the proper name of the one God, a person; a god after an article is a common noun', () => {
    const text =
      'The hermit resolved to devote himself to God. Many villagers believe that God exists. The god of the sea, ' +
      'a God of storms, was feared.';
    expect(spans(extractEntities('', text))).toEqual([
      ['God', 'PERSON'],
      ['God', 'PERSON'],
    ]);
  });
});

describe('a lone name before the ideas named after it', () => {
  it("is a thinker's name, a person's", () => {
    const text =
      'In psychology, for example, Vardanyan’s stages of development are abstract concepts, and students compare ' +
      'them with Ostrander’s theory of play.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Vardanyan', 'PERSON'],
      ['Ostrander', 'PERSON'],
    ]);
  });
});

describe('a building named after a person', () => {
  it('makes no place of the name alone', () => {
    const text = 'It is great to be at Marrand Tower tonight. The crowd chanted: We want Marrand. We need Marrand now.';
    expect(spans(extractEntities('', text))).toEqual([['Marrand Tower', 'PLACE']]);
  });
});

describe('an office named by its abstract noun after a title word', () => {
  it('is the office, no one’s name', () => {
    const text =
      'She was the first woman to hold the office of Vice Presidency, and the Presidency itself has changed.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});

describe('holders of an office named in the plural', () => {
  it('are a group, no one’s name', () => {
    const text = 'With the swearing in of these three Senators, the class of Democratic Senators grew to six.';
    expect(spans(extractEntities('', text))).toEqual([]);
  });

  it('leave a team’s short form to its full name', () => {
    const text = 'The Ottawa Senators beat the Boston Bruins on Sunday. The Senators scored twice.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Ottawa Senators', 'ORGANIZATION'],
      ['Boston Bruins', 'ORGANIZATION'],
      ['Senators', 'ORGANIZATION'],
    ]);
  });
});

describe('a lone name with a year after "see" or "cf."', () => {
  it('is a cited author', () => {
    const text = 'For a starting point, see Klenverd (2019). For more, cf. Ostrander (1998).';
    expect(spans(extractEntities('', text))).toEqual([
      ['Klenverd', 'PERSON'],
      ['Ostrander', 'PERSON'],
    ]);
  });
});

describe('a lone name joined by "and" to a speaker', () => {
  it('speaks too', () => {
    const text = 'In the fifth century BC, Leucarpus and Demokrion argued that all matter was made of atoms.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Leucarpus', 'PERSON'],
      ['Demokrion', 'PERSON'],
    ]);
  });
});
