import type { GraphiQLOptions } from 'graphql-yoga';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { authenticate } from './auth/tokens.js';
import { useGraphiQLCompression } from './compression.js';
import { type Context, createContext } from './context.js';
import type { Db } from './db/database.js';
import { type ArticleEvents, createInProcessEvents } from './events.js';
import { type HardeningOptions, harden, type Operations } from './hardening/index.js';
import { yogaLogger } from './observability/logger.js';
import { schema } from './schema/index.js';

export interface AppOptions {
  db: Db;
  graphiql?: boolean;
  /** Where mutations publish and subscriptions listen; one in-process pub/sub when left out. */
  events?: ArticleEvents;
  /** Limits, persisted operations, caching, metrics, logs: see src/hardening/index.ts. */
  hardening?: HardeningOptions;
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
};

/** Builds the GraphQL server; nothing happens on import, and nothing listens until the caller says. */
/**
 * GraphiQL's bundled assets cost about 80 MB of RSS once imported (measured on Node 22), and
 * production never serves GraphiQL (introspection is closed there): import them on first use.
 */
async function renderGraphiQL(options: GraphiQLOptions): Promise<string> {
  const { renderGraphiQL: render } = await import('@graphql-yoga/render-graphiql');
  return render(options);
}

export function createApp({ db, graphiql = true, events = createInProcessEvents(), hardening = {} }: AppOptions): App {
  const hardened = harden(db, hardening, '/graphql');
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    // The Authorization header decides the viewer's scopes; a bad token is refused with 401 here.
    context: async ({ request }) => ({
      ...createContext(db, await authenticate(db, request.headers.get('authorization')), events),
      invalidation: hardened.ops.invalidation,
    }),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // GraphiQL needs introspection: it is served where introspection is open (development).
    graphiql: graphiql && hardened.ops.open ? { title: 'Broadsheet GraphiQL', defaultQuery: EXAMPLE_QUERY } : false,
    renderGraphiQL,
    ...(hardened.yoga as object),
    logging: hardening.logger ? yogaLogger(hardening.logger) : 'error',
    plugins: [useGraphiQLCompression(), ...hardened.plugins],
  });
  return Object.assign(yoga, { ops: hardened.ops }) as unknown as App;
}
