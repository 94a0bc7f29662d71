import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 18 (types): names found but typed wrong. Sentences written for these tests; the people, bodies and
// most places are invented.

describe('a place opening a longer run', () => {
  it('is not split off where the rest opens with an English word, which no person is named by', () => {
    const text = 'Aid workers in Papua New Guinea wrote to the Leeds Evening Post about the floods.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Papua New Guinea', 'PLACE'],
      ['Leeds Evening Post', 'ORGANIZATION'],
    ]);
  });

  it('is still split off before a given name and a surname', () => {
    const text = 'The envoy to the United States Harlan Voskuijlen said the talks would go on.';
    expect(spans(extractEntities('', text))).toEqual([
      ['United States', 'PLACE'],
      ['Harlan Voskuijlen', 'PERSON'],
    ]);
  });
});
