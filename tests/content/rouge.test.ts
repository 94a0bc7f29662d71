import { describe, expect, it } from 'vitest';
import { rouge, rougeL, rougeN, rougeTokens } from '../../src/text/rouge.js';

describe('rouge', () => {
  it('tokenises to lower-case alphanumeric runs', () => {
    expect(rougeTokens("The U.S. team's 3-0 win!")).toEqual(['the', 'u', 's', 'team', 's', '3', '0', 'win']);
  });

  it('scores identical texts as 1', () => {
    const r = rouge('the cat sat on the mat', 'the cat sat on the mat');
    expect([r.rouge1.f1, r.rouge2.f1, r.rougeL.f1]).toEqual([1, 1, 1]);
  });

  it('computes clipped unigram and bigram overlap', () => {
    // candidate: the the cat (3 unigrams), reference: the cat sat (3 unigrams)
    // clipped unigram overlap = the(1) + cat(1) = 2 -> P = R = 2/3
    expect(rougeN('the the cat', 'the cat sat', 1)).toEqual({ precision: 2 / 3, recall: 2 / 3, f1: 2 / 3 });
    // bigrams: cand {the the, the cat}, ref {the cat, cat sat}: overlap 1 -> P = R = 1/2
    expect(rougeN('the the cat', 'the cat sat', 2)).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
  });

  it('uses the longest common subsequence for ROUGE-L', () => {
    // LCS of "a b c d" and "a c e d" is "a c d" (3)
    const r = rougeL('a b c d', 'a c e d');
    expect(r.precision).toBeCloseTo(0.75);
    expect(r.recall).toBeCloseTo(0.75);
    expect(r.f1).toBeCloseTo(0.75);
  });

  it('gives 0 for empty or disjoint texts', () => {
    expect(rougeN('', 'a b', 1)).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(rougeN('x y', 'a b', 1).f1).toBe(0);
  });
});
