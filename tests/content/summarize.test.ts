import { describe, it, expect } from 'vitest';
import { SUMMARY_SENTENCES, quoteUnits, summarize, type SummaryLength } from '../../src/content/summarize.js';
import { splitSentences } from '../../src/content/sentences.js';

// A fixture written for these tests (not taken from any corpus).
const TITLE = 'City council approves new harbour bridge after long debate';
const PARAGRAPHS = [
  'The city council approved a new harbour bridge on Monday after a debate that lasted nine hours. ' +
    'The bridge will link the old port with the northern suburbs. Mayor Ana Ruiz called the vote historic.',
  'Opponents said the bridge would cost too much. They asked for a referendum, which the council rejected. ' +
    'Construction of the harbour bridge is expected to start in spring.',
  'Engineers estimate the work will take three years. traffic on the ferry line is expected to fall by half. ' +
    'Residents of the suburbs welcomed the decision.',
];
const ALL_SENTENCES = PARAGRAPHS.flatMap((p) => splitSentences(p).map((s) => s.text));

describe('summarize', () => {
  it('uses about 1, 3 and 5 sentences', () => {
    expect(SUMMARY_SENTENCES).toEqual({ SHORT: 1, MEDIUM: 3, LONG: 5 });
    for (const length of ['SHORT', 'MEDIUM', 'LONG'] as SummaryLength[]) {
      expect(summarize(PARAGRAPHS, length, { title: TITLE })).toHaveLength(SUMMARY_SENTENCES[length]);
    }
  });

  it('returns whole sentences of the article, in article order, without repeats', () => {
    expect(ALL_SENTENCES).toHaveLength(9);
    for (const length of ['SHORT', 'MEDIUM', 'LONG'] as SummaryLength[]) {
      const out = summarize(PARAGRAPHS, length, { title: TITLE });
      const positions = out.map((s) => ALL_SENTENCES.indexOf(s));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(new Set(positions).size).toBe(positions.length);
    }
  });

  it('leads with the sentence that carries the headline', () => {
    expect(summarize(PARAGRAPHS, 'SHORT', { title: TITLE })).toEqual([ALL_SENTENCES[0]]);
  });

  it('never returns more sentences than the article has', () => {
    const two = ['Only two sentences live here. The second one ends the story.'];
    expect(summarize(two, 'LONG')).toEqual(['Only two sentences live here.', 'The second one ends the story.']);
    expect(summarize(two, 'MEDIUM')).toHaveLength(2);
    expect(summarize([], 'SHORT')).toEqual([]);
    expect(summarize([''], 'LONG')).toEqual([]);
  });

  it('treats a lower-case sentence start after a period as a new sentence', () => {
    expect(ALL_SENTENCES).toContain('traffic on the ferry line is expected to fall by half.');
  });

  it('works without a title and is deterministic', () => {
    const a = summarize(PARAGRAPHS, 'MEDIUM');
    expect(a).toHaveLength(3);
    expect(summarize(PARAGRAPHS, 'MEDIUM')).toEqual(a);
  });
});

describe('summarize features (hand-written fixture)', () => {
  it('marks datelines and attribution-led openers, and scores centroid similarity and recurring names', async () => {
    const { sentenceFeatures } = await import('../../src/content/summarize.js');
    const f = sentenceFeatures([
      'Springfield, Ohio - The Ostrava Trust opened a library on Monday. According to officials, it cost a lot. ' +
        'The Ostrava Trust plans a second library in the city. Weather was fine.',
    ]);
    expect(f.map((x) => x.attribution)).toEqual([true, true, false, false]);
    expect(f[2]!.names).toBeGreaterThan(f[3]!.names);
    expect(f[2]!.centroid).toBeGreaterThan(f[3]!.centroid);
  });
});

describe('report ledes (hand-written fixture)', () => {
  const PARAS = [
    'Local papers have reported that the Harlow canal will close for repairs next year. ' +
      'The Harlow canal authority will close the canal for two years of lock repairs starting in March. ' +
      'Boat owners were told to moor elsewhere.',
  ];

  it('flags a sentence whose main clause only says something was learned or reported', async () => {
    const { sentenceFeatures } = await import('../../src/content/summarize.js');
    const flags = (text: string) => sentenceFeatures([text]).map((f) => f.reportLede);
    expect(flags(PARAS[0]!)).toEqual([true, false, false]);
    expect(flags('The Courier has learned that the mayor will resign.')).toEqual([true]);
    // a finding is news in itself; a long subject is not an opener about the source
    expect(flags('Researchers have found that the canal leaks.')).toEqual([false]);
    expect(flags('The long-delayed survey of the old canal locks has revealed that two are unsafe.')).toEqual([false]);
  });

  it('makes SHORT prefer the sentence that states the news', () => {
    expect(summarize(PARAS, 'SHORT', { title: 'Harlow canal to close for repairs' })).toEqual([
      'The Harlow canal authority will close the canal for two years of lock repairs starting in March.',
    ]);
  });
});

describe('summarize: centrality and quotations (hand-written fixture)', () => {
  const paragraphs = [
    'The regional water board approved a plan on Monday to repair the leaking dam above the valley.',
    'Reporters and guests were offered coffee, tea and biscuits in the lobby before the doors opened at nine.',
    '“We cannot wait any longer. The dam is failing,” said engineer Lise Marten.',
    'Repairs to the leaking dam will cost the water board four million euros over two years.',
    'Valley residents will pay higher water prices from next year to fund the dam work.',
    'A choir sang after the meeting.',
  ];
  const sentences = paragraphs.flatMap((p) => splitSentences(p).map((s) => s.text));

  it('picks the sentences the article keeps returning to, not the next ones in line', () => {
    const medium = summarize(paragraphs, 'MEDIUM');
    expect(medium).not.toContain('Reporters and guests were offered coffee, tea and biscuits in the lobby before the doors opened at nine.');
    expect(medium).toContain('Repairs to the leaking dam will cost the water board four million euros over two years.');
  });

  it('never cuts a quotation from its speaker', () => {
    expect(sentences).toContain('The dam is failing,” said engineer Lise Marten.');
    for (const length of ['SHORT', 'MEDIUM', 'LONG'] as SummaryLength[]) {
      const out = summarize(paragraphs, length);
      expect(out.includes('“We cannot wait any longer.')).toBe(out.includes('The dam is failing,” said engineer Lise Marten.'));
    }
    // the two halves are one unit, which is picked whole when the dam is what the quotation is about
    expect(quoteUnits(paragraphs)).toEqual([0, 1, 2, 2, 4, 5, 6]);
    const quoted = ['Engineers inspected the cracked dam above the town on Friday.',
      '“The dam is cracked. The dam must be repaired now,” said engineer Lise Marten.', 'A choir sang in the square.', 'The weather was mild.'];
    expect(summarize(quoted, 'MEDIUM')).toEqual(['Engineers inspected the cracked dam above the town on Friday.', '“The dam is cracked.',
      'The dam must be repaired now,” said engineer Lise Marten.', 'A choir sang in the square.']);
  });
});
