import { builder } from '../builder.js';
import { column, executorOnly, reads } from './read.js';
import type { Context } from '../context.js';
import type { ArticleRow, SummaryLength } from '../db/tables.js';
import { splitSentences } from '../content/sentences.js';
import { pickStoredSummary } from '../content/summary-cache.js';
import { SummaryLengthEnum, SummaryMethodEnum } from './enums.js';
import { SummaryRef, type SummaryShape } from './refs.js';

SummaryRef.implement({
  description: 'A short version of an article for readers with no time ("No time to read? Get a summary").',
  fields: (t) => ({
    text: t.exposeString('text', { extensions: reads(column('text')) }),
    sentences: t.exposeStringList('sentences', {
      description: 'The summary split into whole sentences.',
      extensions: reads(executorOnly('split in JavaScript (splitSentences, src/content/sentences.ts): abbreviations and quotes have no SQL twin')),
    }),
    length: t.field({ type: SummaryLengthEnum, extensions: reads(column('length')), resolve: (summary) => summary.length }),
    method: t.field({ type: SummaryMethodEnum, extensions: reads(column('method')), resolve: (summary) => summary.method }),
    generatedAt: t.field({ type: 'DateTime', extensions: reads(column('created_at')), resolve: (summary) => summary.generatedAt }),
  }),
});

/**
 * The summary of the asked length: an editorial one always wins; otherwise a generated one made
 * from the current body, generated on first request and cached (a changed body makes it stale, and
 * the next request regenerates it).
 */
export async function resolveSummary(ctx: Context, article: ArticleRow, length: SummaryLength): Promise<SummaryShape | null> {
  const rows = await ctx.loaders.summaries.load(article.id);
  const stored = pickStoredSummary(rows, article, length);
  const row = stored.row ?? (await ctx.loaders.generatedSummary.load({ article, length, bodyHash: stored.hash }));
  if (!row) return null;
  return {
    articleId: row.articleId,
    length: row.length,
    text: row.text,
    sentences: splitSentences(row.text).map((s) => s.text),
    method: row.method,
    generatedAt: row.createdAt,
  };
}
