import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 15: organisations (bodies) and wrong bodies in textbook prose and speeches. Sentences written for
// these tests in the style of news, encyclopedic and parliamentary copy; the people and bills are invented.

describe('"the House" in an article that names a chamber in full', () => {
  it('is that chamber, an organisation', () => {
    const text =
      'The bill was sent to the House of Representatives in May. The House passed it a week later, and the House ' +
      'managers defended it before a vote of this House.';
    const found = spans(extractEntities('', text));
    expect(found).toEqual([
      ['House of Representatives', 'ORGANIZATION'],
      ['House', 'ORGANIZATION'],
      ['House', 'ORGANIZATION'],
      ['House', 'ORGANIZATION'],
    ]);
  });

  it('is no name where the article names no chamber', () => {
    const text = 'Guests stayed at the House on the hill, which Orla Venn built in 1904.';
    const found = spans(extractEntities('', text));
    expect(found.some(([name]) => name === 'House')).toBe(false);
  });
});
