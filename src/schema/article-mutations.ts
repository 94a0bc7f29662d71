import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { afterArticleWrite } from '../content/after-write.js';
import {
  deletionRevision,
  diffSnapshots,
  isPubliclyVisible,
  lockForWrite,
  recordRevision,
  runWrite,
  snapshotOf,
  validBody,
  validSlug,
  validStandfirst,
  validSummaryText,
  validTitle,
  validVersion,
} from '../content/editorial.js';
import { locateNamedEntities } from '../content/mentions.js';
import { validCanonicalUrl, validMetaDescription, validMetaTitle } from '../content/seo.js';
import { checkAltText } from './image.js';
import { SUMMARY_MAX_CHARS } from '../content/summarize.js';
import { bodyHash, countWords, entitySlug, slugify } from '../content/text.js';
import { ConflictError, NotFoundError, ValidationError } from '../content/write-errors.js';
import { quoteInput } from '../errors.js';
import type { Db } from '../db/database.js';
import {
  type ArticleChangeValues,
  deleteArticleById,
  deleteEditorialSummary,
  deleteMention,
  findEditorialSummary,
  findMention,
  findRevision,
  insertDraftArticle,
  isArticleSlugTaken,
  type LockedArticle,
  lockEntities,
  updateArticleVersioned,
  upsertEditorialMention,
  wasCreatedInEditor,
  writableEntityIds,
} from '../db/queries/editorial.js';
import { excludeEntityFromArticle, includeEntityInArticle } from '../db/queries/extraction.js';
import { EVERY_SECTION, findSectionsByIds, findSectionsBySlugs } from '../db/queries/sections.js';
import { upsertSummary } from '../db/queries/summaries.js';
import { firstFreeSlug, upsertEntity } from '../db/queries/writes.js';
import type { ArticleRow, FieldChange } from '../db/tables.js';
import { EntityKindEnum, SummaryLengthEnum } from './enums.js';
import { parseIdForWrite, resultNames } from './mutation-errors.js';
import { ArticleRef } from './refs.js';

export const WRITE_ARTICLES = { 'write:articles': true } as const;

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
export async function lockReadable(trx: Db, ctx: Context, id: number, expectedVersion: number | null | undefined, field = 'id'): Promise<LockedArticle> {
  const article = await lockForWrite(trx, id, undefined, field);
  if (!ctx.visibility.includeHidden && !isPubliclyVisible(article)) {
    const tokenId = ctx.viewer.actor?.tokenId;
    if (tokenId === undefined || !(await wasCreatedInEditor(trx, id, tokenId))) throw new NotFoundError(field, 'No article has this id');
  }
  if (expectedVersion != null && expectedVersion !== article.version) throw new ConflictError(expectedVersion, article.version);
  return article;
}

/** Applies a versioned change, writes its revision and queues its events. */
export async function applyChange(
  trx: Db,
  ctx: Context,
  effects: Parameters<Parameters<typeof runWrite>[1]>[1],
  before: ArticleRow,
  action: Parameters<typeof recordRevision>[3],
  values: ArticleChangeValues,
  extraChanges: FieldChange[] = [],
): Promise<ArticleRow> {
  const after = await updateArticleVersioned(trx, before.id, { ...values, updatedBy: ctx.viewer.actor?.name ?? null });
  if (values.title !== undefined || values.body !== undefined) await afterArticleWrite(trx, after.id);
  await recordRevision(trx, ctx, effects, action, after, [...diffSnapshots(snapshotOf(before), snapshotOf(after)), ...extraChanges]);
  return after;
}

const CreateArticleInput = builder.inputType('CreateArticleInput', {
  description: 'A new article. It starts as a DRAFT; publish it with publishArticle.',
  fields: (t) => ({
    title: t.string({ required: true, description: '1 to 500 characters.' }),
    body: t.string({ required: true, description: 'Paragraphs separated by a blank line; at most 500000 characters.' }),
    slug: t.string({ required: false, description: 'Lower-case words joined by hyphens, at most 120 characters, unique (TAKEN); made from the title when left out.' }),
    standfirst: t.string({ required: false, description: 'At most 1000 characters.' }),
    section: t.string({ required: false, description: 'Slug of an existing section (NotFoundError otherwise).' }),
    metaTitle: t.string({ required: false, description: 'Title for search results and shares, at most 200 characters; the headline when null.' }),
    metaDescription: t.string({ required: false, description: 'Description for search results and shares, at most 500 characters; the standfirst when null.' }),
    canonicalUrl: t.string({ required: false, description: 'Absolute http(s) URL of the canonical copy (syndicated articles), no credentials or fragment; null: this article is canonical.' }),
    noindex: t.boolean({ required: false, description: 'Ask search engines not to index the article (robots noindex).' }),
  }),
});

const UpdateArticleInput = builder.inputType('UpdateArticleInput', {
  description: 'Only the fields given change; `standfirst: null` or `section: null` clears them.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
    expectedVersion: t.int({ required: true, description: 'The `version` the client last read; a stale one gets a ConflictError.' }),
    title: t.string({ required: false, description: 'The new headline: 1 to 500 characters.' }),
    body: t.string({ required: false, description: 'The new body: paragraphs separated by a blank line; at most 500000 characters.' }),
    slug: t.string({ required: false, description: 'A new slug: lower-case words joined by hyphens, at most 120 characters, unique (TAKEN). Clients should redirect from the old one.' }),
    standfirst: t.string({ required: false, description: 'The new standfirst: at most 1000 characters; null removes it.' }),
    section: t.string({ required: false, description: 'Slug of the new section (NotFoundError when none has it); null takes the article out of its section.' }),
    metaTitle: t.string({ required: false, description: 'Title for search results and shares, at most 200 characters; the headline when null.' }),
    metaDescription: t.string({ required: false, description: 'Description for search results and shares, at most 500 characters; the standfirst when null.' }),
    canonicalUrl: t.string({ required: false, description: 'Absolute http(s) URL of the canonical copy (syndicated articles), no credentials or fragment; null: this article is canonical.' }),
    noindex: t.boolean({ required: false, description: 'Ask search engines not to index the article (robots noindex).' }),
  }),
});

const AddArticleEntityInput = builder.inputType('AddArticleEntityInput', {
  description: 'An existing entity by `entityId`, or a new (or existing, by slug) one by `name` and `kind`.',
  fields: (t) => ({
    articleId: t.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
    entityId: t.id({ required: false, description: 'Global id of an existing entity (`Entity.id`); leave out `name` and `kind` with it.' }),
    name: t.string({ required: false, description: 'Name of the entity, at most 200 characters: an existing entity with the same slug is reused, otherwise one is created. Needs `kind`.' }),
    kind: t.field({ type: EntityKindEnum, required: false, description: 'Kind of the entity named by `name`.' }),
    expectedVersion: t.int({ required: false, description: 'When given, the write fails with a ConflictError if the article is at another version.' }),
  }),
});

export const versionArg = (t: { arg: { int: (o: { required: false; description: string }) => never } }) =>
  t.arg.int({ required: false, description: 'When given, the write fails with a ConflictError if the article is at another version.' });

builder.mutationFields((t) => ({
  createArticle: t.field({
    type: ArticleRef,
    description: 'Creates a DRAFT article. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('createArticle', 'article', [ValidationError, NotFoundError]),
    args: { input: t.arg({ type: CreateArticleInput, required: true, description: 'The new article.' }) },
    resolve: (_root, { input }, ctx) =>
      runWrite(ctx, async (trx, effects) => {
        const title = validTitle(input.title, 'input.title');
        const body = validBody(input.body, 'input.body');
        const standfirst = validStandfirst(input.standfirst, 'input.standfirst');
        let slug: string;
        if (input.slug != null) {
          slug = validSlug(input.slug, 'input.slug');
          if (await isArticleSlugTaken(trx, slug)) throw new ValidationError('input.slug', 'TAKEN', `Another article has the slug ${quoteInput(slug)}`);
        } else {
          slug = await freeSlugFrom(trx, title, 'input.slug');
        }
        const sectionId = await sectionIdFor(trx, input.section ?? null, 'input.section');
        const article = await insertDraftArticle(trx, {
          slug,
          title,
          standfirst,
          body,
          sectionId,
          wordCount: countWords(body),
          updatedBy: ctx.viewer.actor?.name ?? null,
          ...seoValues(input),
        });
        await afterArticleWrite(trx, article.id);
        await recordRevision(trx, ctx, effects, 'CREATE', article, diffSnapshots(null, snapshotOf(article)));
        return article;
      }),
  }),

  updateArticle: t.field({
    type: ArticleRef,
    description: 'Changes some editorial fields of an article. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('updateArticle', 'article'),
    args: { input: t.arg({ type: UpdateArticleInput, required: true, description: 'The article, its expected version and the fields to change.' }) },
    resolve: (_root, { input }, ctx) =>
      runWrite(ctx, async (trx, effects) => {
        const id = parseIdForWrite(input.id, 'Article', 'input.id');
        const expectedVersion = validVersion(input.expectedVersion, 'input.expectedVersion');
        const values: ArticleChangeValues = {};
        if (input.title !== undefined) values.title = validTitle(input.title, 'input.title');
        if (input.body !== undefined) values.body = validBody(input.body, 'input.body');
        if (input.standfirst !== undefined) values.standfirst = validStandfirst(input.standfirst, 'input.standfirst');
        if (input.slug !== undefined) values.slug = validSlug(input.slug, 'input.slug');
        Object.assign(values, seoValues(input));
        const before = await lockReadable(trx, ctx, id, expectedVersion, 'input.id');
        if (values.slug !== undefined && values.slug !== before.slug && (await isArticleSlugTaken(trx, values.slug, id))) {
          throw new ValidationError('input.slug', 'TAKEN', `Another article has the slug ${quoteInput(values.slug)}`);
        }
        if (input.section !== undefined) values.sectionId = await sectionIdFor(trx, input.section, 'input.section');
        if (values.body !== undefined) values.wordCount = countWords(values.body);
        const changed = diffSnapshots(snapshotOf(before), { ...snapshotOf(before), ...withoutUndefined(values) } as never);
        if (changed.length === 0) return before;
        return applyChange(trx, ctx, effects, before, 'UPDATE', values);
      }),
  }),

  publishArticle: t.field({
    type: ArticleRef,
    description:
      'Publishes an article now, or at `at`: a time in the future makes it SCHEDULED, and it becomes visible by itself when the time comes. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('publishArticle', 'article'),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
      at: t.arg({ type: 'DateTime', required: false, description: 'When the article goes live; now when left out.' }),
      expectedVersion: versionArg(t as never),
    },
    resolve: (_root, args, ctx) =>
      runWrite(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Article', 'id');
        const now = new Date();
        // Any DateTime: the same dates the importer takes (src/content/dates.ts), an archive's 1851 too.
        const at = args.at ?? now;
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
        const after = await applyChange(trx, ctx, effects, before, scheduled ? 'SCHEDULE' : 'PUBLISH', values);
        if (!scheduled && !wasVisible) effects.published.push({ articleId: after.id, sectionId: after.sectionId, version: after.version });
        return after;
      }),
  }),

  unpublishArticle: t.field({
    type: ArticleRef,
    description: 'Takes a published or scheduled article back to DRAFT. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('unpublishArticle', 'article'),
    args: { id: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }), expectedVersion: versionArg(t as never) },
    resolve: (_root, args, ctx) =>
      runWrite(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Article', 'id');
        const before = await lockReadable(trx, ctx, id, validVersion(args.expectedVersion));
        if (before.status === 'DRAFT') throw new ValidationError('id', 'NOT_ALLOWED', 'The article is already a draft');
        return applyChange(trx, ctx, effects, before, 'UNPUBLISH', { status: 'DRAFT', publishedAt: null, publishedEventAt: null });
      }),
  }),

  archiveArticle: t.field({
    type: ArticleRef,
    description: 'Archives an article: hidden from the public, kept for editors. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('archiveArticle', 'article'),
    args: { id: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }), expectedVersion: versionArg(t as never) },
    resolve: (_root, args, ctx) =>
      runWrite(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Article', 'id');
        const before = await lockReadable(trx, ctx, id, validVersion(args.expectedVersion));
        if (before.status === 'ARCHIVED') throw new ValidationError('id', 'NOT_ALLOWED', 'The article is already archived');
        return applyChange(trx, ctx, effects, before, 'ARCHIVE', { status: 'ARCHIVED' });
      }),
  }),

  deleteArticle: t.field({
    type: 'ID',
    description:
      'Deletes an article with its mentions and summaries; returns its id. Its revisions are kept, the last one (DELETE) with its final text. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('deleteArticle', 'deletedId'),
    args: { id: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }), expectedVersion: versionArg(t as never) },
    resolve: (_root, args, ctx) =>
      runWrite(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Article', 'id');
        const before = await lockReadable(trx, ctx, id, validVersion(args.expectedVersion));
        await deleteArticleById(trx, id, deletionRevision(ctx, before));
        effects.articleIds.add(id);
        effects.updated.push({ articleId: id, version: before.version, action: 'DELETE', deleted: true });
        return String(args.id);
      }),
  }),

  setArticleSummary: t.field({
    type: ArticleRef,
    description: 'Sets the editorial summary of one length; it always wins over a generated one. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('setArticleSummary', 'article'),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
      length: t.arg({ type: SummaryLengthEnum, required: true, description: 'Which of the three summaries to set.' }),
      text: t.arg.string({ required: true, description: `1 to ${SUMMARY_MAX_CHARS} characters.` }),
      expectedVersion: versionArg(t as never),
    },
    resolve: (_root, args, ctx) =>
      runWrite(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Article', 'id');
        const text = validSummaryText(args.text, 'text');
        const before = await lockReadable(trx, ctx, id, validVersion(args.expectedVersion));
        const previous = await findEditorialSummary(trx, id, args.length);
        if (previous?.text === text) return before;
        await upsertSummary(trx, { articleId: id, length: args.length, text, method: 'EDITORIAL', bodyHash: bodyHash(before.body) });
        return applyChange(trx, ctx, effects, before, 'SET_SUMMARY', {}, [
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
      length: t.arg({ type: SummaryLengthEnum, required: true, description: 'Which editorial summary to remove; NotFoundError when there is none.' }),
      expectedVersion: versionArg(t as never),
    },
    resolve: (_root, args, ctx) =>
      runWrite(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Article', 'id');
        const before = await lockReadable(trx, ctx, id, validVersion(args.expectedVersion));
        const previous = await findEditorialSummary(trx, id, args.length);
        if (!previous) throw new NotFoundError('length', `The article has no editorial ${args.length} summary`);
        await deleteEditorialSummary(trx, id, args.length);
        return applyChange(trx, ctx, effects, before, 'CLEAR_SUMMARY', {}, [{ field: `summary.${args.length}`, from: previous.text, to: null }]);
      }),
  }),

  addArticleEntity: t.field({
    type: ArticleRef,
    description: 'Marks an entity as mentioned by the article (source EDITORIAL: extraction never overrides it). Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('addArticleEntity', 'article'),
    args: { input: t.arg({ type: AddArticleEntityInput, required: true, description: 'The article and the entity to link to it.' }) },
    resolve: (_root, { input }, ctx) =>
      runWrite(ctx, async (trx, effects) => {
        const articleId = parseIdForWrite(input.articleId, 'Article', 'input.articleId');
        const byId = input.entityId != null;
        if (byId === (input.name != null || input.kind != null)) {
          throw new ValidationError('input.entityId', 'NOT_ALLOWED', 'Give either `entityId`, or `name` and `kind`');
        }
        let entityId: number;
        const before = await lockReadable(trx, ctx, articleId, validVersion(input.expectedVersion, 'input.expectedVersion'), 'input.articleId');
        let entity;
        if (byId) {
          entityId = parseIdForWrite(input.entityId!, 'Entity', 'input.entityId');
          [entity] = await lockEntities(trx, [entityId]);
          // An entity only hidden articles mention is unknown to a token without read:drafts.
          if (!entity || !(await writableEntityIds(trx, [entityId], ctx.visibility, ctx.viewer.actor?.tokenId)).has(entityId)) {
            throw new NotFoundError('input.entityId', 'No entity has this id');
          }
        } else {
          const name = (input.name ?? '').trim().replace(/\s+/g, ' ');
          if (!name) throw new ValidationError('input.name', 'REQUIRED', 'The entity needs a name');
          if (name.length > 200) throw new ValidationError('input.name', 'TOO_LONG', 'An entity name is at most 200 characters');
          if (!input.kind) throw new ValidationError('input.kind', 'REQUIRED', 'A new entity needs a kind');
          const slug = entitySlug(name);
          if (!slug) throw new ValidationError('input.name', 'INVALID_FORMAT', 'The entity name has no letters or digits');
          entity = await upsertEntity(trx, slug, name, input.kind);
          entityId = entity.id;
        }
        await includeEntityInArticle(trx, articleId, entityId);
        const existing = await findMention(trx, articleId, entityId);
        if (existing?.source === 'EDITORIAL') return before;
        const [located] = locateNamedEntities(`${before.title}\n\n${before.body}`, [{ name: entity.name, kind: entity.kind }]);
        await upsertEditorialMention(trx, { articleId, entityId, mentionCount: located!.mentionCount, firstOffset: located!.firstOffset, salience: located!.salience });
        effects.entityIds.add(entityId);
        return applyChange(trx, ctx, effects, before, 'ADD_ENTITY', {}, [{ field: 'entities', from: null, to: entity.slug }]);
      }),
  }),

  removeArticleEntity: t.field({
    type: ArticleRef,
    description: 'Removes an entity from the article, whatever found it. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('removeArticleEntity', 'article'),
    args: {
      articleId: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
      entityId: t.arg.id({ required: true, description: 'Global id of the entity (`Entity.id`); NotFoundError when the article does not mention it.' }),
      expectedVersion: versionArg(t as never),
    },
    resolve: (_root, args, ctx) =>
      runWrite(ctx, async (trx, effects) => {
        const articleId = parseIdForWrite(args.articleId, 'Article', 'articleId');
        const entityId = parseIdForWrite(args.entityId, 'Entity', 'entityId');
        const before = await lockReadable(trx, ctx, articleId, validVersion(args.expectedVersion), 'articleId');
        const [entity] = await lockEntities(trx, [entityId]);
        const writable = entity && (await writableEntityIds(trx, [entityId], ctx.visibility, ctx.viewer.actor?.tokenId)).has(entityId);
        if (!entity || !writable || !(await findMention(trx, articleId, entityId))) {
          throw new NotFoundError('entityId', 'The article does not mention this entity');
        }
        await deleteMention(trx, articleId, entityId);
        await excludeEntityFromArticle(trx, articleId, entityId);
        effects.entityIds.add(entityId);
        return applyChange(trx, ctx, effects, before, 'REMOVE_ENTITY', {}, [{ field: 'entities', from: entity.slug, to: null }]);
      }),
  }),

  restoreArticleRevision: t.field({
    type: ArticleRef,
    description:
      'Brings back the title, standfirst, body, slug and section of an earlier revision, as a new revision. Publication state is left as it is. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('restoreArticleRevision', 'article'),
    args: {
      articleId: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
      version: t.arg.int({ required: true, description: 'The revision to restore (`ArticleRevision.version`).' }),
      expectedVersion: t.arg.int({ required: true, description: 'The `version` the client last read; a stale one gets a ConflictError.' }),
    },
    resolve: (_root, args, ctx) =>
      runWrite(ctx, async (trx, effects) => {
        const articleId = parseIdForWrite(args.articleId, 'Article', 'articleId');
        const before = await lockReadable(trx, ctx, articleId, validVersion(args.expectedVersion), 'articleId');
        const revision = await findRevision(trx, articleId, args.version);
        if (!revision) throw new NotFoundError('version', `The article has no revision ${args.version}`);
        const { slug, title, standfirst, body, sectionId } = revision.snapshot;
        if (slug !== before.slug && (await isArticleSlugTaken(trx, slug, articleId))) {
          throw new ValidationError('version', 'TAKEN', `The slug ${quoteInput(slug)} of that revision now belongs to another article`);
        }
        // A section deleted since then is left empty rather than failing the restore.
        const [section] = sectionId === null ? [] : await findSectionsByIds(trx, [sectionId], EVERY_SECTION);
        return applyChange(trx, ctx, effects, before, 'RESTORE', {
          slug,
          title,
          standfirst,
          body,
          sectionId: section ? section.id : null,
          wordCount: countWords(body),
        }, [{ field: 'restoredFrom', from: String(before.version), to: String(args.version) }]);
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
function seoValues(input: SeoInput): Pick<ArticleChangeValues, 'metaTitle' | 'metaDescription' | 'canonicalUrl' | 'noindex'> {
  const values: Pick<ArticleChangeValues, 'metaTitle' | 'metaDescription' | 'canonicalUrl' | 'noindex'> = {};
  if (input.metaTitle !== undefined) values.metaTitle = validMetaTitle(input.metaTitle, 'input.metaTitle');
  if (input.metaDescription !== undefined) values.metaDescription = validMetaDescription(input.metaDescription, 'input.metaDescription');
  if (input.canonicalUrl !== undefined) values.canonicalUrl = validCanonicalUrl(input.canonicalUrl, 'input.canonicalUrl');
  if (input.noindex !== undefined) values.noindex = input.noindex ?? false;
  return values;
}

function withoutUndefined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
