import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { sql } from 'kysely';
import { builder } from '../builder.js';
import { DEFAULT_IMAGE_MAX_WIDTH, MAX_SRCSET_WIDTHS } from '../config.js';
import { applyChange, validVersion } from '../content/editorial.js';
import { validExternalUrl } from '../content/seo.js';
import { NotFoundError, ValidationError } from '../content/write-errors.js';
import type { Context } from '../context.js';
import {
  articleIdsUsingImage,
  existingImageIds,
  findArticleImages,
  findImageForWrite,
  findImagesByIds,
  type ImagePatch,
  imageShownSql,
  insertImage,
  isAuthorImage,
  isShownByPublishedArticle,
  replaceArticleImages,
  updateImage,
} from '../db/queries/images.js';
import type { ArticleImageRow, ArticleRow, ImageRow } from '../db/tables.js';
import { badInput, ErrorCode } from '../errors.js';
import { listsUpTo, weighs } from '../field-cost.js';
import { mediaOf } from '../media/index.js';
import { IMAGE_FORMATS, type ImageFormat, renditionUrl, renditionUrlSql, srcset } from '../media/renditions.js';
import { MEDIA_PATH } from '../media/route.js';
import { sniffImage } from '../media/sniff.js';
import { newStorageKey } from '../media/storage.js';
import { lockReadable, versionArg, WRITE_ARTICLES } from './article-mutations.js';
import { parseNumericKey } from './ids.js';
import { parseIdForWrite, resultNames } from './mutation-errors.js';
import {
  type Alias,
  column,
  globalId,
  lookupById,
  many,
  NotThisRequest,
  need,
  one,
  type ReadScope,
  reads,
  value,
} from './read.js';
import { ArticleRef, AuthorRef } from './refs.js';
import { runMutation } from './write-effects.js';

/**
 * Images (issue #19): an Image node with its metadata, rendition URLs for an imgproxy-style
 * service (src/media/renditions.ts), the article's lead, social and body images, and the
 * editorial mutations that upload, describe and place them.
 *
 * Body images: the body stays plain text (paragraphs separated by blank lines, as `paragraphs`
 * splits it); `Article.images` lists the images placed in it, each after a paragraph
 * (`afterParagraph`: 0 before the first, n after the n-th), so a front end interleaves
 * `paragraphs` and `images` without parsing markers out of the text.
 */

export const ImageRef = builder.objectRef<ImageRow>('Image');

builder.scalarType('File', {
  description:
    'A file sent with the request under the GraphQL multipart request spec (https://github.com/jaydenseric/graphql-multipart-request-spec). Input only.',
  serialize: () => {
    throw new GraphQLError('File is an input type only');
  },
  parseValue: (value) => {
    // The server's File may be its fetch ponyfill's rather than the global class: judged by shape.
    const file = value as Partial<File> | null;
    if (
      typeof file !== 'object' ||
      file === null ||
      typeof file.arrayBuffer !== 'function' ||
      typeof file.size !== 'number'
    )
      throw new GraphQLError('File must be a file part of a multipart request', {
        extensions: { code: ErrorCode.BAD_USER_INPUT },
      });
    return value as File;
  },
});

export const ImageFormatEnum = builder.enumType('ImageFormat', {
  description: 'The encoding of a rendition.',
  values: Object.fromEntries(
    IMAGE_FORMATS.map((format) => [format, { description: `${format} (the image service converts).` }]),
  ) as Record<ImageFormat, { description: string }>,
});

const imageLoaders = new WeakMap<Context, DataLoader<number, ImageRow | null>>();

/** Images by id, as this viewer may see them (public: only those a visible article uses). */
export function imageLoader(ctx: Context): DataLoader<number, ImageRow | null> {
  let loader = imageLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const rows = new Map((await findImagesByIds(ctx.db, ids, ctx.visibility)).map((row) => [row.id, row]));
      return ids.map((id) => rows.get(id) ?? null);
    });
    imageLoaders.set(ctx, loader);
  }
  return loader;
}

const shownImageLoaders = new WeakMap<Context, DataLoader<number, ImageRow | null>>();

/**
 * Images an article the viewer reads shows (lead, social, body): seen whenever the article is, so
 * without the image's own visibility rule. One statement per request for every article's images.
 */
function shownImageLoader(ctx: Context): DataLoader<number, ImageRow | null> {
  let loader = shownImageLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const rows = new Map((await findImagesByIds(ctx.db, ids, { includeHidden: true })).map((row) => [row.id, row]));
      return ids.map((id) => rows.get(id) ?? null);
    });
    shownImageLoaders.set(ctx, loader);
  }
  return loader;
}

const articleImageLoaders = new WeakMap<Context, DataLoader<number, ArticleImageRow[]>>();
function articleImagesLoader(ctx: Context): DataLoader<number, ArticleImageRow[]> {
  let loader = articleImageLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const rows = await findArticleImages(ctx.db, ids);
      return ids.map((id) => rows.filter((row) => row.articleId === id));
    });
    articleImageLoaders.set(ctx, loader);
  }
  return loader;
}

function checkWidth(value: unknown, max: number, argument: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max)
    throw badInput(`\`${argument}\` must be from 1 to ${max}`, argument);
  return value;
}

function checkHeight(value: unknown, max: number): number {
  if (value == null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max)
    throw badInput(`\`height\` must be from 0 to ${max} (0 keeps the aspect ratio)`, 'height');
  return value;
}

function checkWidths(value: unknown, max: number): number[] {
  const widths = value as number[];
  if (widths.length < 1 || widths.length > MAX_SRCSET_WIDTHS)
    throw badInput(`\`widths\` must hold 1 to ${MAX_SRCSET_WIDTHS} widths`, 'widths');
  for (const width of widths) checkWidth(width, max, 'widths');
  return widths;
}

/**
 * An argument the declaration cannot take (out of range) goes to the resolver, which reports it;
 * given what the resolver reads of the image (renditionSourceNeeds), wherever the image is (under a
 * list of articles, which has no resolver of its own to fall back on, too).
 */
const inRange = <T>(check: () => T): T => {
  try {
    return check();
  } catch {
    throw new NotThisRequest('argument out of range');
  }
};

/** What renditionUrl and srcset read of an image (RenditionSource), for the resolvers of url and srcset. */
const renditionSourceNeeds = {
  storageKey: need('storage_key'),
  externalUrl: need('external_url'),
  mimeType: need('mime_type'),
  focalX: need('focal_x'),
  focalY: need('focal_y'),
};

const mediaUrlSql = (i: Alias) => sql`coalesce(${i}.external_url, ${sql.lit(MEDIA_PATH)} || ${i}.storage_key)`;

builder.node(ImageRef, {
  description: 'An image: a photograph, graphic or illustration, with what a page needs to show and credit it.',
  id: { resolve: (image) => image.id, parse: parseNumericKey, extensions: reads(globalId('Image')) },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => imageLoader(ctx).load(id))),
  // findImagesByIds' rule: the public sees an image once a visible article uses it.
  extensions: lookupById(
    (key, i, scope) =>
      sql`images ${i} where ${i}.id = ${key} and ${sql.raw(scope.visibility.includeHidden ? 'true' : imageShownSql(i.name))}`,
  ),
  fields: (t) => ({
    alt: t.exposeString('alt', {
      nullable: true,
      description: 'Text alternative for readers who cannot see the image; null until an editor writes one.',
      extensions: reads(column('alt')),
    }),
    caption: t.exposeString('caption', {
      nullable: true,
      description: 'The caption shown with the image.',
      extensions: reads(column('caption')),
    }),
    credit: t.exposeString('credit', {
      nullable: true,
      description: 'Who made the image, as printed: "Photograph: Jane Doe/Agency".',
      extensions: reads(column('credit')),
    }),
    licence: t.exposeString('licence', {
      nullable: true,
      description: 'The rights under which the image is used (a licence name or terms).',
      extensions: reads(column('licence')),
    }),
    width: t.exposeInt('width', {
      description: 'Width of the original in pixels.',
      extensions: reads(column('width')),
    }),
    height: t.exposeInt('height', {
      description: 'Height of the original in pixels.',
      extensions: reads(column('height')),
    }),
    focalX: t.float({
      description: 'Horizontal position of the point crops keep in view, from 0 (left) to 1 (right).',
      extensions: reads(column('focal_x')),
      resolve: (image) => image.focalX,
    }),
    focalY: t.float({
      description: 'Vertical position of the point crops keep in view, from 0 (top) to 1 (bottom).',
      extensions: reads(column('focal_y')),
      resolve: (image) => image.focalY,
    }),
    mimeType: t.exposeString('mimeType', {
      description:
        'Media type of the original, read from its bytes: image/jpeg, image/png, image/webp, image/avif or image/gif.',
      extensions: reads(column('mime_type')),
    }),
    originalUrl: t.string({
      description:
        'Where the original is served: this server’s /media/{key} for stored originals, or the external URL it was imported with.',
      extensions: reads(value((i) => mediaUrlSql(i))),
      resolve: (image) => image.externalUrl ?? `${MEDIA_PATH}${image.storageKey}`,
    }),
    url: t.string({
      description:
        'A signed URL of a rendition from the image service: `width` wide (`height` tall and cropped around the focal point when given).',
      args: {
        width: t.arg.int({
          required: true,
          description: `Width in pixels: 1 to IMAGE_MAX_WIDTH (${DEFAULT_IMAGE_MAX_WIDTH} by default; BAD_USER_INPUT otherwise).`,
        }),
        height: t.arg.int({
          required: false,
          description: 'Height in pixels, 0 to IMAGE_MAX_WIDTH; left out or 0 keeps the aspect ratio.',
        }),
        format: t.arg({
          type: ImageFormatEnum,
          required: false,
          description: 'Encoding of the rendition; the original’s when left out.',
        }),
      },
      extensions: {
        ...reads(
          value((i, scope: ReadScope) => {
            const max = scope.settings.renditions.maxWidth;
            const width = scope.param((args) => inRange(() => checkWidth(args.width, max, 'width')), 'int');
            const height = scope.param((args) => inRange(() => checkHeight(args.height, max)), 'int');
            const format = scope.param((args) => args.format ?? null, 'text');
            return renditionUrlSql(scope.settings.renditions, i, width, height, format);
          }),
          renditionSourceNeeds,
        ),
        ...weighs(1),
      },
      resolve: (image, args, ctx) => {
        const config = mediaOf(ctx).config.renditions;
        const width = checkWidth(args.width, config.maxWidth, 'width');
        return renditionUrl(config, image, {
          width,
          height: checkHeight(args.height, config.maxWidth),
          format: (args.format as ImageFormat | null | undefined) ?? null,
        });
      },
    }),
    srcset: t.string({
      description: `A srcset attribute: one signed rendition URL per width, each followed by its width ("… 320w, … 640w"), aspect ratio kept. At most ${MAX_SRCSET_WIDTHS} widths; each counts in the query cost.`,
      args: {
        widths: t.arg.intList({
          required: true,
          description: `1 to ${MAX_SRCSET_WIDTHS} widths in pixels, each 1 to IMAGE_MAX_WIDTH (BAD_USER_INPUT otherwise).`,
        }),
        format: t.arg({
          type: ImageFormatEnum,
          required: false,
          description: 'Encoding of the renditions; the original’s when left out.',
        }),
      },
      extensions: {
        ...reads(
          value((i, scope: ReadScope) => {
            const config = scope.settings.renditions;
            const widths = scope.param((args) => inRange(() => checkWidths(args.widths, config.maxWidth)), 'int[]');
            const format = scope.param((args) => args.format ?? null, 'text');
            const w = sql.raw('w.width');
            const url = renditionUrlSql(config, i, w, sql`0`, format);
            return sql`(select string_agg(${url} || ' ' || ${w} || 'w', ', ' order by w.n) from unnest(${widths}) with ordinality as w(width, n))`;
          }),
          renditionSourceNeeds,
        ),
        // Per width (the limits multiply a field's weight by its list argument's length).
        ...weighs(1),
      },
      resolve: (image, args, ctx) => {
        const config = mediaOf(ctx).config.renditions;
        return srcset(
          config,
          image,
          checkWidths(args.widths, config.maxWidth),
          (args.format as ImageFormat | null | undefined) ?? null,
        );
      },
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When the image was stored.',
      extensions: reads(column('created_at')),
      resolve: (image) => image.createdAt,
    }),
    version: t.exposeInt('version', {
      description: 'Raised by every change of the metadata; pass it as `expectedVersion` to updateImage.',
      extensions: reads(column('version')),
    }),
  }),
});

interface ArticleImageShape {
  articleId: number;
  position: number;
  imageId: number;
  afterParagraph: number;
}

const ArticleImageRef = builder.objectRef<ArticleImageShape>('ArticleImage').implement({
  description: 'An image placed in an article’s body.',
  fields: (t) => ({
    afterParagraph: t.exposeInt('afterParagraph', {
      description:
        'The image follows this paragraph of `Article.paragraphs` (1 is the first); 0 puts it before the first. When the body has since lost paragraphs, it follows the last one.',
      extensions: reads(column('after_paragraph')),
    }),
    image: t.field({
      type: ImageRef,
      description: 'The image.',
      extensions: reads(one((ai, i) => sql`images ${i} where ${i}.id = ${ai}.image_id`)),
      resolve: async (placed, _args, ctx) => (await shownImageLoader(ctx).load(placed.imageId))!,
    }),
  }),
});

builder.objectFields(ArticleRef, (t) => ({
  leadImage: t.field({
    type: ImageRef,
    nullable: true,
    description: 'The image at the top of the article; null when it has none.',
    extensions: reads(one((a, i) => sql`images ${i} where ${i}.id = ${a}.lead_image_id`)),
    resolve: (article, _args, ctx) =>
      article.leadImageId === null ? null : shownImageLoader(ctx).load(article.leadImageId),
  }),
  socialImage: t.field({
    type: ImageRef,
    nullable: true,
    description:
      'The image to show when the article is shared (og:image, twitter:image): the one chosen for sharing, else the lead image.',
    extensions: reads(
      one((a, i) => sql`images ${i} where ${i}.id = coalesce(${a}.social_image_id, ${a}.lead_image_id)`),
    ),
    resolve: (article, _args, ctx) => {
      const id = article.socialImageId ?? article.leadImageId;
      return id === null ? null : shownImageLoader(ctx).load(id);
    },
  }),
  images: t.field({
    type: [ArticleImageRef],
    description: 'The images placed in the body, in reading order.',
    extensions: {
      ...reads(
        many((a, ai) => ({
          from: sql`article_images ${ai} where ${ai}.article_id = ${a}.id`,
          order: sql`${ai}.after_paragraph, ${ai}.position`,
        })),
      ),
      ...listsUpTo(MAX_BODY_IMAGES),
    },
    resolve: async (article, _args, ctx) =>
      [...(await articleImagesLoader(ctx).load(article.id))].sort(
        (x, y) => x.afterParagraph - y.afterParagraph || x.position - y.position,
      ),
  }),
}));

builder.objectFields(AuthorRef, (t) => ({
  image: t.field({
    type: ImageRef,
    nullable: true,
    description:
      'Their portrait; null when they have none. The public sees it once a visible article credits the author (as any image: once something public shows it); editors with `read:drafts` always.',
    extensions: reads(
      one(
        (au, i, scope) =>
          sql`images ${i} where ${i}.id = ${au}.image_id and ${sql.raw(scope.visibility.includeHidden ? 'true' : imageShownSql(i.name))}`,
      ),
    ),
    resolve: (author, _args, ctx) => (author.imageId === null ? null : imageLoader(ctx).load(author.imageId)),
  }),
}));

// ----- Editorial mutations -----

const ImageMetadataInput = builder.inputType('ImageMetadataInput', {
  description: 'What a page shows with an image. Only the fields given change; null clears a text field.',
  fields: (t) => ({
    alt: t.string({
      required: false,
      description:
        'Text alternative, at most 1000 characters. Needed to publish an article that leads with the image (IMAGE_ALT_REQUIRED).',
    }),
    caption: t.string({ required: false, description: 'Caption, at most 2000 characters.' }),
    credit: t.string({ required: false, description: 'Credit line, at most 300 characters.' }),
    licence: t.string({ required: false, description: 'Rights or licence, at most 300 characters.' }),
    focalX: t.float({ required: false, description: 'Horizontal focal point, 0 to 1.' }),
    focalY: t.float({ required: false, description: 'Vertical focal point, 0 to 1.' }),
  }),
});

const CreateImageInput = builder.inputType('CreateImageInput', {
  description:
    'An image whose original is elsewhere (an agency, an archive): its URL and dimensions; nothing is fetched.',
  fields: (t) => ({
    externalUrl: t.string({ required: true, description: 'An http(s) URL of the original, at most 2000 characters.' }),
    width: t.int({ required: true, description: 'Width of the original in pixels, 1 to 100000.' }),
    height: t.int({ required: true, description: 'Height of the original in pixels, 1 to 100000.' }),
    mimeType: t.string({ required: true, description: 'image/jpeg, image/png, image/webp, image/avif or image/gif.' }),
    metadata: t.field({
      type: ImageMetadataInput,
      required: false,
      description: 'Alt text, caption, credit, licence and focal point.',
    }),
  }),
});

const ArticleImageInput = builder.inputType('ArticleImageInput', {
  description: 'An image to place in the body.',
  fields: (t) => ({
    imageId: t.id({ required: true, description: 'Global id of the image (`Image.id`).' }),
    afterParagraph: t.int({
      required: true,
      description: 'The paragraph it follows (1 is the first; 0 before the first); at most the number of paragraphs.',
    }),
  }),
});

const TEXT_LIMITS = { alt: 1000, caption: 2000, credit: 300, licence: 300 } as const;
const MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif'];
export const MAX_BODY_IMAGES = 100;

type MetadataInput = {
  alt?: string | null;
  caption?: string | null;
  credit?: string | null;
  licence?: string | null;
  focalX?: number | null;
  focalY?: number | null;
};

function validMetadata(input: MetadataInput | null | undefined, field: string): ImagePatch {
  const patch: ImagePatch = {};
  if (!input) return patch;
  for (const name of ['alt', 'caption', 'credit', 'licence'] as const) {
    const raw = input[name];
    if (raw === undefined) continue;
    const text = raw === null ? null : raw.trim().replace(/\s+/g, ' ');
    if (text !== null && text.length > TEXT_LIMITS[name])
      throw new ValidationError(
        `${field}.${name}`,
        'TOO_LONG',
        `\`${name}\` is at most ${TEXT_LIMITS[name]} characters`,
      );
    patch[name] = text === '' ? null : text;
  }
  for (const name of ['focalX', 'focalY'] as const) {
    const raw = input[name];
    if (raw === undefined) continue;
    if (raw === null || !Number.isFinite(raw) || raw < 0 || raw > 1)
      throw new ValidationError(`${field}.${name}`, 'OUT_OF_RANGE', `\`${name}\` must be from 0 to 1`);
    patch[name] = raw;
  }
  return patch;
}

/** The alt-text rule (IMAGE_ALT_REQUIRED): a published article's lead and body images describe themselves. */
export async function checkAltText(
  ctx: Context,
  trx: Context['db'],
  article: Pick<ArticleRow, 'id' | 'leadImageId'>,
  field: string,
): Promise<void> {
  if (!mediaOf(ctx).config.altRequired) return;
  const placed = await findArticleImages(trx, [article.id]);
  const ids = [...(article.leadImageId === null ? [] : [article.leadImageId]), ...placed.map((p) => p.imageId)];
  if (ids.length === 0) return;
  const images = await findImagesByIds(trx, ids, { includeHidden: true });
  const missing = images.filter((image) => !image.alt);
  if (missing.some((image) => image.id === article.leadImageId)) {
    throw new ValidationError(
      field,
      'REQUIRED',
      'The lead image has no alt text: describe it with updateImage(input: { metadata: { alt } }) before publishing',
    );
  }
  if (missing.length > 0)
    throw new ValidationError(
      field,
      'REQUIRED',
      `${missing.length} body image(s) have no alt text: describe them with updateImage before publishing`,
    );
}

async function invalidateUsers(
  trx: Context['db'],
  imageId: number,
  effects: { articleIds: Set<number>; everything: boolean },
) {
  for (const id of await articleIdsUsingImage(trx, imageId)) effects.articleIds.add(id);
  // A portrait shows on every article crediting its author, in lists too: no list of ids tells them.
  if (await isAuthorImage(trx, imageId)) effects.everything = true;
}

builder.mutationFields((t) => ({
  uploadImage: t.field({
    type: ImageRef,
    description:
      'Stores an uploaded image (a multipart request, GraphQL multipart request spec) with its metadata. Its type and dimensions are read from its bytes; at most IMAGE_MAX_BYTES. Needs `write:articles` (uploads always carry the token).',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('uploadImage', 'image', [ValidationError]),
    args: {
      file: t.arg({ type: 'File', required: true, description: 'The image file: JPEG, PNG, WebP, AVIF or GIF.' }),
      metadata: t.arg({
        type: ImageMetadataInput,
        required: false,
        description: 'Alt text, caption, credit, licence and focal point.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const { config, storage } = mediaOf(ctx);
      const file = args.file as File;
      const patch = validMetadata(args.metadata, 'metadata');
      if (file.size > config.maxBytes)
        throw new ValidationError(
          'file',
          'TOO_LONG',
          `The file is ${file.size} bytes; the limit is ${config.maxBytes}`,
        );
      if (file.size === 0) throw new ValidationError('file', 'REQUIRED', 'The file is empty');
      const bytes = new Uint8Array(await file.arrayBuffer());
      const sniffed = sniffImage(bytes);
      if (!sniffed)
        throw new ValidationError('file', 'INVALID_FORMAT', 'The file is not a JPEG, PNG, WebP, AVIF or GIF image');
      if (sniffed.width * sniffed.height > config.maxPixels) {
        throw new ValidationError(
          'file',
          'OUT_OF_RANGE',
          `The image has ${sniffed.width}×${sniffed.height} pixels; the limit is ${config.maxPixels} (IMAGE_MAX_PIXELS)`,
        );
      }
      const storageKey = newStorageKey(sniffed.mimeType);
      await storage.put(storageKey, bytes, sniffed.mimeType);
      try {
        return await runMutation(ctx, (trx) =>
          insertImage(trx, {
            externalId: null,
            storageKey,
            externalUrl: null,
            mimeType: sniffed.mimeType,
            byteSize: bytes.byteLength,
            width: sniffed.width,
            height: sniffed.height,
            alt: null,
            caption: null,
            credit: null,
            licence: null,
            ...patch,
          }),
        );
      } catch (error) {
        await storage.delete(storageKey).catch(() => {});
        throw error;
      }
    },
  }),

  createImage: t.field({
    type: ImageRef,
    description: 'Records an image whose original is at an external URL (nothing is fetched). Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('createImage', 'image', [ValidationError]),
    args: {
      input: t.arg({ type: CreateImageInput, required: true, description: 'The URL, dimensions, type and metadata.' }),
    },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx, async (trx) => {
        const externalUrl = validExternalUrl(input.externalUrl, 'input.externalUrl');
        for (const name of ['width', 'height'] as const) {
          if (!Number.isInteger(input[name]) || input[name] < 1 || input[name] > 100_000)
            throw new ValidationError(`input.${name}`, 'OUT_OF_RANGE', `\`${name}\` must be from 1 to 100000`);
        }
        if (!MIME_TYPES.includes(input.mimeType))
          throw new ValidationError('input.mimeType', 'INVALID_FORMAT', `One of ${MIME_TYPES.join(', ')}`);
        const patch = validMetadata(input.metadata, 'input.metadata');
        return insertImage(trx, {
          externalId: null,
          storageKey: null,
          externalUrl,
          mimeType: input.mimeType,
          byteSize: null,
          width: input.width,
          height: input.height,
          alt: null,
          caption: null,
          credit: null,
          licence: null,
          ...patch,
        });
      }),
  }),

  updateImage: t.field({
    type: ImageRef,
    description:
      'Changes an image’s alt text, caption, credit, licence or focal point; every article showing it changes with it. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('updateImage', 'image', [ValidationError, NotFoundError]),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the image (`Image.id`).' }),
      metadata: t.arg({ type: ImageMetadataInput, required: true, description: 'The fields to change.' }),
      expectedVersion: t.arg.int({
        required: false,
        description:
          'When given, the write fails with a ValidationError (NOT_ALLOWED) if the image is at another version.',
      }),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Image', 'id');
        const patch = validMetadata(args.metadata, 'metadata');
        const before = await findImageForWrite(trx, id);
        if (!before) throw new NotFoundError('id', 'No image has this id');
        if (args.expectedVersion != null && args.expectedVersion !== before.version) {
          throw new ValidationError(
            'expectedVersion',
            'NOT_ALLOWED',
            `The image is at version ${before.version}, not ${args.expectedVersion}`,
          );
        }
        if (patch.alt === null && before.alt !== null && mediaOf(ctx).config.altRequired) {
          if (await isShownByPublishedArticle(trx, id))
            throw new ValidationError(
              'metadata.alt',
              'REQUIRED',
              'Published articles show this image: it keeps its alt text',
            );
        }
        if (Object.keys(patch).length === 0) return before;
        await invalidateUsers(trx, id, effects);
        return updateImage(trx, id, patch);
      }),
  }),

  setArticleLeadImage: t.field({
    type: ArticleRef,
    description:
      'Sets (or with `imageId: null` removes) the article’s lead image, and optionally its social image. Recorded as a SET_IMAGES revision. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('setArticleLeadImage', 'article'),
    args: {
      articleId: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
      imageId: t.arg.id({
        required: false,
        description: 'Global id of the image (`Image.id`); null removes the lead image.',
      }),
      socialImageId: t.arg.id({
        required: false,
        description: 'Global id of the sharing image; null shares the lead image. Left out: unchanged.',
      }),
      expectedVersion: versionArg(t as never),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const articleId = parseIdForWrite(args.articleId, 'Article', 'articleId');
        const leadImageId = args.imageId == null ? null : parseIdForWrite(args.imageId, 'Image', 'imageId');
        const socialImageId =
          args.socialImageId == null ? null : parseIdForWrite(args.socialImageId, 'Image', 'socialImageId');
        const before = await lockReadable(trx, ctx, articleId, validVersion(args.expectedVersion), 'articleId');
        const known = await existingImageIds(
          trx,
          [leadImageId, socialImageId].filter((id): id is number => id !== null),
        );
        if (leadImageId !== null && !known.has(leadImageId)) throw new NotFoundError('imageId', 'No image has this id');
        if (socialImageId !== null && !known.has(socialImageId))
          throw new NotFoundError('socialImageId', 'No image has this id');
        const values = { leadImageId, ...(args.socialImageId !== undefined ? { socialImageId } : {}) };
        if (
          values.leadImageId === before.leadImageId &&
          (values.socialImageId === undefined || values.socialImageId === before.socialImageId)
        )
          return before;
        if (before.status !== 'DRAFT') await checkAltText(ctx, trx, { id: articleId, leadImageId }, 'imageId');
        return applyChange(trx, ctx.viewer.actor, effects, before, 'SET_IMAGES', values);
      }),
  }),

  setArticleImages: t.field({
    type: ArticleRef,
    description: `Replaces the images placed in the article’s body (at most ${MAX_BODY_IMAGES}), in reading order. Recorded as a SET_IMAGES revision. Needs \`write:articles\`.`,
    authScopes: WRITE_ARTICLES,
    errors: resultNames('setArticleImages', 'article'),
    args: {
      articleId: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
      images: t.arg({
        type: [ArticleImageInput],
        required: true,
        description: 'Every body image, each after its paragraph; an empty list removes them all.',
      }),
      expectedVersion: versionArg(t as never),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const articleId = parseIdForWrite(args.articleId, 'Article', 'articleId');
        if (args.images.length > MAX_BODY_IMAGES)
          throw new ValidationError('images', 'TOO_LONG', `At most ${MAX_BODY_IMAGES} body images`);
        const placed = args.images.map((image, index) => ({
          imageId: parseIdForWrite(image.imageId, 'Image', `images.${index}.imageId`),
          afterParagraph: image.afterParagraph,
        }));
        const before = await lockReadable(trx, ctx, articleId, validVersion(args.expectedVersion), 'articleId');
        const paragraphs = before.body.split(/\n\s*\n/).filter((p) => p.trim() !== '').length;
        placed.forEach((image, index) => {
          if (
            !Number.isInteger(image.afterParagraph) ||
            image.afterParagraph < 0 ||
            image.afterParagraph > paragraphs
          ) {
            throw new ValidationError(
              `images.${index}.afterParagraph`,
              'OUT_OF_RANGE',
              `\`afterParagraph\` must be from 0 to ${paragraphs} (the article’s paragraphs)`,
            );
          }
        });
        const known = await existingImageIds(
          trx,
          placed.map((image) => image.imageId),
        );
        placed.forEach((image, index) => {
          if (!known.has(image.imageId)) throw new NotFoundError(`images.${index}.imageId`, 'No image has this id');
        });
        const previous = await findArticleImages(trx, [articleId]);
        const describe = (list: readonly { imageId: number; afterParagraph: number }[]) =>
          list.length ? list.map((p) => `${p.imageId}@${p.afterParagraph}`).join(',') : null;
        if (describe(previous) === describe(placed)) return before;
        await replaceArticleImages(trx, articleId, placed);
        if (before.status !== 'DRAFT') await checkAltText(ctx, trx, before, 'images');
        return applyChange(trx, ctx.viewer.actor, effects, before, 'SET_IMAGES', {}, [
          { field: 'images', from: describe(previous), to: describe(placed) },
        ]);
      }),
  }),
}));
