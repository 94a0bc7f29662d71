import type { Plugin } from 'graphql-yoga';
import type { FeedsConfig } from '../config.js';
import { lastContentChange, onContentChanged } from '../content/after-write.js';
import type { Db } from '../db/database.js';
import { listFeedArticles, listRecentArticles, listSitemapArticles, listSitemapPages } from '../db/queries/feeds.js';
import { readFromReplica } from '../db/replicas.js';
import { createBoundedCache, stringBytes } from '../hardening/bounded.js';
import { type ConditionalCounters, entityTagOf, lastModifiedSecond, noneMatchFails, notModifiedSince } from '../hardening/http-cache.js';
import { Gauge } from 'prom-client';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { buildFeedItems } from './items.js';
import { FEED_FORMATS, type FeedFormat } from './render.js';
import { plausibleSlug, SCOPE_KINDS, type ScopeKind } from './scopes.js';
import { NEWS_SITEMAP_MAX_URLS, NEWS_SITEMAP_WINDOW_MS, renderNewsSitemap, renderSitemap, renderSitemapIndex, SITEMAP_MAX_URLS, sitemapPagePath } from './sitemaps.js';

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
  /** Bytes of representations kept in this process. */
  cacheBytes?: number;
  logger?: Logger;
}

/** A made answer: its text, validators and when the content it shows was last known to change. */
interface Representation {
  body: string;
  contentType: string;
  etag: string;
  /** Last-Modified, when the representation has one (ms, whole seconds). */
  lastModified?: number;
  madeAt: number;
  /** The content as it was when it was begun: lastContentChange() and this process's count of writes heard of. */
  changedAt?: number;
  generation?: number;
}

type Answer = { kind: 'representation'; representation: Representation } | { kind: 'redirect'; location: string } | { kind: 'not-found' };

const NOT_FOUND: Answer = { kind: 'not-found' };
export const DEFAULT_FEED_CACHE_BYTES = 8 * 1024 * 1024;

/**
 * Room for what is kept across content changes: the sitemap index, about 250 bytes of heap a child
 * (20 children for a million articles at the default page size); a larger one is made every time.
 */
const LASTING_CACHE_BYTES = 4 * 1024 * 1024;

/** The sitemap index is kept this long at least, across content changes (see sitemap()). */
export const SITEMAP_INDEX_MIN_KEEP_MS = 60_000;

/** The most child sitemaps an index names (the protocol's cap), so the highest page number served. */
const MAX_SITEMAP_PAGES = SITEMAP_MAX_URLS;

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

export function useFeedRoutes(options: FeedRoutesOptions): Plugin {
  const { db, config, summaryGenerator, maxAgeSeconds, counters, logger } = options;
  const cacheControl = maxAgeSeconds === undefined ? 'public, no-cache' : `public, max-age=${maxAgeSeconds}, stale-while-revalidate=${maxAgeSeconds}`;
  const ttlMs = (maxAgeSeconds ?? 0) * 1000;
  const sizeOf = (r: Representation) => stringBytes(r.body) + 200;
  const cache = createBoundedCache<Representation>({ maxBytes: options.cacheBytes ?? DEFAULT_FEED_CACHE_BYTES, sizeOf });
  // What is kept across content changes (the sitemap index, a few MB at most for a million articles).
  const lasting = createBoundedCache<Representation>({ maxBytes: LASTING_CACHE_BYTES, maxEntryBytes: LASTING_CACHE_BYTES, sizeOf });
  const registry = options.metrics?.registry;
  if (registry && !registry.getSingleMetric('broadsheet_feed_cache_bytes')) {
    new Gauge({
      name: 'broadsheet_feed_cache_bytes',
      help: 'Bytes of feeds and sitemaps kept by this process (its own accounting; bounded by the feed cache size).',
      registers: [registry],
      collect() {
        this.set(cache.bytes + lasting.bytes);
      },
    });
  }
  // Answers being made, by cache key: concurrent requests for one feed share one set of statements.
  const making = new Map<string, Promise<Representation | undefined>>();
  // A change to the content makes every kept answer stale; an answer begun before the change is not kept.
  let generation = 0;
  const unsubscribe = onContentChanged(() => {
    generation += 1;
    cache.clear();
    // A request after the change must not share an answer begun before it.
    making.clear();
  });

  /**
   * The representation kept under `key`, or a new one from `make` (undefined: there is none, and
   * nothing is kept). `dated`: whether it carries Last-Modified (the last content change known
   * when it was begun, as GraphQL answers do).
   */
  function represent(key: string, contentType: string, make: () => Promise<string | undefined>, { dated = true, keepMs = ttlMs, acrossChanges = false } = {}): Promise<Representation | undefined> {
    const store = acrossChanges ? lasting : cache;
    const kept = store.get(key);
    // Kept while fresh and while no change to the content has been heard of since it was begun:
    // a write (onContentChanged) or an explicit invalidation (which moves lastContentChange).
    const current = kept && (acrossChanges || (kept.generation === generation && kept.changedAt === lastContentChange()));
    if (kept && current && Date.now() - kept.madeAt < keepMs) return Promise.resolve(kept);
    const pending = making.get(key);
    if (pending) return pending;
    const startedGeneration = generation;
    const changedAt = lastContentChange();
    const work = make()
      .then((body) => {
        if (body === undefined) return undefined;
        const representation: Representation = {
          body,
          contentType,
          etag: entityTagOf(body, contentType),
          ...(dated ? { lastModified: lastModifiedSecond(changedAt) } : {}),
          madeAt: Date.now(),
          changedAt,
          generation: startedGeneration,
        };
        if (keepMs > 0 && (acrossChanges || (generation === startedGeneration && lastContentChange() === changedAt))) store.set(key, representation);
        return representation;
      })
      .finally(() => {
        if (making.get(key) === work) making.delete(key);
      });
    making.set(key, work);
    return work;
  }

  const answerOf = (representation: Representation | undefined): Answer => (representation ? { kind: 'representation', representation } : NOT_FOUND);

  async function feed(path: string): Promise<Answer> {
    const match = matchFeed(path);
    if (!match) return NOT_FOUND;
    const found = await match.kind.lookup(db, config, match.slug);
    if (found.kind === 'missing') return NOT_FOUND;
    if (found.kind === 'moved') return { kind: 'redirect', location: `${config.publicApiUrl}/feeds/${match.kind.segment}/${found.slug}/${match.format.file}` };
    const { scope } = found;
    return answerOf(
      await represent(`feed:${match.format.file}:${scope.key}`, match.format.contentType, async () => {
        const rows = await listFeedArticles(db, scope.filter, config.itemLimit, summaryGenerator);
        const items = buildFeedItems(config, rows);
        return match.format.render({ scope, selfUrl: `${config.publicApiUrl}${scope.path}/${match.format.file}`, items, config });
      }),
    );
  }

  async function sitemap(path: string): Promise<Answer> {
    const xml = 'application/xml; charset=utf-8';
    if (path === '/sitemaps/index.xml') {
      // It reads every visible article's index entry (about a second for a million): made at most once
      // a minute however often the content changes; crawlers read it far less often than that.
      return answerOf(
        await represent('sitemap:index', xml, async () => renderSitemapIndex(config, await listSitemapPages(db, config.sitemapPageSize, MAX_SITEMAP_PAGES)), {
          keepMs: Math.max(ttlMs, SITEMAP_INDEX_MIN_KEEP_MS),
          acrossChanges: true,
        }),
      );
    }
    if (path === '/sitemaps/news.xml') {
      // Its content changes as articles age out of the window, with no write to date it: no Last-Modified.
      const since = () => new Date(Date.now() - NEWS_SITEMAP_WINDOW_MS);
      return answerOf(await represent('sitemap:news', xml, async () => renderNewsSitemap(config, await listRecentArticles(db, since(), NEWS_SITEMAP_MAX_URLS)), { dated: false }));
    }
    const page = SITEMAP_PAGE.exec(path);
    const number = page ? Number(page[1]) : 0;
    if (number < 1 || number > MAX_SITEMAP_PAGES) return NOT_FOUND;
    // A page the index does not name (no visible article in its range) is 404, and nothing is kept
    // for it; but child 1, which the index always names (renderSitemapIndex), always answers.
    return answerOf(
      await represent(sitemapPagePath(number), xml, async () => {
        const articles = await listSitemapArticles(db, number, config.sitemapPageSize);
        return articles.length === 0 && number !== 1 ? undefined : renderSitemap(config, articles);
      }),
    );
  }

  const robots = (): Answer => {
    const body = `User-agent: *\nDisallow: /graphql\n\nSitemap: ${config.publicApiUrl}/sitemaps/index.xml\nSitemap: ${config.publicApiUrl}/sitemaps/news.xml\n`;
    const contentType = 'text/plain; charset=utf-8';
    return { kind: 'representation', representation: { body, contentType, etag: entityTagOf(body, contentType), madeAt: Date.now() } };
  };

  function respond(request: Request, answer: Answer): Response {
    if (answer.kind === 'not-found') {
      return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': cacheControl } });
    }
    if (answer.kind === 'redirect') return new Response(null, { status: 301, headers: { location: answer.location, 'cache-control': cacheControl } });
    const { representation } = answer;
    const headers = new Headers({ 'content-type': representation.contentType, etag: representation.etag, 'cache-control': cacheControl, 'x-content-type-options': 'nosniff' });
    // Never later than the answer's own date (RFC 9110 8.8.2.1).
    const lastModified = representation.lastModified !== undefined && representation.lastModified <= Date.now() ? representation.lastModified : undefined;
    if (lastModified !== undefined) headers.set('last-modified', new Date(lastModified).toUTCString());
    const ifNoneMatch = request.headers.get('if-none-match');
    const ifModifiedSince = request.headers.get('if-modified-since');
    if (ifNoneMatch != null || ifModifiedSince != null) {
      // If-None-Match, when sent, decides alone (RFC 9110 13.2.2).
      const notModified = ifNoneMatch != null ? noneMatchFails(ifNoneMatch, representation.etag) : lastModified !== undefined && notModifiedSince(ifModifiedSince!, lastModified);
      counters?.conditional(notModified);
      if (notModified) {
        headers.delete('content-type');
        return new Response(null, { status: 304, headers });
      }
    }
    return new Response(request.method === 'HEAD' ? null : representation.body, { status: 200, headers });
  }

  function route(path: string): (() => Promise<Answer> | Answer) | undefined {
    if (path === '/robots.txt') return robots;
    if (path.startsWith('/feeds/')) return () => feed(path);
    if (path.startsWith('/sitemaps/')) return () => sitemap(path);
    return undefined;
  }

  return {
    onRequest({ request, url, endResponse }) {
      const handler = route(url.pathname);
      if (!handler) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        // CORS preflights were answered before this (yoga's CORS plugin).
        endResponse(new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      // Public content, the same for every viewer: a read replica may answer (src/db/replicas.ts).
      readFromReplica();
      return Promise.resolve(handler()).then(
        (answer) => endResponse(respond(request, answer)),
        (error: unknown) => {
          logger?.error({ err: error, path: url.pathname }, 'feed or sitemap failed');
          endResponse(new Response('Service unavailable\n', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '5' } }));
        },
      );
    },
    onDispose: () => void unsubscribe(),
  };
}
