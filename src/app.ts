import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { authenticate } from './auth/tokens.js';
import { useGraphiQLCompression } from './compression.js';
import { type Context, createContext } from './context.js';
import type { Db } from './db/database.js';
import { type ArticleEvents, createInProcessEvents } from './events.js';
import { schema } from './schema/index.js';

export interface AppOptions {
  db: Db;
  graphiql?: boolean;
  /** Where mutations publish and subscriptions listen; one in-process pub/sub when left out. */
  events?: ArticleEvents;
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

export type App = YogaServerInstance<Record<string, unknown>, Context>;

/** Builds the GraphQL server; nothing happens on import, and nothing listens until the caller says. */
export function createApp({ db, graphiql = true, events = createInProcessEvents() }: AppOptions): App {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    // The Authorization header decides the viewer's scopes; a bad token is refused with 401 here.
    context: async ({ request }) => createContext(db, await authenticate(db, request.headers.get('authorization')), events),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: graphiql ? { title: 'Broadsheet GraphiQL', defaultQuery: EXAMPLE_QUERY } : false,
    renderGraphiQL,
    plugins: [useGraphiQLCompression()],
  }) as unknown as App;
}
