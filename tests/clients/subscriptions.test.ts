import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { fetchExchange, subscriptionExchange, Client as UrqlClient } from '@urql/core';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRedisEvents } from '../../src/events.js';
import { wantsMultipartSubscription } from '../../src/transports/multipart.js';
import { createToken } from '../helpers/auth.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createArticle } from '../helpers/factories.js';
import { observableEvents } from '../helpers/sse.js';
import {
  articleNumber,
  createDraft,
  type Delivery,
  PUBLISHED,
  publish,
  Received,
  startLiveServer,
  UPDATED,
} from './helpers-subscriptions.js';

let database: TestDatabase;
let token: string;
let editor: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  await createArticle(database.db, { slug: 'seed-world', section: 'World' });
  ({ token, headers: editor } = await createToken(database.db, 'Live desk', ['write:articles', 'read:drafts']));
});

/** A client library as an app would set it up: `authorization` is the editorial token's header value, or none. */
interface ClientUnderTest {
  connect(
    url: string,
    authorization?: string,
  ): {
    subscribe(query: string, variables: Record<string, unknown>, into: Received<Delivery>): () => void;
    close(): Promise<void> | void;
  };
}

const codesOf = (errors: readonly { extensions?: Record<string, unknown> }[] | undefined) =>
  errors?.map((e) => e.extensions?.code);

// README: graphql-ws
function graphqlWsClient(url: string, authorization?: string) {
  return createWsClient({
    url, // ws://…/graphql
    webSocketImpl: WebSocket, // browsers have their own
    connectionParams: authorization ? { authorization } : {},
  });
}

// README: Apollo Client (HttpLink)
function apolloOverHttp(url: string, authorization?: string) {
  return new ApolloClient({
    link: new HttpLink({ uri: url, headers: authorization ? { authorization } : {} }),
    cache: new InMemoryCache(),
  });
}

// README: Apollo Client (GraphQLWsLink)
function apolloOverWebSocket(url: string, authorization?: string) {
  return new ApolloClient({
    link: new GraphQLWsLink(
      createWsClient({ url, webSocketImpl: WebSocket, connectionParams: authorization ? { authorization } : {} }),
    ),
    cache: new InMemoryCache(),
  });
}

// README: urql
function urqlOverWebSocket(httpUrl: string, wsUrl: string, authorization?: string) {
  const ws = createWsClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
  });
  const client = new UrqlClient({
    url: httpUrl,
    fetchOptions: { headers: authorization ? { authorization } : {} },
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
  return { client, ws };
}

// README: graphql-sse
function graphqlSseClient(url: string, authorization: string | undefined, singleConnection: boolean) {
  return createSseClient({ url, singleConnection, headers: authorization ? { authorization } : {} });
}

const sinkOf = (into: Received<Delivery>) => ({
  next: (result: { data?: unknown; errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
    into.push({ data: result.data ?? null, codes: codesOf(result.errors) }),
  error: into.fail,
  complete: into.done,
});

function apolloClientUnderTest(
  make: (url: string, wsUrl: string, authorization?: string) => ApolloClient,
): ClientUnderTest {
  return {
    connect(url, authorization) {
      const client = make(url, url.replace(/^http/, 'ws'), authorization);
      return {
        subscribe(query, variables, into) {
          const subscription = client.subscribe({ query: gql(query), variables }).subscribe({
            next: ({ data, error }) =>
              into.push({
                data: data ?? null,
                codes: error
                  ? codesOf(
                      (error as { errors?: { extensions?: Record<string, unknown> }[] }).errors ?? [
                        { extensions: { code: error.message } },
                      ],
                    )
                  : undefined,
              }),
            error: into.fail,
            complete: into.done,
          });
          return () => subscription.unsubscribe();
        },
        close: () => client.stop(),
      };
    },
  };
}

const clients: [string, ClientUnderTest][] = [
  [
    'graphql-ws createClient (WebSocket)',
    {
      connect(url, authorization) {
        const client = graphqlWsClient(url.replace(/^http/, 'ws'), authorization);
        return {
          subscribe: (query, variables, into) => client.subscribe({ query, variables }, sinkOf(into)),
          close: () => client.dispose(),
        };
      },
    },
  ],
  [
    'Apollo Client 4 HttpLink (multipart HTTP)',
    apolloClientUnderTest((url, _ws, authorization) => apolloOverHttp(url, authorization)),
  ],
  [
    'Apollo Client 4 GraphQLWsLink (WebSocket)',
    apolloClientUnderTest((_url, ws, authorization) => apolloOverWebSocket(ws, authorization)),
  ],
  [
    'urql with subscriptionExchange over graphql-ws',
    {
      connect(url, authorization) {
        const { client, ws } = urqlOverWebSocket(url, url.replace(/^http/, 'ws'), authorization);
        return {
          subscribe(query, variables, into) {
            const { unsubscribe } = client.subscription(query, variables).subscribe((result) =>
              into.push({
                data: result.data ?? null,
                codes: result.error ? result.error.graphQLErrors.map((e) => e.extensions.code) : undefined,
              }),
            );
            return unsubscribe;
          },
          close: () => ws.dispose(),
        };
      },
    },
  ],
  ...([false, true] as const).map((singleConnection): [string, ClientUnderTest] => [
    `graphql-sse createClient (${singleConnection ? 'single connection' : 'distinct connections'} mode)`,
    {
      connect(url, authorization) {
        const client = graphqlSseClient(url, authorization, singleConnection);
        return {
          subscribe: (query, variables, into) => client.subscribe({ query, variables }, sinkOf(into)),
          close: () => client.dispose(),
        };
      },
    },
  ]),
];

describe('the README', () => {
  it('shows, in its Live updates section, the set-up code these tests run', () => {
    const source = readFileSync(fileURLToPath(import.meta.url), 'utf8');
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const section = readme.slice(readme.indexOf('### Live updates'), readme.indexOf('## Federation'));
    const snippets = [...source.matchAll(/\/\/ README: (.+)\n(function [\s\S]+?\n\}\n)/g)].map(([, name, code]) => [
      name,
      code!.trimEnd(),
    ]);
    expect(snippets.map(([name]) => name)).toEqual([
      'graphql-ws',
      'Apollo Client (HttpLink)',
      'Apollo Client (GraphQLWsLink)',
      'urql',
      'graphql-sse',
    ]);
    for (const [name, code] of snippets) expect(section.includes(`\`\`\`ts\n${code}\n`), name).toBe(true);
  });
});

describe.each(clients)('%s', (_name, clientUnderTest) => {
  it('delivers a publication to an anonymous and an editor subscription; the public is refused a draft with a code', async () => {
    // Each client gets its own server and events, so counting listeners tells when it subscribed.
    const events = observableEvents();
    const server = await startLiveServer(database, { events });
    const slug = `live-${randomBytes(3).toString('hex')}`;
    const id = await createDraft(server, editor, slug);
    const anonymous = clientUnderTest.connect(server.url);
    const desk = clientUnderTest.connect(server.url, `Bearer ${token}`);
    const published = new Received<Delivery>();
    const updated = new Received<Delivery>();
    const refused = new Received<Delivery>();
    const stops = [anonymous.subscribe(PUBLISHED, {}, published), desk.subscribe(UPDATED, { id }, updated)];
    await events.listening('article:published');
    await events.listening(`article:updated:${articleNumber(id)}`);
    stops.push(anonymous.subscribe(UPDATED, { id }, refused));
    expect(await refused.next()).toEqual({ data: null, codes: ['NOT_FOUND'] });
    await publish(server, editor, id);
    expect(await published.next()).toEqual({
      data: { articlePublished: { __typename: 'Article', id, slug, status: 'PUBLISHED' } },
      codes: undefined,
    });
    expect(await updated.next()).toEqual({
      data: { articleUpdated: { __typename: 'Article', id, slug, status: 'PUBLISHED' } },
      codes: undefined,
    });
    for (const stop of stops) stop();
    await Promise.all([anonymous.close(), desk.close()]);
  });
});

describe('across instances through Redis', () => {
  const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
  // What REDIS_KEY_PREFIX gives a deployment: its own channels on a shared Redis.
  const prefix = `broadsheet-test-${randomBytes(4).toString('hex')}:`;
  const eventsA = createRedisEvents(REDIS_URL, prefix);
  const eventsB = createRedisEvents(REDIS_URL, prefix);
  const probe = new Redis(REDIS_URL);
  afterAll(async () => {
    await Promise.all([eventsA.close(), eventsB.close(), probe.quit()]);
  });

  async function subscribersOnRedis(wanted: (count: number) => boolean) {
    const deadline = Date.now() + 10_000;
    while (!wanted(Number(((await probe.pubsub('NUMSUB', `${prefix}article:published`)) as [string, number])[1]))) {
      if (Date.now() > deadline) throw new Error('the Redis channel never had the subscribers expected');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('a publication made through instance A reaches a graphql-ws subscriber on instance B', async () => {
    const instanceA = await startLiveServer(database, { events: eventsA });
    const instanceB = await startLiveServer(database, { events: eventsB });
    const id = await createDraft(instanceA, editor, 'across-redis-ws');
    const client = graphqlWsClient(instanceB.wsUrl);
    const published = new Received<Delivery>();
    const stop = client.subscribe({ query: PUBLISHED }, sinkOf(published));
    await subscribersOnRedis((n) => n === 1);
    await publish(instanceA, editor, id);
    expect(await published.next()).toEqual({
      data: { articlePublished: { __typename: 'Article', id, slug: 'across-redis-ws', status: 'PUBLISHED' } },
      codes: undefined,
    });
    stop();
    await client.dispose();
    // Instance B lets go of the Redis channel once its last subscriber has left.
    await subscribersOnRedis((n) => n === 0);
  });
});

describe("Apollo's multipart subscription framing", () => {
  it('recognises the Accept of a multipart subscription, in time linear in the header', () => {
    expect(wantsMultipartSubscription('multipart/mixed;boundary=graphql;subscriptionSpec=1.0,application/json')).toBe(
      true,
    );
    expect(wantsMultipartSubscription('application/json, Multipart/Mixed; SubscriptionSpec="1.0"')).toBe(true);
    expect(wantsMultipartSubscription('multipart/mixed, application/json;subscriptionSpec=1.0')).toBe(false);
    expect(wantsMultipartSubscription('subscriptionSpec=1.0;multipart/mixed')).toBe(false);
    expect(wantsMultipartSubscription(null)).toBe(false);
    // A backtracking pattern read this in time quadratic in its length; 200 readings would time out.
    const hostile = 'multipart/mixed'.repeat(1000);
    for (let i = 0; i < 200; i++) expect(wantsMultipartSubscription(hostile)).toBe(false);
  });

  const MULTIPART_ONLY = 'multipart/mixed;subscriptionSpec="1.0"';

  it('answers a refused subscription with its errors and status when the client accepts multipart alone', async () => {
    const events = observableEvents();
    const server = await startLiveServer(database, {
      events,
      httpPlugins: { subscriptions: { maxPerClient: 1, max: 100 } },
    });
    const id = await createDraft(server, editor, 'multipart-refused');
    const subscribe = (query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal) =>
      fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: MULTIPART_ONLY },
        body: JSON.stringify({ query, variables }),
        signal,
      });
    // Apollo Client's HttpLink, told to accept multipart alone, hands each refusal to the subscription with its code.
    const apollo = new ApolloClient({
      link: new HttpLink({ uri: server.url, headers: { accept: MULTIPART_ONLY } }),
      cache: new InMemoryCache(),
    });
    const codesFrom = (query: string, variables: Record<string, unknown>) =>
      new Promise<unknown>((resolve, reject) => {
        apollo.subscribe({ query: gql(query), variables }).subscribe({
          next: ({ error }) =>
            resolve(
              error ? codesOf((error as { errors?: { extensions?: Record<string, unknown> }[] }).errors) : 'no error',
            ),
          error: reject,
          complete: () => resolve('completed without an error'),
        });
      });
    // The public is refused the draft's updates: NOT_FOUND, as with any Accept.
    const notFound = await subscribe(UPDATED, { id });
    expect([notFound.status, notFound.headers.get('content-type')]).toEqual([
      200,
      'application/graphql-response+json; charset=utf-8',
    ]);
    expect(await notFound.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
    expect(await codesFrom(UPDATED, { id })).toEqual(['NOT_FOUND']);
    // One stream open (the per-client cap is 1): the next is refused 429 with Retry-After.
    const controller = new AbortController();
    const open = await subscribe(PUBLISHED, {}, controller.signal);
    expect(open.headers.get('content-type')).toBe('multipart/mixed;boundary="graphql";subscriptionSpec="1.0"');
    await events.listening('article:published');
    const refused = await subscribe(PUBLISHED);
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([429, '10']);
    expect(await refused.json()).toEqual({
      errors: [
        {
          message: 'Too many open subscriptions from this client (at most 1); close one or retry later',
          extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 1 },
        },
      ],
    });
    expect(await codesFrom(PUBLISHED, {})).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
    apollo.stop();
    controller.abort();
  });

  it('sends a heartbeat while idle, then each event as a payload part', async () => {
    const events = observableEvents();
    const server = await startLiveServer(database, { events });
    const id = await createDraft(server, editor, 'multipart-raw');
    const controller = new AbortController();
    const response = await fetch(server.url, {
      method: 'POST',
      // What Apollo Client 4's HttpLink sends for a subscription.
      headers: {
        'content-type': 'application/json',
        accept:
          'multipart/mixed;boundary=graphql;subscriptionSpec=1.0,application/graphql-response+json,application/json;q=0.9',
      },
      body: JSON.stringify({ query: PUBLISHED }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('multipart/mixed;boundary="graphql";subscriptionSpec="1.0"');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (wanted: string) => {
      while (!text.includes(wanted)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before ${wanted}: ${text}`);
        text += decoder.decode(value, { stream: true });
      }
    };
    const heartbeat = '\r\n--graphql\r\ncontent-type: application/json; charset=utf-8\r\n\r\n{}\r\n--graphql';
    await readUntil(heartbeat);
    expect(text.startsWith(heartbeat)).toBe(true);
    await events.listening('article:published');
    await publish(server, editor, id);
    const payload = JSON.stringify({
      payload: {
        data: { articlePublished: { __typename: 'Article', id, slug: 'multipart-raw', status: 'PUBLISHED' } },
      },
    });
    await readUntil(payload);
    expect(text).toContain(`\r\ncontent-type: application/json; charset=utf-8\r\n\r\n${payload}\r\n--graphql`);
    controller.abort();
    await reader.cancel().catch(() => {});
  });
});
