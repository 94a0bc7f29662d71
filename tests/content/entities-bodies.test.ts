import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 12: organisations' names and wrong names of other kinds. Sentences written for these tests in the
// style of news, travel and encyclopedic copy; the bodies, places and people are invented unless widely known.

describe('a name before "language" or "speakers"', () => {
  it('names a language there, not a place or a person', () => {
    const text =
      'Vellish is a Tarn-Ovadi language spoken in Ghana. It belongs to the Ovadi languages of the Niger Congo ' +
      'language phylum, and Gurran Kesh speakers understand it.';
    expect(spans(extractEntities('', text))).toEqual([['Ghana', 'PLACE']]);
  });

  it('leaves a known place before "speakers" a place', () => {
    const found = spans(extractEntities('', 'Most Quebec speakers of the dialect live near Montreal.'));
    expect(found).toContainEqual(['Quebec', 'PLACE']);
  });
});
