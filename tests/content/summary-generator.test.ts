import { describe, expect, it } from 'vitest';
import { pickStoredSummary } from '../../src/content/summary-cache.js';
import { EXTRACTIVE_GENERATOR } from '../../src/content/summary-model.js';
import type { SummaryRow } from '../../src/db/tables.js';
import { bodyHash } from '../../src/text/text.js';

// A change of the extractive ranking must reach articles whose body did not change: their stored summaries were
// picked by the old ranking.
describe('stored extractive summaries and the ranking that made them', () => {
  const article = { id: 1, title: 'Harbour reopens', body: 'The harbour reopened on Monday. Crews worked all week.' };
  const row = (generator: string): SummaryRow =>
    ({
      articleId: 1,
      length: 'MEDIUM',
      text: 'The harbour reopened on Monday.',
      bodyHash: bodyHash(article.body),
      method: 'EXTRACTIVE',
      model: null,
      promptVersion: null,
      generator,
      retryAt: null,
      createdAt: new Date(),
    }) as SummaryRow;

  it('serves one made by the current ranking, and not one made by the first (generator "extractive")', () => {
    expect(EXTRACTIVE_GENERATOR).not.toBe('extractive');
    expect(pickStoredSummary([row(EXTRACTIVE_GENERATOR)], article, 'MEDIUM', EXTRACTIVE_GENERATOR).row?.generator).toBe(
      EXTRACTIVE_GENERATOR,
    );
    expect(pickStoredSummary([row('extractive')], article, 'MEDIUM', EXTRACTIVE_GENERATOR).row).toBeUndefined();
  });
});
