import DataLoader from 'dataloader';
import { builder } from '../builder.js';
import { DEFAULT_EDITOR_LIST_SIZE } from '../config.js';
import type { Context } from '../context.js';
import { findRevisionsByArticleIds } from '../db/queries/article-revisions.js';
import type { ArticleRevisionRow, ArticleSnapshot, FieldChange } from '../db/tables.js';
import { REVISION_ACTIONS } from '../domain.js';
import { badInput } from '../errors.js';
import { TEXT_WEIGHT, weighs } from '../field-cost.js';
import { ArticleStatusEnum, described } from './enums.js';
import { column, executorOnly, need, reads } from './read.js';
import { ArticleRef } from './refs.js';

export const RevisionActionEnum = builder.enumType('ArticleRevisionAction', {
  description: 'What a revision did to the article.',
  values: described(REVISION_ACTIONS, {
    CREATE: 'Created in the editorial API (createArticle).',
    IMPORT: 'Created or replaced by the importer (`npm run import`), its byline and tags included.',
    UPDATE: 'Editorial fields changed (updateArticle; or its section, by deleteSection with `moveArticlesTo`).',
    PUBLISH: 'Published now (publishArticle).',
    SCHEDULE: 'Published with a future time (publishArticle with `at`).',
    UNPUBLISH: 'Taken back to DRAFT (unpublishArticle).',
    ARCHIVE: 'Archived (archiveArticle).',
    SET_SUMMARY: 'An editorial summary set (setArticleSummary).',
    CLEAR_SUMMARY: 'An editorial summary removed (clearArticleSummary).',
    ADD_ENTITY: 'An entity linked by an editor (addArticleEntity).',
    REMOVE_ENTITY: 'An entity unlinked by an editor (removeArticleEntity).',
    SET_BYLINES: 'The byline changed (setArticleBylines); `bylines` holds it before and after.',
    SET_TAGS:
      'The tags changed (setArticleTags, or mergeTags and deleteTag for every article they touch); `tags` holds their slugs before and after.',
    RESTORE: 'An earlier revision brought back (restoreArticleRevision).',
    DELETE: 'Moved to the trash (deleteArticle); the snapshot keeps its text.',
    SET_IMAGES: 'The lead, social or body images changed (setArticleLeadImage, setArticleImages).',
    UNDELETE: 'Taken out of the trash (restoreArticle).',
    PURGE: 'Removed from the trash for good (`npm run purge`): the only revision left, with its slug and no text.',
    ADD_CORRECTION: 'A correction, update or clarification appended (addArticleCorrection).',
  }),
});

/** The most revisions one `revisions(first:)` returns. */
const MAX_REVISIONS = 200;

const FieldChangeRef = builder.objectRef<FieldChange>('FieldChange').implement({
  description: 'One field a revision changed, with its value before and after (null when absent).',
  fields: (t) => ({
    field: t.exposeString('field', {
      description:
        'An article field (title, body, status, language, externalId…), `summary.<LENGTH>`, `entities`, `bylines`, `tags`, `restoredFrom`, `deleted` (moved to or out of the trash), `corrections.<KIND>` (a note appended), `translationOf` / `translationGroup`, or `substantive` (the edit was marked substantive).',
    }),
    // Most changes are of short fields (a title, a status); a body's whole text is bounded by the
    // size of the answer (LIMIT_RESPONSE_BYTES), not weighed as every change were one.
    from: t.exposeString('from', {
      nullable: true,
      description: 'The value before the change, as text; null when there was none.',
      extensions: weighs(TEXT_WEIGHT.sentences),
    }),
    to: t.exposeString('to', {
      nullable: true,
      description: 'The value after the change, as text; null when it was removed.',
      extensions: weighs(TEXT_WEIGHT.sentences),
    }),
  }),
});

const ArticleSnapshotRef = builder.objectRef<ArticleSnapshot>('ArticleSnapshot').implement({
  description: 'The editorial fields of an article as a revision left them.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'The article’s slug then.' }),
    title: t.exposeString('title', { description: 'The headline then.' }),
    standfirst: t.exposeString('standfirst', { nullable: true, description: 'The sentence under the headline then.' }),
    body: t.exposeString('body', {
      description: 'The body text then: paragraphs separated by one blank line.',
      extensions: weighs(TEXT_WEIGHT.body),
    }),
    status: t.field({
      type: ArticleStatusEnum,
      description: 'The stored status then (SCHEDULED stays SCHEDULED here after its time).',
      resolve: (s) => s.status,
    }),
    publishedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'The publication time then; null for a draft.',
      resolve: (s) => (s.publishedAt ? new Date(s.publishedAt) : null),
    }),
  }),
});

const ArticleRevisionRef = builder.objectRef<ArticleRevisionRow>('ArticleRevision').implement({
  description: 'One change to an article: who made it, when, and what changed.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'The article version this change produced.' }),
    action: t.field({
      type: RevisionActionEnum,
      description: 'What the change did.',
      resolve: (r) => r.action,
    }),
    actorName: t.exposeString('actorName', { description: 'Name of the API token that made the change.' }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When the change was committed.',
      resolve: (r) => r.createdAt,
    }),
    changes: t.field({
      type: [FieldChangeRef],
      description: 'Each field the change touched, with its value before and after.',
      resolve: (r) => r.changes,
    }),
    snapshot: t.field({
      type: ArticleSnapshotRef,
      description: 'The editorial fields as they were right after the change.',
      resolve: (r) => r.snapshot,
    }),
  }),
});

// Per request like every other loader; kept beside the field it serves.
const revisionLoaders = new WeakMap<Context['loaders'], DataLoader<number, ArticleRevisionRow[]>>();
function revisionLoader(ctx: Context): DataLoader<number, ArticleRevisionRow[]> {
  let loader = revisionLoaders.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const rows = await findRevisionsByArticleIds(ctx.db, ids);
      return ids.map((id) => rows.filter((r) => r.articleId === id));
    });
    revisionLoaders.set(ctx.loaders, loader);
  }
  return loader;
}

builder.objectFields(ArticleRef, (t) => ({
  version: t.exposeInt('version', {
    description: 'Goes up by one with every change; send it back as `expectedVersion` when writing.',
    extensions: reads(column('version')),
  }),
  revisions: t.field({
    extensions: reads(
      executorOnly('needs the read:drafts scope, which the fast path never serves (anonymous requests only)'),
      { id: need('id') },
    ),
    type: [ArticleRevisionRef],
    nullable: true,
    description: 'The change history, newest first. Needs `read:drafts`.',
    authScopes: { 'read:drafts': true },
    args: {
      first: t.arg.int({
        required: true,
        defaultValue: DEFAULT_EDITOR_LIST_SIZE,
        description: `1 to ${MAX_REVISIONS}.`,
      }),
    },
    resolve: async (article, { first }, ctx) => {
      if (first < 1 || first > MAX_REVISIONS) throw badInput(`\`first\` must be from 1 to ${MAX_REVISIONS}`, 'first');
      return (await revisionLoader(ctx).load(article.id)).slice(0, first);
    },
  }),
}));
