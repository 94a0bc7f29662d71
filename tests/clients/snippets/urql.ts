import { readFileSync } from 'node:fs';
import { Client, fetchExchange } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { buildSchema, introspectionFromSchema, isObjectType } from 'graphql';

// Schema awareness: Graphcache matches `... on MutationError` and the members of the mutation
// result unions by the schema, and writes only the fragments that match (with `possibleTypes`
// alone it still walks the others when writing, and warns). In a browser bundle, import this
// introspection as JSON made at build time instead of reading the SDL.
const schema = buildSchema(readFileSync(new URL('../../../schema/schema.graphql', import.meta.url), 'utf8'));

// Article, Author, Entity, Image, Section and Tag are normalised by their global `id`; the object types without one
// live inside their parent: connections, edges, payloads and errors.
const roots = ['Query', 'Mutation', 'Subscription'];
const embedded = Object.values(schema.getTypeMap()).filter(
  (type) => isObjectType(type) && !type.getFields().id && !roots.includes(type.name) && !type.name.startsWith('__'),
);

/** An urql client with Graphcache for Broadsheet; give an editor's API token to use the editorial API. */
export function createUrqlClient(url: string, token?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return new Client({
    url,
    fetchOptions: { headers },
    exchanges: [
      cacheExchange({
        schema: introspectionFromSchema(schema),
        keys: Object.fromEntries(embedded.map((type) => [type.name, () => null])),
        resolvers: {
          // Pages of a list are merged into one list; a filter or an order starts another list.
          Query: { articles: relayPagination(), entities: relayPagination(), search: relayPagination() },
          Section: { articles: relayPagination() },
          Entity: { articles: relayPagination() },
        },
      }),
      fetchExchange,
    ],
  });
}
