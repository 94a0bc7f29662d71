import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { Gauge } from 'prom-client';
import type { ContentChange, ContentChanges } from '../changes.js';
import { DEFAULT_FEED_CACHE_BYTES, type FeedsConfig } from '../config.js';
import type { Db } from '../db/database.js';
import {
  findSitemapFingerprint,
  listFeedArticles,
  listRecentArticles,
  listSitemapArticles,
  listSitemapPages,
  listSitemapPagesByNumber,
  type SitemapPageRow,
  sitemapFingerprint,
} from '../db/queries/feeds.js';
import { readFromReplica } from '../db/replicas.js';
import { createBoundedCache } from '../http/bounded.js';
import {
  type ConditionalCounters,
  lastModifiedSecond,
  mergeVary,
  noneMatchFails,
  notModifiedSince,
} from '../http/http-cache.js';
import type { RateLimiter } from '../http/rate-limits.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { acceptsGzip, BusyError, createBuildLimit, type Encoded, encode, gunzipStream } from './encoded.js';
import { buildFeedItems } from './items.js';
import { FEED_FORMATS, type FeedFormat } from './render.js';
import { plausibleSlug, SCOPE_KINDS, type ScopeKind } from './scopes.js';
import {
  NEWS_SITEMAP_MAX_URLS,
  NEWS_SITEMAP_WINDOW_MS,
  renderNewsSitemap,
  renderSitemapIndex,
  SITEMAP_MAX_URLS,
  sitemapChunks,
  sitemapPagePath,
} from './sitemaps.js';

/*
 * Feeds (/feeds/...), sitemaps (/sitemaps/...) and /robots.txt, answered inside yoga's pipeline
 * (a plugin's onRequest, as /ready is), so CORS, request logs and metrics apply as to /graphql.
 *
 *   /feeds/{rss.xml|atom.xml|feed.json}                      the whole site
 *   /feeds/sections/{slug}/{rss.xml|atom.xml|feed.json}      one section front (with its subsections)
 *   /feeds/entities/{slug}/{rss.xml|atom.xml|feed.json}      one entity
 *   /feeds/tags/{slug}/{rss.xml|atom.xml|feed.json}          one tag
 *   /feeds/authors/{slug}/{rss.xml|atom.xml|feed.json}       one author
 *   (a slug the section, entity, tag or author had before: 301 to the current one)
 *   /sitemaps/index.xml, /sitemaps/articles-{n}.xml, /sitemaps/news.xml
 *
 * Everything a client can vary is bounded before a statement runs: the path has a fixed shape, a
 * slug must match the slug pattern and length, a sitemap page number its range. The representation
 * cache is keyed by what was found (the scope's kind and database id), never by request text, so
 * unknown slugs and junk paths never enter it, and it is bounded in bytes.
 */

export interface FeedRoutesOptions {
  db: Db;
  config: FeedsConfig;
  /** What generates summaries: a stored generated summary answers only when it matches (summaryGeneratorOf). */
  summaryGenerator: string;
  /**
   * How long caches (and this process) may serve a representation without asking again: the
   * response cache's TTL, as for GraphQL answers (http-cache.ts). Undefined: `no-cache`, and this
   * process keeps nothing.
   */
  maxAgeSeconds?: number;
  counters?: ConditionalCounters;
  /** Where `broadsheet_feed_cache_bytes` is served (the app's /metrics). */
  metrics?: Metrics;
  /** Bytes of feed representations kept in this process (gzipped); child sitemaps have as much again. */
  cacheBytes?: number;
  logger?: Logger;
  /** The API's rate limits (RATE_LIMITS), when on: each request spends from its client's bucket (requestCost). */
  rateLimiter?: RateLimiter;
  /** The app's port (src/changes.ts): changes drop what they made stale; its last change dates new bytes. */
  changes: ContentChanges;
}

/**
 * What a request spends from its client's rate-limit bucket, in the points GraphQL operations
 * spend (src/field-cost.ts: one an object read): a feed one per item it may list, a child
 * sitemap one per 100 URLs it may list, anything else one. Kept answers cost the same: the limit
 * is on what a client may take, not on what it costs this instance today.
 */
export function requestCost(path: string, config: Pick<FeedsConfig, 'itemLimit' | 'sitemapPageSize'>): number {
  if (path.startsWith('/feeds/')) return config.itemLimit;
  if (/^\/sitemaps\/articles-\d+\.xml$/.test(path)) return Math.ceil(config.sitemapPageSize / 100);
  return 1;
}

/** A made answer: its bytes (gzipped) and validators. */
interface Representation {
  encoded: Encoded;
  contentType: string;
  /** Last-Modified, when the representation has one (ms, whole seconds). */
  lastModified?: number;
  /** When it was made, or last found current (a child's fingerprint checked). */
  madeAt: number;
}

/** What is remembered of the last bytes made under a key, across changes (see dateOf). */
interface KnownBytes {
  etag: string;
  gzipEtag: string;
  lastModified: number;
  /** A child sitemap's (findSitemapFingerprint) when they were made. */
  fingerprint?: string;
}

/** The kept sitemap index: its representation and the rows it was rendered from (patched by changes). */
interface KeptIndex {
  representation: Representation;
  pages: SitemapPageRow[];
}

type Answer =
  | { kind: 'representation'; representation: Representation }
  /** A child found unchanged (its fingerprint) for a client that holds it: 304 without making it. */
  | { kind: 'not-modified'; etag: string; lastModified: number }
  | { kind: 'redirect'; location: string }
  | { kind: 'not-found' };

const NOT_FOUND: Answer = { kind: 'not-found' };

/**
 * Room for the sitemap index, about 250 bytes of heap a child with its row (2,000 children for 20
 * million articles at the default page size); a larger one is made every time.
 */
const LASTING_CACHE_BYTES = 4 * 1024 * 1024;

/** The sitemap index is made again this often at least (see sitemap()); changes patch it meanwhile. */
export const SITEMAP_INDEX_MIN_KEEP_MS = 60_000;

/**
 * Sitemaps made at once by one instance (children and the index; concurrent requests for one share
 * one making), and how many more may wait: beyond that, 503 with Retry-After. A child of 10,000 URLs
 * takes one statement of ~50 ms and ~0.2 s of JS; two at once leave the pool and the event loop to
 * GraphQL.
 */
export const SITEMAP_BUILDS_RUNNING = 2;
export const SITEMAP_BUILDS_WAITING = 8;
const RETRY_AFTER_SECONDS = 5;

/** Bytes of Last-Modified dates remembered across changes (key, tag and date: ~200 bytes an entry). */
const DATES_CACHE_BYTES = 1024 * 1024;

/** The most child sitemaps an index names (the protocol's cap), so the highest page number served. */
const MAX_SITEMAP_PAGES = SITEMAP_MAX_URLS;

/** Every answer names both: caches must not give a CORS-less or gzipped copy to a client it does not fit. */
const VARY = ['Origin', 'Accept-Encoding'];

function matchFeed(path: string): { kind: ScopeKind; slug: string; format: FeedFormat } | undefined {
  const parts = path.split('/');
  // ['', 'feeds', file] or ['', 'feeds', segment, slug, file]
  if (parts[1] !== 'feeds') return undefined;
  const format = FEED_FORMATS.find((f) => f.file === parts[parts.length - 1]);
  if (!format) return undefined;
  if (parts.length === 3) return { kind: SCOPE_KINDS.find((k) => k.segment === null)!, slug: '', format };
  if (parts.length !== 5) return undefined;
  const kind = SCOPE_KINDS.find((k) => k.segment === parts[2]);
  const slug = parts[3]!;
  if (!kind || !plausibleSlug(slug)) return undefined;
  return { kind, slug, format };
}

const SITEMAP_PAGE = /^\/sitemaps\/articles-([1-9][0-9]{0,4})\.xml$/;
const INDEX_KEY = 'sitemap:index';

/** What a making gives: the text (or its chunks, with a child's fingerprint), or undefined: none. */
type Made = string | { chunks: Iterable<string>; fingerprint: string } | undefined;

export function useFeedRoutes(options: FeedRoutesOptions): Plugin {
  const { db, config, summaryGenerator, maxAgeSeconds, counters, logger, changes } = options;
  const lastContentChange = () => changes.lastChange();
  const cacheControl =
    maxAgeSeconds === undefined
      ? 'public, no-cache'
      : `public, max-age=${maxAgeSeconds}, stale-while-revalidate=${maxAgeSeconds}`;
  const ttlMs = (maxAgeSeconds ?? 0) * 1000;
  const cacheBytes = options.cacheBytes ?? DEFAULT_FEED_CACHE_BYTES;
  const sizeOf = (r: Representation) => r.encoded.gzip.length + 300;
  // Feeds and the news sitemap: any change may touch any of them, so a change drops them all.
  const feeds = createBoundedCache<Representation>({ maxBytes: cacheBytes, sizeOf });
  // Child sitemaps: a change drops only the children whose id range holds a changed article. A whole
  // gzipped child fits (10,000 URLs: ~30 kB of 1.1 MB; 50,000: ~150 kB), a quarter of the budget at most.
  const children = createBoundedCache<Representation>({
    maxBytes: cacheBytes,
    maxEntryBytes: Math.floor(cacheBytes / 4),
    sizeOf,
  });
  // The index, kept across changes and patched by them.
  const lasting = createBoundedCache<KeptIndex>({
    maxBytes: LASTING_CACHE_BYTES,
    maxEntryBytes: LASTING_CACHE_BYTES,
    sizeOf: (kept) => sizeOf(kept.representation) + 100 * kept.pages.length,
  });
  // When each representation's bytes were first made (below): kept across changes, so a write that
  // leaves a representation's bytes as they were (a draft saved) leaves its Last-Modified too.
  const dates = createBoundedCache<KnownBytes>({
    maxBytes: DATES_CACHE_BYTES,
    sizeOf: (d) => 4 * d.etag.length + 2 * (d.fingerprint?.length ?? 0) + 96,
  });
  const builds = createBuildLimit(SITEMAP_BUILDS_RUNNING, SITEMAP_BUILDS_WAITING);
  const registry = options.metrics?.registry;
  if (registry && !registry.getSingleMetric('broadsheet_feed_cache_bytes')) {
    new Gauge({
      name: 'broadsheet_feed_cache_bytes',
      help: 'Bytes of feeds and sitemaps kept by this process, gzipped (its own accounting; bounded by the feed cache size).',
      registers: [registry],
      collect() {
        this.set(feeds.bytes + children.bytes + lasting.bytes + dates.bytes);
      },
    });
  }
  // Answers being made, by cache key: concurrent requests for one representation share one making.
  // A change that makes a making stale removes it here, and a making is kept only while it is here.
  const making = new Map<string, Promise<Representation | undefined>>();
  // The last content change this process acted on: an explicit invalidation moves lastContentChange()
  // without telling the listeners, and then every feed and child is dropped.
  let seenChange = lastContentChange();
  // Children whose rows changed while the index was being made: patched into it before it is kept.
  let touchedDuringIndex: Set<number> | undefined;
  let indexPatches = Promise.resolve();

  const pageOf = (articleId: number) => Math.ceil(articleId / config.sitemapPageSize);

  function dropAll() {
    feeds.clear();
    children.clear();
    for (const key of [...making.keys()]) if (key !== INDEX_KEY) making.delete(key);
  }

  function dropFeeds() {
    feeds.clear();
    for (const key of [...making.keys()]) if (key.startsWith('feed:') || key === 'sitemap:news') making.delete(key);
  }

  function onChange(change: ContentChange): Promise<void> | undefined {
    seenChange = lastContentChange();
    if (change.bulk) {
      dropAll();
      // A change whose reach no id range tells (a section renamed: its slug is in every <loc> under
      // {section}) leaves the rows' fingerprints as they were: the validators kept for them go too,
      // or a client holding an old child would be told 304.
      dates.clear();
      lasting.delete(INDEX_KEY);
      making.delete(INDEX_KEY);
      return undefined;
    }
    dropFeeds();
    const pages = [...new Set(change.articleIds.map(pageOf))].filter((page) => page >= 1 && page <= MAX_SITEMAP_PAGES);
    for (const page of pages) {
      children.delete(sitemapPagePath(page));
      making.delete(sitemapPagePath(page));
    }
    if (pages.length === 0) return undefined;
    for (const page of pages) touchedDuringIndex?.add(page);
    // The index follows at once (an unpublished article's date leaves it): its changed children's rows
    // are read again (one index-only range scan each) and it is rendered from the patched rows.
    indexPatches = indexPatches
      .then(() => patchIndex(pages))
      .catch((error: unknown) => {
        logger?.warn({ err: error }, 'sitemap index: a change could not be patched in; it is made again');
        lasting.delete(INDEX_KEY);
      });
    return indexPatches;
  }
  const unsubscribe = changes.subscribe(onChange);

  async function patchIndex(pages: readonly number[]): Promise<void> {
    const kept = lasting.get(INDEX_KEY);
    if (!kept) return;
    const rows = await listSitemapPagesByNumber(db, config.sitemapPageSize, pages);
    if (lasting.get(INDEX_KEY) !== kept) return;
    const patched = patchedPages(kept.pages, pages, rows);
    if (samePages(patched, kept.pages)) return;
    lasting.set(INDEX_KEY, {
      pages: patched,
      representation: await indexRepresentation(patched, kept.representation.madeAt),
    });
  }

  /** Last-Modified of `encoded` under `key`: when this process first made these bytes (see `dates`). */
  function dateOf(key: string, encoded: Encoded, changedAt: number, fingerprint?: string): number {
    const known = dates.get(key);
    // New bytes: dated by the last change heard of when they were begun (never before the previous bytes' date).
    const lastModified =
      known?.etag === encoded.etag
        ? known.lastModified
        : Math.max(lastModifiedSecond(changedAt), known?.lastModified ?? 0);
    dates.set(key, {
      etag: encoded.etag,
      gzipEtag: encoded.gzipEtag,
      lastModified,
      ...(fingerprint ? { fingerprint } : {}),
    });
    return lastModified;
  }

  async function indexRepresentation(pages: readonly SitemapPageRow[], madeAt: number): Promise<Representation> {
    const contentType = 'application/xml; charset=utf-8';
    const encoded = await encode([renderSitemapIndex(config, pages)], contentType);
    return { encoded, contentType, lastModified: dateOf(INDEX_KEY, encoded, lastContentChange()), madeAt };
  }

  /**
   * The representation kept under `key`, or a new one from `make` (undefined: there is none, and
   * nothing is kept). `dated`: whether it carries Last-Modified (see dateOf); `limited`: made within
   * the sitemap builds' limit (a BusyError beyond it).
   */
  function represent(
    key: string,
    contentType: string,
    make: () => Promise<Made>,
    { dated = true, store = feeds, limited = false } = {},
  ): Promise<Representation | undefined> {
    if (lastContentChange() !== seenChange) {
      seenChange = lastContentChange();
      dropAll();
    }
    const kept = store.get(key);
    if (kept && Date.now() - kept.madeAt < ttlMs) return Promise.resolve(kept);
    const pending = making.get(key);
    if (pending) return pending;
    const changedAt = lastContentChange();
    const build = async () => {
      const made = await make();
      if (made === undefined) return undefined;
      return typeof made === 'string'
        ? { encoded: await encode([made], contentType) }
        : { encoded: await encode(made.chunks, contentType), fingerprint: made.fingerprint };
    };
    const work: Promise<Representation | undefined> = (limited ? builds.run(build) : build())
      .then((built) => {
        if (built === undefined) return undefined;
        const { encoded, fingerprint } = built;
        const representation: Representation = {
          encoded,
          contentType,
          ...(dated ? { lastModified: dateOf(key, encoded, changedAt, fingerprint) } : {}),
          madeAt: Date.now(),
        };
        // Not kept when a change reached it while it was being made (the change removed it from `making`).
        if (ttlMs > 0 && making.get(key) === work) store.set(key, representation);
        return representation;
      })
      .finally(() => {
        if (making.get(key) === work) making.delete(key);
      });
    making.set(key, work);
    return work;
  }

  const answerOf = (representation: Representation | undefined): Answer =>
    representation ? { kind: 'representation', representation } : NOT_FOUND;

  async function feed(path: string): Promise<Answer> {
    const match = matchFeed(path);
    if (!match) return NOT_FOUND;
    const found = await match.kind.lookup(db, config, match.slug);
    if (found.kind === 'missing') return NOT_FOUND;
    if (found.kind === 'moved')
      return {
        kind: 'redirect',
        location: `${config.publicApiUrl}/feeds/${match.kind.segment}/${found.slug}/${match.format.file}`,
      };
    const { scope } = found;
    return answerOf(
      await represent(`feed:${match.format.file}:${scope.key}`, match.format.contentType, async () => {
        const rows = await listFeedArticles(db, scope.filter, config.itemLimit, summaryGenerator);
        const items = buildFeedItems(config, rows);
        return match.format.render({
          scope,
          selfUrl: `${config.publicApiUrl}${scope.path}/${match.format.file}`,
          items,
          config,
        });
      }),
    );
  }

  /**
   * The sitemap index. It reads every visible article's index entry (about a second for a million),
   * so it is made at most once a minute; meanwhile each change patches the children it touched
   * (patchIndex), so the index follows every change at once.
   */
  async function sitemapIndex(): Promise<Answer> {
    if (lastContentChange() !== seenChange) {
      seenChange = lastContentChange();
      dropAll();
    }
    const kept = lasting.get(INDEX_KEY);
    if (kept && Date.now() - kept.representation.madeAt < Math.max(ttlMs, SITEMAP_INDEX_MIN_KEEP_MS))
      return answerOf(kept.representation);
    const pending = making.get(INDEX_KEY);
    if (pending) return answerOf(await pending);
    const work = builds
      .run(async () => {
        touchedDuringIndex = new Set();
        try {
          let pages = await listSitemapPages(db, config.sitemapPageSize, MAX_SITEMAP_PAGES);
          // Changes heard of while it was read may or may not show in it: their children are read again.
          while (touchedDuringIndex.size > 0) {
            const touched = [...touchedDuringIndex];
            touchedDuringIndex = new Set();
            pages = patchedPages(pages, touched, await listSitemapPagesByNumber(db, config.sitemapPageSize, touched));
          }
          return pages;
        } finally {
          touchedDuringIndex = undefined;
        }
      })
      .then(async (pages) => {
        const representation = await indexRepresentation(pages, Date.now());
        if (making.get(INDEX_KEY) === work) lasting.set(INDEX_KEY, { pages, representation });
        return representation;
      })
      .finally(() => {
        if (making.get(INDEX_KEY) === work) making.delete(INDEX_KEY);
      });
    making.set(INDEX_KEY, work);
    return answerOf(await work);
  }

  async function sitemap(path: string, request: Request): Promise<Answer> {
    const xml = 'application/xml; charset=utf-8';
    if (path === '/sitemaps/index.xml') return sitemapIndex();
    if (path === '/sitemaps/news.xml') {
      // Its content changes as articles age out of the window, with no write to date it: no Last-Modified.
      const since = () => new Date(Date.now() - NEWS_SITEMAP_WINDOW_MS);
      return answerOf(
        await represent(
          'sitemap:news',
          xml,
          async () => renderNewsSitemap(config, await listRecentArticles(db, since(), NEWS_SITEMAP_MAX_URLS)),
          { dated: false },
        ),
      );
    }
    const page = SITEMAP_PAGE.exec(path);
    const number = page ? Number(page[1]) : 0;
    if (number < 1 || number > MAX_SITEMAP_PAGES) return NOT_FOUND;
    const key = sitemapPagePath(number);
    // Before 10,000 rows are read and written out: one index-only scan of the range says whether the
    // child is as this instance last made it. Then a kept one past its time is current again, and a
    // client that holds it (a change elsewhere in the range, such as a draft saved, dropped it) gets 304.
    const kept = children.get(key);
    const known = dates.get(key);
    if (kept ? Date.now() - kept.madeAt >= ttlMs : known?.fingerprint && conditional(request)) {
      const fingerprint = await findSitemapFingerprint(db, number, config.sitemapPageSize);
      if (kept && fingerprint === dates.get(key)?.fingerprint && dates.get(key)?.etag === kept.encoded.etag) {
        kept.madeAt = Date.now();
      } else if (
        !kept &&
        known &&
        fingerprint === known.fingerprint &&
        notModified(request, known, known.lastModified)
      ) {
        return {
          kind: 'not-modified',
          etag: acceptsGzip(request.headers.get('accept-encoding')) ? known.gzipEtag : known.etag,
          lastModified: known.lastModified,
        };
      }
    }
    // A page the index does not name (no visible article in its range) is 404, and nothing is kept
    // for it; but child 1, which the index always names (renderSitemapIndex), always answers.
    return answerOf(
      await represent(
        key,
        xml,
        async () => {
          const articles = await listSitemapArticles(db, number, config.sitemapPageSize);
          return articles.length === 0 && number !== 1
            ? undefined
            : { chunks: sitemapChunks(config, articles), fingerprint: sitemapFingerprint(articles) };
        },
        { store: children, limited: true },
      ),
    );
  }

  let robotsText: Promise<Representation> | undefined;
  const robots = async (): Promise<Answer> => {
    const body = `User-agent: *\nDisallow: /graphql\n\nSitemap: ${config.publicApiUrl}/sitemaps/index.xml\nSitemap: ${config.publicApiUrl}/sitemaps/news.xml\n`;
    const contentType = 'text/plain; charset=utf-8';
    robotsText ??= encode([body], contentType).then((encoded) => ({ encoded, contentType, madeAt: Date.now() }));
    return { kind: 'representation', representation: await robotsText };
  };

  const conditional = (request: Request) =>
    request.headers.has('if-none-match') || request.headers.has('if-modified-since');

  /** Whether the client's copy is current. If-None-Match, when sent, decides alone (RFC 9110 13.2.2); a copy of either encoding is. */
  function notModified(
    request: Request,
    tags: { etag: string; gzipEtag: string },
    lastModified: number | undefined,
  ): boolean {
    const ifNoneMatch = request.headers.get('if-none-match');
    if (ifNoneMatch != null)
      return noneMatchFails(ifNoneMatch, tags.etag) || noneMatchFails(ifNoneMatch, tags.gzipEtag);
    const ifModifiedSince = request.headers.get('if-modified-since');
    return (
      ifModifiedSince != null &&
      lastModified !== undefined &&
      lastModified <= Date.now() &&
      notModifiedSince(ifModifiedSince, lastModified)
    );
  }

  function respond(request: Request, answer: Answer): Response {
    if (answer.kind === 'not-found') {
      return new Response('Not found\n', {
        status: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': cacheControl, vary: VARY.join(', ') },
      });
    }
    if (answer.kind === 'redirect')
      return new Response(null, {
        status: 301,
        headers: { location: answer.location, 'cache-control': cacheControl, vary: VARY.join(', ') },
      });
    if (answer.kind === 'not-modified') {
      counters?.conditional(true);
      const headers = new Headers({
        etag: answer.etag,
        'cache-control': cacheControl,
        vary: VARY.join(', '),
        'x-content-type-options': 'nosniff',
      });
      if (answer.lastModified <= Date.now()) headers.set('last-modified', new Date(answer.lastModified).toUTCString());
      return new Response(null, { status: 304, headers });
    }
    const { encoded, contentType } = answer.representation;
    const gzip = acceptsGzip(request.headers.get('accept-encoding'));
    const etag = gzip ? encoded.gzipEtag : encoded.etag;
    const headers = new Headers({
      'content-type': contentType,
      etag,
      'cache-control': cacheControl,
      vary: VARY.join(', '),
      'x-content-type-options': 'nosniff',
    });
    // Never later than the answer's own date (RFC 9110 8.8.2.1).
    const { lastModified: dated } = answer.representation;
    const lastModified = dated !== undefined && dated <= Date.now() ? dated : undefined;
    if (lastModified !== undefined) headers.set('last-modified', new Date(lastModified).toUTCString());
    if (conditional(request)) {
      const unchanged = notModified(request, encoded, lastModified);
      counters?.conditional(unchanged);
      if (unchanged) {
        headers.delete('content-type');
        return new Response(null, { status: 304, headers });
      }
    }
    if (gzip) headers.set('content-encoding', 'gzip');
    headers.set('content-length', String(gzip ? encoded.gzip.length : encoded.bytes));
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    return new Response(gzip ? encoded.gzip : gunzipStream(encoded.gzip), { status: 200, headers });
  }

  function route(path: string, request: Request): (() => Promise<Answer> | Answer) | undefined {
    if (path === '/robots.txt') return robots;
    if (path.startsWith('/feeds/')) return () => feed(path);
    if (path.startsWith('/sitemaps/')) return () => sitemap(path, request);
    return undefined;
  }

  // Requests these routes answered: their Vary is completed after yoga's CORS plugin set its own.
  const answered = new WeakSet<Request>();

  return {
    onRequest({ request, url, endResponse, serverContext }) {
      const handler = route(url.pathname, request);
      if (!handler) return;
      answered.add(request);
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        // CORS preflights were answered before this (yoga's CORS plugin).
        endResponse(new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      const limited = options.rateLimiter
        ? options.rateLimiter.checkRequest(
            request,
            serverContext as { req?: IncomingMessage },
            requestCost(url.pathname, config),
          )
        : Promise.resolve(undefined);
      return limited.then((check) => {
        if (check && !check.allowed) return endResponse(check.refusal!);
        // Public content, the same for every viewer: a read replica may answer (src/db/replicas.ts).
        readFromReplica();
        return answerWith(check?.headers ?? {});
      });
      function answerWith(rateHeaders: Record<string, string>) {
        return Promise.resolve(handler!()).then(
          (answer) => {
            const response = respond(request, answer);
            for (const [name, value] of Object.entries(rateHeaders)) response.headers.set(name, value);
            endResponse(response);
          },
          (error: unknown) => {
            // Busy: more sitemaps asked for at once than are made at once (SITEMAP_BUILDS_*); not a failure.
            if (error instanceof BusyError)
              logger?.warn({ path: url.pathname }, 'sitemap refused: too many being made');
            else logger?.error({ err: error, path: url.pathname }, 'feed or sitemap failed');
            endResponse(
              new Response('Service unavailable\n', {
                status: 503,
                headers: {
                  'content-type': 'text/plain; charset=utf-8',
                  'cache-control': 'no-store',
                  'retry-after': String(RETRY_AFTER_SECONDS),
                  vary: VARY.join(', '),
                },
              }),
            );
          },
        );
      }
    },
    onResponse({ request, response }) {
      if (answered.has(request)) response.headers.set('vary', mergeVary(response.headers.get('vary'), VARY));
    },
    onDispose: () => void unsubscribe(),
  };
}

/** `rows` with the rows of `pages` replaced by `fresh` (a page absent from `fresh` is empty now), in page order. */
function patchedPages(
  rows: readonly SitemapPageRow[],
  pages: readonly number[],
  fresh: readonly SitemapPageRow[],
): SitemapPageRow[] {
  const touched = new Set(pages);
  return [...rows.filter((row) => !touched.has(row.page)), ...fresh]
    .sort((a, b) => a.page - b.page)
    .slice(0, MAX_SITEMAP_PAGES);
}

function samePages(a: readonly SitemapPageRow[], b: readonly SitemapPageRow[]): boolean {
  return (
    a.length === b.length &&
    a.every((row, i) => row.page === b[i]!.page && row.lastModified.getTime() === b[i]!.lastModified.getTime())
  );
}
