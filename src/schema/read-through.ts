import {
  defaultFieldResolver,
  defaultTypeResolver,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  isAbstractType,
  isObjectType,
} from 'graphql';
import { CompiledQuery } from 'kysely';
import { compileField } from '../compiled/compile.js';
import type { Context } from '../context.js';
import { mediaOf } from '../media/index.js';
import { HANDOVER_MARKER } from './codecs.js';
import { NEEDS_KEY, NO_STORED_ROW, TYPE_TAG } from './read.js';

/**
 * The executor's reads through the read model (docs/READ-MODEL.md): a root resolver hands its own
 * field, as the request selects it (variables, @skip/@include and fragments known), to the same
 * generator as compiled reads, and gets the JSON of everything under it from one statement. Each
 * object of that JSON is tagged with its type (TYPE_TAG), and the fields under it read their
 * response key (installReadResolvers). A field the declarations do not serve for this request is
 * answered by its own resolver, given as parent what it declared it reads (NEEDS_KEY).
 */

type Json = Record<string, unknown>;

/**
 * The field's value read through the declarations, or undefined when they do not serve it for this
 * request. A root field reads from nothing; a field of an object that is a row (from a loader, a
 * mutation, `node`) is given what its declaration reads of it: the parent's `id`.
 */
export async function readThrough(
  ctx: Context,
  info: GraphQLResolveInfo,
  parent?: { id: number },
): Promise<{ value: unknown } | undefined> {
  const statement = compileField(
    {
      schema: info.schema,
      parentType: info.parentType,
      fieldNodes: info.fieldNodes,
      fragments: info.fragments,
      variables: info.variableValues,
      parent,
    },
    {
      searchRankWindow: ctx.searchRankWindow,
      search: true,
      visibility: ctx.visibility,
      summaryGenerator: ctx.summaryGenerator,
      renditions: mediaOf(ctx).config.renditions,
    },
  );
  if (!statement) return undefined;
  const { rows } = await ctx.db.executeQuery<{ data: string }>(CompiledQuery.raw(statement.text, statement.parameters));
  return { value: JSON.parse(rows[0]!.data) };
}

/** Whether `parent` is an object the generator wrote for `typename`. */
const isRead = (parent: unknown, typename: string): parent is Json =>
  typeof parent === 'object' && parent !== null && (parent as Json)[TYPE_TAG] === typename;

/**
 * Every field of every object type reads its response key when its parent is the generator's JSON,
 * and runs its own resolver (with its plugins' wrappers: auth scopes, errors) on what it declared
 * it reads when the JSON leaves it to it. Parents that are rows (mutations, subscriptions, the
 * root fields the declarations do not serve) go to the field's own resolver.
 */
export function installReadResolvers(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    // An abstract position (Node) holding the generator's JSON: its type is the tag the statement
    // wrote, which a row's shape could not say.
    if (isAbstractType(type)) {
      const resolveType = type.resolveType;
      type.resolveType = (value, ctx, info, abstract) => {
        const tag = typeof value === 'object' && value !== null ? (value as Json)[TYPE_TAG] : undefined;
        if (typeof tag === 'string') return tag;
        return (resolveType ?? defaultTypeResolver)(value, ctx, info, abstract);
      };
      continue;
    }
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typename = type.name;
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (parent, args, ctx, info) => {
        if (!isRead(parent, typename)) return resolve(parent, args, ctx, info);
        const value = parent[info.path.key as string];
        if (value === undefined) return resolve(parent[NEEDS_KEY], args, ctx, info);
        // A `one(…, 'executor')` that found no row: the resolver knows the statement looked.
        if (value === HANDOVER_MARKER)
          return resolve({ ...(parent[NEEDS_KEY] as Json), [NO_STORED_ROW]: true }, args, ctx, info);
        return value;
      };
    }
  }
}
