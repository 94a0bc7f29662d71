import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ExecutionArgs, GraphQLError, getOperationAST } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { GraphQLParams } from 'graphql-yoga';
import { type WebSocket, WebSocketServer } from 'ws';
import { type BroadsheetError, ErrorCode, errorsJson } from '../errors.js';
import { requestClientKey } from '../http/client-address.js';
import { type SubscriptionLimits, subscriptionRefusal } from '../http/subscription-limits.js';
import { type OperationRunner, type PreparedOperation, transportRequest, wireError, wireResult } from './operations.js';

export interface WebSocketOptions {
  path: string;
  run: OperationRunner;
  /** Resolves the viewer of an Authorization value as HTTP requests do; throws the same 401 error. */
  authenticate(authorization: string | undefined): Promise<unknown>;
  /** Sockets are bounded by the same numbers as subscriptions: in all, and per address. */
  limits: SubscriptionLimits;
  /** The largest message a client may send (the authenticated body limit of HTTP). */
  maxPayloadBytes: number;
  /** Whether error details are open (development), as for HTTP. */
  open: boolean;
  /** Queries and mutations one socket may have running at once (MAX_OPERATIONS_IN_FLIGHT). */
  maxOperationsInFlight?: number;
}

/**
 * Queries and mutations running at once on one socket; more are refused (TOO_MANY_OPERATIONS)
 * until one answers. Unbounded, one socket that sends without reading holds answers and pool
 * connections without end.
 */
export const MAX_OPERATIONS_IN_FLIGHT = 10;

export interface WebSocketTransport {
  /** The node:http server's `upgrade` listener. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every socket (1001 Going away) and stops accepting new ones. */
  close(): Promise<void>;
  /** Sockets open now. */
  open(): number;
}

type Extra = {
  socket: WebSocket;
  request: IncomingMessage;
  authorization?: string;
  /** Queries and mutations of this socket not answered yet. */
  inFlight?: number;
};

/** graphql-ws close code for a connection whose credentials are refused; fatal to graphql-ws clients, which do not retry. */
export const UNAUTHENTICATED_CLOSE_CODE = CloseCode.Unauthorized;

/**
 * The Authorization of a connection, as Apollo's GraphQLWsLink and urql users pass it: in the
 * connection_init payload (`{ authorization }`, `{ Authorization }` or `{ headers: { Authorization } }`),
 * else the upgrade request's own header (clients outside browsers can send one).
 */
export function connectionAuthorization(connectionParams: unknown, request: IncomingMessage): unknown {
  const params = (connectionParams ?? {}) as Record<string, unknown>;
  const headers = (params.headers ?? {}) as Record<string, unknown>;
  return (
    params.authorization ??
    params.Authorization ??
    headers.authorization ??
    headers.Authorization ??
    request.headers.authorization
  );
}

/**
 * graphql-ws requires a `query` string in every subscribe message, but an operation sent by its
 * hash alone (automatic persisted queries' `extensions.persistedQuery`, or a trusted document's
 * `documentId`) has none, and would close the socket with 4400. Such a message is read as if it
 * carried `query: ''`, which the persisted-operation plugins take as "look the hash up", as they
 * do over HTTP. A JSON.parse reviver: it sees the parsed message before graphql-ws checks it.
 */
export function persistedOperationReviver(key: string, value: unknown): unknown {
  if (key !== '' || value === null || typeof value !== 'object') return value;
  const { type, payload } = value as { type?: unknown; payload?: unknown };
  if (type !== 'subscribe' || payload === null || typeof payload !== 'object') return value;
  const params = payload as { query?: unknown; documentId?: unknown; extensions?: { persistedQuery?: unknown } | null };
  const byHash =
    params.documentId != null || (typeof params.extensions === 'object' && params.extensions?.persistedQuery != null);
  if (params.query === undefined && byHash) params.query = '';
  return value;
}

function refuseUpgrade(socket: Duplex, error: BroadsheetError): void {
  const http = error.extensions.http as { status: number; headers: Record<string, string> };
  const { http: _http, ...extensions } = error.extensions;
  const body = errorsJson(error.message, extensions);
  const reason = http.status === 429 ? 'Too Many Requests' : 'Service Unavailable';
  const headers = Object.entries({
    ...http.headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
  });
  socket.end(
    `HTTP/1.1 ${http.status} ${reason}\r\n${headers.map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n${body}`,
  );
}

/**
 * GraphQL over WebSocket (the graphql-ws protocol) on the HTTP server's port and GraphQL path, as
 * yoga documents it: graphql-ws's server over `ws`, each operation run through the HTTP pipeline
 * (operations.ts). A socket that sends no connection_init within `connectionInitWaitMs` is closed
 * (4408); one whose credentials are refused is closed with 4401 and the 401's message.
 */
export function createWebSocketTransport(options: WebSocketOptions): WebSocketTransport {
  const server = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  const prepared = new WeakMap<ExecutionArgs, PreparedOperation>();
  const perAddress = new Map<string, number>();
  let sockets = 0;
  const counted = new WeakMap<ExecutionArgs, Extra>();
  const maxInFlight = options.maxOperationsInFlight ?? MAX_OPERATIONS_IN_FLIGHT;
  const run = (args: ExecutionArgs) => prepared.get(args)!.run();
  const execute = async (args: ExecutionArgs) => {
    try {
      return await run(args);
    } finally {
      const extra = counted.get(args);
      if (extra) extra.inFlight = (extra.inFlight ?? 1) - 1;
    }
  };
  const graphqlWs = useServer<Record<string, unknown> | undefined, Extra>(
    {
      connectionInitWaitTimeout: options.limits.connectionInitWaitMs,
      jsonMessageReviver: persistedOperationReviver,
      async onConnect(ctx) {
        const authorization = connectionAuthorization(ctx.connectionParams, ctx.extra.request);
        try {
          if (authorization !== undefined && typeof authorization !== 'string') throw new TypeError('authorization');
          await options.authenticate(authorization);
        } catch (error) {
          const message =
            error instanceof TypeError
              ? 'The authorization connection parameter must be a string'
              : (error as Error).message;
          ctx.extra.socket.close(UNAUTHENTICATED_CLOSE_CODE, message.slice(0, 120));
          return false;
        }
        ctx.extra.authorization = authorization as string | undefined;
        return true;
      },
      async onSubscribe(ctx, _id, payload) {
        const { request, authorization } = ctx.extra;
        const operation = await options.run(payload as GraphQLParams, {
          request: transportRequest(`http://${request.headers.host ?? 'localhost'}${options.path}`, authorization),
          req: request,
        });
        if (!('run' in operation)) return (operation.errors ?? []) as GraphQLError[];
        if (getOperationAST(operation.args.document, operation.args.operationName)?.operation !== 'subscription') {
          const inFlight = ctx.extra.inFlight ?? 0;
          if (inFlight >= maxInFlight) {
            return [
              new GraphQLError(
                `More than ${maxInFlight} queries and mutations at once on one WebSocket; wait for answers before sending more`,
                {
                  extensions: { code: ErrorCode.TOO_MANY_OPERATIONS, limit: maxInFlight },
                },
              ),
            ];
          }
          ctx.extra.inFlight = inFlight + 1;
          counted.set(operation.args, ctx.extra);
        }
        prepared.set(operation.args, operation);
        return operation.args;
      },
      execute,
      subscribe: run,
      onNext: (_ctx, _id, _payload, _args, result) => wireResult(result, options.open),
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => wireError(error, options.open)),
    },
    server,
  );
  let closing: Promise<void> | undefined;
  return {
    handleUpgrade(request, socket, head) {
      if (closing) {
        socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      const path = (request.url ?? '').split('?')[0];
      if (path !== options.path) {
        socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      const address = requestClientKey(request, options.limits.trustedProxies);
      const held = perAddress.get(address) ?? 0;
      const { max, maxPerClient } = options.limits;
      if (held >= maxPerClient) return refuseUpgrade(socket, subscriptionRefusal('client', maxPerClient));
      if (sockets >= max) return refuseUpgrade(socket, subscriptionRefusal('server', max));
      sockets += 1;
      perAddress.set(address, held + 1);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        sockets -= 1;
        const left = (perAddress.get(address) ?? 1) - 1;
        if (left > 0) perAddress.set(address, left);
        else perAddress.delete(address);
      };
      socket.once('close', release);
      server.handleUpgrade(request, socket, head, (ws) => {
        ws.once('close', release);
        server.emit('connection', ws, request);
      });
    },
    close: () => (closing ??= Promise.resolve(graphqlWs.dispose())),
    open: () => sockets,
  };
}
