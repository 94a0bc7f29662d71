import { pickStoredSummary, type SummarySource } from '../content/summary-cache.js';
import type { Context } from '../context.js';
import type { SummaryLength } from '../db/tables.js';
import { TEXT_WEIGHT, weighs } from '../field-cost.js';
import { isEnrichedLanguage } from '../languages.js';
import { splitSentences } from '../text/sentences.js';
import { bodyHash } from '../text/text.js';
import { SummaryLengthEnum, SummaryMethodEnum } from './enums.js';
import { column, executorOnly, NO_STORED_ROW, need, reads } from './read.js';
import { SummaryRef, type SummaryShape } from './refs.js';

SummaryRef.implement({
  description: 'A short version of an article for readers with no time ("No time to read? Get a summary").',
  fields: (t) => ({
    text: t.exposeString('text', {
      description: 'The summary as plain text.',
      extensions: { ...reads(column('text')), ...weighs(TEXT_WEIGHT.sentences) },
    }),
    sentences: t.stringList({
      description: 'The summary split into whole sentences.',
      extensions: {
        ...reads(
          executorOnly(
            'split by one rule, in JavaScript (splitSentences, src/text/sentences.ts): a PL/pgSQL copy was tried, was a second copy of the rule, quadratic in a UTF-8 database and split astral characters differently',
          ),
          {
            text: need('text'),
          },
        ),
        ...weighs(TEXT_WEIGHT.sentences),
      },
      resolve: (summary) => splitSentences(summary.text).map((s) => s.text),
    }),
    length: t.field({
      type: SummaryLengthEnum,
      description: 'The length asked for.',
      extensions: reads(column('length')),
      resolve: (summary) => summary.length,
    }),
    method: t.field({
      type: SummaryMethodEnum,
      description: 'Who wrote it: an editor, Broadsheet from the article’s sentences, or a language model.',
      extensions: reads(column('method')),
      resolve: (summary) => summary.method,
    }),
    model: t.string({
      nullable: true,
      description:
        'The language model that wrote it (as the endpoint names it, e.g. "llama3.1:8b"), for method MODEL; null otherwise.',
      extensions: reads(column('model')),
      resolve: (summary) => summary.model,
    }),
    promptVersion: t.string({
      nullable: true,
      description: 'The version of Broadsheet’s prompt the model was given, for method MODEL; null otherwise.',
      extensions: reads(column('prompt_version')),
      resolve: (summary) => summary.promptVersion,
    }),
    generatedAt: t.field({
      type: 'DateTime',
      description: 'When the summary was written or generated.',
      extensions: reads(column('created_at')),
      resolve: (summary) => summary.generatedAt,
    }),
  }),
});

/**
 * The summary of the asked length: an editorial one always wins; otherwise a generated one made
 * from the current body by the current generator, generated on first request and cached (a changed
 * body or generator makes it stale, and the next request regenerates it).
 */
export async function resolveSummary(
  ctx: Context,
  article: SummarySource,
  length: SummaryLength,
): Promise<SummaryShape | null> {
  // The read model's statement already looked for a stored one (the summary field's declaration).
  const stored =
    NO_STORED_ROW in article
      ? { hash: bodyHash(article.body) }
      : pickStoredSummary(await ctx.loaders.summaries.load(article.id), article, length, ctx.summaryGenerator);
  // Sentence scoring and the model prompt are English: other languages get editorial summaries only.
  if (!stored.row && article.language !== undefined && !isEnrichedLanguage(article.language)) return null;
  const row = stored.row ?? (await ctx.loaders.generatedSummary.load({ article, length, bodyHash: stored.hash }));
  if (!row) return null;
  return {
    articleId: row.articleId,
    length: row.length,
    text: row.text,
    method: row.method,
    generatedAt: row.createdAt,
    model: row.method === 'MODEL' ? row.model : null,
    promptVersion: row.method === 'MODEL' ? row.promptVersion : null,
  };
}
