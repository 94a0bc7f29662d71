import { filter, pipe } from 'graphql-yoga';
import { whileTokenActive } from '../auth/tokens.js';
import { builder } from '../builder.js';
import { type Context, createLoaders } from '../context.js';
import type { ArticleRow } from '../db/tables.js';
import { BroadsheetError, badInput, ErrorCode, quoteInput } from '../errors.js';
import { parseGlobalId } from './ids.js';
import { ArticleRef } from './refs.js';

/**
 * A subscription's context lives as long as the subscription: each event is resolved with fresh
 * loaders, or it would show the article as it was at the first event.
 */
async function freshArticle(ctx: Context, articleId: number): Promise<ArticleRow | null> {
  ctx.loaders = createLoaders(ctx.db, ctx.visibility);
  return ctx.loaders.article.load(articleId);
}

builder.subscriptionFields((t) => ({
  articlePublished: t.field({
    type: ArticleRef,
    description:
      'Each article as it becomes visible to the public: published now, or scheduled and its time come. Optionally only those of one section.',
    args: {
      section: t.arg.string({
        required: false,
        description: 'Slug of a section; BAD_USER_INPUT when no section has it.',
      }),
    },
    subscribe: async (_root, { section }, ctx) => {
      let sectionId: number | undefined;
      if (section != null) {
        const found = await ctx.loaders.sectionBySlug.load(section);
        if (!found) throw badInput(`No section has the slug ${quoteInput(section)}`, 'section');
        sectionId = found.id;
      }
      const events = ctx.events.subscribe('article:published');
      return whileTokenActive(
        ctx.db,
        ctx.viewer,
        sectionId === undefined
          ? events
          : pipe(
              events,
              filter((event) => event.sectionId === sectionId),
            ),
      );
    },
    resolve: async (event, _args, ctx) => {
      const article = await freshArticle(ctx, event.articleId);
      if (!article)
        throw new BroadsheetError(
          ErrorCode.NOT_FOUND,
          'The article was unpublished or deleted before it could be sent',
        );
      return article;
    },
  }),
  articleUpdated: t.field({
    type: ArticleRef,
    nullable: true,
    description:
      'The article after each change to it. Null when it was deleted or is no longer visible to you. Drafts need `read:drafts`.',
    args: {
      id: t.arg.id({
        required: true,
        description: 'Global id of the article (`Article.id`); NOT_FOUND when it is not visible to you.',
      }),
    },
    subscribe: async (_root, { id }, ctx) => {
      const articleId = parseGlobalId(String(id), 'Article');
      // Unknown and hidden look the same, so a subscription cannot probe for drafts.
      if (!(await ctx.loaders.article.load(articleId))) {
        throw new BroadsheetError(ErrorCode.NOT_FOUND, 'No article with this id is visible to you', { argument: 'id' });
      }
      return whileTokenActive(ctx.db, ctx.viewer, ctx.events.subscribe('article:updated', articleId));
    },
    resolve: async (event, _args, ctx) => (event.deleted ? null : freshArticle(ctx, event.articleId)),
  }),
}));
