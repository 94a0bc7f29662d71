import { type App, type AppOptions, createApp } from '../../src/app.js';
import type { HttpConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import type { GraphQLResponse } from '../helpers/db.js';
import { listenHttp } from '../helpers/http.js';
import { quietLogger } from '../helpers/logger.js';

export interface LiveServer {
  app: App;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  /** ws://127.0.0.1:<port>/graphql */
  wsUrl: string;
  /** A GraphQL request to this server's app (mutations publish through its events). */
  query(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse>;
}

/** The app served over real HTTP (and WebSocket) on a free port until the test file ends. */
export async function startLiveServer(
  database: DatabaseHandle,
  options: Omit<AppOptions, 'db'> = {},
  http?: HttpConfig,
): Promise<LiveServer> {
  const app = createApp({
    db: database.db,
    ...options,
    httpPlugins: { logger: quietLogger, pool: database.pool, ...options.httpPlugins },
  });
  const url = await listenHttp(app, http);
  const query = async (document: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query: document, variables }),
    });
    return (await response.json()) as GraphQLResponse;
  };
  return { app, url, wsUrl: url.replace(/^http/, 'ws'), query };
}

/**
 * What a client's subscription delivers, taken in order: each client library calls `push` (or
 * `fail`, or `done`) from its own callbacks.
 */
export class Received<T = any> {
  readonly #queue: { value?: T; error?: unknown; done?: boolean }[] = [];
  readonly #waiters: (() => void)[] = [];

  readonly push = (value: T) => this.#add({ value });
  readonly fail = (error: unknown) => this.#add({ error });
  readonly done = () => this.#add({ done: true });

  #add(entry: { value?: T; error?: unknown; done?: boolean }) {
    this.#queue.push(entry);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  async #take(timeoutMs: number): Promise<{ value?: T; error?: unknown; done?: boolean }> {
    const deadline = Date.now() + timeoutMs;
    while (this.#queue.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`nothing received within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.#queue.shift()!;
  }

  /** The next value; fails when the subscription errored or completed instead. */
  async next(timeoutMs = 10_000): Promise<T> {
    const entry = await this.#take(timeoutMs);
    if (entry.error !== undefined) throw entry.error;
    if (entry.done) throw new Error('the subscription completed');
    return entry.value as T;
  }

  /** The error the subscription ended with; fails when it delivered or completed instead. */
  async error(timeoutMs = 10_000): Promise<any> {
    const entry = await this.#take(timeoutMs);
    if (entry.error === undefined) throw new Error(`expected an error, got ${JSON.stringify(entry)}`);
    return entry.error;
  }

  pending(): number {
    return this.#queue.length;
  }
}

/** What a subscription delivered, the same whichever client: its data, and the codes of its errors. */
export interface Delivery {
  data: unknown;
  codes: unknown[] | undefined;
}

// `__typename` and `id` as a normalising cache (Apollo's, urql's graphcache) adds them anyway.
export const PUBLISHED = 'subscription ArticlePublished { articlePublished { __typename id slug status } }';
export const UPDATED =
  'subscription ArticleUpdated($id: ID!) { articleUpdated(id: $id) { __typename id slug status } }';

/** A draft made through the API by an editor; returns its global id. */
export async function createDraft(server: LiveServer, editor: Record<string, string>, slug: string): Promise<string> {
  const result = await server.query(
    'mutation($input: CreateArticleInput!) { createArticle(input: $input) { ... on CreateArticleSuccess { article { id } } } }',
    { input: { title: `Title ${slug}`, body: 'Body.', slug, section: 'world' } },
    editor,
  );
  return result.data.createArticle.article.id as string;
}

export async function publish(server: LiveServer, editor: Record<string, string>, id: string): Promise<void> {
  const result = await server.query('mutation($id: ID!) { publishArticle(id: $id) { __typename } }', { id }, editor);
  if (result.data?.publishArticle?.__typename !== 'PublishArticleSuccess')
    throw new Error(`publishArticle: ${JSON.stringify(result)}`);
}

/** The numeric id inside an Article's global id: the channel of its articleUpdated events is `article:updated:<n>`. */
export const articleNumber = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1];
