import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 13 (geography): seas, rivers and regions of Natural Earth (src/text/data/geography.txt) that the
// place gazetteer lacks. Sentences written for these tests in the style of biographies and reference text.

describe('a listed sea, river or region', () => {
  it('is a place after "the" or a preposition', () => {
    const body =
      'He lived as a hermit on an island in the Adriatic before he sailed on to Antioch. She grew up in a ' +
      'village in a valley in the Allier.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Adriatic', 'PLACE'],
      ['Antioch', 'PLACE'],
      ['Allier', 'PLACE'],
    ]);
  });

  it('takes its generic head written in lower case', () => {
    const body = 'The survey covered offshore areas of China, the Bohai sea and the East China sea, in 2012.';
    expect(spans(extractEntities('', body))).toEqual([
      ['China', 'PLACE'],
      ['Bohai sea', 'PLACE'],
      ['East China sea', 'PLACE'],
    ]);
  });

  it('is a sea named by an English word before a lower-case "sea"', () => {
    const body = 'Typhoons cross the Yellow sea each summer.';
    expect(spans(extractEntities('', body))).toEqual([['Yellow sea', 'PLACE']]);
  });

  it('is no evidence with nothing before it', () => {
    // "Tyrrhenian" here could be a ship's or a firm's name: only "the" or a preposition says it is the sea
    const found = spans(extractEntities('', 'The report said Tyrrhenian had been sold.'));
    expect(found.filter(([, kind]) => kind === 'PLACE')).toEqual([]);
  });

  it('is no place after a bare "of", where it is as often a person', () => {
    // the Churchill is a river of Manitoba; "the speeches of Churchill" are the man's (a globally known surname since
    // pass 19, data/notable-people.txt)
    expect(spans(extractEntities('', 'He quoted the speeches of Churchill at length.'))).toEqual([
      ['Churchill', 'PERSON'],
    ]);
    expect(spans(extractEntities('', 'They paddled down the Churchill to Hudson Bay.'))).toEqual([
      ['Churchill', 'PLACE'],
      ['Hudson Bay', 'PLACE'],
    ]);
  });
});
