import { describe, expect, it } from 'vitest';
import { SUMMARY_LENGTHS } from '../../src/domain.js';
import { splitSentences } from '../../src/text/sentences.js';
import { quoteUnits, SUMMARY_SENTENCES, summarize } from '../../src/text/summarize.js';

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
    for (const length of SUMMARY_LENGTHS) {
      expect(summarize(PARAGRAPHS, length, { title: TITLE })).toHaveLength(SUMMARY_SENTENCES[length]);
    }
  });

  it('returns whole sentences of the article, in article order, without repeats', () => {
    expect(ALL_SENTENCES).toHaveLength(9);
    for (const length of SUMMARY_LENGTHS) {
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
    const { sentenceFeatures } = await import('../../src/text/summarize.js');
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
    const { sentenceFeatures } = await import('../../src/text/summarize.js');
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
    expect(medium).not.toContain(
      'Reporters and guests were offered coffee, tea and biscuits in the lobby before the doors opened at nine.',
    );
    expect(medium).toContain('Repairs to the leaking dam will cost the water board four million euros over two years.');
  });

  it('never cuts a quotation from its speaker', () => {
    expect(sentences).toContain('The dam is failing,” said engineer Lise Marten.');
    for (const length of SUMMARY_LENGTHS) {
      const out = summarize(paragraphs, length);
      expect(out.includes('“We cannot wait any longer.')).toBe(
        out.includes('The dam is failing,” said engineer Lise Marten.'),
      );
    }
    // the two halves are one unit, which is picked whole when the dam is what the quotation is about
    expect(quoteUnits(paragraphs)).toEqual([0, 1, 2, 2, 4, 5, 6]);
    const quoted = [
      'Engineers inspected the cracked dam above the town on Friday.',
      '“The dam is cracked. The dam must be repaired now,” said engineer Lise Marten.',
      'A choir sang in the square.',
      'The weather was mild.',
    ];
    expect(summarize(quoted, 'MEDIUM')).toEqual([
      'Engineers inspected the cracked dam above the town on Friday.',
      '“The dam is cracked.',
      'The dam must be repaired now,” said engineer Lise Marten.',
      'A choir sang in the square.',
    ]);
  });
});

describe('summarize: what matters, not what comes first (hand-written fixture)', () => {
  // Three scene-setting sentences, then the news, which the rest of the article keeps returning to.
  const LATE = [
    'It was a grey morning in Tarnby, and the bakery on the corner opened at six as it always does.',
    'Children walked to school past the old church while a delivery van blocked the narrow street.',
    'Nobody in the queue for bread was talking about anything unusual.',
    'By noon the Tarnby council had voted to close the town hospital and move its emergency ward to Ostrand, forty kilometres away.',
    'The council said closing the hospital would save four million crowns a year, and that the Ostrand hospital would take every emergency patient.',
    'Doctors at the Tarnby hospital warned that moving the emergency ward to Ostrand would add forty minutes to emergency journeys.',
    'Residents plan to petition the council to keep the hospital and its emergency ward open.',
    'The bakery sold out of rye bread by ten.',
  ];
  const VOTE = LATE[3]!;

  it('picks the central late sentences over the opening ones for MEDIUM and LONG', () => {
    const medium = summarize(LATE, 'MEDIUM');
    expect(medium).toHaveLength(3);
    expect(medium).toContain(VOTE);
    expect(medium.some((s) => LATE.indexOf(s) < 3)).toBe(false);
    const long = summarize(LATE, 'LONG');
    expect(long).toHaveLength(5);
    expect(long.filter((s) => LATE.indexOf(s) >= 3).length).toBeGreaterThanOrEqual(4);
  });

  it('returns the picks in article order', () => {
    for (const length of SUMMARY_LENGTHS) {
      const positions = summarize(LATE, length).map((s) => LATE.indexOf(s));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it('SHORT gives the one sentence that carries the headline, even when it is not the first', () => {
    expect(summarize(LATE, 'SHORT', { title: 'Tarnby council votes to close town hospital' })).toEqual([VOTE]);
  });

  it('SHORT keeps the lead when the lead is the news, and skips a fragment opener', () => {
    const paras = [
      'Good news at last.',
      'The Harlow canal reopened to boats on Friday after two years of lock repairs.',
      'Boat owners returned to the canal within hours.',
      'The lock repairs cost the canal trust two million pounds.',
    ];
    expect(summarize(paras, 'SHORT', { title: 'Harlow canal reopens after lock repairs' })).toEqual([paras[1]]);
    expect(summarize(paras.slice(1), 'SHORT', { title: 'Harlow canal reopens after lock repairs' })).toEqual([
      paras[1],
    ]);
  });
});

describe('summarize: a quotation travels with its speaker (hand-written fixture)', () => {
  const PARAS = [
    'The flood barrier held overnight, the river authority said on Sunday.',
    'Site manager Petra Holm said: “The barrier did its job. We will still raise it by a metre next year.”',
    'The river peaked at four metres, a record for the barrier.',
    'A cafe reopened.',
  ];

  it('treats a speaker-led quotation over two sentences as one unit', () => {
    expect(quoteUnits(PARAS)).toEqual([0, 1, 1, 3, 4]);
  });

  it('never keeps the speaker without the quote, or the end of the quote without its speaker', () => {
    const speaker = 'Site manager Petra Holm said: “The barrier did its job.';
    const rest = 'We will still raise it by a metre next year.”';
    for (const length of SUMMARY_LENGTHS) {
      const out = summarize(PARAS, length);
      expect(out.includes(speaker)).toBe(out.includes(rest));
    }
    expect(summarize(PARAS, 'MEDIUM')).toEqual([PARAS[0], speaker, rest, PARAS[2]]);
  });

  it('keeps a bare quotation with the sentence before it that names the speaker', () => {
    const paras = [
      'The barrier will be raised by a metre next year, site manager Petra Holm said on Sunday. “It did its job.” ' +
        'Engineers will start work in March.',
    ];
    expect(quoteUnits(paras)).toEqual([0, 0, 2]);
    // a quotation with its own speaker, or one after a sentence that names nobody speaking, stands alone
    expect(quoteUnits(['“It is over,” Holm said. “We will rebuild,” she added. The river fell.'])).toEqual([0, 1, 2]);
    expect(quoteUnits(['The river fell overnight. “We will rebuild.” The end.'])).toEqual([0, 1, 2]);
    for (const length of SUMMARY_LENGTHS) {
      const out = summarize(paras, length);
      if (out.includes('“It did its job.”'))
        expect(out).toContain(
          'The barrier will be raised by a metre next year, site manager Petra Holm said on Sunday.',
        );
    }
    expect(
      summarize(['The river fell overnight and the town began to clear the mud from its streets.', ...paras], 'MEDIUM'),
    ).toContain('“It did its job.”');
  });
});
