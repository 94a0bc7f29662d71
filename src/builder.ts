import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import ErrorsPlugin from '@pothos/plugin-errors';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin, { decodeGlobalID } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { type AuthScopes, authScopesFor } from './auth/scopes.js';
import type { Context } from './context.js';
import { BroadsheetError, ErrorCode } from './errors.js';
import { executorOnly, reads } from './schema/read.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: AuthScopes;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string | number };
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
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    // node and nodes are src/schema/node.ts's: they fail one id at a time.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    // A malformed id is the client's mistake: say so with a stable code instead of a masked error.
    decodeGlobalID: (globalID) => {
      try {
        return decodeGlobalID(globalID);
      } catch {
        throw new BroadsheetError(ErrorCode.INVALID_ID, `"${globalID}" is not a valid id`);
      }
    },
    // Other subgraphs page with Relay connections too: PageInfo may be resolved by any of them.
    pageInfoTypeOptions: { shareable: true },
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
