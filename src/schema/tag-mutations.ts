import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import { applyChange, recordListChanges, validSlug, validVersion } from '../content/editorial.js';
import { MAX_TAGS, validName, validText } from '../content/taxonomy.js';
import { ConflictError, NotFoundError, ValidationError } from '../content/write-errors.js';
import type { Context } from '../context.js';
import type { Db } from '../db/database.js';
import { findSnapshotLists } from '../db/queries/article-revisions.js';
import { lockEntities, writableEntityIds } from '../db/queries/entities.js';
import {
  articleIdsWithTags,
  deleteTagById,
  findTagsByArticleIds,
  insertTag,
  isTagSlugTaken,
  lockTags,
  mergeTagsInto,
  replaceArticleTags,
  type TagValues,
  updateTag,
} from '../db/queries/tags.js';
import { quoteInput } from '../errors.js';
import { slugify } from '../text/text.js';
import { lockReadable, versionArg, WRITE_ARTICLES } from './article-mutations.js';
import { WRITE_TAXONOMY } from './author-mutations.js';
import { parseIdForWrite, resultNames } from './mutation-errors.js';
import { column, reads } from './read.js';
import { ArticleRef, TagRef } from './refs.js';
import { runMutation } from './write-effects.js';

const TAG_WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError];

/** A slug given, or the one made from the name; a former slug of another tag is taken too (it redirects). */
async function tagSlug(
  trx: Db,
  given: string | null | undefined,
  name: string,
  field: string,
  exceptId?: number,
): Promise<string> {
  const slug = given != null ? validSlug(given, field) : slugify(name);
  if (await isTagSlugTaken(trx, slug, exceptId)) {
    throw new ValidationError(
      field,
      'TAKEN',
      `Another tag has (or had) the slug ${quoteInput(slug)}${given == null ? ': give another `slug`, or merge the tags' : ''}`,
    );
  }
  return slug;
}

/** An entity a tag may point at: one this viewer may address (an entity only hidden articles mention is unknown to the public). */
async function linkableEntity(trx: Db, ctx: Context, id: string | number, field: string): Promise<number> {
  const entityId = parseIdForWrite(id, 'Entity', field);
  const [entity] = await lockEntities(trx, [entityId]);
  if (!entity || !(await writableEntityIds(trx, [entityId], ctx.visibility, ctx.viewer.actor?.tokenId)).has(entityId)) {
    throw new NotFoundError(field, 'No entity has this id');
  }
  return entityId;
}

const CreateTagInput = builder.inputType('CreateTagInput', {
  description: 'A new tag.',
  fields: (t) => ({
    name: t.string({
      required: true,
      description: 'The name to show: 1 to 200 characters after spaces are collapsed.',
    }),
    slug: t.string({
      required: false,
      description:
        'Lower-case words joined by hyphens, at most 120 characters, unique among current and former tag slugs (TAKEN); made from the name when left out.',
    }),
    description: t.string({ required: false, description: 'A short text about the topic: at most 2000 characters.' }),
    entityId: t.id({ required: false, description: 'Global id of an entity (`Entity.id`) the tag is about.' }),
  }),
});

const UpdateTagInput = builder.inputType('UpdateTagInput', {
  description:
    'Only the fields given change; `description: null` or `entityId: null` clears them. A new slug leaves the old one resolving to the tag.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Global id of the tag (`Tag.id`).' }),
    expectedVersion: t.int({
      required: true,
      description: 'The `version` the client last read; a stale one gets a ConflictError.',
    }),
    name: t.string({ required: false, description: 'The new name: 1 to 200 characters.' }),
    slug: t.string({
      required: false,
      description: 'A new slug (TAKEN when another tag has or had it); the old one keeps resolving.',
    }),
    description: t.string({ required: false, description: 'At most 2000 characters; null removes it.' }),
    entityId: t.id({ required: false, description: 'Global id of the entity the tag is about; null unlinks it.' }),
  }),
});

builder.objectFields(TagRef, (t) => ({
  version: t.exposeInt('version', {
    description: 'Raised by every change; send it back as `expectedVersion` to updateTag.',
    extensions: reads(column('version')),
  }),
}));

builder.mutationFields((t) => ({
  createTag: t.field({
    type: TagRef,
    description: 'Creates a tag. Needs `write:taxonomy`.',
    authScopes: WRITE_TAXONOMY,
    errors: resultNames('createTag', 'tag', [ValidationError, NotFoundError]),
    args: { input: t.arg({ type: CreateTagInput, required: true, description: 'The new tag.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const name = validName(input.name, 'input.name');
        const description = validText(input.description, 'input.description', 2000);
        const slug = await tagSlug(trx, input.slug, name, 'input.slug');
        const entityId =
          input.entityId != null ? await linkableEntity(trx, ctx, input.entityId, 'input.entityId') : null;
        effects.everything = true;
        return insertTag(trx, { name, slug, description, entityId });
      }),
  }),

  updateTag: t.field({
    type: TagRef,
    description: 'Renames or changes a tag; a new slug leaves the old one resolving to it. Needs `write:taxonomy`.',
    authScopes: WRITE_TAXONOMY,
    errors: resultNames('updateTag', 'tag', TAG_WRITE_ERRORS),
    args: {
      input: t.arg({
        type: UpdateTagInput,
        required: true,
        description: 'The tag, its expected version and the fields to change.',
      }),
    },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const id = parseIdForWrite(input.id, 'Tag', 'input.id');
        const expectedVersion = validVersion(input.expectedVersion, 'input.expectedVersion')!;
        const values: TagValues = {};
        if (input.name != null) values.name = validName(input.name, 'input.name');
        if (input.description !== undefined)
          values.description = validText(input.description, 'input.description', 2000);
        const [before] = await lockTags(trx, [id]);
        if (!before) throw new NotFoundError('input.id', 'No tag has this id');
        if (before.version !== expectedVersion) throw new ConflictError(expectedVersion, before.version, 'tag');
        if (input.slug != null && input.slug !== before.slug)
          values.slug = await tagSlug(trx, input.slug, before.name, 'input.slug', id);
        if (input.entityId !== undefined)
          values.entityId =
            input.entityId === null ? null : await linkableEntity(trx, ctx, input.entityId, 'input.entityId');
        effects.everything = true;
        return updateTag(trx, before, values);
      }),
  }),

  mergeTags: t.field({
    type: TagRef,
    description:
      'Merges duplicate tags into one: their articles move to `into` (each whose tags change takes its next version and a SET_TAGS revision) and their slugs (current and former) keep resolving to it; they are then deleted. Needs `write:taxonomy`.',
    authScopes: WRITE_TAXONOMY,
    errors: resultNames('mergeTags', 'tag', [ValidationError, NotFoundError]),
    args: {
      into: t.arg.id({ required: true, description: 'The tag that stays.' }),
      from: t.arg.idList({ required: true, description: 'The tags merged into it and then deleted (1 to 50).' }),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const intoId = parseIdForWrite(args.into, 'Tag', 'into');
        const fromIds = [...new Set(args.from.map((id, i) => parseIdForWrite(id, 'Tag', `from.${i}`)))];
        if (fromIds.length === 0) throw new ValidationError('from', 'REQUIRED', 'Name at least one tag to merge');
        if (fromIds.length > 50) throw new ValidationError('from', 'OUT_OF_RANGE', 'Merge at most 50 tags at once');
        if (fromIds.includes(intoId))
          throw new ValidationError('from', 'NOT_ALLOWED', 'A tag cannot be merged into itself');
        const locked = new Map((await lockTags(trx, [intoId, ...fromIds])).map((tag) => [tag.id, tag]));
        const into = locked.get(intoId);
        if (!into) throw new NotFoundError('into', 'No tag has this id');
        const missing = fromIds.findIndex((id) => !locked.has(id));
        if (missing >= 0) throw new NotFoundError(`from.${missing}`, 'No tag has this id');
        const listsBefore = await findSnapshotLists(trx, await articleIdsWithTags(trx, fromIds));
        const from = fromIds.map((id) => locked.get(id)!);
        await mergeTagsInto(trx, intoId, from);
        // Each article whose tags changed takes its next version and a SET_TAGS revision.
        await recordListChanges(trx, ctx.viewer.actor, effects, 'SET_TAGS', listsBefore, from);
        effects.everything = true;
        return updateTag(trx, into, {});
      }),
  }),

  deleteTag: t.field({
    type: 'ID',
    description:
      'Deletes a tag: it comes off every article carrying it (each takes its next version and a SET_TAGS revision) and its slugs, current and former, stop resolving. Returns its id. To keep its pages resolving, merge it into another tag instead (mergeTags). Needs `write:taxonomy`.',
    authScopes: WRITE_TAXONOMY,
    errors: resultNames('deleteTag', 'deletedTagId', TAG_WRITE_ERRORS),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the tag (`Tag.id`).' }),
      expectedVersion: t.arg.int({
        required: false,
        description: 'When given, the write fails with a ConflictError if the tag is at another version.',
      }),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Tag', 'id');
        const expectedVersion = validVersion(args.expectedVersion);
        const [before] = await lockTags(trx, [id]);
        if (!before) throw new NotFoundError('id', 'No tag has this id');
        if (expectedVersion !== undefined && before.version !== expectedVersion)
          throw new ConflictError(expectedVersion, before.version, 'tag');
        const listsBefore = await findSnapshotLists(trx, await articleIdsWithTags(trx, [id]));
        await deleteTagById(trx, id);
        await recordListChanges(trx, ctx.viewer.actor, effects, 'SET_TAGS', listsBefore, [before]);
        effects.everything = true;
        return encodeGlobalID('Tag', id);
      }),
  }),

  setArticleTags: t.field({
    type: ArticleRef,
    description:
      'Replaces the tags of an article, in order (at most 50). Raises the article’s version and records a SET_TAGS revision. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('setArticleTags', 'article'),
    args: {
      articleId: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
      tagIds: t.arg.idList({
        required: true,
        description:
          'Global ids of the tags (`Tag.id`), in order; empty removes them all. A tag given twice counts once.',
      }),
      expectedVersion: versionArg(t as never),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const articleId = parseIdForWrite(args.articleId, 'Article', 'articleId');
        if (args.tagIds.length > MAX_TAGS)
          throw new ValidationError('tagIds', 'OUT_OF_RANGE', `An article has at most ${MAX_TAGS} tags`);
        const tagIds = [...new Set(args.tagIds.map((id, i) => parseIdForWrite(id, 'Tag', `tagIds.${i}`)))];
        const before = await lockReadable(trx, ctx, articleId, validVersion(args.expectedVersion), 'articleId');
        const found = new Map((await lockTags(trx, tagIds)).map((tag) => [tag.id, tag]));
        const missing = args.tagIds.findIndex((id) => !found.has(parseIdForWrite(id, 'Tag', 'tagIds')));
        if (missing >= 0) throw new NotFoundError(`tagIds.${missing}`, 'No tag has this id');
        const current = await findTagsByArticleIds(trx, [articleId]);
        if (!(await replaceArticleTags(trx, articleId, tagIds))) return before;
        const slugs = (list: readonly { slug: string }[]) =>
          list.length === 0 ? null : list.map((tag) => tag.slug).join(', ');
        const change = { field: 'tags', from: slugs(current), to: slugs(tagIds.map((id) => found.get(id)!)) };
        return applyChange(trx, ctx.viewer.actor, effects, before, 'SET_TAGS', {}, [change]);
      }),
  }),
}));
