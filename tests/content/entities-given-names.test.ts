import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18: given names from the English name lists, cited authors and bodies described as such. Sentences written
// for these tests in the style of news copy; the people, firms and publishers in them are invented.

describe('a listed given name before a surname', () => {
  it('makes a person even where the lexicon reads the given name as a word, and a later surname links to it', () => {
    const text =
      'The festival opened with a tribute to Jean Marchetti, the director of three films. Marchetti was not there. ' +
      'Orson Kellerby directed the closing play.';
    const es = extractEntities('', text);
    expect(spans(es)).toEqual([
      ['Jean Marchetti', 'PERSON'],
      ['Marchetti', 'PERSON'],
      ['Orson Kellerby', 'PERSON'],
    ]);
    expect(es.find((e) => e.name === 'Jean Marchetti')?.mentions).toHaveLength(2);
  });

  it('also where the given name is a weak title the run did not take as one', () => {
    const text = 'The league was founded by Dean Pellowe in 1992, and General Motors sponsored it.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Dean Pellowe', 'PERSON'],
      ['General Motors', 'ORGANIZATION'],
    ]);
  });

  it('leaves places and bodies that open with a given name as they were', () => {
    const text =
      'Protesters gathered in Jordan and Georgia, and concerts at Lincoln Center and along the Charles River were ' +
      'cancelled. Officials in Victoria and Washington said nothing.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Jordan', 'PLACE'],
      ['Georgia', 'PLACE'],
      ['Lincoln Center', 'PLACE'],
      ['Charles River', 'PLACE'],
      ['Victoria', 'PLACE'],
      ['Washington', 'PLACE'],
    ]);
  });

  it('is no evidence when the article uses the name as a word, or the words after it are English words', () => {
    const text =
      'The hope is that Hope Vantrell can help. The Red Cross and the Velvet Underground came, and Early Music ' +
      'was played.';
    expect(spans(extractEntities('', text))).toEqual([]);
  });
});

describe('authors joined by an ampersand', () => {
  it('are two people before a reference number, also where the article repeats the pair without it', () => {
    const text =
      "The design follows Marlow & Tennant [4], and in Marlow & Tennant's trials the birds grew heavier. " +
      'Procter & Gamble and Simon & Schuster did not comment.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Marlow', 'PERSON'],
      ['Tennant', 'PERSON'],
      ['Marlow', 'PERSON'],
      ['Tennant', 'PERSON'],
      // a listed company (data/organisations.txt, S&P 500); Simon & Schuster, listed nowhere, stays untyped
      ['Procter & Gamble', 'ORGANIZATION'],
    ]);
  });

  it('before a year, and with co-authors listed before them', () => {
    const text = 'Earlier counts (Hollis, Varga, & Okafor, 2014) were lower than those of Brandt & Lusk (2019).';
    expect(spans(extractEntities('', text))).toEqual([
      ['Hollis', 'PERSON'],
      ['Varga', 'PERSON'],
      ['Okafor', 'PERSON'],
      ['Brandt', 'PERSON'],
      ['Lusk', 'PERSON'],
    ]);
  });

  it('before a bare year inside brackets, where a semicolon separates citations and opens no sentence', () => {
    const text = 'Visitors linger at the paintings (Ostrander & Vey 2011; Pakulski 2010).';
    expect(spans(extractEntities('', text))).toEqual([
      ['Ostrander', 'PERSON'],
      ['Vey', 'PERSON'],
      ['Pakulski', 'PERSON'],
    ]);
  });
});

describe('a body described as one', () => {
  it('by a noun before it or in apposition after it is an organisation', () => {
    const text =
      'The deal involved the publishing giant Harwick. Velmora, a Dutch publisher, said it would appeal. ' +
      'Harwick declined to comment.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Harwick', 'ORGANIZATION'],
      ['Velmora', 'ORGANIZATION'],
      ['Harwick', 'ORGANIZATION'],
    ]);
  });

  it('but "publisher" right before a name also describes people', () => {
    const text = 'The newspaper publisher Dravensky bought the title in May.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'ORGANIZATION')).toEqual([]);
  });
});
