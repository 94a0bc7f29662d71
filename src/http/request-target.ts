import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { ErrorCode, errorsJson } from '../errors.js';

/**
 * What the request line carries: its target and, for GET, the GraphQL parameters in the query
 * string. Both are read by code that throws on input it did not expect, and what it throws
 * reaches the client as a 500 (the node adapter's, for the target, writes the stack with file
 * paths); here they become a coded 400, or are served.
 */

function refuse(response: ServerResponse, message: string): void {
  const body = errorsJson(message, { code: ErrorCode.BAD_REQUEST });
  response.writeHead(400, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  response.end(body);
}

/**
 * Normalises the request target before the node adapter builds a URL from it (`http://` + Host +
 * target). The absolute form (`GET http://host/graphql`, what a client sends to a proxy) is
 * served as its path and query, with its authority as the Host, as RFC 9112 (3.2.2) asks of an
 * origin server; any other target that is not a path (`*`, `example.com:443`), or a Host that
 * makes no URL, is a 400. Returns false when it has answered the request.
 */
/**
 * The last Host that made a URL with a path. Only the authority can make `http://<host><path>`
 * fail to parse (a path is percent-encoded, never refused), and a client sends the same Host on
 * every request, so it is checked once, not on each (URL.canParse was about 1% of a request).
 */
let lastGoodHost: string | undefined;

export function acceptRequestTarget(request: IncomingMessage, response: ServerResponse): boolean {
  const target = request.url ?? '';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(target)) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      refuse(response, 'The request target is not a URL');
      return false;
    }
    // The WHATWG parser is lenient ("http:///graphql" is host "graphql"): the authority as sent
    // must be there, without user information (RFC 9110 4.2.4).
    if (!/^https?:\/\/[^/?#@\\]+(?:[/?]|$)/i.test(target) || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      refuse(response, 'The request target must be a path, or an http(s) URL');
      return false;
    }
    request.url = `${url.pathname}${url.search}`;
    request.headers.host = url.host;
  } else if (!target.startsWith('/')) {
    refuse(response, 'The request target must be a path');
    return false;
  }
  const host = request.headers.host ?? 'localhost';
  if (host === lastGoodHost) return true;
  if (!URL.canParse(`http://${host}${request.url}`)) {
    refuse(response, 'The Host header or the request target is malformed');
    return false;
  }
  if (URL.canParse(`http://${host}/`)) lastGoodHost = host;
  return true;
}

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } } });
}

function jsonParameter(params: URLSearchParams, name: string): unknown {
  const text = params.get(name);
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest(`The "${name}" parameter is not JSON`);
  }
}

/**
 * GET parameters read as yoga reads them (`variables` and `extensions` as JSON, and `documentId`), with malformed
 * JSON a 400 instead of yoga's uncaught SyntaxError (a 500); and every request's `operationName`
 * a string or absent, before any other plugin uses it: the response cache builds its key from it,
 * and a deeply nested array there overflowed the stack (a 500).
 */
export function useRequestParameters(): Plugin {
  return {
    onRequestParse({ request, setRequestParser }) {
      if (request.method !== 'GET') return;
      setRequestParser((req) => {
        const query = req.url.indexOf('?');
        const params = new URLSearchParams(query === -1 ? '' : req.url.slice(query + 1));
        const parsed: GraphQLParams & { documentId?: string } = {
          query: params.get('query') || undefined,
          operationName: params.get('operationName') || undefined,
          variables: jsonParameter(params, 'variables') as Record<string, unknown> | undefined,
          extensions: jsonParameter(params, 'extensions') as Record<string, unknown> | undefined,
        };
        // A persisted document by its id (GraphQL over HTTP's persisted documents, as in a POST
        // body): src/http/persisted.ts looks it up.
        const documentId = params.get('documentId');
        if (documentId) parsed.documentId = documentId;
        return parsed;
      });
    },
    onParams({ params }) {
      // useStrictContentType's onParams, which runs first, has made sure params is an object.
      const name = (params as { operationName?: unknown }).operationName;
      if (name !== undefined && name !== null && typeof name !== 'string') {
        throw badRequest(
          `Expected "operationName" param to be a string, but given ${Array.isArray(name) ? 'array' : typeof name}.`,
        );
      }
    },
  };
}
