import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/text/sentences.js';

const texts = (s: string) => splitSentences(s).map((x) => x.text);

describe('splitSentences', () => {
  it('keeps abbreviations and titles inside the sentence', () => {
    expect(texts('Mr. Smith met Dr. Jones on Jan. 5 in St. Louis. Gov. Brown was not there.')).toEqual([
      'Mr. Smith met Dr. Jones on Jan. 5 in St. Louis.',
      'Gov. Brown was not there.',
    ]);
  });

  it('does not split dotted acronyms before a name, but does before a new sentence', () => {
    expect(texts('The U.S. President spoke in Washington D.C. The crowd cheered. Feb. 3 was cold.')).toEqual([
      'The U.S. President spoke in Washington D.C.',
      'The crowd cheered.',
      'Feb. 3 was cold.',
    ]);
  });

  it('keeps initials with the name', () => {
    expect(texts('The Hobbit was written by J. R. R. Tolkien in 1937. It sold well.')).toEqual([
      'The Hobbit was written by J. R. R. Tolkien in 1937.',
      'It sold well.',
    ]);
  });

  it('does not split decimals or amounts', () => {
    expect(texts('Inflation rose 3.5 percent to $1.25 billion. Markets fell.')).toEqual([
      'Inflation rose 3.5 percent to $1.25 billion.',
      'Markets fell.',
    ]);
  });

  it('ends a sentence inside closing quotes', () => {
    expect(texts('She said, "We will win." Then she left. He replied, “Not today.” Nobody laughed.')).toEqual([
      'She said, "We will win."',
      'Then she left.',
      'He replied, “Not today.”',
      'Nobody laughed.',
    ]);
  });

  it('splits before a sentence that starts in lower case', () => {
    expect(texts('Talks moved toward regional normalization. local reports indicate more meetings.')).toEqual([
      'Talks moved toward regional normalization.',
      'local reports indicate more meetings.',
    ]);
  });

  it('splits on question and exclamation marks and on blank lines', () => {
    expect(texts('No time to read? Get a summary!\n\nPrevious Article')).toEqual([
      'No time to read?',
      'Get a summary!',
      'Previous Article',
    ]);
  });

  it('returns offsets that point at each sentence', () => {
    const text = '  First one. Second one.  ';
    const out = splitSentences(text);
    expect(out).toEqual([
      { text: 'First one.', start: 2, end: 12 },
      { text: 'Second one.', start: 13, end: 24 },
    ]);
    for (const s of out) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('handles empty and unterminated text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(texts('no final stop')).toEqual(['no final stop']);
  });
});
