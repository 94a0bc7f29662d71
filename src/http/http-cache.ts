import { createHash } from 'node:crypto';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ContentChanges } from '../changes.js';
import { GRAPHQL_DATES_CACHE_BYTES } from '../config.js';
import { createBoundedCache, stringBytes } from './bounded.js';
import { isPreviewRequest, isPublicRequest } from './response-cache.js';

/**
 * HTTP caching of the GraphQL endpoint, for browsers and for a CDN or proxy cache in front:
 * `Cache-Control`, `Vary`, validators (`ETag`, `Last-Modified`) and conditional GETs (RFC 9110).
 *
 * The ETag is a hash of the bytes sent and their media type (and coding), so it changes exactly
 * when the answer does, and a revalidation is answered 304 whenever the answer is unchanged,
 * whether it came from the response cache or was made again after the cache's TTL: the answer is
 * made (or read) first, then compared. Last-Modified dates an answer's bytes: when they first
 * differ from what this process last sent for that URL, the last content change it knew of as the
 * request began (its port, src/changes.ts), so a write committing while a request reads can only
 * make that date earlier than the answer's content, never later; while they stay the same, the
 * date stays (a write the answer does not show does not move it).
 */

/**
 * What every GraphQL answer depends on besides its URL: the media type negotiated from Accept
 * (application/json or application/graphql-response+json), the viewer (Authorization, and a
 * preview link's token: a shared cache must never answer a preview with a public answer it holds),
 * and the CORS headers, which echo an allowed Origin (corsOptions in http.ts; none without one).
 */
export const GRAPHQL_VARY: readonly string[] = ['Accept', 'Authorization', 'Broadsheet-Preview', 'Origin'];

/** Media types of answers a cache may keep: JSON bodies, never event streams or multipart. */
const CACHEABLE_TYPES = /^application\/(?:json|graphql-response\+json)\s*(?:;|$)/i;

/** A strong entity tag of a representation: its bytes, media type and content coding (quoted). */
export function entityTagOf(body: string | Uint8Array, contentType: string, contentEncoding = ''): string {
  const hash = createHash('sha256')
    .update(contentType)
    .update('\0')
    .update(contentEncoding)
    .update('\0')
    .update(body)
    .digest('base64url');
  return `"${hash.slice(0, 32)}"`;
}

/** The longest If-None-Match field read; a longer one is ignored (the answer is sent whole). */
export const MAX_IF_NONE_MATCH_LENGTH = 8192;
/** The most entity tags of an If-None-Match field compared; later ones are ignored. */
export const MAX_IF_NONE_MATCH_TAGS = 100;
/** An HTTP-date is 29 characters; a much longer If-Modified-Since is not one. */
const MAX_HTTP_DATE_LENGTH = 64;

const isSpace = (char: string) => char === ' ' || char === '\t';

/**
 * The opaque tags of an If-None-Match field (RFC 9110 13.1.2): `*`, or a comma-separated list of
 * entity tags, each quoted and perhaps `W/`-prefixed. The `W/` is dropped: If-None-Match uses the
 * weak comparison. A bare token (a client that forgot the quotes) is read as its quoted form; an
 * element that is neither is skipped to the next comma. One pass, every character read at most
 * twice: the field comes from anyone, so it must cost no more than its length (and that is
 * bounded by MAX_IF_NONE_MATCH_LENGTH, the tags by MAX_IF_NONE_MATCH_TAGS).
 */
export function parseIfNoneMatch(field: string): '*' | string[] {
  if (field.length > MAX_IF_NONE_MATCH_LENGTH) return [];
  if (field.trim() === '*') return '*';
  const tags: string[] = [];
  const end = field.length;
  let at = 0;
  while (at < end && tags.length < MAX_IF_NONE_MATCH_TAGS) {
    const char = field[at]!;
    if (char === ',' || isSpace(char)) {
      at += 1;
      continue;
    }
    if (char === 'W' && field[at + 1] === '/') at += 2;
    let tag: string | undefined;
    if (field[at] === '"') {
      const close = field.indexOf('"', at + 1);
      if (close === -1) break;
      tag = field.slice(at, close + 1);
      at = close + 1;
    } else {
      const start = at;
      while (at < end && field[at] !== ',' && field[at] !== '"' && !isSpace(field[at]!)) at += 1;
      if (at > start) tag = `"${field.slice(start, at)}"`;
    }
    while (at < end && isSpace(field[at]!)) at += 1;
    if (at < end && field[at] !== ',') {
      // Not an entity tag (`a"b`, `"a"b`): the element is dropped.
      const comma = field.indexOf(',', at);
      at = comma === -1 ? end : comma;
      continue;
    }
    if (tag !== undefined) tags.push(tag);
  }
  return tags;
}

/** Whether If-None-Match names the current representation, by the weak comparison. */
export function noneMatchFails(field: string, etag: string): boolean {
  const tags = parseIfNoneMatch(field);
  return tags === '*' || tags.includes(etag.replace(/^W\//, ''));
}

/** HTTP dates have whole seconds: a change within a second is dated at the second's end. */
export function lastModifiedSecond(changedAt: number): number {
  return Math.ceil(changedAt / 1000) * 1000;
}

/**
 * Whether If-Modified-Since says the client's copy is current: its date is no earlier than the
 * answer's Last-Modified. An unreadable date, and one later than the server's clock, are ignored
 * (RFC 9110 13.1.3).
 */
export function notModifiedSince(field: string, lastModified: number, now = Date.now()): boolean {
  if (field.length > MAX_HTTP_DATE_LENGTH) return false;
  const since = Date.parse(field);
  return Number.isFinite(since) && since <= now && since >= lastModified;
}

/** Merges names into a Vary field, keeping what is there (CORS adds its own), without repeats. */
export function mergeVary(existing: string | null, names: readonly string[]): string {
  const all = [
    ...(existing
      ? existing
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean)
      : []),
    ...names,
  ];
  const seen = new Set<string>();
  return all
    .filter((name) => {
      const key = name.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .join(', ');
}

/**
 * mergeVary with `names`, remembered by the field it is given: the responses of one endpoint come
 * with a few fields (CORS's), so each is merged once rather than on every response.
 */
export function varyMerger(names: readonly string[]): (existing: string | null) => string {
  const merged = new Map<string, string>();
  return (existing) => {
    const key = existing ?? '';
    let field = merged.get(key);
    if (field === undefined) {
      field = mergeVary(existing, names);
      // Bounded: a field this server never writes is merged each time instead of remembered.
      if (merged.size < 32) merged.set(key, field);
    }
    return field;
  };
}

// Answers that must not be stored, whatever they look like: the schema (_service) served to a
// gateway (src/http/federation-gate.ts).
const notCacheable = new WeakSet<Request>();

/** Marks a request's answer `Cache-Control: no-store`. */
export function markNotCacheable(request: Request): void {
  notCacheable.add(request);
}

export interface ConditionalCounters {
  /** A conditional GET was answered: 304 (notModified) or the full answer. */
  conditional(notModified: boolean): void;
}

export interface HttpCachingOptions {
  graphqlEndpoint: string;
  /** The app's port (src/changes.ts): its last change is the answers' Last-Modified. */
  changes: Pick<ContentChanges, 'lastChange'>;
  /**
   * How long caches may serve a public answer without asking again (the response cache's TTL).
   * Undefined: they keep it but revalidate every time (`no-cache`).
   */
  maxAgeSeconds?: number;
  counters?: ConditionalCounters;
}

/** The header set of a 304 (RFC 9110 15.4.5): the 200's, without its content's own metadata. */
function notModifiedHeaders(headers: Headers, HeadersOf: { new (init: Headers): Headers }): Headers {
  const kept = new HeadersOf(headers);
  for (const name of ['content-type', 'content-length', 'content-encoding', 'transfer-encoding']) kept.delete(name);
  return kept;
}

export function useHttpCaching(options: HttpCachingOptions): Plugin {
  const { graphqlEndpoint, maxAgeSeconds, counters } = options;
  const cacheControl =
    maxAgeSeconds === undefined
      ? 'public, no-cache'
      : `public, max-age=${maxAgeSeconds}, stale-while-revalidate=${maxAgeSeconds}`;
  // Requests to the endpoint (the URL parsed once, here), and what a GET saw when it began: the
  // last content change. Then whether its answer had errors.
  const atEndpoint = new WeakSet<Request>();
  const changedAtStart = new WeakMap<Request, number>();
  const failed = new WeakSet<Request>();
  const vary = varyMerger(GRAPHQL_VARY);
  // When this process first sent each answer's bytes, by media type and URL: a write that leaves an
  // answer as it was (a draft saved, which the public does not see) leaves its Last-Modified too, as
  // the feeds' (src/feeds/routes.ts). Dated by every write, it told anyone the second of each hidden one.
  const dates = createBoundedCache<{ etag: string; lastModified: number }>({
    maxBytes: GRAPHQL_DATES_CACHE_BYTES,
    sizeOf: (known) => stringBytes(known.etag) + 16,
  });
  /** New bytes are dated by the last change heard of when their request began (never before the previous bytes' date). */
  const dateOf = (key: string, etag: string, changedAt: number): number => {
    const known = dates.get(key);
    if (known?.etag === etag) return known.lastModified;
    const lastModified = Math.max(lastModifiedSecond(changedAt), known?.lastModified ?? 0);
    dates.set(key, { etag, lastModified });
    return lastModified;
  };
  return {
    onRequest({ request, url }) {
      if (url.pathname !== graphqlEndpoint) return;
      atEndpoint.add(request);
      if (request.method === 'GET') changedAtStart.set(request, options.changes.lastChange());
    },
    onResultProcess({ request, result }) {
      // A partial answer (a resolver failed) is not kept by caches: the next request may do better.
      if (Array.isArray(result) || (result as ExecutionResult | undefined)?.errors?.length) failed.add(request);
    },
    onResponse({ request, response, setResponse, fetchAPI }) {
      // Answers made before this plugin's onRequest (yoga's GraphiQL page, CORS preflights) by their URL.
      if (!atEndpoint.has(request) && new URL(request.url).pathname !== graphqlEndpoint) return;
      const headers = response.headers;
      headers.set('vary', vary(headers.get('vary')));
      // The response cache's validators (the operation's cache key, the time it was stored) say
      // nothing about the answer: ours replace them.
      headers.delete('etag');
      headers.delete('last-modified');
      const contentType = headers.get('content-type') ?? '';
      const cacheable =
        request.method === 'GET' &&
        response.status === 200 &&
        isPublicRequest(request) &&
        !failed.has(request) &&
        !notCacheable.has(request) &&
        CACHEABLE_TYPES.test(contentType);
      if (!cacheable) {
        // A preview's answer holds an unpublished article: no shared cache may keep it, nor the browser's.
        headers.set('cache-control', isPreviewRequest(request) ? 'private, no-store' : 'no-store');
        // Purge keys (src/http/response-cache.ts) are for answers caches keep.
        headers.delete('surrogate-key');
        headers.delete('cache-tag');
        return;
      }
      headers.set('cache-control', cacheControl);
      const changedAt = changedAtStart.get(request);
      const conclude = (body: string | Uint8Array) => {
        const etag = entityTagOf(body, contentType, headers.get('content-encoding') ?? '');
        headers.set('etag', etag);
        const lastModified =
          changedAt === undefined ? undefined : dateOf(`${contentType}\0${request.url}`, etag, changedAt);
        // Never later than the answer's own date (RFC 9110 8.8.2.1): within the second of a change, none.
        if (lastModified !== undefined && lastModified <= Date.now())
          headers.set('last-modified', new Date(lastModified).toUTCString());
        const ifNoneMatch = request.headers.get('if-none-match');
        const ifModifiedSince = request.headers.get('if-modified-since');
        if (ifNoneMatch == null && ifModifiedSince == null) return undefined;
        // If-None-Match, when sent, decides alone (RFC 9110 13.2.2).
        const notModified =
          ifNoneMatch != null
            ? noneMatchFails(ifNoneMatch, etag)
            : headers.has('last-modified') && notModifiedSince(ifModifiedSince!, lastModified!);
        counters?.conditional(notModified);
        return notModified;
      };
      // yoga's answers keep the text they were made from: read without consuming the stream.
      const made = (response as { bodyInit?: unknown }).bodyInit;
      if (typeof made === 'string' || made instanceof Uint8Array) {
        if (conclude(made))
          setResponse(
            new fetchAPI.Response(null, { status: 304, headers: notModifiedHeaders(headers, fetchAPI.Headers) }),
          );
        return;
      }
      return response.arrayBuffer().then((buffer) => {
        const body = new Uint8Array(buffer);
        setResponse(
          conclude(body)
            ? new fetchAPI.Response(null, { status: 304, headers: notModifiedHeaders(headers, fetchAPI.Headers) })
            : new fetchAPI.Response(body, { status: response.status, statusText: response.statusText, headers }),
        );
      });
    },
  };
}
