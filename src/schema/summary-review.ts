import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import { DEFAULT_EDITOR_LIST_SIZE, MAX_PAGE_SIZE } from '../config.js';
import { applyChange, validSummaryText, validVersion } from '../content/editorial.js';
import { SUMMARY_PROMPT_VERSION } from '../content/summary-model.js';
import { NotFoundError, ValidationError } from '../content/write-errors.js';
import type { Context } from '../context.js';
import type { Db } from '../db/database.js';
import { findEditorialSummary, findSummary, upsertGeneratedSummaries, upsertSummary } from '../db/queries/summaries.js';
import {
  listPendingModelRuns,
  lockModelRun,
  type PendingModelRun,
  setModelRunState,
} from '../db/queries/summary-model-runs.js';
import type { SummaryModelRunRow } from '../db/tables.js';
import { badInput } from '../errors.js';
import { bodyHash } from '../text/text.js';
import { lockReadable, versionArg, WRITE_ARTICLES } from './article-mutations.js';
import { SummaryLengthEnum } from './enums.js';
import { parseIdForWrite, resultNames } from './mutation-errors.js';
import { executorOnly, reads } from './read.js';
import { ArticleRef } from './refs.js';
import { runMutation } from './write-effects.js';

// SUMMARY_REVIEW=required: a model summary waits here until an editor approves it (the public gets
// it), edits it (it becomes the EDITORIAL summary) or rejects it (the extractive one stays). Until
// then the public gets the extractive summary, stored by the generator (src/content/summary-cache.ts).

const PENDING_TYPENAME = 'PendingSummary';
const EDITOR_ONLY = 'editors only (read:drafts): the fast path serves anonymous requests only';

const PendingSummaryRef = builder.objectRef<PendingModelRun>(PENDING_TYPENAME).implement({
  description:
    'A summary a language model wrote that waits for an editor (SUMMARY_REVIEW=required): the public sees the extractive summary until it is approved.',
  fields: (t) => ({
    id: t.id({
      description: 'Global id: give it to approveModelSummary, editModelSummary or rejectModelSummary.',
      extensions: reads(executorOnly(EDITOR_ONLY)),
      resolve: (run) => encodeGlobalID(PENDING_TYPENAME, run.id),
    }),
    article: t.field({
      type: ArticleRef,
      description: 'The article it summarises.',
      extensions: reads(executorOnly(EDITOR_ONLY)),
      resolve: async (run, _args, ctx) => (await ctx.loaders.article.load(run.articleId))!,
    }),
    length: t.field({
      type: SummaryLengthEnum,
      description: 'Which of the article’s summaries it is.',
      extensions: reads(executorOnly(EDITOR_ONLY)),
      resolve: (run) => run.length,
    }),
    text: t.string({
      description: 'The model’s summary. It passed the faithfulness guard.',
      extensions: reads(executorOnly(EDITOR_ONLY)),
      resolve: (run) => run.text ?? '',
    }),
    model: t.exposeString('model', {
      description: 'The model that wrote it.',
      extensions: reads(executorOnly(EDITOR_ONLY)),
    }),
    promptVersion: t.exposeString('promptVersion', {
      description: 'The version of Broadsheet’s prompt it was written from.',
      extensions: reads(executorOnly(EDITOR_ONLY)),
    }),
    generatedAt: t.field({
      type: 'DateTime',
      description: 'When the model answered.',
      extensions: reads(executorOnly(EDITOR_ONLY)),
      resolve: (run) => run.finishedAt!,
    }),
  }),
});

builder.queryFields((t) => ({
  pendingSummaries: t.field({
    type: [PendingSummaryRef],
    description:
      'Model summaries waiting for an editor under SUMMARY_REVIEW=required, oldest first: of the configured model and prompt version, for their article’s current body. Empty without a model. Needs `read:drafts`.',
    authScopes: { 'read:drafts': true },
    extensions: reads(executorOnly(EDITOR_ONLY)),
    args: {
      first: t.arg.int({
        required: true,
        defaultValue: DEFAULT_EDITOR_LIST_SIZE,
        description: `1 to ${MAX_PAGE_SIZE}.`,
      }),
    },
    resolve: async (_root, { first }, ctx) => {
      if (first < 1 || first > MAX_PAGE_SIZE) throw badInput(`\`first\` must be from 1 to ${MAX_PAGE_SIZE}`, 'first');
      const model = ctx.summaryModel?.config.model;
      return model ? listPendingModelRuns(ctx.db, { model, promptVersion: SUMMARY_PROMPT_VERSION }, first) : [];
    },
  }),
}));

/**
 * The pending run a review names, locked, with its article locked and checked as every article
 * write checks it. A run that is not pending, or that no longer fits the article (a changed body)
 * or the server (another model or prompt version), cannot be reviewed.
 */
async function lockPending(trx: Db, ctx: Context, id: string, expectedVersion: number | null | undefined) {
  const runId = parseIdForWrite(id, PENDING_TYPENAME, 'id');
  const run = await lockModelRun(trx, runId);
  if (!run) throw new NotFoundError('id', 'No model summary has this id');
  const article = await lockReadable(trx, ctx, run.articleId, validVersion(expectedVersion));
  if (run.state !== 'PENDING_REVIEW')
    throw new ValidationError('id', 'NOT_ALLOWED', `This model summary is not waiting for review (it is ${run.state})`);
  if (bodyHash(article.body) !== run.bodyHash) {
    throw new ValidationError(
      'id',
      'NOT_ALLOWED',
      'The article’s body changed after the model wrote this summary: the new body gets a summary of its own',
    );
  }
  const config = ctx.summaryModel?.config;
  if (!config || run.model !== config.model || run.promptVersion !== SUMMARY_PROMPT_VERSION) {
    throw new ValidationError(
      'id',
      'NOT_ALLOWED',
      'This summary was written by another model or prompt version than the server now uses',
    );
  }
  return { run: run as SummaryModelRunRow & { text: string }, article };
}

const reviewArgs = (t: Parameters<Parameters<typeof builder.mutationFields>[0]>[0]) => ({
  id: t.arg.id({ required: true, description: 'Global id of the pending summary (`PendingSummary.id`).' }),
  expectedVersion: versionArg(t as never),
});

builder.mutationFields((t) => ({
  approveModelSummary: t.field({
    type: ArticleRef,
    description:
      'Publishes a pending model summary: the public gets it (method MODEL) in place of the extractive one. An editorial summary of the same length still wins: clear it first (ValidationError NOT_ALLOWED otherwise). Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('approveModelSummary', 'article'),
    args: reviewArgs(t),
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const { run, article } = await lockPending(trx, ctx, args.id, args.expectedVersion);
        if (await findEditorialSummary(trx, run.articleId, run.length)) {
          throw new ValidationError(
            'id',
            'NOT_ALLOWED',
            `The article has an editorial ${run.length} summary, which wins over this one: clear it first`,
          );
        }
        const previous = await findSummary(trx, run.articleId, run.length);
        await upsertGeneratedSummaries(trx, [
          {
            articleId: run.articleId,
            length: run.length,
            text: run.text,
            bodyHash: run.bodyHash,
            method: 'MODEL',
            model: run.model,
            promptVersion: run.promptVersion,
            generator: ctx.summaryGenerator,
          },
        ]);
        await setModelRunState(trx, run.id, 'APPROVED');
        return applyChange(trx, ctx.viewer.actor, effects, article, 'SET_SUMMARY', {}, [
          { field: `summary.${run.length}`, from: previous?.text ?? null, to: run.text },
        ]);
      }),
  }),

  editModelSummary: t.field({
    type: ArticleRef,
    description:
      'Publishes an editor’s version of a pending model summary: it becomes the EDITORIAL summary of its length (replacing one already there). Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('editModelSummary', 'article'),
    args: {
      ...reviewArgs(t),
      text: t.arg.string({ required: true, description: 'The edited summary, as setArticleSummary takes it.' }),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const text = validSummaryText(args.text, 'text');
        const { run, article } = await lockPending(trx, ctx, args.id, args.expectedVersion);
        const previous = await findSummary(trx, run.articleId, run.length);
        await upsertSummary(trx, {
          articleId: run.articleId,
          length: run.length,
          text,
          method: 'EDITORIAL',
          bodyHash: run.bodyHash,
        });
        await setModelRunState(trx, run.id, 'EDITED');
        return applyChange(trx, ctx.viewer.actor, effects, article, 'SET_SUMMARY', {}, [
          { field: `summary.${run.length}`, from: previous?.text ?? null, to: text },
        ]);
      }),
  }),

  rejectModelSummary: t.field({
    type: ArticleRef,
    description:
      'Rejects a pending model summary: the public keeps the extractive one, and the model is not asked again for this body. The article itself does not change. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('rejectModelSummary', 'article'),
    args: reviewArgs(t),
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx) => {
        const { run, article } = await lockPending(trx, ctx, args.id, args.expectedVersion);
        await setModelRunState(trx, run.id, 'REJECTED');
        return article;
      }),
  }),
}));
