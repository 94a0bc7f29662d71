import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 12: people's names after titles, in lists and alone. Sentences written for these tests in the style
// of news, court and encyclopedic copy; the people are invented.

describe('a rank before a given name that compromise reads as a word', () => {
  it('is a title when only surname-like words follow the given name', () => {
    const text = 'The rising was planned after the leaders heard of General Jean Maximilien Vaudrec’s death.';
    expect(spans(extractEntities('', text))).toEqual([['Jean Maximilien Vaudrec', 'PERSON']]);
  });
});

describe('"Chief Justice" before a surname', () => {
  it('is one title, and the surname alone is the name', () => {
    const text = 'Chief Justice Harrowgate and may it please the Court. The case turns on one statute.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Harrowgate', 'PERSON'],
      ['Court', 'ORGANIZATION'],
    ]);
  });
});

describe('a title that only people bear, before a surname that is also a place head', () => {
  it('names a person, not a park or a hall', () => {
    const text = 'We welcome our substitute justices, Judge Marlise Park and Judge Teodor Hall, to the bench.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Marlise Park', 'PERSON'],
      ['Teodor Hall', 'PERSON'],
    ]);
  });

  it('leaves places with those heads alone', () => {
    const text = 'The march went from Lindquist Park to the Orvell Hall.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});

describe('a footnote number after a full stop', () => {
  it('does not carry the sentence on, so a role noun after it opens the next one', () => {
    const text =
      'He left three manuscripts. [22] Mathematician Hermann Quolst said of them that they were his testament.';
    expect(spans(extractEntities('', text))).toEqual([['Hermann Quolst', 'PERSON']]);
  });
});
