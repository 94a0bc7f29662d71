import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import http from '@graphql-mesh/transport-http';

/**
 * Hive Gateway in front of Broadsheet, composed into `supergraph`: each client's Authorization
 * header goes on to Broadsheet, so editors' tokens work through the gateway and everyone else
 * stays a public reader. The `hive-gateway` CLI takes the same `propagateHeaders` in gateway.config.ts.
 */
export function createBroadsheetGateway(supergraph: string) {
  return createGatewayRuntime({
    supergraph,
    transports: { http },
    propagateHeaders: {
      fromClientToSubgraphs({ request, subgraphName }) {
        const authorization = request.headers.get('authorization');
        return subgraphName === 'broadsheet' && authorization ? { authorization } : {};
      },
    },
  });
}
