import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUMMARY_LENGTHS } from '../../src/domain.js';
import { splitSentences } from '../../src/text/sentences.js';
import {
  MAX_RANKED_SENTENCES,
  SUMMARY_WEIGHTS,
  type SummaryLength,
  scoreSentences,
  summarize,
  textRankSummary,
} from '../../src/text/summarize.js';
import { syntheticArticle } from './helpers/articles.js';

// The summaries' ranking was rebuilt for bounded work (a sparse similarity graph, PageRank with a tolerance, a cap
// on the sentences ranked). tests/fixtures/summary-ranking.json holds what the dense implementation (commit
// `capturedFrom`) picked and its ten best sentences at every length, for generated articles up to the cap and for
// every article of the shared corpus: the rebuilt ranking must agree exactly.
const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/summary-ranking.json', import.meta.url), 'utf8')) as {
  capturedFrom: string;
  synthetic: (Recorded & { seed: number; count: number })[];
  corpus: Record<string, Recorded>;
};
interface Recorded {
  sentences: number;
  SHORT: number[];
  MEDIUM: number[];
  LONG: number[];
  textRank3: number[];
  topShort: number[];
  topMedium: number[];
  topLong: number[];
}

function record(paragraphs: string[], title: string): Recorded {
  const sentences = paragraphs.flatMap((p) => splitSentences(p).map((s) => s.text));
  const positions = (picked: string[]) => picked.map((s) => sentences.indexOf(s));
  const best = (length: SummaryLength) =>
    scoreSentences(paragraphs, title, SUMMARY_WEIGHTS[length])
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, 10)
      .map((s) => s.index);
  return {
    sentences: sentences.length,
    SHORT: positions(summarize(paragraphs, 'SHORT', { title })),
    MEDIUM: positions(summarize(paragraphs, 'MEDIUM', { title })),
    LONG: positions(summarize(paragraphs, 'LONG', { title })),
    textRank3: positions(textRankSummary(paragraphs, 3)),
    topShort: best('SHORT'),
    topMedium: best('MEDIUM'),
    topLong: best('LONG'),
  };
}

describe('the ranking of articles within the cap is the one captured before the rebuild', () => {
  it.each(FIXTURE.synthetic.map((c) => [c.count, c] as const))(
    'a generated article of %i sentences',
    (_count, recorded) => {
      const { title, paragraphs } = syntheticArticle(recorded.seed, recorded.count);
      const { seed: _seed, count: _c, ...expected } = recorded;
      expect(record(paragraphs, title)).toEqual(expected);
    },
  );

  const corpusFile = new URL('../../../shared/corpus/wikinews.ndjson', import.meta.url);
  it.runIf(existsSync(corpusFile))('every article of the shared corpus', () => {
    const docs = readFileSync(corpusFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; title: string; body: string });
    expect(docs.map((d) => d.id).sort()).toEqual(Object.keys(FIXTURE.corpus).sort());
    for (const d of docs) {
      const paragraphs = d.body
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean);
      expect({ id: d.id, ...record(paragraphs, d.title) }).toEqual({ id: d.id, ...FIXTURE.corpus[d.id] });
    }
  });
});

describe('the cap on the sentences ranked', () => {
  it('ranks only the first MAX_RANKED_SENTENCES sentences: a longer article is summarised as its opening', () => {
    expect(MAX_RANKED_SENTENCES).toBe(400);
    const { title, paragraphs } = syntheticArticle(11, 1200);
    const sentences = paragraphs.flatMap((p) => splitSentences(p).map((s) => s.text));
    expect(sentences.length).toBe(1200);
    const opening = [sentences.slice(0, MAX_RANKED_SENTENCES).join(' ')];
    for (const length of SUMMARY_LENGTHS) {
      expect(summarize(paragraphs, length, { title })).toEqual(summarize(opening, length, { title }));
    }
    expect(scoreSentences(paragraphs, title)).toHaveLength(MAX_RANKED_SENTENCES);
    expect(textRankSummary(paragraphs, 3)).toEqual(textRankSummary(opening, 3));
  });
});
