import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import ErrorsPlugin from '@pothos/plugin-errors';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin, { decodeGlobalID } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { type AuthScopes, authScopesFor } from './auth/scopes.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './config.js';
import type { Context } from './context.js';
import { BroadsheetError, ErrorCode, quoteInput } from './errors.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: AuthScopes;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string | number };
    File: { Input: File; Output: never };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  // scope-auth first, so that no other plugin's wrapper runs before the check; federation last:
  // it wraps what the other plugins produce (Apollo Federation 2 subgraph).
  plugins: [ScopeAuthPlugin, RelayPlugin, ErrorsPlugin, DirectivesPlugin, FederationPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // What the plugin adds (Node, PageInfo, edges, cursors, first/after/last/before) is described
    // here, once for every connection (tests: the schema lint, `npm run lint`).
    nodeTypeOptions: {
      description: 'An object with a global id: refetch any of them with `node(id:)` or `nodes(ids:)`.',
    },
    idFieldOptions: {
      description:
        'Global id: opaque, stable, unique across types. Pass it to `node(id:)` or to the `id` arguments of this type.',
    },
    // Other subgraphs page with Relay connections too: PageInfo may be resolved by any of them.
    pageInfoTypeOptions: {
      shareable: true,
      description:
        'Where a page of a connection sits in the whole list, with the cursors to fetch the pages around it.',
    },
    hasNextPageFieldOptions: {
      description: 'Whether items follow this page: fetch them with `first` and `after: endCursor`.',
    },
    hasPreviousPageFieldOptions: {
      description:
        'Whether items come before this page (reading forwards: whether it was read `after` a cursor). Where the field takes `last`, fetch them with `last` and `before: startCursor`.',
    },
    startCursorFieldOptions: { description: 'Cursor of the first item of the page; null when the page is empty.' },
    endCursorFieldOptions: { description: 'Cursor of the last item of the page; null when the page is empty.' },
    pageInfoFieldOptions: { description: 'How this page sits in the whole list, and the cursors to continue from.' },
    edgesFieldOptions: { nullable: false, description: 'The items of this page, in list order, each with its cursor.' },
    cursorFieldOptions: {
      description:
        'Opaque position of this item: pass it as `after` (or `before`) to the same field with the same arguments.',
    },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    firstArgOptions: {
      description: `Page size reading forwards: 0 to ${MAX_PAGE_SIZE} (PAGINATION_LIMIT_EXCEEDED above); ${DEFAULT_PAGE_SIZE} when no page size is given.`,
    },
    afterArgOptions: {
      description:
        'Return the items after this cursor (`endCursor` or an edge `cursor` from the same field and arguments); a cursor from anywhere else is INVALID_CURSOR.',
    },
    lastArgOptions: {
      description: `Page size reading backwards from the end (or from \`before\`): 0 to ${MAX_PAGE_SIZE} (PAGINATION_LIMIT_EXCEEDED above); not together with \`first\` (BAD_USER_INPUT).`,
    },
    beforeArgOptions: {
      description:
        'Return the items before this cursor (`startCursor` or an edge `cursor` from the same field and arguments); a cursor from anywhere else is INVALID_CURSOR.',
    },
    // node and nodes are src/schema/node.ts's: they fail one id at a time.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    // A malformed id is the client's mistake: say so with a stable code instead of a masked error.
    decodeGlobalID: (globalID) => {
      try {
        return decodeGlobalID(globalID);
      } catch {
        throw new BroadsheetError(ErrorCode.INVALID_ID, `${quoteInput(globalID)} is not a valid id`);
      }
    },
  },
  scopeAuth: {
    authScopes: (ctx) => authScopesFor(ctx.viewer.scopes),
    unauthorizedError: (_parent, ctx, info) =>
      new BroadsheetError(
        ErrorCode.FORBIDDEN,
        ctx.viewer.actor
          ? `The API token lacks the scope that ${info.parentType.name}.${info.fieldName} needs`
          : `${info.parentType.name}.${info.fieldName} needs an API token (Authorization: Bearer <token>) with the right scope`,
      ),
  },
  errors: { defaultTypes: [] },
});
