import { resolveNodes } from '@pothos/plugin-relay';
import { type GraphQLResolveInfo, isObjectType } from 'graphql';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { BroadsheetError, ErrorCode, quoteInput } from '../errors.js';
import { decodeGlobalId } from './ids.js';
import { byGlobalIds, type GlobalKey, reads } from './read.js';
import { readThrough } from './read-through.js';

/** An id's type and key, or null for what is not a global id (its error is the resolver's). */
function keyOf(id: unknown): GlobalKey | null {
  try {
    return decodeGlobalId(String(id));
  } catch (error) {
    if (error instanceof BroadsheetError) return null;
    throw error;
  }
}

/**
 * `node` and `nodes`, in place of @pothos/plugin-relay's: its fields decode every id before the
 * resolver runs, so one malformed id in `nodes(ids:)` failed the whole list (a non-null list, so
 * the whole response), and an id of a type that is not a Node failed with an uncoded error. Here
 * each id is decoded on its own: a bad one is an INVALID_ID error at its own index, and the others
 * are read through the declarations: each id's type from the id, that type's `lookupById` and the
 * selection under it, for every id in one statement (docs/READ-MODEL.md). The loaders (the
 * plugin's resolveNodes: one loadMany per type) answer when the declarations do not serve the
 * request.
 */

/** The id's type and key, or the INVALID_ID error to report in its place. */
function decodeNodeId(
  id: string,
  info: GraphQLResolveInfo,
  argument: 'id' | 'ids',
): { typename: string; id: number } | BroadsheetError {
  try {
    const { typename, key } = decodeGlobalId(id, argument);
    const type = info.schema.getType(typename);
    if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) {
      return new BroadsheetError(ErrorCode.INVALID_ID, `${quoteInput(id)} is not the id of any type`, { argument });
    }
    return { typename, id: key };
  } catch (error) {
    if (error instanceof BroadsheetError) return error;
    throw error;
  }
}

async function loadNodes(
  ctx: Context,
  info: GraphQLResolveInfo,
  ids: readonly string[],
  // 'id' for `node` (one object read), 'ids' for `nodes` (a list read).
  argument: 'id' | 'ids',
): Promise<unknown[]> {
  const decoded = ids.map((id) => decodeNodeId(String(id), info, argument));
  if (decoded.every((d) => d instanceof Error)) return decoded;
  const read = await readThrough(ctx, info);
  if (read) {
    // The statement wrote null for each id that is not a Node's: its error goes in its place.
    const values = argument === 'ids' ? (read.value as unknown[]) : [read.value];
    return decoded.map((d, i) => (d instanceof Error ? d : values[i]));
  }
  const loaded = await resolveNodes(
    builder,
    ctx,
    info,
    decoded.map((d) => (d instanceof Error ? null : d)),
  );
  // An Error in a list is reported by graphql-js at that item's path, which becomes null.
  return decoded.map((d, i) => (d instanceof Error ? d : loaded[i]));
}

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description:
      'Any object by its global id (an Article, Author, Entity, Image, Section or Tag). Null when it does not exist or is not visible; a malformed id is INVALID_ID.',
    args: { id: t.arg.id({ required: true, description: 'A global id, as `id` fields return it.' }) },
    extensions: reads(byGlobalIds((args) => [keyOf(args.id)], false)),
    resolve: async (_root, args, ctx, info) => {
      const [node] = await loadNodes(ctx, info, [String(args.id)], 'id');
      if (node instanceof Error) throw node;
      return node as never;
    },
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description:
      'Objects by global id, in the order of `ids`. Each missing or hidden one is null; a malformed id is an INVALID_ID error at its own index, and the others still load.',
    args: {
      ids: t.arg.idList({
        required: true,
        description: 'Global ids, as `id` fields return them; at most LIMIT_LIST_LENGTH (LIST_TOO_LONG).',
      }),
    },
    extensions: reads(byGlobalIds((args) => (args.ids as unknown[]).map(keyOf), true)),
    resolve: (_root, args, ctx, info) => loadNodes(ctx, info, args.ids.map(String), 'ids') as never,
  }),
}));
