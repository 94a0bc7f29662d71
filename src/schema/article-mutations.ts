import { sql } from 'kysely';
import { authScopesFor } from '../auth/scopes.js';
import { builder } from '../builder.js';
import { afterArticleWrite } from '../content/after-write.js';
import {
  applyChange,
  deletionRevision,
  diffSnapshots,
  isPubliclyVisible,
  listChanges,
  lockForWrite,
  type PublicationRules,
  recordRevision,
  snapshotOf,
  validBody,
  validExternalId,
  validLanguage,
  validPublicationTime,
  validSlug,
  validStandfirst,
  validSummaryText,
  validTitle,
  validVersion,
} from '../content/editorial.js';
import { locateNamedEntities } from '../content/mentions.js';
import { validCanonicalUrl, validMetaDescription, validMetaTitle } from '../content/seo.js';
import { ConflictError, NotFoundError, ValidationError } from '../content/write-errors.js';
import type { Context } from '../context.js';
import type { Db } from '../db/database.js';
import {
  deleteMention,
  excludeEntityFromArticle,
  findMention,
  includeEntityInArticle,
  upsertEditorialMention,
} from '../db/queries/article-entities.js';
import {
  findRevision,
  findSnapshotLists,
  insertRevision,
  wasCreatedInEditor,
} from '../db/queries/article-revisions.js';
import {
  type ArticleChangeValues,
  firstFreeSlug,
  insertArticle,
  isArticleSlugTaken,
  isExternalIdTaken,
  isTranslationLanguageTaken,
  type LockedArticle,
  trashArticle,
} from '../db/queries/articles.js';
import { lockAuthors, replaceBylines } from '../db/queries/authors.js';
import { lockEntities, upsertEntity, writableEntityIds } from '../db/queries/entities.js';
import { existingImageIds } from '../db/queries/images.js';
import { EVERY_SECTION, findSectionsByIds, findSectionsBySlugs } from '../db/queries/sections.js';
import { deleteEditorialSummary, findEditorialSummary, upsertSummary } from '../db/queries/summaries.js';
import { lockTags, replaceArticleTags } from '../db/queries/tags.js';
import type { EntityRow, FieldChange } from '../db/tables.js';
import { quoteInput } from '../errors.js';
import { SUMMARY_MAX_CHARS } from '../text/summarize.js';
import { bodyHash, countWords, entitySlug, slugify } from '../text/text.js';
import { EntityKindEnum, SummaryLengthEnum } from './enums.js';
import { checkAltText } from './image.js';
import { parseIdForWrite, resultNames } from './mutation-errors.js';
import { ArticleRef } from './refs.js';
import { runMutation } from './write-effects.js';

export const WRITE_ARTICLES = { 'write:articles': true } as const;

/** What this viewer may ask of a publication time (validPublicationTime). */
function publicationRules(ctx: Context): PublicationRules {
  return {
    mayBackdate: authScopesFor(ctx.viewer.scopes)['publish:backdate'],
    maxDaysAhead: ctx.editorial.publishMaxDaysAhead,
  };
}

async function sectionIdFor(trx: Db, slug: string | null, field: string): Promise<number | null> {
  if (slug === null) return null;
  const [section] = await findSectionsBySlugs(trx, [slug.trim()], EVERY_SECTION);
  if (!section) throw new NotFoundError(field, `No section has the slug ${quoteInput(slug)}`);
  return section.id;
}

async function freeSlugFrom(trx: Db, title: string, field: string): Promise<string> {
  const base = slugify(title) || 'article';
  const free = await firstFreeSlug(trx, base, 50);
  if (!free) throw new ValidationError(field, 'TAKEN', `No free slug near ${quoteInput(base)}: give one`);
  return free;
}

/**
 * Locks an article the viewer addresses by id. What a viewer may not read it may not write either:
 * without `read:drafts`, a hidden article (a draft, an archived one, a scheduled one not yet due)
 * that another token created is "not found", before its version is compared, exactly as an unknown
 * id. So a mutation's payload never shows more than its viewer can read or wrote itself, and a
 * write cannot probe for other people's drafts (a ConflictError would tell their versions). A token
 * keeps its own drafts: a wire feed with `write:articles` alone creates, edits and publishes them.
 */
export async function lockReadable(
  trx: Db,
  ctx: Context,
  id: number,
  expectedVersion: number | null | undefined,
  field = 'id',
): Promise<LockedArticle> {
  const article = await lockForWrite(trx, id, undefined, field);
  if (!ctx.visibility.includeHidden && !isPubliclyVisible(article)) {
    const tokenId = ctx.viewer.actor?.tokenId;
    if (tokenId === undefined || !(await wasCreatedInEditor(trx, id, tokenId)))
      throw new NotFoundError(field, 'No article has this id');
  }
  if (expectedVersion != null && expectedVersion !== article.version)
    throw new ConflictError(expectedVersion, article.version);
  return article;
}

/** The search and sharing fields, the same on createArticle and updateArticle (checked by src/content/seo.ts). */
function seoInputFields(t: PothosSchemaTypes.InputFieldBuilder<BuilderTypes, 'InputObject'>) {
  return {
    metaTitle: t.string({
      required: false,
      description: 'Title for search results and shares, at most 200 characters; the headline when null.',
    }),
    metaDescription: t.string({
      required: false,
      description: 'Description for search results and shares, at most 500 characters; the standfirst when null.',
    }),
    canonicalUrl: t.string({
      required: false,
      description:
        'Absolute http(s) URL of the canonical copy (syndicated articles), no credentials or fragment; null: this article is canonical.',
    }),
    noindex: t.boolean({
      required: false,
      description: 'Ask search engines not to index the article (robots noindex).',
    }),
  };
}

type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

const CreateArticleInput = builder.inputType('CreateArticleInput', {
  description: 'A new article. It starts as a DRAFT (publish it with publishArticle), unless `publishedAt` is given.',
  fields: (t) => ({
    externalId: t.string({
      required: false,
      description:
        'Its id in another system (a wire, the previous CMS), at most 200 characters and unique (TAKEN): an import with the same `externalId` updates this article.',
    }),
    language: t.string({
      required: false,
      description:
        'Its language, a BCP 47 tag (en, en-GB, fr…; INVALID_FORMAT otherwise); DEFAULT_LANGUAGE when left out.',
    }),
    publishedAt: t.field({
      type: 'DateTime',
      required: false,
      description:
        'Creates the article published at this time: PUBLISHED when it is now or past, SCHEDULED when it is ahead (at most PUBLISH_MAX_DAYS_AHEAD days: OUT_OF_RANGE). A time more than 5 minutes in the past (backdating) needs `publish:backdate` (NOT_ALLOWED without).',
    }),
    title: t.string({ required: true, description: '1 to 500 characters.' }),
    body: t.string({ required: true, description: 'Paragraphs separated by a blank line; at most 500000 characters.' }),
    slug: t.string({
      required: false,
      description:
        'Lower-case words joined by hyphens, at most 120 characters, unique (TAKEN); made from the title when left out.',
    }),
    standfirst: t.string({ required: false, description: 'At most 1000 characters.' }),
    section: t.string({ required: false, description: 'Slug of an existing section (NotFoundError otherwise).' }),
    ...seoInputFields(t),
  }),
});

const UpdateArticleInput = builder.inputType('UpdateArticleInput', {
  description: 'Only the fields given change; `standfirst: null` or `section: null` clears them.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
    expectedVersion: t.int({
      required: true,
      description: 'The `version` the client last read; a stale one gets a ConflictError.',
    }),
    title: t.string({ required: false, description: 'The new headline: 1 to 500 characters.' }),
    body: t.string({
      required: false,
      description: 'The new body: paragraphs separated by a blank line; at most 500000 characters.',
    }),
    slug: t.string({
      required: false,
      description:
        'A new slug: lower-case words joined by hyphens, at most 120 characters, unique (TAKEN). Clients should redirect from the old one.',
    }),
    standfirst: t.string({
      required: false,
      description: 'The new standfirst: at most 1000 characters; null removes it.',
    }),
    section: t.string({
      required: false,
      description:
        'Slug of the new section (NotFoundError when none has it); null takes the article out of its section.',
    }),
    ...seoInputFields(t),
    language: t.string({
      required: false,
      description:
        'Its language, a BCP 47 tag (INVALID_FORMAT otherwise; TAKEN when its translation group already has an article in it).',
    }),
    substantive: t.boolean({
      required: false,
      defaultValue: false,
      description:
        'Whether readers should be told the article changed: true moves the `updatedAt` they see (a new development, a changed fact). Leave it false for typo fixes and style edits, which only move `modifiedAt`. An appended correction or update (addArticleCorrection) is substantive by itself.',
    }),
  }),
});

const AddArticleEntityInput = builder.inputType('AddArticleEntityInput', {
  description: 'An existing entity by `entityId`, or a new (or existing, by slug) one by `name` and `kind`.',
  fields: (t) => ({
    articleId: t.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
    entityId: t.id({
      required: false,
      description: 'Global id of an existing entity (`Entity.id`); leave out `name` and `kind` with it.',
    }),
    name: t.string({
      required: false,
      description:
        'Name of the entity, at most 200 characters: an existing entity with the same slug is reused, otherwise one is created. Needs `kind`.',
    }),
    kind: t.field({ type: EntityKindEnum, required: false, description: 'Kind of the entity named by `name`.' }),
    expectedVersion: t.int({
      required: false,
      description: 'When given, the write fails with a ConflictError if the article is at another version.',
    }),
  }),
});

export const versionArg = (t: { arg: { int: (o: { required: false; description: string }) => never } }) =>
  t.arg.int({
    required: false,
    description: 'When given, the write fails with a ConflictError if the article is at another version.',
  });

builder.mutationFields((t) => ({
  createArticle: t.field({
    type: ArticleRef,
    description:
      'Creates an article: a DRAFT, or published or scheduled at `publishedAt`. Needs `write:articles` (and `publish:backdate` for a past `publishedAt`).',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('createArticle', 'article', [ValidationError, NotFoundError]),
    args: { input: t.arg({ type: CreateArticleInput, required: true, description: 'The new article.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const title = validTitle(input.title, 'input.title');
        const body = validBody(input.body, 'input.body');
        const standfirst = validStandfirst(input.standfirst, 'input.standfirst');
        let slug: string;
        if (input.slug != null) {
          slug = validSlug(input.slug, 'input.slug');
          if (await isArticleSlugTaken(trx, slug))
            throw new ValidationError('input.slug', 'TAKEN', `Another article has the slug ${quoteInput(slug)}`);
        } else {
          slug = await freeSlugFrom(trx, title, 'input.slug');
        }
        const sectionId = await sectionIdFor(trx, input.section ?? null, 'input.section');
        const externalId = input.externalId == null ? null : validExternalId(input.externalId, 'input.externalId');
        if (externalId !== null && (await isExternalIdTaken(trx, externalId))) {
          throw new ValidationError(
            'input.externalId',
            'TAKEN',
            `Another article has the external id ${quoteInput(externalId)}`,
          );
        }
        const now = new Date();
        const publishedAt =
          input.publishedAt == null
            ? null
            : validPublicationTime(input.publishedAt, now, publicationRules(ctx), 'input.publishedAt');
        const scheduled = publishedAt !== null && publishedAt > now;
        const publication = {
          externalId,
          status:
            publishedAt === null ? ('DRAFT' as const) : scheduled ? ('SCHEDULED' as const) : ('PUBLISHED' as const),
          publishedAt,
          // Announced now when it goes live now; the scheduler announces a scheduled one when due.
          publishedEventAt: publishedAt !== null && !scheduled ? now : null,
        };
        const language =
          input.language == null ? ctx.editorial.defaultLanguage : validLanguage(input.language, 'input.language');
        const article = await insertArticle(trx, {
          slug,
          title,
          standfirst,
          body,
          sectionId,
          wordCount: countWords(body),
          updatedBy: ctx.viewer.actor?.name ?? null,
          language,
          ...publication,
          ...seoValues(input),
        });
        await afterArticleWrite(trx, article.id);
        const changes = diffSnapshots(null, snapshotOf(article));
        if (externalId !== null) changes.push({ field: 'externalId', from: null, to: externalId });
        // The language is recorded when the client chose it; otherwise it is the server's default.
        if (input.language != null) changes.push({ field: 'language', from: null, to: language });
        await recordRevision(trx, ctx.viewer.actor, effects, 'CREATE', article, changes);
        if (publication.publishedEventAt)
          effects.published.push({ articleId: article.id, sectionId: article.sectionId, version: article.version });
        return article;
      }),
  }),

  updateArticle: t.field({
    type: ArticleRef,
    description: 'Changes some editorial fields of an article. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('updateArticle', 'article'),
    args: {
      input: t.arg({
        type: UpdateArticleInput,
        required: true,
        description: 'The article, its expected version and the fields to change.',
      }),
    },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const id = parseIdForWrite(input.id, 'Article', 'input.id');
        const expectedVersion = validVersion(input.expectedVersion, 'input.expectedVersion');
        const values: ArticleChangeValues = {};
        if (input.title !== undefined) values.title = validTitle(input.title, 'input.title');
        if (input.body !== undefined) values.body = validBody(input.body, 'input.body');
        if (input.standfirst !== undefined) values.standfirst = validStandfirst(input.standfirst, 'input.standfirst');
        if (input.slug !== undefined) values.slug = validSlug(input.slug, 'input.slug');
        Object.assign(values, seoValues(input));
        const before = await lockReadable(trx, ctx, id, expectedVersion, 'input.id');
        if (
          values.slug !== undefined &&
          values.slug !== before.slug &&
          (await isArticleSlugTaken(trx, values.slug, id))
        ) {
          throw new ValidationError('input.slug', 'TAKEN', `Another article has the slug ${quoteInput(values.slug)}`);
        }
        if (input.section !== undefined) values.sectionId = await sectionIdFor(trx, input.section, 'input.section');
        if (values.body !== undefined) values.wordCount = countWords(values.body);
        const extra: FieldChange[] = [];
        if (input.language != null) {
          const language = validLanguage(input.language, 'input.language');
          if (language !== before.language) {
            if (
              before.translationGroup !== null &&
              (await isTranslationLanguageTaken(trx, before.translationGroup, language, id))
            ) {
              throw new ValidationError(
                'input.language',
                'TAKEN',
                `The article's translation group already has an article in ${language}`,
              );
            }
            values.language = language;
            extra.push({ field: 'language', from: before.language, to: language });
          }
        }
        const changed = diffSnapshots(snapshotOf(before), {
          ...snapshotOf(before),
          ...withoutUndefined(values),
        } as never);
        if (changed.length === 0 && extra.length === 0) return before;
        if (input.substantive) {
          values.substantiveUpdatedAt = sql<Date>`now()`;
          extra.push({ field: 'substantive', from: null, to: 'true' });
        }
        return applyChange(trx, ctx.viewer.actor, effects, before, 'UPDATE', values, extra);
      }),
  }),

  publishArticle: t.field({
    type: ArticleRef,
    description:
      'Publishes an article now, or at `at`: a time in the future makes it SCHEDULED, and it becomes visible by itself when the time comes (at most PUBLISH_MAX_DAYS_AHEAD days ahead: OUT_OF_RANGE). Needs `write:articles`, and `publish:backdate` for a time more than 5 minutes past (NOT_ALLOWED without).',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('publishArticle', 'article'),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
      at: t.arg({ type: 'DateTime', required: false, description: 'When the article goes live; now when left out.' }),
      expectedVersion: versionArg(t as never),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Article', 'id');
        const now = new Date();
        // The same dates the importer takes (src/content/dates.ts), an archive's 1851 too, with
        // `publish:backdate` for the past and at most PUBLISH_MAX_DAYS_AHEAD ahead.
        const at = args.at == null ? now : validPublicationTime(args.at, now, publicationRules(ctx), 'at');
        const before = await lockReadable(trx, ctx, id, validVersion(args.expectedVersion));
        await checkAltText(ctx, trx, before, 'id');
        const scheduled = at > now;
        const wasVisible = isPubliclyVisible(before, now);
        const values: ArticleChangeValues = {
          status: scheduled ? 'SCHEDULED' : 'PUBLISHED',
          publishedAt: at,
          // Announced now when it goes live now; the scheduler announces a scheduled one when due.
          publishedEventAt: scheduled ? null : wasVisible ? before.publishedEventAt : now,
        };
        const after = await applyChange(
          trx,
          ctx.viewer.actor,
          effects,
          before,
          scheduled ? 'SCHEDULE' : 'PUBLISH',
          values,
        );
        if (!scheduled && !wasVisible)
          effects.published.push({ articleId: after.id, sectionId: after.sectionId, version: after.version });
        return after;
      }),
  }),

  unpublishArticle: t.field({
    type: ArticleRef,
    description: 'Takes a published or scheduled article back to DRAFT. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('unpublishArticle', 'article'),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
      expectedVersion: versionArg(t as never),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Article', 'id');
        const before = await lockReadable(trx, ctx, id, validVersion(args.expectedVersion));
        if (before.status === 'DRAFT') throw new ValidationError('id', 'NOT_ALLOWED', 'The article is already a draft');
        return applyChange(trx, ctx.viewer.actor, effects, before, 'UNPUBLISH', {
          status: 'DRAFT',
          publishedAt: null,
          publishedEventAt: null,
        });
      }),
  }),

  archiveArticle: t.field({
    type: ArticleRef,
    description: 'Archives an article: hidden from the public, kept for editors. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('archiveArticle', 'article'),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
      expectedVersion: versionArg(t as never),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Article', 'id');
        const before = await lockReadable(trx, ctx, id, validVersion(args.expectedVersion));
        if (before.status === 'ARCHIVED')
          throw new ValidationError('id', 'NOT_ALLOWED', 'The article is already archived');
        return applyChange(trx, ctx.viewer.actor, effects, before, 'ARCHIVE', { status: 'ARCHIVED' });
      }),
  }),

  deleteArticle: t.field({
    type: 'ID',
    description:
      'Moves an article to the trash; returns its id. It disappears from every read (lists, search, entity pages, previous/next, feeds) and keeps everything else (mentions, summaries, corrections, slugs, revisions, the last one DELETE) until `restoreArticle` brings it back or `npm run purge` removes it after TRASH_RETENTION_DAYS. Subscribers get articleUpdated with `deleted: true`. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('deleteArticle', 'deletedId'),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
      expectedVersion: versionArg(t as never),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Article', 'id');
        const before = await lockReadable(trx, ctx, id, validVersion(args.expectedVersion));
        const trashed = await trashArticle(trx, id, ctx.viewer.actor?.name ?? null);
        await insertRevision(
          trx,
          await deletionRevision(trx, ctx.viewer.actor, before, trashed.deletedAt, trashed.version),
        );
        effects.articleIds.add(id);
        effects.updated.push({ articleId: id, version: trashed.version, action: 'DELETE', deleted: true });
        return String(args.id);
      }),
  }),

  setArticleSummary: t.field({
    type: ArticleRef,
    description:
      'Sets the editorial summary of one length; it always wins over a generated one. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('setArticleSummary', 'article'),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
      length: t.arg({ type: SummaryLengthEnum, required: true, description: 'Which of the three summaries to set.' }),
      text: t.arg.string({ required: true, description: `1 to ${SUMMARY_MAX_CHARS} characters.` }),
      expectedVersion: versionArg(t as never),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Article', 'id');
        const text = validSummaryText(args.text, 'text');
        const before = await lockReadable(trx, ctx, id, validVersion(args.expectedVersion));
        const previous = await findEditorialSummary(trx, id, args.length);
        if (previous?.text === text) return before;
        await upsertSummary(trx, {
          articleId: id,
          length: args.length,
          text,
          method: 'EDITORIAL',
          bodyHash: bodyHash(before.body),
        });
        return applyChange(trx, ctx.viewer.actor, effects, before, 'SET_SUMMARY', {}, [
          { field: `summary.${args.length}`, from: previous?.text ?? null, to: text },
        ]);
      }),
  }),

  clearArticleSummary: t.field({
    type: ArticleRef,
    description: 'Removes the editorial summary of one length. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('clearArticleSummary', 'article'),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
      length: t.arg({
        type: SummaryLengthEnum,
        required: true,
        description: 'Which editorial summary to remove; NotFoundError when there is none.',
      }),
      expectedVersion: versionArg(t as never),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Article', 'id');
        const before = await lockReadable(trx, ctx, id, validVersion(args.expectedVersion));
        const previous = await findEditorialSummary(trx, id, args.length);
        if (!previous) throw new NotFoundError('length', `The article has no editorial ${args.length} summary`);
        await deleteEditorialSummary(trx, id, args.length);
        return applyChange(trx, ctx.viewer.actor, effects, before, 'CLEAR_SUMMARY', {}, [
          { field: `summary.${args.length}`, from: previous.text, to: null },
        ]);
      }),
  }),

  addArticleEntity: t.field({
    type: ArticleRef,
    description:
      'Marks an entity as mentioned by the article (source EDITORIAL: extraction never overrides it). Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('addArticleEntity', 'article'),
    args: {
      input: t.arg({
        type: AddArticleEntityInput,
        required: true,
        description: 'The article and the entity to link to it.',
      }),
    },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const articleId = parseIdForWrite(input.articleId, 'Article', 'input.articleId');
        const byId = input.entityId != null;
        if (byId === (input.name != null || input.kind != null)) {
          throw new ValidationError('input.entityId', 'NOT_ALLOWED', 'Give either `entityId`, or `name` and `kind`');
        }
        let entityId: number;
        const before = await lockReadable(
          trx,
          ctx,
          articleId,
          validVersion(input.expectedVersion, 'input.expectedVersion'),
          'input.articleId',
        );
        let entity: EntityRow | undefined;
        if (byId) {
          entityId = parseIdForWrite(input.entityId!, 'Entity', 'input.entityId');
          [entity] = await lockEntities(trx, [entityId]);
          // An entity only hidden articles mention is unknown to a token without read:drafts.
          if (
            !entity ||
            !(await writableEntityIds(trx, [entityId], ctx.visibility, ctx.viewer.actor?.tokenId)).has(entityId)
          ) {
            throw new NotFoundError('input.entityId', 'No entity has this id');
          }
        } else {
          const name = (input.name ?? '').trim().replace(/\s+/g, ' ');
          if (!name) throw new ValidationError('input.name', 'REQUIRED', 'The entity needs a name');
          if (name.length > 200)
            throw new ValidationError('input.name', 'TOO_LONG', 'An entity name is at most 200 characters');
          if (!input.kind) throw new ValidationError('input.kind', 'REQUIRED', 'A new entity needs a kind');
          const slug = entitySlug(name);
          if (!slug)
            throw new ValidationError('input.name', 'INVALID_FORMAT', 'The entity name has no letters or digits');
          entity = await upsertEntity(trx, slug, name, input.kind);
          entityId = entity.id;
        }
        await includeEntityInArticle(trx, articleId, entityId);
        const existing = await findMention(trx, articleId, entityId);
        if (existing?.source === 'EDITORIAL') return before;
        const [located] = locateNamedEntities(`${before.title}\n\n${before.body}`, [
          { name: entity.name, kind: entity.kind },
        ]);
        await upsertEditorialMention(trx, {
          articleId,
          entityId,
          mentionCount: located!.mentionCount,
          firstOffset: located!.firstOffset,
          salience: located!.salience,
        });
        effects.entityIds.add(entityId);
        return applyChange(trx, ctx.viewer.actor, effects, before, 'ADD_ENTITY', {}, [
          { field: 'entities', from: null, to: entity.slug },
        ]);
      }),
  }),

  removeArticleEntity: t.field({
    type: ArticleRef,
    description: 'Removes an entity from the article, whatever found it. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('removeArticleEntity', 'article'),
    args: {
      articleId: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
      entityId: t.arg.id({
        required: true,
        description: 'Global id of the entity (`Entity.id`); NotFoundError when the article does not mention it.',
      }),
      expectedVersion: versionArg(t as never),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const articleId = parseIdForWrite(args.articleId, 'Article', 'articleId');
        const entityId = parseIdForWrite(args.entityId, 'Entity', 'entityId');
        const before = await lockReadable(trx, ctx, articleId, validVersion(args.expectedVersion), 'articleId');
        const [entity] = await lockEntities(trx, [entityId]);
        const writable =
          entity && (await writableEntityIds(trx, [entityId], ctx.visibility, ctx.viewer.actor?.tokenId)).has(entityId);
        if (!entity || !writable || !(await findMention(trx, articleId, entityId))) {
          throw new NotFoundError('entityId', 'The article does not mention this entity');
        }
        await deleteMention(trx, articleId, entityId);
        await excludeEntityFromArticle(trx, articleId, entityId);
        effects.entityIds.add(entityId);
        return applyChange(trx, ctx.viewer.actor, effects, before, 'REMOVE_ENTITY', {}, [
          { field: 'entities', from: entity.slug, to: null },
        ]);
      }),
  }),

  restoreArticleRevision: t.field({
    type: ArticleRef,
    description:
      'Brings back what an earlier revision holds, as a new revision (RESTORE): title, standfirst, body, slug, section, the sharing fields (metaTitle, metaDescription, canonicalUrl, noindex), the lead and social images, the language, the byline and the tags. A section, image, author or tag deleted since is left out (an image or section left empty); a field the revision predates (sharing fields and images before the images release; language, byline and tags before issue #19’s second pass) is left as it is. Not restored: publication state, body images, summaries, entities, corrections and translation links. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('restoreArticleRevision', 'article'),
    args: {
      articleId: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
      version: t.arg.int({ required: true, description: 'The revision to restore (`ArticleRevision.version`).' }),
      expectedVersion: t.arg.int({
        required: true,
        description: 'The `version` the client last read; a stale one gets a ConflictError.',
      }),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const articleId = parseIdForWrite(args.articleId, 'Article', 'articleId');
        const before = await lockReadable(trx, ctx, articleId, validVersion(args.expectedVersion), 'articleId');
        const revision = await findRevision(trx, articleId, args.version);
        if (!revision || revision.action === 'PURGE')
          throw new NotFoundError('version', `The article has no revision ${args.version}`);
        const snapshot = revision.snapshot;
        const { slug, title, standfirst, body, sectionId } = snapshot;
        if (slug !== before.slug && (await isArticleSlugTaken(trx, slug, articleId))) {
          throw new ValidationError(
            'version',
            'TAKEN',
            `The slug ${quoteInput(slug)} of that revision now belongs to another article`,
          );
        }
        // A section deleted since then is left empty rather than failing the restore.
        const [section] = sectionId === null ? [] : await findSectionsByIds(trx, [sectionId], EVERY_SECTION);
        const values: ArticleChangeValues = {
          slug,
          title,
          standfirst,
          body,
          sectionId: section ? section.id : null,
          wordCount: countWords(body),
        };
        if (snapshot.metaTitle !== undefined) values.metaTitle = snapshot.metaTitle;
        if (snapshot.metaDescription !== undefined) values.metaDescription = snapshot.metaDescription;
        if (snapshot.canonicalUrl !== undefined) values.canonicalUrl = snapshot.canonicalUrl;
        if (snapshot.noindex !== undefined) values.noindex = snapshot.noindex;
        const images = [snapshot.leadImageId, snapshot.socialImageId].filter(
          (id): id is number => typeof id === 'number',
        );
        const knownImages = await existingImageIds(trx, images);
        const image = (id: number | null | undefined) => (id != null && knownImages.has(id) ? id : null);
        if (snapshot.leadImageId !== undefined) values.leadImageId = image(snapshot.leadImageId);
        if (snapshot.socialImageId !== undefined) values.socialImageId = image(snapshot.socialImageId);
        const extra: FieldChange[] = [
          { field: 'restoredFrom', from: String(before.version), to: String(args.version) },
        ];
        if (snapshot.language !== undefined && snapshot.language !== before.language) {
          if (
            before.translationGroup !== null &&
            (await isTranslationLanguageTaken(trx, before.translationGroup, snapshot.language, articleId))
          ) {
            throw new ValidationError(
              'version',
              'TAKEN',
              `That revision is in ${snapshot.language}, which another article of its translation group is in now`,
            );
          }
          values.language = snapshot.language;
          extra.push({ field: 'language', from: before.language, to: snapshot.language });
        }
        const listsBefore = (await findSnapshotLists(trx, [articleId])).get(articleId)!;
        if (snapshot.bylines !== undefined) {
          // Shared locks, as setArticleBylines takes: an author cannot be deleted meanwhile.
          const authors = new Set(
            (
              await lockAuthors(
                trx,
                snapshot.bylines.flatMap((b) => (b.authorId === null ? [] : [b.authorId])),
              )
            ).map((a) => a.id),
          );
          await replaceBylines(
            trx,
            articleId,
            snapshot.bylines.filter((b) => b.authorId === null || authors.has(b.authorId)),
          );
        }
        if (snapshot.tagIds !== undefined) {
          const tags = new Set((await lockTags(trx, snapshot.tagIds)).map((tag) => tag.id));
          await replaceArticleTags(
            trx,
            articleId,
            snapshot.tagIds.filter((id) => tags.has(id)),
          );
        }
        const listsAfter = (await findSnapshotLists(trx, [articleId])).get(articleId)!;
        const [listChanged] = await listChanges(trx, [{ before: listsBefore, after: listsAfter }]);
        if (
          before.status !== 'DRAFT' &&
          values.leadImageId !== undefined &&
          values.leadImageId !== before.leadImageId
        ) {
          await checkAltText(ctx, trx, { id: articleId, leadImageId: values.leadImageId }, 'version');
        }
        return applyChange(trx, ctx.viewer.actor, effects, before, 'RESTORE', values, [...listChanged!, ...extra]);
      }),
  }),
}));

interface SeoInput {
  metaTitle?: string | null;
  metaDescription?: string | null;
  canonicalUrl?: string | null;
  noindex?: boolean | null;
}

/** The sharing fields given, validated; null clears a text field, and `noindex: null` means false. */
function seoValues(
  input: SeoInput,
): Pick<ArticleChangeValues, 'metaTitle' | 'metaDescription' | 'canonicalUrl' | 'noindex'> {
  const values: Pick<ArticleChangeValues, 'metaTitle' | 'metaDescription' | 'canonicalUrl' | 'noindex'> = {};
  if (input.metaTitle !== undefined) values.metaTitle = validMetaTitle(input.metaTitle, 'input.metaTitle');
  if (input.metaDescription !== undefined)
    values.metaDescription = validMetaDescription(input.metaDescription, 'input.metaDescription');
  if (input.canonicalUrl !== undefined)
    values.canonicalUrl = validCanonicalUrl(input.canonicalUrl, 'input.canonicalUrl');
  if (input.noindex !== undefined) values.noindex = input.noindex ?? false;
  return values;
}

function withoutUndefined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
