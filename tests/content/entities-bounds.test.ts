import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 13 (boundaries and types of names found). Sentences written for these tests in the style of news,
// reference and travel copy.

describe('a capitalised article that opens a place name', () => {
  it('is part of the name the gazetteer holds', () => {
    const body = 'The tribunal sits in The Hague. The paper was given at a congress in A Coruña, Spain, last year.';
    expect(spans(extractEntities('', body))).toEqual([
      ['The Hague', 'PLACE'],
      ['A Coruña', 'PLACE'],
      ['Spain', 'PLACE'],
    ]);
  });
});

describe('an institution named by a nationality and "State"', () => {
  it('keeps the nationality', () => {
    const body = 'His diary is preserved in manuscript in the Russian State Military Archive in Moscow.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Russian State Military Archive', 'PLACE'],
      ['Moscow', 'PLACE'],
    ]);
  });
});

describe('a body named right before a person', () => {
  it('is split from a name that no list holds', () => {
    const body =
      'After the leak, the chief executive of the Refugee Council Enver Solomon told reporters it was wrong.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Refugee Council', 'ORGANIZATION'],
      ['Enver Solomon', 'PERSON'],
    ]);
  });
});

describe('an opera house', () => {
  it('is a building, a place', () => {
    const body = 'Her best-known designs include the Guangzhou Opera House in China.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Guangzhou Opera House', 'PLACE'],
      ['China', 'PLACE'],
    ]);
  });
});
