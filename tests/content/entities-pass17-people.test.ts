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
