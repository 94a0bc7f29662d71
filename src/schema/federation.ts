import type { GraphQLSchema } from 'graphql';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { BroadsheetError, ErrorCode } from '../errors.js';
import { parseGlobalId } from './ids.js';
import { ImageRef, imageLoader } from './image.js';
import { executorOnly, reads } from './read.js';
import { ArticleRef, AuthorRef, EntityRef, SectionRef, TagRef } from './refs.js';

// Apollo Federation 2: Article, Author, Entity, Section and Tag are entities that other subgraphs (comments,
// paywall, analytics) extend by `id` (the same global id clients see) or by `slug`. A gateway's
// `_entities` call resolves each representation through the request's DataLoaders, so N
// references of one type cost one statement, and the public visibility rules apply: a reference
// to a draft resolves to null, exactly as `article(id:)` does.

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
    const key = keyValue(reference, typename);
    if ('id' in key) return loaders.byId(ctx).load(parseGlobalId(key.id, typename, 'representations'));
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
    const key = keyValue(reference, 'Image');
    if (!('id' in key))
      throw new BroadsheetError(ErrorCode.BAD_USER_INPUT, 'An Image reference needs a string `id`', {
        argument: 'representations',
      });
    return imageLoader(ctx).load(parseGlobalId(key.id, 'Image', 'representations'));
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
  for (const [name, reason] of [
    ['_entities', 'a gateway batch of representations of several types, resolved through the loaders'],
    ['_service', 'the subgraph SDL, printed by the federation plugin'],
  ] as const) {
    const added = query?.[name];
    if (added) Object.assign(added, { extensions: { ...added.extensions, ...reads(executorOnly(reason)) } });
  }
  const field = query?._entities;
  const resolve = field?.resolve;
  if (!field || !resolve) return;
  const entityTypes = new Set(['Article', 'Author', 'Entity', 'Image', 'Section', 'Tag']);
  field.resolve = (source, args, context, info) => {
    const representations = (args as { representations: unknown[] }).representations;
    representations.forEach((representation, index) => {
      const typename = (representation as { __typename?: unknown } | null)?.__typename;
      if (
        typeof representation !== 'object' ||
        representation === null ||
        Array.isArray(representation) ||
        typeof typename !== 'string' ||
        !entityTypes.has(typename)
      ) {
        throw new BroadsheetError(
          ErrorCode.BAD_USER_INPUT,
          `representations[${index}] must be an object with the __typename of an entity (Article, Author, Entity, Image, Section or Tag)`,
          { argument: `representations[${index}]` },
        );
      }
    });
    return resolve(source, args, context, info);
  };
}
