import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import { revisionSnapshot, validVersion } from '../content/editorial.js';
import { ConflictError, NotFoundError } from '../content/write-errors.js';
import { insertRevision, wasCreatedInEditor } from '../db/queries/article-revisions.js';
import {
  listTrashedArticles,
  lockTrashedArticle,
  type TrashedArticleRow,
  untrashArticle,
} from '../db/queries/articles.js';
import { versionArg, WRITE_ARTICLES } from './article-mutations.js';
import { parseIdForWrite, resultNames } from './mutation-errors.js';
import {
  connectionFromPage,
  decodeCursor,
  encodeCursor,
  forwardConnectionArgs,
  planPage,
  toPage,
} from './pagination.js';
import { executorOnly, reads } from './read.js';
import { ArticleRef } from './refs.js';
import { runMutation } from './write-effects.js';

// The trash: deleteArticle moves an article here (src/db/queries/articles.ts, the trash); editors list it and
// restoreArticle takes an article out; `npm run purge` removes what has been here longer than
// TRASH_RETENTION_DAYS. Nothing in the trash is readable anywhere else.

const EDITOR_ONLY = 'editors only (read:drafts): the fast path serves anonymous requests only';
const CURSOR_KIND = 'trash';

const TrashedArticleRef = builder.objectRef<TrashedArticleRow>('TrashedArticle').implement({
  description: 'An article in the trash: readable only here until it is restored (restoreArticle) or purged.',
  fields: (t) => ({
    id: t.id({
      description: 'Global id of the article (the same as `article.id`): give it to restoreArticle.',
      extensions: reads(executorOnly(EDITOR_ONLY)),
      resolve: (row) => encodeGlobalID('Article', row.id),
    }),
    article: t.field({
      type: ArticleRef,
      description: 'The article as it was when it was deleted (its `version` is what restoreArticle expects).',
      extensions: reads(executorOnly(EDITOR_ONLY)),
      resolve: (row) => row,
    }),
    deletedAt: t.field({
      type: 'DateTime',
      description: 'When it was moved to the trash.',
      extensions: reads(executorOnly(EDITOR_ONLY)),
      resolve: (row) => row.deletedAt,
    }),
    deletedBy: t.string({
      nullable: true,
      description: 'Name of the API token that deleted it.',
      extensions: reads(executorOnly(EDITOR_ONLY)),
      resolve: (row) => row.deletedBy,
    }),
  }),
});

const TrashedArticleConnection = builder.connectionObject(
  {
    type: TrashedArticleRef,
    name: 'TrashedArticleConnection',
    description: 'A page of the trash (a Relay connection), most recently deleted first.',
  },
  { name: 'TrashedArticleEdge', description: 'A trashed article in a page, with its cursor.' },
);

builder.queryFields((t) => ({
  trashedArticles: t.field({
    type: TrashedArticleConnection,
    description:
      'The trash: deleted articles, most recently deleted first, until they are restored or purged. `npm run purge` removes those deleted more than TRASH_RETENTION_DAYS ago. Pages forwards only (`first`/`after`). Needs `read:drafts`.',
    authScopes: { 'read:drafts': true },
    extensions: reads(executorOnly(EDITOR_ONLY)),
    args: { ...forwardConnectionArgs(t.arg.connectionArgs()) },
    resolve: async (_root, args, ctx) => {
      const plan = planPage(args);
      // The deletion time at microseconds, as stored (a cursor written at milliseconds still reads).
      const after = plan.from
        ? (decodeCursor(plan.from, CURSOR_KIND, ['timestamp', 'id']) as [Date | string, number])
        : undefined;
      const rows =
        plan.size === 0
          ? []
          : await listTrashedArticles(ctx.db, { after: after && { at: after[0], id: after[1] }, limit: plan.size + 1 });
      return connectionFromPage(toPage(plan, rows), (row) =>
        encodeCursor(CURSOR_KIND, [row.deletedAtKey, row.id]),
      ) as never;
    },
  }),
}));

builder.mutationFields((t) => ({
  restoreArticle: t.field({
    type: ArticleRef,
    description:
      'Takes a deleted article out of the trash, as it was (status, slug, text, mentions, summaries, corrections), at its next version; a revision (UNDELETE) records it. Needs `write:articles`; without `read:drafts` a token restores only articles it created.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('restoreArticle', 'article'),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the trashed article (`TrashedArticle.article.id`).' }),
      expectedVersion: versionArg(t as never),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Article', 'id');
        const expected = validVersion(args.expectedVersion);
        const trashed = await lockTrashedArticle(trx, id);
        const tokenId = ctx.viewer.actor?.tokenId;
        const allowed =
          trashed &&
          (ctx.visibility.includeHidden || (tokenId !== undefined && (await wasCreatedInEditor(trx, id, tokenId))));
        if (!trashed || !allowed) throw new NotFoundError('id', 'No article in the trash has this id');
        if (expected != null && expected !== trashed.version) throw new ConflictError(expected, trashed.version);
        const after = await untrashArticle(trx, id, ctx.viewer.actor?.name ?? null);
        await insertRevision(trx, {
          articleId: id,
          version: after.version,
          action: 'UNDELETE',
          actorTokenId: tokenId ?? null,
          actorName: ctx.viewer.actor?.name ?? 'system',
          changes: [{ field: 'deleted', from: trashed.deletedAt.toISOString(), to: null }],
          snapshot: await revisionSnapshot(trx, after),
        });
        effects.articleIds.add(id);
        effects.updated.push({ articleId: id, version: after.version, action: 'UNDELETE', deleted: false });
        return after;
      }),
  }),
}));
