import { describe, expect, it } from 'vitest';
import { oracleIndices } from '../../src/text/oracle.js';

// A hand-written fixture: the human summary restates sentences 1 and 3.
const SENTENCES = [
  'The weather in Harlow was mild on Friday.',
  'The Harlow canal reopened to boats after two years of lock repairs.',
  'A brass band played on the towpath.',
  'The repairs cost the canal trust two million pounds.',
  'Ducks were seen near the lock.',
];
const HUMAN = [
  'The Harlow canal reopened after two years of lock repairs that cost the canal trust two million pounds.',
];

describe('oracleIndices (greedy ROUGE oracle)', () => {
  it('picks the sentences that cover the human summary, in article order', () => {
    expect(oracleIndices(SENTENCES, HUMAN, 2)).toEqual([1, 3]);
    expect(oracleIndices(SENTENCES, HUMAN, 1)).toEqual([1]);
  });

  it('stops when no sentence adds anything, so a reference may have fewer than k sentences', () => {
    const picked = oracleIndices(SENTENCES, ['Canal repairs cost two million pounds.'], 5);
    expect(picked).toContain(3);
    expect(picked.length).toBeLessThan(5);
    expect(oracleIndices(SENTENCES, ['Completely unrelated words here.'], 3)).toEqual([]);
    expect(oracleIndices([], HUMAN, 3)).toEqual([]);
  });

  it('covers every human summary together, counting a word as often as the humans wrote it', () => {
    const two = [...HUMAN, 'A brass band played on the towpath while ducks swam near the lock.'];
    const picked = oracleIndices(SENTENCES, two, 4);
    expect(picked).toEqual([...picked].sort((a, b) => a - b));
    expect(picked).toEqual(expect.arrayContaining([1, 2, 3]));
  });

  it('with the F1 objective prefers the concise sentence and stops when F1 would fall', () => {
    const sentences = [
      'The canal reopened on Friday, and in other news the town fair, the school play and the market all drew crowds.',
      'The canal reopened on Friday.',
      'Boats returned.',
    ];
    const human = ['The canal reopened on Friday.'];
    expect(oracleIndices(sentences, human, 1, 'recall')).toEqual([1]);
    expect(oracleIndices(sentences, human, 3, 'f1')).toEqual([1]);
    // recall keeps adding while a sentence covers anything new: nothing is left after sentence 1
    expect(oracleIndices(sentences, human, 3, 'recall')).toEqual([1]);
    // the long sentence covers two more of the humans' words, at the cost of many words they did not write
    const more = ['The canal reopened on Friday and crowds came.'];
    expect(oracleIndices(sentences, more, 1, 'recall')).toEqual([0]);
    expect(oracleIndices(sentences, more, 3, 'f1')).toEqual([1]);
  });
});
