import { describe, expect, it } from 'vitest';
import { prf, type ScoredSpan, scoreDocument } from '../../src/text/ner-score.js';

const gold: ScoredSpan[] = [
  { start: 0, end: 12, type: 'PERSON' },
  { start: 20, end: 26, type: 'ORG' },
  { start: 30, end: 36, type: 'PLACE' },
];

describe('scoreDocument', () => {
  const pred: ScoredSpan[] = [
    { start: 6, end: 12, type: 'PERSON' }, // overlaps the person, wrong boundaries
    { start: 20, end: 26, type: 'PLACE' }, // exact span, ORG/PLACE confusion
    { start: 30, end: 36, type: 'PLACE' }, // exact
    { start: 40, end: 45, type: 'ORG' }, // spurious
  ];

  it('exact matching needs identical span and type', () => {
    expect(scoreDocument(pred, gold, 'exact')).toEqual({
      PERSON: { tp: 0, fp: 1, fn: 1 },
      PLACE: { tp: 1, fp: 1, fn: 0 },
      ORG: { tp: 0, fp: 1, fn: 1 },
      ALL: { tp: 1, fp: 3, fn: 2 },
    });
  });

  it('lenient matching accepts overlaps and treats ORG and PLACE as one class', () => {
    expect(scoreDocument(pred, gold, 'lenient')).toEqual({
      PERSON: { tp: 1, fp: 0, fn: 0 },
      ORG: { tp: 1, fp: 1, fn: 0 },
      PLACE: { tp: 1, fp: 0, fn: 0 },
      ALL: { tp: 3, fp: 1, fn: 0 },
    });
  });

  it('matches each gold span at most once', () => {
    const twice: ScoredSpan[] = [
      { start: 0, end: 5, type: 'PERSON' },
      { start: 6, end: 12, type: 'PERSON' },
    ];
    expect(scoreDocument(twice, gold.slice(0, 1), 'lenient').ALL).toEqual({ tp: 1, fp: 1, fn: 0 });
  });
});

describe('prf', () => {
  it('computes precision, recall and F1', () => {
    expect(prf({ tp: 3, fp: 1, fn: 2 })).toEqual({
      precision: 0.75,
      recall: 0.6,
      f1: (2 * 0.75 * 0.6) / 1.35,
      tp: 3,
      fp: 1,
      fn: 2,
    });
    expect(prf({ tp: 0, fp: 0, fn: 0 }).f1).toBe(0);
  });
});
