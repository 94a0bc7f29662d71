import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 18 (places): recall of places that context alone types. Sentences written for these tests.

describe('a nationality before the head of a body of water', () => {
  it('names the sea or the ocean, mid-sentence and at a sentence start', () => {
    const text =
      'The trawler sank in the Indian Ocean last year. Celtic Sea cod could collapse, the group said. ' +
      'Quotas for the Celtic and Irish Seas were cut.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Indian Ocean', 'PLACE'],
      ['Celtic Sea', 'PLACE'],
      ['Celtic and Irish Seas', 'PLACE'],
    ]);
  });

  it('still leaves a nationality before other words, and a body named after the sea', () => {
    const text = 'Irish officials met the Indian Ocean Commission in Port Louis on Monday.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Indian Ocean Commission', 'ORGANIZATION'],
      ['Port Louis', 'PLACE'],
    ]);
  });
});
