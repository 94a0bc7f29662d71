import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import { applyChange, validSlug, validVersion } from '../content/editorial.js';
import { bylineText, validCredit, validLinks, validName, validText } from '../content/taxonomy.js';
import { ConflictError, NotFoundError, ValidationError } from '../content/write-errors.js';
import type { Db } from '../db/database.js';
import {
  type AuthorValues,
  type BylineValues,
  countBylinesOfAuthor,
  deleteAuthorById,
  findBylinesByArticleIds,
  insertAuthor,
  isAuthorSlugTaken,
  lockAuthor,
  lockAuthors,
  replaceBylines,
  updateAuthor,
} from '../db/queries/authors.js';
import { existingImageIds } from '../db/queries/images.js';
import { MAX_BYLINES } from '../domain.js';
import { quoteInput } from '../errors.js';
import { slugify } from '../text/text.js';
import { lockReadable, versionArg, WRITE_ARTICLES } from './article-mutations.js';
import { parseIdForWrite, resultNames } from './mutation-errors.js';
import { column, reads } from './read.js';
import { ArticleRef, AuthorRef } from './refs.js';
import { runMutation } from './write-effects.js';

/** Authors, tags and sections: the records articles are credited to and filed under. */
export const WRITE_TAXONOMY = { 'write:taxonomy': true } as const;

const AUTHOR_WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError];

/** A slug given, or the first free one made from the name ("jane-doe", "jane-doe-2", …). */
async function authorSlug(
  trx: Db,
  given: string | null | undefined,
  name: string,
  field: string,
  exceptId?: number,
): Promise<string> {
  if (given != null) {
    const slug = validSlug(given, field);
    if (await isAuthorSlugTaken(trx, slug, exceptId))
      throw new ValidationError(field, 'TAKEN', `Another author has (or had) the slug ${quoteInput(slug)}`);
    return slug;
  }
  const base = slugify(name);
  for (let n = 1; n <= 20; n += 1) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await isAuthorSlugTaken(trx, candidate, exceptId))) return candidate;
  }
  throw new ValidationError(field, 'TAKEN', `No free slug near ${quoteInput(base)}: give one`);
}

/** An image an author's portrait may be: any stored image (the API addresses images by id, as setArticleLeadImage does). */
async function portraitId(trx: Db, id: string | number, field: string): Promise<number> {
  const imageId = parseIdForWrite(id, 'Image', field);
  if (!(await existingImageIds(trx, [imageId])).has(imageId)) throw new NotFoundError(field, 'No image has this id');
  return imageId;
}

const CreateAuthorInput = builder.inputType('CreateAuthorInput', {
  description: 'A new author.',
  fields: (t) => ({
    name: t.string({
      required: true,
      description: 'The name to show: 1 to 200 characters after spaces are collapsed.',
    }),
    slug: t.string({
      required: false,
      description:
        'Lower-case words joined by hyphens, at most 120 characters, unique among current and former author slugs (TAKEN); made from the name when left out.',
    }),
    role: t.string({ required: false, description: 'What they do, e.g. "Economics editor": at most 200 characters.' }),
    bio: t.string({ required: false, description: 'A short biography: at most 5000 characters.' }),
    links: t.stringList({ required: false, description: 'Absolute http(s) URLs, at most 10.' }),
    imageId: t.id({
      required: false,
      description:
        'Global id of an image (`Image.id`: uploadImage, createImage) to show as their portrait (NotFoundError when none has it).',
    }),
  }),
});

const UpdateAuthorInput = builder.inputType('UpdateAuthorInput', {
  description: 'Only the fields given change; `role: null` or `bio: null` clears them.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Global id of the author (`Author.id`).' }),
    expectedVersion: t.int({
      required: true,
      description: 'The `version` the client last read; a stale one gets a ConflictError.',
    }),
    name: t.string({ required: false, description: 'The new name: 1 to 200 characters.' }),
    slug: t.string({
      required: false,
      description:
        'A new slug: lower-case words joined by hyphens, at most 120 characters, unique among current and former author slugs (TAKEN); the old one keeps resolving.',
    }),
    role: t.string({ required: false, description: 'At most 200 characters; null removes it.' }),
    bio: t.string({ required: false, description: 'At most 5000 characters; null removes it.' }),
    links: t.stringList({ required: false, description: 'The whole new list: absolute http(s) URLs, at most 10.' }),
    imageId: t.id({
      required: false,
      description:
        'Global id of an image (`Image.id`) for their portrait (NotFoundError when none has it); null removes it.',
    }),
  }),
});

const BylineInput = builder.inputType('BylineInput', {
  description: 'One place in a byline: an author (`authorId`) or a free-text credit (`credit`), exactly one.',
  fields: (t) => ({
    authorId: t.id({ required: false, description: 'Global id of an author (`Author.id`).' }),
    credit: t.string({ required: false, description: 'Free text such as "Staff and agencies": 1 to 200 characters.' }),
  }),
});

builder.objectFields(AuthorRef, (t) => ({
  version: t.exposeInt('version', {
    description: 'Raised by every change; send it back as `expectedVersion` to updateAuthor.',
    extensions: reads(column('version')),
  }),
}));

builder.mutationFields((t) => ({
  createAuthor: t.field({
    type: AuthorRef,
    description: 'Creates an author. Needs `write:taxonomy`.',
    authScopes: WRITE_TAXONOMY,
    errors: resultNames('createAuthor', 'author', [ValidationError, NotFoundError]),
    args: { input: t.arg({ type: CreateAuthorInput, required: true, description: 'The new author.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const name = validName(input.name, 'input.name');
        const values = {
          name,
          role: validText(input.role, 'input.role', 200),
          bio: validText(input.bio, 'input.bio', 5000),
          links: validLinks(input.links ?? [], 'input.links'),
          slug: await authorSlug(trx, input.slug, name, 'input.slug'),
          imageId: input.imageId == null ? null : await portraitId(trx, input.imageId, 'input.imageId'),
        };
        effects.everything = true;
        return insertAuthor(trx, values);
      }),
  }),

  updateAuthor: t.field({
    type: AuthorRef,
    description: 'Changes an author; every article crediting them shows the change. Needs `write:taxonomy`.',
    authScopes: WRITE_TAXONOMY,
    errors: resultNames('updateAuthor', 'author', AUTHOR_WRITE_ERRORS),
    args: {
      input: t.arg({
        type: UpdateAuthorInput,
        required: true,
        description: 'The author, its expected version and the fields to change.',
      }),
    },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const id = parseIdForWrite(input.id, 'Author', 'input.id');
        const expectedVersion = validVersion(input.expectedVersion, 'input.expectedVersion')!;
        const values: AuthorValues = {};
        if (input.name != null) values.name = validName(input.name, 'input.name');
        if (input.role !== undefined) values.role = validText(input.role, 'input.role', 200);
        if (input.bio !== undefined) values.bio = validText(input.bio, 'input.bio', 5000);
        if (input.links != null) values.links = validLinks(input.links, 'input.links');
        const before = await lockAuthor(trx, id);
        if (!before) throw new NotFoundError('input.id', 'No author has this id');
        if (before.version !== expectedVersion) throw new ConflictError(expectedVersion, before.version, 'author');
        if (input.slug != null && input.slug !== before.slug)
          values.slug = await authorSlug(trx, input.slug, before.name, 'input.slug', id);
        if (input.imageId !== undefined)
          values.imageId = input.imageId === null ? null : await portraitId(trx, input.imageId, 'input.imageId');
        effects.everything = true;
        return updateAuthor(trx, before, values);
      }),
  }),

  deleteAuthor: t.field({
    type: 'ID',
    description:
      'Deletes an author no article credits (NOT_ALLOWED otherwise: take them off those bylines first); returns their id. Needs `write:taxonomy`.',
    authScopes: WRITE_TAXONOMY,
    errors: resultNames('deleteAuthor', 'deletedAuthorId', AUTHOR_WRITE_ERRORS),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the author (`Author.id`).' }),
      expectedVersion: t.arg.int({
        required: false,
        description: 'When given, the write fails with a ConflictError if the author is at another version.',
      }),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Author', 'id');
        const expectedVersion = validVersion(args.expectedVersion);
        const before = await lockAuthor(trx, id);
        if (!before) throw new NotFoundError('id', 'No author has this id');
        if (expectedVersion !== undefined && before.version !== expectedVersion)
          throw new ConflictError(expectedVersion, before.version, 'author');
        const credited = await countBylinesOfAuthor(trx, id);
        if (credited > 0)
          throw new ValidationError(
            'id',
            'NOT_ALLOWED',
            `${credited} article(s) credit this author: take them off those bylines first`,
          );
        await deleteAuthorById(trx, id);
        effects.everything = true;
        return encodeGlobalID('Author', id);
      }),
  }),

  setArticleBylines: t.field({
    type: ArticleRef,
    description:
      'Replaces the byline of an article, in order: authors and free-text credits, at most 20. Raises the article’s version and records a SET_BYLINES revision. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('setArticleBylines', 'article'),
    args: {
      articleId: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
      bylines: t.arg({
        type: [BylineInput],
        required: true,
        description: 'The whole new byline, in order; empty removes it.',
      }),
      expectedVersion: versionArg(t as never),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const articleId = parseIdForWrite(args.articleId, 'Article', 'articleId');
        if (args.bylines.length > MAX_BYLINES)
          throw new ValidationError('bylines', 'OUT_OF_RANGE', `A byline has at most ${MAX_BYLINES} places`);
        const wanted = args.bylines.map((byline, i) => {
          if ((byline.authorId == null) === (byline.credit == null)) {
            throw new ValidationError(`bylines.${i}`, 'NOT_ALLOWED', 'Give either `authorId` or `credit`');
          }
          return byline.authorId != null
            ? { authorId: parseIdForWrite(byline.authorId, 'Author', `bylines.${i}.authorId`), credit: null }
            : { authorId: null, credit: validCredit(byline.credit!, `bylines.${i}.credit`) };
        });
        const before = await lockReadable(trx, ctx, articleId, validVersion(args.expectedVersion), 'articleId');
        const authorIds = wanted.flatMap((b) => (b.authorId === null ? [] : [b.authorId]));
        // Shared locks: an author cannot be deleted while a byline is being given to them.
        const authors = new Map((await lockAuthors(trx, authorIds)).map((author) => [author.id, author]));
        const seen = new Set<number>();
        wanted.forEach((byline, i) => {
          if (byline.authorId === null) return;
          if (!authors.has(byline.authorId)) throw new NotFoundError(`bylines.${i}.authorId`, 'No author has this id');
          if (seen.has(byline.authorId))
            throw new ValidationError(`bylines.${i}.authorId`, 'NOT_ALLOWED', 'An author is in a byline once');
          seen.add(byline.authorId);
        });
        const current = await findBylinesByArticleIds(trx, [articleId]);
        const known = new Map(
          (
            await lockAuthors(
              trx,
              current.flatMap((b) => (b.authorId === null ? [] : [b.authorId])),
            )
          ).map((a) => [a.id, a.name]),
        );
        const text = (bylines: readonly BylineValues[], names: Map<number, string>) =>
          bylineText(bylines.map((b) => (b.authorId === null ? b.credit! : (names.get(b.authorId) ?? ''))));
        if (!(await replaceBylines(trx, articleId, wanted))) return before;
        const change = {
          field: 'bylines',
          from: text(current, known),
          to: text(wanted, new Map([...authors].map(([id, a]) => [id, a.name]))),
        };
        return applyChange(trx, ctx.viewer.actor, effects, before, 'SET_BYLINES', {}, [change]);
      }),
  }),
}));
