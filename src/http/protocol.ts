import type { IncomingMessage } from 'node:http';
import { type ExecutionResult, GraphQLError, Kind, type SelectionSetNode } from 'graphql';
import type { CORSOptions, Plugin } from 'graphql-yoga';
import { ErrorCode, errorsJson } from '../errors.js';
import { perOperation } from './per-operation.js';

/** Media types a POST may carry. Forms and text/plain are what a cross-site page can send without a preflight. */
const POST_MEDIA_TYPES = new Set(['application/json', 'application/graphql+json', 'application/graphql']);

function jsonError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return new Response(errorsJson(message, { code }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/**
 * yoga answers a request whose Accept names none of the media types it answers in with a bare 406.
 * It gets a body a client can read anyway (RFC 9110 allows a 406 any representation), with a code.
 */
export function useCodedNotAcceptable(graphqlEndpoint: string): Plugin {
  return {
    onResponse({ request, response, setResponse, fetchAPI }) {
      if (response.status !== 406 || (response as { bodyInit?: unknown }).bodyInit != null) return;
      if (new URL(request.url).pathname !== graphqlEndpoint) return;
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('content-type', 'application/json; charset=utf-8');
      const body = errorsJson(
        'The Accept header names no media type this endpoint answers in: application/graphql-response+json or application/json (text/event-stream or multipart/mixed for subscriptions)',
        { code: ErrorCode.NOT_ACCEPTABLE },
      );
      setResponse(new fetchAPI.Response(body, { status: 406, headers }));
    },
  };
}

/**
 * Refuses POSTs whose body is not JSON (or a GraphQL document): HTML forms and text/plain
 * requests are how CSRF reaches an API, and nothing legitimate sends them here.
 */
export function useStrictContentType(graphqlEndpoint: string, publicMaxBodyBytes: number, uploads = false): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (request.method !== 'POST' || url.pathname !== graphqlEndpoint) return;
      // Anonymous requests get the tight limit up front; yoga enforces the roomier one on every
      // body, chunked or not, while reading it.
      const length = Number(request.headers.get('content-length') ?? 0);
      if (!request.headers.has('authorization') && length > publicMaxBodyBytes) {
        endResponse(jsonError(413, ErrorCode.REQUEST_TOO_LARGE, 'Request body too large'));
        return;
      }
      const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      // Uploads (the GraphQL multipart request spec) are a form's media type, which a cross-site
      // page can send; never with an Authorization header, though, and every upload needs a token.
      if (uploads && mediaType === 'multipart/form-data' && request.headers.has('authorization')) return;
      if (!POST_MEDIA_TYPES.has(mediaType)) {
        endResponse(
          jsonError(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'POST bodies must be application/json', {
            accept: 'application/json',
          }),
        );
      }
    },
    // Runs before every other onParams hook: some (the response cache's) read params unguarded,
    // and an entry of a batch can be null or a number.
    onParams({ params }) {
      if (params === null || typeof params !== 'object' || Array.isArray(params)) {
        throw new GraphQLError(
          `Expected params to be an object but given ${params === null ? 'null' : Array.isArray(params) ? 'array' : typeof params}.`,
          {
            extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } },
          },
        );
      }
    },
  };
}

/**
 * CORS (yoga's, with these options): pages of the origins allowed (any, by default) may read the
 * answers, never with credentials. The API's credentials are bearer tokens in the Authorization
 * header, which a cross-origin page can send without them; cookies and HTTP authentication, which
 * the browser would add by itself, are what `Access-Control-Allow-Credentials: true` lets through
 * (and what yoga's default, which echoes any Origin with it, would have let any site use).
 * An Origin outside the list gets no CORS headers at all, so the browser keeps the answer from it.
 */
export function corsOptions(origins: '*' | readonly string[]): CORSOptions | ((request: Request) => CORSOptions) {
  if (origins === '*') return { origin: '*', credentials: false };
  const allowed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    return origin !== null && allowed.has(origin) ? { origin: [origin], credentials: false } : false;
  };
}

const CONTENT_LENGTH = /^\d+$/;

const bodyTooLarge = () =>
  new GraphQLError('Request body too large', {
    extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' },
  });

/** The body as a stream that errors once more than `limit` bytes have come (yoga's own limiter). */
function limitedBody(
  request: Request,
  limit: number,
  fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream },
): Request {
  const body = request.body!;
  // A native stream cannot be piped through the ponyfill's TransformStream (graphql-yoga#4583).
  const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  let read = 0;
  const limited = body.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        if (read > limit) controller.error(bodyTooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body: limited,
    duplex: 'half',
  } as RequestInit);
}

/**
 * The body limit of every request, in place of yoga's `maxRequestBodySize`, which pipes every body
 * through a TransformStream (about a tenth of a POST's CPU on the article page). A body that node's
 * HTTP parser frames by its Content-Length (no Transfer-Encoding) cannot hold more than that
 * header says, so checking the header is the whole check; chunked bodies, and requests given to
 * `app.fetch`, are counted while they are read, as yoga counts them. The errors are yoga's.
 */
export function useRequestBodyLimit(bodyLimit: number, multipartLimit = 0): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI, serverContext }) {
      // An upload's body holds the file: its own, larger limit (IMAGE_MAX_BYTES and room for the other parts).
      const multipart =
        multipartLimit > 0 && /^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '');
      const limit = multipart ? multipartLimit : bodyLimit;
      const contentLength = request.headers.get('content-length');
      if (contentLength != null) {
        if (!CONTENT_LENGTH.test(contentLength)) {
          throw new GraphQLError('Content-Length header is invalid.', {
            extensions: { http: { status: 400 }, code: 'BAD_REQUEST' },
          });
        }
        if (Number(contentLength) > limit) throw bodyTooLarge();
      }
      if (requestParser == null || request.method === 'GET' || request.method === 'HEAD') return;
      // The ponyfill's Request keeps what it was built from (bodyInit): the node request itself
      // when the node adapter built it. Anything else is counted while read.
      const node = (serverContext as { req?: IncomingMessage } | undefined)?.req;
      const framed =
        contentLength != null &&
        node?.headers?.['transfer-encoding'] === undefined &&
        (request as { bodyInit?: unknown }).bodyInit === node;
      if (framed) return;
      // A body given whole (app.fetch with a string or bytes) has its size already: piping it
      // through a counting stream cost about a twentieth of an in-process POST's CPU.
      const whole = (request as { bodyInit?: unknown }).bodyInit;
      if (typeof whole === 'string' || whole instanceof Uint8Array || whole instanceof ArrayBuffer) {
        if ((typeof whole === 'string' ? Buffer.byteLength(whole) : whole.byteLength) > limit) throw bodyTooLarge();
        return;
      }
      if (request.body == null) return;
      const parse = requestParser;
      setRequestParser((req) => parse(limitedBody(req, limit, fetchAPI as never)));
    },
  };
}

/** Yoga's own request errors, mapped to this API's codes. */
function normaliseError(error: GraphQLError, closed: boolean): GraphQLError {
  const extensions = { ...error.extensions } as Record<string, unknown> & {
    http?: { status?: number; spec?: boolean };
  };
  // Yoga attaches the JSON parser's own error to BAD_REQUEST; details stay in development. The
  // rebuilt error keeps its 400 whatever the client accepts (the GraphQL-over-HTTP audit's BCF8).
  const leaks = closed && 'originalError' in extensions;
  if (leaks) {
    delete extensions.originalError;
    if (extensions.http?.status) extensions.http = { status: extensions.http.status };
  }
  let code = extensions.code as string | undefined;
  const status = extensions.http?.status;
  if (code === 'REQUEST_ENTITY_TOO_LARGE' || error.message === 'Request body too large')
    code = ErrorCode.REQUEST_TOO_LARGE;
  else if (/^Batching is (limited|not supported)/.test(error.message)) code = ErrorCode.TOO_MANY_OPERATIONS;
  // Pothos' Relay node fields reject malformed global ids without a code.
  else if (!code && /^Invalid global ID/.test(error.message)) code = ErrorCode.INVALID_ID;
  else if (!code && status !== undefined && status >= 400 && status < 500) code = ErrorCode.BAD_REQUEST;
  else if (!code && /^Syntax Error/.test(error.message)) code = ErrorCode.GRAPHQL_PARSE_FAILED;
  if (code === extensions.code && !leaks) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...extensions, code },
  });
}

/** A result's errors with this API's codes (and, when closed, without parser details). */
export function stableErrorCodes(result: ExecutionResult, closed: boolean): ExecutionResult {
  return result.errors?.length
    ? { ...result, errors: result.errors.map((e) => normaliseError(e as GraphQLError, closed)) }
    : result;
}

export function useStableErrorCodes(options: { closed: boolean }): Plugin {
  const fix = (result: ExecutionResult) => stableErrorCodes(result, options.closed);
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result)) setResult(result.map((r) => fix(r as ExecutionResult)) as never);
      else if (result && typeof result === 'object' && !(Symbol.asyncIterator in result))
        setResult(fix(result as ExecutionResult) as never);
    },
  };
}

function rootTypeLookups(
  selectionSet: SelectionSetNode,
  fragments: Map<string, SelectionSetNode>,
  keys: Set<string>,
  seen = new Set<string>(),
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === '__type') keys.add(selection.alias?.value ?? '__type');
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      rootTypeLookups(selection.selectionSet, fragments, keys, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) rootTypeLookups(fragment, fragments, keys, seen);
    }
  }
}

/**
 * With introspection closed, `__type(name:)` answers null for every name, so it reveals nothing
 * (the GraphQL-over-HTTP audit uses it as a harmless query that must not fail).
 */
export function useNullTypeLookups(): Plugin {
  const lookupsOf = perOperation((document, operationName) => {
    const fragments = new Map<string, SelectionSetNode>();
    const keys = new Set<string>();
    for (const d of document.definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
    for (const d of document.definitions) {
      if (d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName))
        rootTypeLookups(d.selectionSet, fragments, keys);
    }
    return keys;
  });
  return {
    onExecute({ args }) {
      const keys = lookupsOf(args.document, args.operationName);
      if (keys.size === 0) return;
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return;
          const data = (result as ExecutionResult).data as Record<string, unknown> | null | undefined;
          if (!data) return;
          const hidden = { ...data };
          for (const key of keys) if (key in hidden) hidden[key] = null;
          setResult({ ...(result as ExecutionResult), data: hidden });
        },
      };
    },
  };
}
