import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 17's review: news copy that the pass's rules, or rules before them, misread. Sentences written for
// these tests; the clubs' towns are real places (the gazetteer must know them), the rest is invented.

describe("a club's opening word before its town", () => {
  it('makes the club a body, at a sentence start too', () => {
    const text = 'Real Madrid beat Borussia Dortmund on Tuesday, and Inter Milan lost to AC Milan.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Real Madrid', 'ORGANIZATION'],
      ['Borussia Dortmund', 'ORGANIZATION'],
      ['Inter Milan', 'ORGANIZATION'],
      ['AC Milan', 'ORGANIZATION'],
    ]);
  });

  it('leaves a word that opens no club before a town alone', () => {
    const text = 'Real wages in Madrid fell last year.';
    expect(spans(extractEntities('', text))).toEqual([['Madrid', 'PLACE']]);
  });
});

describe('Holy Communion', () => {
  it("is a sacrament, no church's communion of members", () => {
    const text = 'She received her First Holy Communion in Leeds. The Anglican Communion met in Canterbury.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Leeds', 'PLACE'],
      ['Anglican Communion', 'ORGANIZATION'],
      ['Canterbury', 'PLACE'],
    ]);
  });
});
