import { builder } from '../builder.js';
import { applyChange, validVersion } from '../content/editorial.js';
import { NotFoundError, ValidationError } from '../content/write-errors.js';
import { joinTranslationGroup, leaveTranslationGroup } from '../db/queries/articles.js';
import { lockReadable, versionArg, WRITE_ARTICLES } from './article-mutations.js';
import { parseIdForWrite, resultNames } from './mutation-errors.js';
import { ArticleRef } from './refs.js';
import { runMutation } from './write-effects.js';

// Translation groups: versions of one story in other languages (Article.translations). Linking
// puts an article in the group of another (starting one when it has none); one article per
// language in a group.

builder.mutationFields((t) => ({
  linkArticleTranslation: t.field({
    type: ArticleRef,
    description:
      'Makes `id` a translation of `translationOf`: both are then in one translation group (`Article.translations`). A group holds one article per language (TAKEN); an article already in another group leaves it. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('linkArticleTranslation', 'article'),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the translation (`Article.id`).' }),
      translationOf: t.arg.id({
        required: true,
        description: 'Global id of an article in the group to join (`Article.id`).',
      }),
      expectedVersion: versionArg(t as never),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Article', 'id');
        const otherId = parseIdForWrite(args.translationOf, 'Article', 'translationOf');
        if (id === otherId)
          throw new ValidationError('translationOf', 'NOT_ALLOWED', 'An article is not a translation of itself');
        const before = await lockReadable(trx, ctx, id, validVersion(args.expectedVersion));
        const other = await lockReadable(trx, ctx, otherId, undefined, 'translationOf').catch((error: unknown) => {
          throw error instanceof NotFoundError ? new NotFoundError('translationOf', 'No article has this id') : error;
        });
        const problem = await joinTranslationGroup(trx, id, otherId);
        if (problem) throw new ValidationError('translationOf', 'TAKEN', `Cannot link: ${problem}`);
        effects.articleIds.add(otherId);
        return applyChange(trx, ctx.viewer.actor, effects, before, 'UPDATE', {}, [
          { field: 'translationOf', from: null, to: other.slug },
        ]);
      }),
  }),

  unlinkArticleTranslation: t.field({
    type: ArticleRef,
    description:
      'Takes an article out of its translation group; the others stay linked. NOT_ALLOWED when it is in none. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('unlinkArticleTranslation', 'article'),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
      expectedVersion: versionArg(t as never),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Article', 'id');
        const before = await lockReadable(trx, ctx, id, validVersion(args.expectedVersion));
        if (before.translationGroup === null)
          throw new ValidationError('id', 'NOT_ALLOWED', 'The article has no translations');
        await leaveTranslationGroup(trx, id);
        return applyChange(trx, ctx.viewer.actor, effects, before, 'UPDATE', {}, [
          { field: 'translationGroup', from: String(before.translationGroup), to: null },
        ]);
      }),
  }),
}));
