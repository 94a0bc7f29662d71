import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { BroadsheetError, ErrorCode } from '../errors.js';
import { parseGlobalId } from './ids.js';
import { ImageRef, imageLoader } from './image.js';
import { byGlobalIds, executorOnly, type ObjectKey, reads } from './read.js';
import { readThrough } from './read-through.js';
import { ArticleRef, AuthorRef, EntityRef, SectionRef, TagRef } from './refs.js';

// Apollo Federation 2: Article, Author, Entity, Section and Tag are entities that other subgraphs (comments,
// paywall, analytics) extend by `id` (the same global id clients see) or by `slug`. A gateway's
// `_entities` call is read through the declarations (docs/READ-MODEL.md): each representation's
// type and key decoded per request, read by that type's `lookupById` (a slug first through its
// `lookupBySlug`), every representation in one statement, in order. The public visibility rules
// apply: a reference to a draft resolves to null, exactly as `article(id:)` does. When the
// declarations do not serve the request, each representation resolves through the request's
// DataLoaders (resolveReference), N references of one type in one statement.

type Reference = { id?: unknown; slug?: unknown };

const idKey = builder.selection<{ id: string }>('id');
const slugKey = builder.selection<{ slug: string }>('slug');

function keyValue(reference: Reference, typename: string): { id: string } | { slug: string } {
  if (typeof reference.id === 'string') return { id: reference.id };
  if (typeof reference.slug === 'string') return { slug: reference.slug };
  throw new BroadsheetError(ErrorCode.BAD_USER_INPUT, `A ${typename} reference needs a string \`id\` or \`slug\``, {
    argument: 'representations',
  });
}

/** The type and key a reference names, or the error its slot reports (BAD_USER_INPUT, INVALID_ID). */
function referenceKey(reference: Reference, typename: string, slugIsKey: boolean): ObjectKey {
  const key = keyValue(reference, typename);
  if ('id' in key) return { typename, key: parseGlobalId(key.id, typename, 'representations') };
  if (!slugIsKey)
    throw new BroadsheetError(ErrorCode.BAD_USER_INPUT, `An ${typename} reference needs a string \`id\``, {
      argument: 'representations',
    });
  return { typename, slug: key.slug };
}

/** The entity types and whether `slug` is one of their keys. */
const ENTITY_TYPES = new Map([
  ['Article', true],
  ['Author', true],
  ['Entity', true],
  ['Image', false],
  ['Section', true],
  ['Tag', true],
]);

/** A representation's type and key, or its error in its place. */
function decodeReference(representation: unknown): ObjectKey | BroadsheetError {
  const typename = (representation as { __typename: string }).__typename;
  try {
    return referenceKey(representation as Reference, typename, ENTITY_TYPES.get(typename) === true);
  } catch (error) {
    if (error instanceof BroadsheetError) return error;
    throw error;
  }
}

/**
 * A slug PostgreSQL cannot take as text (a NUL): the loaders' batch reports it in each of its
 * slots, where one statement for every representation would fail them all.
 */
const untakeable = (key: ObjectKey | BroadsheetError) => 'slug' in key && key.slug.includes('\u0000');

/**
 * What the declaration reads of a representation: null for one that is not a reference of an
 * entity type, or that the loaders answer (so a compiled plan hands the request to the executor).
 */
function keyOfRepresentation(representation: unknown): ObjectKey | null {
  if (typeof representation !== 'object' || representation === null || Array.isArray(representation)) return null;
  if (!ENTITY_TYPES.has((representation as { __typename?: unknown }).__typename as string)) return null;
  const key = decodeReference(representation);
  return key instanceof BroadsheetError || untakeable(key) ? null : key;
}

interface KeyedLoaders<Row> {
  byId: (ctx: Context) => { load(id: number): Promise<Row | null> };
  bySlug: (ctx: Context) => { load(slug: string): Promise<Row | null> };
}

/**
 * Async on purpose: a bad reference must fail only its own slot in `_entities`, not the whole
 * list, and @apollo/subgraph only isolates rejections, not synchronous throws.
 */
function resolveReferenceWith<Row>(typename: string, loaders: KeyedLoaders<Row>) {
  return async (reference: Reference, ctx: Context): Promise<Row | null> => {
    const key = referenceKey(reference, typename, true);
    if ('key' in key) return loaders.byId(ctx).load(key.key);
    return loaders.bySlug(ctx).load(key.slug);
  };
}

builder.asEntity(ArticleRef, {
  key: [idKey, slugKey],
  resolveReference: resolveReferenceWith('Article', {
    byId: (ctx) => ctx.loaders.article,
    bySlug: (ctx) => ctx.loaders.articleBySlug,
  }),
});

builder.asEntity(EntityRef, {
  key: [idKey, slugKey],
  resolveReference: resolveReferenceWith('Entity', {
    byId: (ctx) => ctx.loaders.entity,
    bySlug: (ctx) => ctx.loaders.entityBySlug,
  }),
});

builder.asEntity(ImageRef, {
  key: idKey,
  resolveReference: async (reference: Reference, ctx: Context) => {
    const key = referenceKey(reference, 'Image', false) as { key: number };
    return imageLoader(ctx).load(key.key);
  },
});

builder.asEntity(SectionRef, {
  key: [idKey, slugKey],
  resolveReference: resolveReferenceWith('Section', {
    byId: (ctx) => ctx.loaders.section,
    bySlug: (ctx) => ctx.loaders.sectionBySlug,
  }),
});

builder.asEntity(AuthorRef, {
  key: [idKey, slugKey],
  resolveReference: resolveReferenceWith('Author', {
    byId: (ctx) => ctx.loaders.author,
    bySlug: (ctx) => ctx.loaders.authorBySlug,
  }),
});

builder.asEntity(TagRef, {
  key: [idKey, slugKey],
  resolveReference: resolveReferenceWith('Tag', {
    byId: (ctx) => ctx.loaders.tag,
    bySlug: (ctx) => ctx.loaders.tagBySlug,
  }),
});

/**
 * `_Any` accepts any value, and Apollo's `_entities` resolver assumes objects: a representation
 * that is not an object with the `__typename` of one of our entities is the caller's mistake, so
 * it gets BAD_USER_INPUT rather than a masked internal error.
 */
export function guardEntityRepresentations(schema: GraphQLSchema): void {
  const query = schema.getQueryType()?.getFields();
  // Added by the federation plugin, not declared in this codebase's files: their declarations go here.
  for (const [name, read] of [
    ['_entities', byGlobalIds((args) => (args.representations as unknown[]).map(keyOfRepresentation), true, true)],
    ['_service', executorOnly('the subgraph SDL, printed by the federation plugin')],
  ] as const) {
    const added = query?.[name];
    if (added) Object.assign(added, { extensions: { ...added.extensions, ...reads(read) } });
  }
  const field = query?._entities;
  const resolve = field?.resolve;
  if (!field || !resolve) return;
  field.resolve = (source, args, context, info) => {
    const representations = (args as { representations: unknown[] }).representations;
    representations.forEach((representation, index) => {
      const typename = (representation as { __typename?: unknown } | null)?.__typename;
      if (
        typeof representation !== 'object' ||
        representation === null ||
        Array.isArray(representation) ||
        typeof typename !== 'string' ||
        !ENTITY_TYPES.has(typename)
      ) {
        throw new BroadsheetError(
          ErrorCode.BAD_USER_INPUT,
          `representations[${index}] must be an object with the __typename of an entity (Article, Author, Entity, Image, Section or Tag)`,
          { argument: `representations[${index}]` },
        );
      }
    });
    return readEntities(representations, context as Context, info, () => resolve(source, args, context, info));
  };
}

/**
 * The representations read through the declarations, each one's error in its own slot as the
 * resolveReference functions report it; the loaders when the declarations do not serve the request.
 */
async function readEntities(
  representations: unknown[],
  ctx: Context,
  info: GraphQLResolveInfo,
  loaders: () => unknown,
): Promise<unknown> {
  const decoded = representations.map(decodeReference);
  if (decoded.every((key) => key instanceof BroadsheetError)) return decoded;
  if (decoded.some(untakeable)) return loaders();
  const read = await readThrough(ctx, info);
  if (!read) return loaders();
  // The statement wrote null for each representation that is not a reference: its error goes in its place.
  const values = read.value as unknown[];
  return decoded.map((key, i) => (key instanceof BroadsheetError ? key : values[i]));
}
