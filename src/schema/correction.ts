import { encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'kysely';
import { builder } from '../builder.js';
import { applyChange, validVersion } from '../content/editorial.js';
import { ValidationError } from '../content/write-errors.js';
import { correctionOrderSql, countCorrections, insertCorrection } from '../db/queries/corrections.js';
import type { ArticleCorrectionRow } from '../db/tables.js';
import { CORRECTION_MAX_CHARS, CORRECTIONS_PER_ARTICLE } from '../domain.js';
import { listsUpTo, TEXT_WEIGHT, weighs } from '../field-cost.js';
import { lockReadable, WRITE_ARTICLES } from './article-mutations.js';
import { ArticleCorrectionKindEnum } from './enums.js';
import { parseIdForWrite, resultNames } from './mutation-errors.js';
import { column, globalId, many, reads } from './read.js';
import { ArticleRef } from './refs.js';
import { runMutation } from './write-effects.js';

// Corrections, updates and clarifications: an append-only public record on the article
// (migration 20261203301000). Readers see them while they see the article; appending one is a
// substantive change, which moves the `updatedAt` readers see.

const ArticleCorrectionRef = builder.objectRef<ArticleCorrectionRow>('ArticleCorrection').implement({
  description: 'A correction, update or clarification appended to an article. Never edited or removed once appended.',
  fields: (t) => ({
    id: t.id({
      description: 'Global id of the note, for client caches.',
      extensions: reads(globalId('ArticleCorrection')),
      resolve: (row) => encodeGlobalID('ArticleCorrection', row.id),
    }),
    kind: t.field({
      type: ArticleCorrectionKindEnum,
      description: 'What the note tells readers.',
      extensions: reads(column('kind')),
      resolve: (row) => row.kind,
    }),
    text: t.exposeString('text', {
      description: `The note as readers see it, at most ${CORRECTION_MAX_CHARS} characters.`,
      extensions: { ...reads(column('text')), ...weighs(TEXT_WEIGHT.sentences) },
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was appended.',
      extensions: reads(column('created_at')),
      resolve: (row) => row.createdAt,
    }),
  }),
});

builder.objectFields(ArticleRef, (t) => ({
  corrections: t.field({
    type: [ArticleCorrectionRef],
    description: `Corrections, updates and clarifications appended to the article, oldest first (at most ${CORRECTIONS_PER_ARTICLE}). Append-only: show them all, as they were written.`,
    extensions: {
      ...reads(
        many((a, c) => ({
          from: sql`article_corrections ${c} where ${c}.article_id = ${a}.id`,
          order: correctionOrderSql(c.name),
        })),
      ),
      ...listsUpTo(CORRECTIONS_PER_ARTICLE),
    },
    resolve: (article, _args, ctx) => ctx.loaders.corrections.load(article.id),
  }),
}));

export function validCorrectionText(value: string, field: string): string {
  const text = value
    .trim()
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n');
  if (!text) throw new ValidationError(field, 'REQUIRED', 'The note must not be empty');
  if (text.length > CORRECTION_MAX_CHARS)
    throw new ValidationError(field, 'TOO_LONG', `A note is at most ${CORRECTION_MAX_CHARS} characters`);
  return text;
}

const AddArticleCorrectionInput = builder.inputType('AddArticleCorrectionInput', {
  description: 'A correction, update or clarification to append to an article.',
  fields: (t) => ({
    articleId: t.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
    kind: t.field({ type: ArticleCorrectionKindEnum, required: true, description: 'What the note tells readers.' }),
    text: t.string({ required: true, description: `The note: 1 to ${CORRECTION_MAX_CHARS} characters.` }),
    expectedVersion: t.int({
      required: false,
      description: 'When given, the write fails with a ConflictError if the article is at another version.',
    }),
  }),
});

builder.mutationFields((t) => ({
  addArticleCorrection: t.field({
    type: ArticleRef,
    description: `Appends a correction, update or clarification to an article (at most ${CORRECTIONS_PER_ARTICLE}: NOT_ALLOWED after that). It cannot be edited or removed afterwards; it is a substantive change, so readers see \`updatedAt\` move. Needs \`write:articles\`.`,
    authScopes: WRITE_ARTICLES,
    errors: resultNames('addArticleCorrection', 'article'),
    args: {
      input: t.arg({ type: AddArticleCorrectionInput, required: true, description: 'The article and the note.' }),
    },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const articleId = parseIdForWrite(input.articleId, 'Article', 'input.articleId');
        const text = validCorrectionText(input.text, 'input.text');
        const before = await lockReadable(
          trx,
          ctx,
          articleId,
          validVersion(input.expectedVersion, 'input.expectedVersion'),
          'input.articleId',
        );
        if ((await countCorrections(trx, articleId)) >= CORRECTIONS_PER_ARTICLE) {
          throw new ValidationError(
            'input.articleId',
            'NOT_ALLOWED',
            `The article already has ${CORRECTIONS_PER_ARTICLE} notes, the most one may carry`,
          );
        }
        await insertCorrection(trx, { articleId, kind: input.kind, text, createdBy: ctx.viewer.actor?.name ?? null });
        return applyChange(
          trx,
          ctx.viewer.actor,
          effects,
          before,
          'ADD_CORRECTION',
          { substantiveUpdatedAt: sql<Date>`now()` },
          [{ field: `corrections.${input.kind}`, from: null, to: text }],
        );
      }),
  }),
}));
