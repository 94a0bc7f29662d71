import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SUMMARY_LENGTHS } from '../../src/domain.js';
import { splitSentences } from '../../src/text/sentences.js';
import { MAX_RANKED_SENTENCES } from '../../src/text/summarize.js';
import { longBody } from './helpers/articles.js';

// The longest body an editor can publish (500,000 characters) is summarised at every length and its entities
// extracted in a child process whose heap is capped at 96 MB, half what `npm start` gives the server: an
// anonymous read of a long article's summary once ran the server out of memory, and the extractor runs on every
// write and import. The assertions are on the results; a step that grew with the square of the body would not
// finish within the test's timeout or would die out of memory (a non-zero exit).
const RUNNER = fileURLToPath(new URL('./helpers/long-input-run.ts', import.meta.url));

interface Result {
  bodyLength: number;
  summaries: Record<'SHORT' | 'MEDIUM' | 'LONG', string[]>;
  inBodyInOrder: boolean;
  /** the faithfulness guard passes each summary (of at most 5,000 characters, as a model's is) against the body */
  guard: boolean;
  entities: { name: string; kind: string; mentions: number }[];
}

function runUnderSmallHeap(shape: string): Result {
  const child = spawnSync(process.execPath, ['--max-old-space-size=96', '--import', 'tsx', RUNNER, shape], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(child.stderr).not.toMatch(/heap out of memory/);
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout) as Result;
}

describe('a 500,000-character body under a 96 MB heap', () => {
  it('news copy: summaries of 1, 3 and 5 of its opening sentences, in order, and its recurring names', () => {
    const result = runUnderSmallHeap('news');
    expect(result.bodyLength).toBe(500_000);
    const body = longBody(500_000);
    const candidates = body
      .split(/\n\s*\n/)
      .flatMap((p) => splitSentences(p).map((s) => s.text))
      .slice(0, MAX_RANKED_SENTENCES);
    expect(result.inBodyInOrder).toBe(true);
    expect(result.guard).toBe(true);
    for (const [length, k] of [
      ['SHORT', 1],
      ['MEDIUM', 3],
      ['LONG', 5],
    ] as const) {
      const picked = result.summaries[length];
      expect(picked).toHaveLength(k);
      const positions = picked.map((s) => candidates.indexOf(s));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
    const names = new Map(result.entities.map((e) => [e.name, e]));
    expect(names.get('Helena Marsh')).toMatchObject({ kind: 'PERSON' });
    expect(names.get('Portmere Harbour Board')).toMatchObject({ kind: 'ORGANIZATION' });
    expect(names.get('Lagos')).toMatchObject({ kind: 'PLACE' });
    expect(names.get('Helena Marsh')!.mentions).toBeGreaterThan(100);
  }, 180_000);

  it.each(['capitalised-run', 'acronyms', 'name-list', 'quote-marks', 'tiny-sentences'])(
    '%s: finishes with summaries taken from the body',
    (shape) => {
      const result = runUnderSmallHeap(shape);
      expect(result.bodyLength).toBe(500_000);
      expect(result.inBodyInOrder).toBe(true);
      expect(result.guard).toBe(true);
      // a quotation that runs over several sentences travels whole, so a summary may hold more sentences than asked
      for (const length of SUMMARY_LENGTHS) expect(result.summaries[length].length).toBeGreaterThanOrEqual(1);
      if (shape === 'tiny-sentences') expect(result.summaries.LONG).toHaveLength(5);
      if (shape === 'name-list')
        expect(result.entities.find((e) => e.name === 'Ana Ruiz')).toMatchObject({ kind: 'PERSON' });
    },
    180_000,
  );
});

// The extractor's work grows with the body, not with its square: for bodies of one shape at 100,000 and 200,000
// characters, the array elements it visits (slice copies and callbacks of some, every, map and the like, counted in a
// child process by helpers/long-input-count.ts) a little less than double. A count is the same on every machine, so no
// time is asserted; before the fixes, each of these shapes visited four times as many at twice the length (a run
// sliced at every word in refineSegment and leagueOpening, a run read again from its first word at every connector
// that joins it in connectorFits).
const COUNTER = fileURLToPath(new URL('./helpers/long-input-count.ts', import.meta.url));

describe('entity extraction on a body twice as long', () => {
  it.each(['capitalised-run', 'league-game', 'museum-and', 'museum-of', 'university-of'])(
    '%s: visits fewer than 2.5 times the elements',
    (shape) => {
      const child = spawnSync(process.execPath, ['--import', 'tsx', COUNTER, shape, '100000'], { encoding: 'utf8' });
      expect(child.status).toBe(0);
      const { counts } = JSON.parse(child.stdout) as { counts: [number, number] };
      expect(counts[1]).toBeGreaterThan(counts[0]);
      expect(counts[1]).toBeLessThan(2.5 * counts[0]);
    },
    120_000,
  );
});
