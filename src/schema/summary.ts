import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { ArticleRow, SummaryLength } from '../db/tables.js';
import { splitSentences } from '../content/sentences.js';
import { SummaryLengthEnum, SummaryMethodEnum } from './enums.js';
import { SummaryRef, type SummaryShape } from './refs.js';

SummaryRef.implement({
  description: 'A short version of an article for readers with no time ("No time to read? Get a summary").',
  fields: (t) => ({
    text: t.exposeString('text'),
    sentences: t.exposeStringList('sentences', { description: 'The summary split into whole sentences.' }),
    length: t.field({ type: SummaryLengthEnum, resolve: (summary) => summary.length }),
    method: t.field({ type: SummaryMethodEnum, resolve: (summary) => summary.method }),
    generatedAt: t.field({ type: 'DateTime', resolve: (summary) => summary.generatedAt }),
  }),
});

/** The stored summary of the asked length; an editorial summary always wins. */
export async function resolveSummary(ctx: Context, article: ArticleRow, length: SummaryLength): Promise<SummaryShape | null> {
  const rows = await ctx.loaders.summaries.load(article.id);
  const row = rows.find((r) => r.length === length);
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
