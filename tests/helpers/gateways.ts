import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { parse } from 'graphql';

// Real gateways in-process, talking HTTP over loopback to subgraphs that listen on ephemeral
// ports: what a gateway in production does, without leaving the machine.

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves a fetch-style app (yoga, Hive Gateway) on 127.0.0.1 at an ephemeral port. */
export async function serve(listener: RequestListener, path = '/graphql'): Promise<Served> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
}

/** Composes subgraph SDLs into a supergraph with Apollo's composition; throws with every error. */
export function composeSupergraph(subgraphs: SubgraphSource[]): string {
  const result = composeServices(subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => e.message).join('\n')}`);
  }
  return result.supergraphSdl;
}

/** Reads a subgraph's SDL the way a gateway's tooling does: `{ _service { sdl } }` over HTTP. */
export async function fetchSubgraphSdl(url: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await response.json()) as { data?: { _service?: { sdl?: string } } };
  const sdl = body.data?._service?.sdl;
  if (!sdl) throw new Error(`no SDL from ${url}: ${JSON.stringify(body)}`);
  return sdl;
}

/** @apollo/gateway behind @apollo/server, listening on an ephemeral loopback port. */
export async function startApolloGateway(supergraphSdl: string): Promise<Served> {
  const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, close: () => server.stop() };
}

/** Hive Gateway's runtime (the engine of `hive-gateway`), listening on an ephemeral loopback port. */
export async function startHiveGateway(supergraphSdl: string): Promise<Served> {
  const gateway = createGatewayRuntime({
    supergraph: supergraphSdl,
    transports: { http: httpTransport },
    logging: false,
  });
  const served = await serve(gateway, gateway.graphqlEndpoint);
  return {
    url: served.url,
    async close() {
      await served.close();
      await gateway.dispose();
    },
  };
}

export interface GatewayResult<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export async function postQuery<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GatewayResult<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GatewayResult<T>;
}
