import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { PREVIEW_HEADER, type Preview, resolvePreview } from './auth/preview.js';
import { authenticate, PUBLIC_VIEWER } from './auth/tokens.js';
import { type ContentChanges, createContentChanges } from './changes.js';
import { type CompiledReadsStats, useCompiledReads } from './compiled/reads.js';
import {
  DEFAULT_COMPILED_READS,
  DEFAULT_GRAPHIQL,
  DEFAULT_SEARCH_RANK_WINDOW,
  DEFAULT_WEBHOOK_ALLOW_PRIVATE_NETWORKS,
  type FeedsConfig,
  type ImagesConfig,
  loadFeedsConfig,
  loadImagesConfig,
  type SummaryModelConfig,
} from './config.js';
import { createSummaryModel, summaryGeneratorOf } from './content/summary-model.js';
import { type Context, createContext, createLoaders, type EditorialSettings, type Viewer } from './context.js';
import type { Db } from './db/database.js';
import { readFromReplica, runRouted } from './db/replicas.js';
import { type ArticleEvents, createInProcessEvents } from './events.js';
import { useFeedRoutes } from './feeds/routes.js';
import { classifyDatabaseError, dataException } from './http/database-faults.js';
import { useGraphiQLCompression } from './http/graphiql-compression.js';
import { createHttpPlugins, type HttpPluginOptions, type Operations } from './http/plugins.js';
import { acceptRequestTarget } from './http/request-target.js';
import { createMedia } from './media/index.js';
import { useMediaRoute } from './media/route.js';
import { createUploadRequests } from './media/upload-request.js';
import { yogaLogger } from './observability/logger.js';
import { schema } from './schema/index.js';
import { useGraphQLSseSingleConnection } from './transports/graphql-sse.js';
import { useMultipartSubscriptions } from './transports/multipart.js';
import { createOperationRunner, type OperationRunner } from './transports/operations.js';
import { createWebSocketTransport, type WebSocketTransport } from './transports/websocket.js';

export interface AppOptions {
  db: Db;
  graphiql?: boolean;
  /** Where mutations publish and subscriptions listen; one in-process pub/sub when left out. */
  events?: ArticleEvents;
  /**
   * The port committed content changes go through (src/changes.ts): writers notify it, the response
   * cache, HTTP validators and feeds listen to it. One of the app's own when left out; the server
   * entry passes its own so the change feed, the scheduler and the webhook worker share it.
   */
  changes?: ContentChanges;
  /** Limits, persisted operations, caching, metrics, logs: see src/http/plugins.ts. */
  httpPlugins?: HttpPluginOptions;
  /**
   * Answer the queries of viewers without read:drafts with compiled SQL (src/compiled/reads.ts), a
   * plugin at execution: every other plugin applies to its answers. On by default (COMPILED_READS).
   */
  compiledReads?: boolean;
  /** Matches per relevance window of search (SEARCH_RANK_WINDOW; see src/db/queries/article-search.ts). */
  searchRankWindow?: number;
  /** An OpenAI-compatible endpoint that writes summaries (SUMMARY_MODEL_URL …); extractive summaries only when left out. */
  summaryModel?: SummaryModelConfig;
  /** Feeds and sitemaps (src/feeds): the public site's URLs, titles, sizes; the defaults of loadFeedsConfig when left out. */
  feeds?: FeedsConfig;
  /** Accept webhook URLs to loopback and private addresses (WEBHOOK_ALLOW_PRIVATE_NETWORKS); refused when left out. */
  webhooksAllowPrivateNetworks?: boolean;
  /** Image storage, upload limits and rendition URLs (MEDIA_DIR, S3_*, IMAGE_*); the defaults when left out. */
  images?: ImagesConfig;
  /** Limits of the editorial writes (PUBLISH_MAX_DAYS_AHEAD). */
  editorial?: EditorialSettings;
  /** The public site (PUBLIC_SITE_URL): preview links are built on it; none when left out. */
  siteUrl?: string;
}

/** Room for the multipart request's other parts (operations, map) beside the file. */
const MULTIPART_OVERHEAD_BYTES = 256 * 1024;
/** Files one upload request may carry: uploadImage takes one. */
const MAX_UPLOAD_FILES = 1;

export const EXAMPLE_QUERY = `# Welcome to Broadsheet. Press ▶ to run this article page query.
query ArticlePage {
  articles(first: 1) {
    totalCount
    edges {
      node {
        title
        standfirst
        publishedAt
        readingTimeMinutes
        section { name slug }
        leadImage { alt caption credit width height originalUrl url(width: 800) srcset(widths: [320, 640]) }
        paragraphs
        summary(length: SHORT) { text method }
        entities { entity { name kind slug } mentionCount salience }
        previousArticle { title slug }
        nextArticle { title slug }
      }
    }
  }
}
`;

export type App = YogaServerInstance<Record<string, unknown>, Context> & {
  /** Cache invalidation, metrics and readiness, for writers and the server entry. */
  ops: Operations;
  /** The port committed content changes go through (src/changes.ts); the app's own listeners (response cache, feeds) leave it when the app is disposed. */
  changes: ContentChanges;
  /** Counts of the compiled reads plugin; absent when compiled reads are off. */
  compiledReads?: { stats: CompiledReadsStats };
  /**
   * The node:http handler: the request target checked first (the node adapter builds a URL from it
   * before any plugin runs; src/http/request-target.ts), then yoga.
   */
  handleHttp(request: IncomingMessage, response: ServerResponse): unknown;
  /** The node:http server's `upgrade` listener: GraphQL over WebSocket (graphql-ws) on /graphql. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** The WebSocket side: open sockets, and closing them all (server shutdown). */
  websocket: WebSocketTransport;
};

/** Builds the GraphQL server; nothing happens on import, and nothing listens until the caller says. */
export function createApp({
  db,
  graphiql = DEFAULT_GRAPHIQL,
  events = createInProcessEvents(),
  changes = createContentChanges(),
  httpPlugins = {},
  compiledReads = DEFAULT_COMPILED_READS,
  searchRankWindow = DEFAULT_SEARCH_RANK_WINDOW,
  summaryModel: summaryModelConfig,
  feeds = loadFeedsConfig(),
  webhooksAllowPrivateNetworks = DEFAULT_WEBHOOK_ALLOW_PRIVATE_NETWORKS,
  images = loadImagesConfig({}),
  editorial,
  siteUrl,
}: AppOptions): App {
  const media = createMedia(images);
  const http = createHttpPlugins(
    db,
    httpPlugins,
    '/graphql',
    (metrics, rateLimiter) => [
      useFeedRoutes({
        db,
        config: feeds,
        summaryGenerator: summaryGeneratorOf(summaryModelConfig),
        // Feeds are public answers like GraphQL's: cached as long (the response cache's TTL), revalidated alike.
        maxAgeSeconds: httpPlugins.responseCache ? Math.floor(httpPlugins.responseCache.ttlMs / 1000) : undefined,
        counters: {
          conditional: (notModified) => metrics.conditional.inc({ result: notModified ? 'not_modified' : 'modified' }),
        },
        metrics,
        logger: httpPlugins.logger,
        rateLimiter,
        changes,
      }),
    ],
    { multipartMaxBytes: images.maxBytes + MULTIPART_OVERHEAD_BYTES },
    changes,
  );
  // Uploads, and bodies over the public limit: the token is checked (an upload's bytes spent from
  // its bucket) before the body is read.
  const uploads = createUploadRequests({
    graphqlEndpoint: '/graphql',
    authenticate: (authorization) => authenticate(db, authorization),
    maxFiles: MAX_UPLOAD_FILES,
    maxFileBytes: images.maxBytes,
    maxBodyBytes: images.maxBytes + MULTIPART_OVERHEAD_BYTES,
    rateLimiter: http.ops.rateLimiter,
    publicMaxBodyBytes: http.maxBodyBytes,
  });
  const summaryModel = summaryModelConfig
    ? createSummaryModel(summaryModelConfig, (outcome, failure) => {
        http.ops.metrics.summaryModel.inc({ outcome });
        if (failure)
          httpPlugins.logger?.warn({ ...failure, outcome }, 'summary model: the extractive summary is served');
      })
    : undefined;
  const reads = compiledReads
    ? useCompiledReads({
        db,
        schema,
        metrics: http.ops.metrics,
        logger: httpPlugins.logger,
        responseCache: !!httpPlugins.responseCache,
        searchRankWindow,
        summaryGenerator: summaryGeneratorOf(summaryModelConfig),
        renditions: images.renditions,
      })
    : undefined;
  const contextOf = (viewer: Viewer): Context => {
    const context = createContext(db, viewer, events, searchRankWindow, summaryModel, changes);
    context.webhooksAllowPrivateNetworks = webhooksAllowPrivateNetworks;
    context.media = media;
    if (editorial) context.editorial = editorial;
    context.siteUrl = siteUrl;
    return context;
  };
  // A preview token opens one article (src/auth/preview.ts) for whoever sends it, with or without
  // an API token; loaders that see hidden content serve that article's own fields only.
  const previewContext = async (viewer: Viewer | Promise<Viewer>, token: string): Promise<Context> => {
    const [resolved, preview] = await Promise.all([viewer, resolvePreview(db, token)]);
    const context = contextOf(resolved);
    context.preview = { ...(preview as Preview), loaders: createLoaders(db, { includeHidden: true }, summaryModel) };
    return context;
  };
  // Operations that come over WebSocket or a graphql-sse single connection run through the same
  // plugins as HTTP requests (src/transports/operations.ts), once yoga exists.
  let runOperation: OperationRunner | undefined;
  const run: OperationRunner = (params, context) => runOperation!(params, context);
  const plugins = [
    // First: its requests are not GraphQL-over-HTTP requests, and the other plugins must not read them as such.
    useGraphQLSseSingleConnection({
      path: '/graphql',
      run,
      limits: http.subscriptions,
      maxBodyBytes: { public: http.maxBodyBytes, authenticated: http.maxRequestBodySize },
      open: http.ops.open,
    }),
    useGraphiQLCompression(),
    // Originals from the local store at /media/{key}: answered before any GraphQL plugin looks.
    useMediaRoute(media.storage, http.ops.rateLimiter),
    // Before http.plugins: its parser is the one useRequestBodyLimit wraps in its byte count.
    uploads.plugin,
    ...(reads ? [reads] : []),
    ...http.plugins,
    useMultipartSubscriptions({ open: http.ops.open }),
  ];
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    // The Authorization header decides the viewer's scopes; a bad token is refused with 401 here.
    // Anonymous requests (most of them) build their context without a promise or a token lookup.
    // Public readers' statements may go to a read replica (DATABASE_REPLICA_URLS); a request with
    // a token (editors, writers) reads the primary, so it sees its own writes on any instance. So
    // do subscriptions: an event may come before a replica has replayed the write behind it (a
    // document that merely mentions the word stays on the primary too, which is always correct).
    context: ({ request, params }) => {
      const authorization = request.headers.get('authorization');
      // Previews read the primary: a replica may not have the draft's latest edit yet.
      const preview = request.headers.get(PREVIEW_HEADER);
      if (preview) return previewContext(authorization ? authenticate(db, authorization) : PUBLIC_VIEWER, preview);
      if (authorization) {
        const uploader = uploads.viewerOf(request);
        return uploader ? contextOf(uploader) : authenticate(db, authorization).then(contextOf);
      }
      if (!params.query?.includes('subscription')) readFromReplica();
      return contextOf(PUBLIC_VIEWER);
    },
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // GraphiQL needs introspection: it is served where introspection is open (development).
    graphiql: graphiql && http.ops.open ? { title: 'Broadsheet GraphiQL', defaultQuery: EXAMPLE_QUERY } : false,
    // The offline GraphiQL bundle is about 9 MB of source: load it when the page is first asked for,
    // so that production instances (which do not serve it) never hold it in memory.
    renderGraphiQL: async (options) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    ...(http.yoga as object),
    logging: httpPlugins.logger
      ? yogaLogger(httpPlugins.logger, { byClient: dataException, fault: classifyDatabaseError })
      : 'error',
    // Compiled reads swap the execute function first, so that the plugins that wrap execution (the
    // response cache) wrap it, and those that stop it (the cost limit) stop it.
    plugins,
  });
  runOperation = createOperationRunner(yoga as never, plugins, { open: http.ops.open });
  const websocket = createWebSocketTransport({
    path: '/graphql',
    run,
    authenticate: (authorization) => authenticate(db, authorization),
    limits: http.subscriptions,
    maxPayloadBytes: http.maxRequestBodySize,
    open: http.ops.open,
  });
  // Read once: the app is yoga's server adapter, a Proxy, and every property read goes through its trap.
  const requestListener = yoga.requestListener;
  // Each request runs in its own routing scope (src/db/replicas.ts): primary unless it is public.
  const handleHttp = (request: IncomingMessage, response: ServerResponse) =>
    acceptRequestTarget(request, response) ? runRouted(() => requestListener(request, response)) : undefined;
  const handleUpgrade = websocket.handleUpgrade;
  return Object.assign(yoga, {
    ops: http.ops,
    changes,
    handleHttp,
    handleUpgrade,
    websocket,
    compiledReads: reads && { stats: reads.stats },
  }) as unknown as App;
}
