import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import possibleTypes from '../../../schema/possible-types.json' with { type: 'json' };

/** An Apollo Client for Broadsheet; give an editor's API token to use the editorial API. */
export function createApolloClient(uri: string, token?: string) {
  return new ApolloClient({
    link: new HttpLink({ uri, headers: token ? { authorization: `Bearer ${token}` } : {} }),
    cache: new InMemoryCache({
      // Mutation results are unions and their errors share the MutationError interface: without
      // possibleTypes, `... on MutationError { code }` matches nothing in the cache.
      possibleTypes,
      typePolicies: {
        // Pages of a list are merged into one list; a filter or an order starts another list.
        Query: { fields: { articles: relayStylePagination(['filter', 'orderBy']) } },
        Section: { fields: { articles: relayStylePagination(['orderBy']) } },
        Entity: { fields: { articles: relayStylePagination(['orderBy']) } },
      },
    }),
  });
}
