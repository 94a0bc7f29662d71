import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { authenticate } from './auth/tokens.js';
import { useGraphiQLCompression } from './compression.js';
import { DEFAULT_SEARCH_RANK_WINDOW } from './config.js';
import { type Context, createContext } from './context.js';
import type { Db } from './db/database.js';
import { type ArticleEvents, createInProcessEvents } from './events.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCompiledReads, useCompiledReadsLearning } from './compiled/reads.js';
import { type HardeningOptions, harden, type Operations } from './hardening/index.js';
import { acceptRequestTarget } from './hardening/request-target.js';
import { yogaLogger } from './observability/logger.js';
import { schema } from './schema/index.js';

export interface AppOptions {
  db: Db;
  graphiql?: boolean;
  /** Where mutations publish and subscriptions listen; one in-process pub/sub when left out. */
  events?: ArticleEvents;
  /** Limits, persisted operations, caching, metrics, logs: see src/hardening/index.ts. */
  hardening?: HardeningOptions;
  /**
   * Answer repeated anonymous queries with compiled SQL (src/compiled/reads.ts); on by default.
   * Off with tracing (its spans come from the executor) and in trusted-documents mode. With the
   * response cache on, compiled answers leave out the cache's ETag and Last-Modified and
   * conditional requests go to yoga (see CompiledReadsOptions.responseCache).
   */
  compiledReads?: boolean;
  /** Matches per relevance window of search (SEARCH_RANK_WINDOW; see src/db/queries/article-search.ts). */
  searchRankWindow?: number;
}

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
  /** The node:http handler: compiled reads first, yoga for everything else. */
  handleHttp(request: IncomingMessage, response: ServerResponse): unknown;
};

/** Builds the GraphQL server; nothing happens on import, and nothing listens until the caller says. */
export function createApp({
  db,
  graphiql = true,
  events = createInProcessEvents(),
  hardening = {},
  compiledReads = true,
  searchRankWindow = DEFAULT_SEARCH_RANK_WINDOW,
}: AppOptions): App {
  const hardened = harden(db, hardening, '/graphql');
  const reads =
    compiledReads && !hardening.trustedDocuments && !process.env.OTEL_EXPORTER_OTLP_ENDPOINT
      ? createCompiledReads({
          db,
          schema,
          endpoint: '/graphql',
          maxBodyBytes: hardened.maxBodyBytes,
          limits: hardened.limits,
          metrics: hardened.ops.metrics,
          logger: hardening.logger,
          responseCache: !!hardening.responseCache,
          searchRankWindow,
        })
      : undefined;
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    // The Authorization header decides the viewer's scopes; a bad token is refused with 401 here.
    context: async ({ request }) => ({
      ...createContext(db, await authenticate(db, request.headers.get('authorization')), events, searchRankWindow),
      invalidation: hardened.ops.invalidation,
    }),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // GraphiQL needs introspection: it is served where introspection is open (development).
    graphiql: graphiql && hardened.ops.open ? { title: 'Broadsheet GraphiQL', defaultQuery: EXAMPLE_QUERY } : false,
    // The offline GraphiQL bundle is about 9 MB of source: load it when the page is first asked for,
    // so that production instances (which do not serve it) never hold it in memory.
    renderGraphiQL: async (options) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    ...(hardened.yoga as object),
    logging: hardening.logger ? yogaLogger(hardening.logger) : 'error',
    plugins: [useGraphiQLCompression(), ...hardened.plugins, ...(reads ? [useCompiledReadsLearning(reads)] : [])],
  });
  const handleHttp = (request: IncomingMessage, response: ServerResponse) => {
    if (!acceptRequestTarget(request, response)) return;
    return reads ? reads.handle(request, response, yoga) : yoga(request, response);
  };
  return Object.assign(yoga, { ops: hardened.ops, handleHttp, compiledReads: reads }) as unknown as App;
}
