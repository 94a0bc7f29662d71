import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Viewer } from '../context.js';
import { ErrorCode, errorsJson } from '../errors.js';
import { isFileLike } from '../http/limits.js';
import { type RateLimiter, rateLimitClient, rateLimitedError, rateLimitHeaders } from '../http/rate-limits.js';

/**
 * Uploads (the GraphQL multipart request spec) on the GraphQL endpoint, bounded before and while
 * their body is read:
 * - the token is checked, and must carry an upload scope, before a byte of the body is read: an
 *   unknown token gets 401 and a token without the scope 403, with the body left unread;
 * - the upload spends its bytes from the token's rate-limit bucket (one point a KiB, beside the
 *   operation's own cost at execution), before the body is read;
 * - the body is parsed with limits on parts, fields, files and each one's size (a flood of tiny
 *   parts would otherwise build an object per part), and its `map` must give each file one path
 *   and name only files that came (one file set at a thousand paths is a thousand files to the
 *   resolvers and to every measure of the variables).
 * Any other POST with an Authorization header whose body may be over the public limit (its
 * Content-Length says so, or it has none) has its token checked first too: the roomier limit of
 * authenticated requests is for tokens that are real, not for whoever writes the header.
 */

/** Scopes that may upload (uploadImage needs `write:articles`; `admin` implies it). */
const UPLOAD_SCOPES = ['write:articles', 'admin'];
/** Bytes of an upload one rate-limit point pays for: reading and storing a KiB costs about what a small query does. */
export const UPLOAD_BYTES_PER_POINT = 1024;
/** The `operations` and `map` fields: each at most this many bytes. */
export const UPLOAD_FIELD_MAX_BYTES = 256 * 1024;
/** Dots in a map path: `variables.input.images.0.file` has four. */
const MAX_PATH_SEGMENTS = 16;

export interface UploadRequestOptions {
  graphqlEndpoint: string;
  /** The viewer of an Authorization header; throws (a 401 GraphQLError) for a bad token. */
  authenticate(authorization: string): Promise<Viewer>;
  /** Files one request may carry. */
  maxFiles: number;
  /** The largest file (IMAGE_MAX_BYTES). */
  maxFileBytes: number;
  /** The body limit of a multipart request, charged when the body does not say its length. */
  maxBodyBytes: number;
  rateLimiter?: RateLimiter;
  /** The body limit of requests without a token (LIMIT_BODY_BYTES): a token that claims more is checked first. */
  publicMaxBodyBytes: number;
}

export interface UploadRequests {
  plugin: Plugin;
  /** The viewer a token was checked as at the request (uploads, large bodies), so the context does not look it up again. */
  viewerOf(request: Request): Viewer | undefined;
}

const isMultipart = (request: Request) => /^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '');

function jsonResponse(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return new Response(errorsJson(message, { code }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

const badUpload = (message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } } });

function setPath(operations: Record<string, unknown> | unknown[], path: string, file: Blob): void {
  const keys = path.split('.');
  if (keys.length > MAX_PATH_SEGMENTS)
    throw badUpload(`The map path ${JSON.stringify(path.slice(0, 100))} is deeper than ${MAX_PATH_SEGMENTS}`);
  let current = operations as Record<string, unknown>;
  for (const [index, key] of keys.entries()) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype')
      throw badUpload(`The map path ${JSON.stringify(path)} is not allowed`);
    if (index === keys.length - 1) {
      current[key] = file;
      return;
    }
    const next = current[key];
    if (!Object.hasOwn(current, key) || typeof next !== 'object' || next === null) current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
}

/** The operations of a multipart body, with each mapped file in its one place. */
export function operationsOfForm(form: FormData, maxFiles: number): unknown {
  const operationsText = form.get('operations');
  if (typeof operationsText !== 'string') throw badUpload('Missing multipart form field "operations"');
  let operations: unknown;
  try {
    operations = JSON.parse(operationsText);
  } catch {
    throw badUpload('Multipart form field "operations" must be a valid JSON string');
  }
  if (typeof operations !== 'object' || operations === null)
    throw badUpload('Multipart form field "operations" must be an object or an array');
  const mapText = form.get('map');
  if (mapText == null) return operations;
  if (typeof mapText !== 'string') throw badUpload('Multipart form field "map" must be a string');
  let map: unknown;
  try {
    map = JSON.parse(mapText);
  } catch {
    throw badUpload('Multipart form field "map" must be a valid JSON string');
  }
  if (typeof map !== 'object' || map === null || Array.isArray(map))
    throw badUpload('Multipart form field "map" must be an object');
  const entries = Object.entries(map);
  if (entries.length > maxFiles)
    throw badUpload(`The map names ${entries.length} files; a request may carry ${maxFiles}`);
  for (const [name, paths] of entries) {
    const file = form.get(name);
    if (!isFileLike(file))
      throw badUpload(`The map names ${JSON.stringify(name.slice(0, 100))}, which is not a file part of the request`);
    if (!Array.isArray(paths) || paths.length !== 1 || typeof paths[0] !== 'string') {
      throw badUpload(
        `The map gives file ${JSON.stringify(name.slice(0, 100))} ${Array.isArray(paths) ? paths.length : 'no list of'} paths; each file goes to exactly one`,
      );
    }
    setPath(operations as Record<string, unknown>, paths[0], file);
  }
  return operations;
}

export function createUploadRequests(options: UploadRequestOptions): UploadRequests {
  const viewers = new WeakMap<Request, Viewer>();
  const formDataLimits = {
    files: options.maxFiles,
    fileSize: options.maxFileBytes,
    // `operations` and `map`: nothing else of the spec is a field.
    fields: 2,
    parts: options.maxFiles + 2,
    fieldSize: UPLOAD_FIELD_MAX_BYTES,
    fieldNameSize: 100,
    headerPairs: 20,
  };
  /** The token of a request, checked before its body is read; for an upload, its scope and its bytes too. */
  async function checkFirst(
    request: Request,
    authorization: string,
    upload: boolean,
    length: string | null,
    endResponse: (response: Response) => void,
    serverContext: unknown,
  ): Promise<void> {
    let viewer: Viewer;
    try {
      viewer = await options.authenticate(authorization);
    } catch (error) {
      const extensions = (error as GraphQLError).extensions as
        | { code?: string; http?: { status?: number; headers?: Record<string, string> } }
        | undefined;
      if (extensions?.http?.status !== 401) throw error;
      return endResponse(
        jsonResponse(401, ErrorCode.UNAUTHENTICATED, (error as Error).message, extensions.http.headers ?? {}),
      );
    }
    viewers.set(request, viewer);
    if (!upload) return;
    if (!UPLOAD_SCOPES.some((scope) => viewer.scopes.has(scope))) {
      return endResponse(jsonResponse(403, ErrorCode.FORBIDDEN, 'Uploads need a token with the write:articles scope'));
    }
    if (!options.rateLimiter) return;
    const declared = Number(length);
    const bytes =
      length !== null && Number.isSafeInteger(declared) && declared > 0
        ? Math.min(declared, options.maxBodyBytes)
        : options.maxBodyBytes;
    const cost = Math.ceil(bytes / UPLOAD_BYTES_PER_POINT);
    const client = rateLimitClient(request, (serverContext as { req?: never } | undefined)?.req, [], viewer);
    const decision = options.rateLimiter.refusedRecently(client) ?? (await options.rateLimiter.spend(client, cost));
    if (!decision.allowed) {
      return endResponse(
        jsonResponse(429, ErrorCode.RATE_LIMITED, rateLimitedError(decision, cost).message, rateLimitHeaders(decision)),
      );
    }
  }

  const plugin: Plugin = {
    // Not async for the requests it leaves alone: a promise from an onRequest hook costs every request a turn.
    onRequest({ request, url, endResponse, serverContext }) {
      // Without a token a multipart body is refused as a form (useStrictContentType: 415).
      const authorization = request.headers.get('authorization');
      if (request.method !== 'POST' || url.pathname !== options.graphqlEndpoint || !authorization) return;
      const upload = isMultipart(request);
      const length = request.headers.get('content-length');
      if (!upload && length !== null && Number(length) <= options.publicMaxBodyBytes) return;
      return checkFirst(request, authorization, upload, length, endResponse, serverContext);
    },
    // Before useRequestBodyLimit's hook, which wraps the parser chosen here in its byte count.
    onRequestParse({ request, setRequestParser }) {
      if (request.method !== 'POST' || !isMultipart(request)) return;
      // A multipart body whose token was not checked at the request is not parsed at all.
      if (!viewers.has(request))
        throw new GraphQLError('Uploads need an Authorization header with a token', {
          extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
        });
      setRequestParser(async (req) => {
        let form: FormData;
        try {
          // The fetch ponyfill's formData (busboy) takes limits; the limits end the parse, and the
          // read of the body, at the first part over them.
          form = await (
            req as Request & { formData(options: { formDataLimits: typeof formDataLimits }): Promise<FormData> }
          ).formData({ formDataLimits });
        } catch (error) {
          if (error instanceof GraphQLError) throw error;
          const message = (error as Error).message ?? String(error);
          if (message.startsWith('File size limit exceeded')) {
            throw new GraphQLError(`The file is larger than ${options.maxFileBytes} bytes (IMAGE_MAX_BYTES)`, {
              extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
            });
          }
          if (message === 'Request body too large') throw error;
          throw badUpload(`POST body sent invalid multipart data: ${message}`);
        }
        // The same limits, whatever built the request (a fetch implementation without busboy's limits).
        let files = 0;
        let parts = 0;
        for (const [, value] of form.entries()) {
          parts += 1;
          if (isFileLike(value)) {
            files += 1;
            if (value.size > options.maxFileBytes)
              throw new GraphQLError(`The file is larger than ${options.maxFileBytes} bytes (IMAGE_MAX_BYTES)`, {
                extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
              });
          }
        }
        if (files > options.maxFiles || parts > formDataLimits.parts)
          throw badUpload(`A request carries at most ${options.maxFiles} file(s) beside "operations" and "map"`);
        return operationsOfForm(form, options.maxFiles) as never;
      });
    },
  };
  return { plugin, viewerOf: (request) => viewers.get(request) };
}
