import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 17, round 2: the conventions of scholarly papers and of court transcripts and opinions. Sentences
// written for these tests; the people and places are invented.

describe("a transcript's speaker label in capitals with a title", () => {
  it('is the speaker, titles off', () => {
    const text =
      'We will hear argument next in the appeal.\n\nJUSTICE OKORO: Counsel, where is the harm?\n\nCHIEF JUSTICE MARLOW: Thank you, counsel.\n\nMS. ADA N. QUIST: May it please the Court.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([
      ['OKORO', 'PERSON'],
      ['MARLOW', 'PERSON'],
      ['ADA N. QUIST', 'PERSON'],
    ]);
  });

  it('is no person without a title', () => {
    const text = 'The record resumes.\n\nTHE COURT: Proceed.\n\nQUESTION: Why now?';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});
