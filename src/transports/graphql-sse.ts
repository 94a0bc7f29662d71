import type { IncomingMessage } from 'node:http';
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import { createHandler, TOKEN_HEADER_KEY, TOKEN_QUERY_KEY } from 'graphql-sse';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { type BroadsheetError, ErrorCode, errorsJson } from '../errors.js';
import { requestClientKey } from '../http/client-address.js';
import { type SubscriptionLimits, subscriptionRefusal } from '../http/subscription-limits.js';
import { type OperationRunner, type PreparedOperation, transportRequest, wireResult } from './operations.js';

/** A request of graphql-sse's single connection mode: a reservation (PUT), or one naming its stream's token. */
export function isSingleConnectionRequest(request: Request, url: URL): boolean {
  if (request.method === 'PUT' || request.headers.has(TOKEN_HEADER_KEY)) return true;
  // EventSource cannot send headers: its stream names the token in the URL. A GET that carries a
  // GraphQL request (a query, a document id) is a query, whatever other parameters it has.
  return (
    request.method === 'GET' &&
    url.search.includes(`${TOKEN_QUERY_KEY}=`) &&
    url.searchParams.has(TOKEN_QUERY_KEY) &&
    !GRAPHQL_GET_PARAMETERS.some((name) => url.searchParams.has(name))
  );
}

const GRAPHQL_GET_PARAMETERS = ['query', 'documentId', 'extensions'];

/** graphql-sse's refusals (`{"errors":[{"message":…}]}`, or a bare text) with the code every answer's errors carry. */
function withCodes(body: string, status: number): string {
  const code =
    status === 401
      ? ErrorCode.UNAUTHENTICATED
      : status === 403
        ? ErrorCode.FORBIDDEN
        : status === 404
          ? ErrorCode.NOT_FOUND
          : status >= 500
            ? ErrorCode.INTERNAL_SERVER_ERROR
            : ErrorCode.BAD_REQUEST;
  let errors: { message?: unknown; extensions?: Record<string, unknown> }[] | undefined;
  try {
    errors = (JSON.parse(body) as { errors?: typeof errors }).errors;
  } catch {}
  if (!Array.isArray(errors)) errors = [{ message: body || `Refused (${status})` }];
  return JSON.stringify({
    errors: errors.map((error) => ({ ...error, extensions: { code, ...error.extensions } })),
  });
}

function jsonRefusal(error: BroadsheetError): Response {
  const { http, ...extensions } = error.extensions as { http: { status: number; headers: Record<string, string> } };
  return new Response(errorsJson(error.message, extensions), {
    status: http.status,
    headers: { ...http.headers, 'content-type': 'application/json; charset=utf-8' },
  });
}

/**
 * graphql-sse's "single connection mode" on the GraphQL path: a client reserves a stream (PUT),
 * opens it (GET with the token), then sends operations (POST) and stops them (DELETE) by token.
 * The distinct connections mode stays with yoga's own SSE, which speaks it already. Operations go
 * through the HTTP pipeline (operations.ts) with the Authorization of the request that sends them.
 * Reservations hold memory before any operation runs, so they are bounded like streams (in all
 * and per address), and one not opened within `connectionInitWaitMs` is dropped.
 */
export function useGraphQLSseSingleConnection(options: {
  path: string;
  run: OperationRunner;
  limits: SubscriptionLimits;
  /** HTTP's body limits, without and with credentials; operations come with a Content-Length (graphql-sse's client sends one). */
  maxBodyBytes: { public: number; authenticated: number };
  open: boolean;
}): Plugin & { reservations(): number } {
  const prepared = new WeakMap<ExecutionArgs, PreparedOperation>();
  const run = (args: ExecutionArgs) => prepared.get(args)!.run() as never;
  const handler = createHandler<Request, IncomingMessage | undefined, Record<PropertyKey, unknown>>({
    // Already validated by yoga's rules in the runner.
    validate: () => [],
    execute: run,
    subscribe: run,
    async onSubscribe(req, params) {
      const operation = await options.run(params as GraphQLParams, {
        request: transportRequest(req.url, req.headers.get('authorization') ?? undefined),
        req: req.context!,
      });
      if (!('run' in operation)) return operation;
      prepared.set(operation.args, operation);
      return operation.args as ExecutionArgs & { contextValue: Record<PropertyKey, unknown> };
    },
    onNext: (_ctx, _req, result) => wireResult(result as ExecutionResult, options.open) as never,
  });

  interface Reservation {
    address: string;
    opened: boolean;
    expiry: ReturnType<typeof setTimeout>;
  }
  const reservations = new Map<string, Reservation>();
  const perAddress = new Map<string, number>();
  const release = (token: string) => {
    const reservation = reservations.get(token);
    if (!reservation) return;
    reservations.delete(token);
    clearTimeout(reservation.expiry);
    const left = (perAddress.get(reservation.address) ?? 1) - 1;
    if (left > 0) perAddress.set(reservation.address, left);
    else perAddress.delete(reservation.address);
  };
  const call = (request: Request, raw: IncomingMessage | undefined) =>
    handler({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: () => request.text(),
      raw: request,
      context: raw,
    });
  // Opening the stream and ending it at once is the only way graphql-sse lets a reservation go.
  const drop = async (token: string, raw: IncomingMessage | undefined) => {
    const [body] = await call(
      new Request(`http://localhost${options.path}`, {
        headers: { accept: 'text/event-stream', [TOKEN_HEADER_KEY]: token },
      }),
      raw,
    );
    if (body && typeof body !== 'string') await body.return(undefined);
    release(token);
  };

  return {
    reservations: () => reservations.size,
    // Not async: every other request goes on in the same turn.
    onRequest({ request, url, endResponse, serverContext }) {
      if (url.pathname !== options.path || !isSingleConnectionRequest(request, url)) return;
      return serve(request, url, endResponse, (serverContext as { req?: IncomingMessage }).req);
    },
  };

  async function serve(
    request: Request,
    url: URL,
    endResponse: (response: Response) => void,
    raw: IncomingMessage | undefined,
  ): Promise<void> {
    const address = requestClientKey(raw, options.limits.trustedProxies);
    if (request.method === 'POST') {
      const limit = request.headers.has('authorization')
        ? options.maxBodyBytes.authenticated
        : options.maxBodyBytes.public;
      const length = Number(request.headers.get('content-length') ?? Number.NaN);
      if (!(length <= limit)) {
        return endResponse(
          Response.json(
            {
              errors: [
                {
                  message: `Operations need a Content-Length of at most ${limit} bytes`,
                  extensions: { code: ErrorCode.REQUEST_TOO_LARGE },
                },
              ],
            },
            { status: 413 },
          ),
        );
      }
    }
    if (request.method === 'PUT') {
      const held = perAddress.get(address) ?? 0;
      if (held >= options.limits.maxPerClient)
        return endResponse(jsonRefusal(subscriptionRefusal('client', options.limits.maxPerClient)));
      if (reservations.size >= options.limits.max)
        return endResponse(jsonRefusal(subscriptionRefusal('server', options.limits.max)));
    }
    const [body, init] = await call(request, raw);
    if (request.method === 'PUT' && init.status === 201 && typeof body === 'string') {
      const token = body;
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
      const expiry = setTimeout(() => {
        if (!reservations.get(token)?.opened) void drop(token, raw);
      }, options.limits.connectionInitWaitMs);
      expiry.unref();
      reservations.set(token, { address, opened: false, expiry });
    }
    if (init.status >= 400 && (!body || typeof body === 'string'))
      return endResponse(
        new Response(withCodes(body ?? '', init.status), {
          ...init,
          headers: { ...init.headers, 'content-type': 'application/json; charset=utf-8' },
        }),
      );
    if (!body || typeof body === 'string') return endResponse(new Response(body, init));
    // The event stream of a reservation; its slot is given back when the stream ends.
    const token = request.headers.get(TOKEN_HEADER_KEY) ?? url.searchParams.get(TOKEN_QUERY_KEY) ?? '';
    const reservation = reservations.get(token);
    if (reservation) reservation.opened = true;
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await body.next();
        if (value != null) controller.enqueue(encoder.encode(value));
        if (done) {
          release(token);
          controller.close();
        }
      },
      async cancel() {
        release(token);
        await body.return(undefined);
      },
    });
    endResponse(new Response(stream, init));
  }
}
