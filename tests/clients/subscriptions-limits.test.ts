import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient, type ExecutionResult } from 'graphql-ws';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadHttpConfig } from '../../src/config.js';
import { revokeApiToken } from '../../src/db/queries/tokens.js';
import { sha256 } from '../../src/http/persisted.js';
import { MAX_OPERATIONS_IN_FLIGHT } from '../../src/transports/websocket.js';
import { createToken } from '../helpers/auth.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createArticle } from '../helpers/factories.js';
import { observableEvents } from '../helpers/sse.js';
import {
  articleNumber,
  createDraft,
  type LiveServer,
  PUBLISHED,
  publish,
  Received,
  startLiveServer,
  UPDATED,
} from './helpers-subscriptions.js';

let database: TestDatabase;
let token: { id: number; token: string; headers: Record<string, string> };

beforeAll(async () => {
  database = await createTestDatabase();
  await createArticle(database.db, { slug: 'seed-world', section: 'World' });
  token = await createToken(database.db, 'Limits desk', ['write:articles', 'read:drafts']);
});

/** One operation over graphql-ws, as its client runs it: the first result, or the error it ended with. */
async function overWebSocket(
  server: LiveServer,
  query: string,
  variables: Record<string, unknown> = {},
  authorization?: string,
  extra: Record<string, unknown> = {},
): Promise<ExecutionResult | { error: unknown }> {
  const client = createWsClient({
    url: server.wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: authorization ? { authorization } : {},
  });
  try {
    const results = client.iterate({ query, variables, ...extra });
    const first = await results.next();
    await results.return?.();
    return first.value as ExecutionResult;
  } catch (error) {
    // Errors before execution (validation, limits) come as the protocol's `error` message.
    return Array.isArray(error) ? { errors: error } : { error };
  } finally {
    await client.dispose();
  }
}

/** One operation over a graphql-sse single connection, as its client runs it: the first result, or the error it ended with. */
async function overSingleConnection(
  server: LiveServer,
  query: string,
  variables: Record<string, unknown> = {},
  authorization?: string,
): Promise<ExecutionResult | { error: unknown }> {
  const client = createSseClient({
    url: server.url,
    singleConnection: true,
    retryAttempts: 0,
    headers: authorization ? { authorization } : {},
  });
  try {
    const results = client.iterate({ query, variables });
    const first = await results.next();
    await results.return?.();
    return first.value as ExecutionResult;
  } catch (error) {
    return { error };
  } finally {
    client.dispose();
  }
}

/** A raw WebSocket speaking graphql-transport-ws, for what no well-behaved client sends. */
function rawSocket(
  url: string,
): Promise<
  | { socket: WebSocket; messages: any[]; closed: Promise<{ code: number; reason: string }> }
  | { status: number; body: any }
> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    const messages: any[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    const closed = new Promise<{ code: number; reason: string }>((done) =>
      socket.once('close', (code, reason) => done({ code, reason: String(reason) })),
    );
    socket.once('open', () => resolve({ socket, messages, closed }));
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    socket.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * One subscribe message as given, over a raw socket (graphql-ws's client refuses to send one
 * without a `query`): the first result (an `error` message's list as `{ errors }`), or how the socket closed.
 */
async function rawOperation(server: LiveServer, payload: Record<string, unknown>): Promise<unknown> {
  const opened = await rawSocket(server.wsUrl);
  if (!('socket' in opened)) throw new Error(`refused: ${opened.status}`);
  const { socket, messages, closed } = opened;
  socket.send(JSON.stringify({ type: 'connection_init' }));
  await until(() => messages.some((m) => m.type === 'connection_ack'), 'connection_ack');
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload }));
  let closedWith: { code: number; reason: string } | undefined;
  void closed.then((close) => (closedWith = close));
  await until(
    () => closedWith !== undefined || messages.some((m) => m.type === 'next' || m.type === 'error'),
    'an answer',
  );
  socket.close();
  if (closedWith) return closedWith;
  const answer = messages.find((m) => m.type === 'next' || m.type === 'error');
  // Errors before execution come as the protocol's `error` message, a list of errors.
  return answer.type === 'error' ? { errors: answer.payload } : answer.payload;
}

describe('queries and mutations over the socket get what HTTP gets', () => {
  it('the same answers, visibility, limits and codes as the same request over HTTP', async () => {
    const server = await startLiveServer(database);
    const id = await createDraft(server, token.headers, 'socket-draft');
    const deep = `{ articles(first: 1) { edges { node { section { articles(first: 1) { edges { node { section { articles(first: 1) { edges { node { section { name } } } } } } } } } } } } }`;
    const cases: [string, Record<string, unknown>, string | undefined][] = [
      ['query($id: ID) { article(id: $id) { slug status } }', { id }, undefined],
      ['query($id: ID) { article(id: $id) { slug status } }', { id }, token.headers.authorization],
      [deep, {}, undefined],
      [`{ sections { name } } # ${'x'.repeat(25_000)}`, {}, undefined],
      ['mutation($id: ID!) { publishArticle(id: $id) { __typename } }', { id }, undefined],
      ['{ articles(first: 1000000) { totalCount } }', {}, undefined],
    ];
    const answers = [];
    for (const [query, variables, authorization] of cases) {
      const http = await server.query(query, variables, authorization ? { authorization } : {});
      const ws = await overWebSocket(server, query, variables, authorization);
      expect(ws).toEqual(http);
      answers.push({ data: http.data, codes: http.errors?.map((e) => e.extensions?.code) });
    }
    // Not vacuous: the public does not see the draft, the editor does, and each limit answers with its code.
    expect(answers).toEqual([
      { data: { article: null }, codes: undefined },
      { data: { article: { slug: 'socket-draft', status: 'DRAFT' } }, codes: undefined },
      { data: undefined, codes: ['QUERY_TOO_DEEP'] },
      { data: undefined, codes: ['DOCUMENT_TOO_LARGE'] },
      { data: null, codes: ['FORBIDDEN'] },
      { data: null, codes: ['PAGINATION_LIMIT_EXCEEDED'] },
    ]);
  });

  it("takes the upgrade request's Authorization header when the connection parameters carry none", async () => {
    const server = await startLiveServer(database);
    const id = await createDraft(server, token.headers, 'socket-header');
    // Clients outside browsers (here `ws`) can send headers with the upgrade.
    const authorization = token.headers.authorization;
    class WebSocketWithToken extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { authorization } });
      }
    }
    const client = createWsClient({ url: server.wsUrl, webSocketImpl: WebSocketWithToken, retryAttempts: 0 });
    const results = client.iterate({ query: 'query($id: ID) { article(id: $id) { slug status } }', variables: { id } });
    expect((await results.next()).value).toEqual({ data: { article: { slug: 'socket-header', status: 'DRAFT' } } });
    await client.dispose();
  });

  it('anonymous queries over the socket share the public response cache with HTTP', async () => {
    const server = await startLiveServer(database, { httpPlugins: { responseCache: { ttlMs: 600_000 } } });
    const hits = async () =>
      (await server.app.ops.metrics.cache.get()).values.find((v) => v.labels.result === 'hit')?.value ?? 0;
    const query = '{ sections { slug } }';
    const fromHttp = await server.query(query);
    expect(fromHttp).toEqual({ data: { sections: [{ slug: 'world' }] } });
    const before = await hits();
    expect(await overWebSocket(server, query)).toEqual(fromHttp);
    expect(await hits()).toBe(before + 1);
    // With a token, the cache is bypassed, over the socket as over HTTP.
    expect(await overWebSocket(server, query, {}, token.headers.authorization)).toEqual(fromHttp);
    expect(await hits()).toBe(before + 1);
  });

  it('only the trusted documents run over the socket when the server runs trusted documents only', async () => {
    const document = '{ sections { slug } }';
    const server = await startLiveServer(database, {
      httpPlugins: { trustedDocuments: new Map([['abc123', document]]) },
    });
    const arbitrary = '{ articles(first: 1) { totalCount } }';
    // By its hash alone, as APQ clients send it or as a documentId; with an empty `query` or none.
    const byHash = { extensions: { persistedQuery: { version: 1, sha256Hash: 'abc123' } } };
    expect(await overWebSocket(server, '', {}, undefined, byHash)).toEqual({ data: { sections: [{ slug: 'world' }] } });
    expect(await rawOperation(server, byHash)).toEqual({ data: { sections: [{ slug: 'world' }] } });
    expect(await rawOperation(server, { documentId: 'abc123' })).toEqual({ data: { sections: [{ slug: 'world' }] } });
    expect(await rawOperation(server, { documentId: 'unknown' })).toMatchObject({
      errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
    });
    const refused = await overWebSocket(server, arbitrary);
    expect(refused).toEqual(await server.query(arbitrary));
    expect(refused).toMatchObject({ errors: [{ extensions: { code: 'PERSISTED_QUERY_ONLY' } }] });
  });

  it('runs automatic persisted queries by their hash alone over the socket, as over HTTP', async () => {
    const server = await startLiveServer(database);
    const document = '{ sections { slug } } # socket APQ';
    const hash = sha256(document);
    const byHash = { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } };
    // Unknown until sent once with its document (over the socket here), then known by its hash.
    expect(await rawOperation(server, byHash)).toEqual({
      errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
    });
    expect(await overWebSocket(server, document, {}, undefined, byHash)).toEqual({
      data: { sections: [{ slug: 'world' }] },
    });
    expect(await rawOperation(server, byHash)).toEqual({ data: { sections: [{ slug: 'world' }] } });
    expect(await rawOperation(server, { documentId: `sha256:${hash}` })).toEqual({
      data: { sections: [{ slug: 'world' }] },
    });
    // A message with neither a query nor a hash still breaks the protocol: graphql-ws closes with 4400.
    expect(await rawOperation(server, { variables: {} })).toEqual({ code: 4400, reason: 'Invalid message received' });
  });

  it('ends an editor subscription once its token is revoked, without sending the event', async () => {
    const events = observableEvents();
    const server = await startLiveServer(database, { events });
    const revocable = await createToken(database.db, 'Revoked desk', ['write:articles', 'read:drafts']);
    const id = await createDraft(server, revocable.headers, 'socket-revoked');
    const client = createWsClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: revocable.headers.authorization },
    });
    const updated = new Received();
    client.subscribe(
      { query: UPDATED, variables: { id } },
      { next: updated.push, error: updated.fail, complete: updated.done },
    );
    await events.listening(`article:updated:${articleNumber(id)}`);
    expect(await revokeApiToken(database.db, revocable.id)).toBe(true);
    await server.query('mutation($id: ID!) { publishArticle(id: $id) { __typename } }', { id }, token.headers);
    await expect(updated.next()).rejects.toThrow('the subscription completed');
    await client.dispose();
  });
});

describe('queries and mutations over the socket and the single connection, with the response cache on and off', () => {
  const transports = [
    ['graphql-ws', overWebSocket],
    ['graphql-sse single connection', overSingleConnection],
  ] as const;
  for (const cached of [false, true]) {
    for (const [transport, over] of transports) {
      it(`answers anonymous and editors' operations as HTTP does over ${transport}, response cache ${cached ? 'on' : 'off'}`, async () => {
        const server = await startLiveServer(database, {
          httpPlugins: { responseCache: cached ? { ttlMs: 600_000 } : false },
        });
        const id = await createDraft(server, token.headers, `cache-${cached}-${transport.length}`);
        const article = 'query($slug: String) { article(slug: $slug) { slug section { name } } }';
        const cases: [string, Record<string, unknown>, string | undefined][] = [
          ['{ __typename }', {}, undefined],
          [article, { slug: 'seed-world' }, undefined],
          ['query($id: ID) { article(id: $id) { status } }', { id }, undefined],
          ['query($id: ID) { article(id: $id) { status } }', { id }, token.headers.authorization],
          ['mutation($id: ID!) { unpublishArticle(id: $id) { __typename } }', { id }, undefined],
        ];
        const answers = [];
        // Twice: the second round is answered from the response cache where it is on.
        for (const round of [1, 2]) {
          for (const [query, variables, authorization] of cases) {
            const answer = await over(server, query, variables, authorization);
            expect(answer, `${query} (round ${round})`).toEqual(
              await server.query(query, variables, authorization ? { authorization } : {}),
            );
            answers.push(answer);
          }
        }
        expect(answers.slice(0, cases.length)).toEqual([
          { data: { __typename: 'Query' } },
          { data: { article: { slug: 'seed-world', section: { name: 'World' } } } },
          { data: { article: null } },
          { data: { article: { status: 'DRAFT' } } },
          { data: null, errors: [expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })] },
        ]);
        expect(answers.slice(cases.length)).toEqual(answers.slice(0, cases.length));
      });

      if (!cached) continue;
      it(`stores anonymous answers made over ${transport} in the public response cache, never an editor's`, async () => {
        const server = await startLiveServer(database, { httpPlugins: { responseCache: { ttlMs: 600_000 } } });
        const hits = async () =>
          (await server.app.ops.metrics.cache.get()).values.find((v) => v.labels.result === 'hit')?.value ?? 0;
        const anonymous = `{ sections { slug } } # ${transport} anonymous`;
        expect(await over(server, anonymous)).toEqual({ data: { sections: [{ slug: 'world' }] } });
        let before = await hits();
        expect(await server.query(anonymous, {})).toEqual({ data: { sections: [{ slug: 'world' }] } });
        expect(await hits()).toBe(before + 1);
        // An editor's answer is neither read from nor stored in the public cache.
        const editors = `{ sections { slug } } # ${transport} editor`;
        before = await hits();
        expect(await over(server, anonymous, {}, token.headers.authorization)).toEqual({
          data: { sections: [{ slug: 'world' }] },
        });
        expect(await over(server, editors, {}, token.headers.authorization)).toEqual({
          data: { sections: [{ slug: 'world' }] },
        });
        expect(await hits()).toBe(before);
        expect(await server.query(editors, {})).toEqual({ data: { sections: [{ slug: 'world' }] } });
        expect(await hits()).toBe(before);
      });
    }
  }
});

describe('hostile WebSocket clients', () => {
  it('closes a socket that never sends connection_init (4408)', async () => {
    const server = await startLiveServer(database, { httpPlugins: { subscriptions: { connectionInitWaitMs: 200 } } });
    const opened = await rawSocket(server.wsUrl);
    if (!('socket' in opened)) throw new Error(`refused: ${opened.status}`);
    expect(await opened.closed).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });
    await until(() => server.app.websocket.open() === 0, 'the slot to come back');
  });

  it('a flood of connections gets the per-client cap as a coded 429, and the server keeps serving', async () => {
    const server = await startLiveServer(database, {
      httpPlugins: { subscriptions: { maxPerClient: 3, max: 100, connectionInitWaitMs: 120_000 } },
    });
    const attempts = await Promise.all(Array.from({ length: 12 }, () => rawSocket(server.wsUrl)));
    const open = attempts.filter((a) => 'socket' in a);
    const refused = attempts.filter((a) => 'status' in a);
    expect(open).toHaveLength(3);
    expect(refused).toHaveLength(9);
    expect(refused[0]).toEqual({
      status: 429,
      body: {
        errors: [
          {
            message: 'Too many open subscriptions from this client (at most 3); close one or retry later',
            extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 3 },
          },
        ],
      },
    });
    for (const a of open) a.socket.close();
    await until(() => server.app.websocket.open() === 0, 'the sockets to close');
    expect((await server.query('{ sections { slug } }')).data).toEqual({ sections: [{ slug: 'world' }] });
    // Slots come back once sockets close.
    expect('socket' in (await rawSocket(server.wsUrl))).toBe(true);
  });

  it('a flood of subscribe messages on one socket gets the subscription caps as coded errors', async () => {
    const server = await startLiveServer(database, { httpPlugins: { subscriptions: { maxPerClient: 4, max: 100 } } });
    const opened = await rawSocket(server.wsUrl);
    if (!('socket' in opened)) throw new Error(`refused: ${opened.status}`);
    const { socket, messages } = opened;
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await until(() => messages.some((m) => m.type === 'connection_ack'), 'connection_ack');
    for (let i = 0; i < 40; i++)
      socket.send(JSON.stringify({ id: String(i), type: 'subscribe', payload: { query: PUBLISHED } }));
    await until(() => messages.filter((m) => m.type === 'complete').length === 36, '36 refusals');
    const refusals = messages.filter((m) => m.type === 'next');
    expect(refusals).toHaveLength(36);
    expect(new Set(refusals.map((m) => JSON.stringify(m.payload)))).toEqual(
      new Set([
        JSON.stringify({
          errors: [
            {
              message: 'Too many open subscriptions from this client (at most 4); close one or retry later',
              extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 4 },
            },
          ],
        }),
      ]),
    );
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
  });

  it('runs at most MAX_OPERATIONS_IN_FLIGHT queries of one socket at once; the rest get TOO_MANY_OPERATIONS, and the socket goes on', async () => {
    const server = await startLiveServer(database);
    const opened = await rawSocket(server.wsUrl);
    if (!('socket' in opened)) throw new Error(`refused: ${opened.status}`);
    const { socket, messages } = opened;
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await until(() => messages.some((m) => m.type === 'connection_ack'), 'connection_ack');
    const query = '{ articles(first: 100) { edges { node { slug section { name } entities { entity { name } } } } } }';
    // Sent without waiting for answers, as the attack did.
    for (let i = 0; i < 40; i++) socket.send(JSON.stringify({ id: String(i), type: 'subscribe', payload: { query } }));
    const settled = () => messages.filter((m) => m.type === 'complete' || m.type === 'error').length;
    await until(() => settled() === 40, '40 answers or refusals');
    const refusals = messages.filter((m) => m.type === 'error');
    const answers = messages.filter((m) => m.type === 'next');
    expect(refusals.length).toBeGreaterThan(0);
    expect(answers.length).toBeGreaterThanOrEqual(MAX_OPERATIONS_IN_FLIGHT);
    expect(answers.length + refusals.length).toBe(40);
    expect(new Set(refusals.map((m) => JSON.stringify(m.payload)))).toEqual(
      new Set([
        JSON.stringify([
          {
            message: `More than ${MAX_OPERATIONS_IN_FLIGHT} queries and mutations at once on one WebSocket; wait for answers before sending more`,
            extensions: { code: 'TOO_MANY_OPERATIONS', limit: MAX_OPERATIONS_IN_FLIGHT },
          },
        ]),
      ]),
    );
    const { data } = await server.query(query);
    expect(data.articles.edges).toContainEqual({
      node: { slug: 'seed-world', section: { name: 'World' }, entities: [] },
    });
    for (const answer of answers) expect(answer.payload).toEqual({ data });
    // Answered operations give their places back.
    socket.send(JSON.stringify({ id: 'after', type: 'subscribe', payload: { query } }));
    await until(() => messages.some((m) => m.id === 'after' && m.type === 'complete'), 'the next query answered');
    expect(messages.filter((m) => m.id === 'after').map((m) => m.type)).toEqual(['next', 'complete']);
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
  });

  it('holds each subscription event to LIMIT_RESPONSE_BYTES: an oversized one becomes RESPONSE_TOO_LARGE, and the stream goes on', async () => {
    const live = observableEvents();
    const server = await startLiveServer(database, {
      events: live,
      httpPlugins: { limits: { maxResponseBytes: 10_000 } },
    });
    const client = createWsClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const events = client.iterate({ query: 'subscription { articlePublished { slug body } }' });
      const first = events.next();
      await live.listening('article:published');
      const long = await server.query(
        'mutation($input: CreateArticleInput!) { createArticle(input: $input) { ... on CreateArticleSuccess { article { id } } } }',
        {
          input: {
            title: 'A long one',
            body: 'The council met again on Tuesday. '.repeat(400),
            slug: 'a-long-one',
            section: 'world',
          },
        },
        token.headers,
      );
      await publish(server, token.headers, long.data.createArticle.article.id);
      expect((await first).value).toEqual({
        errors: [
          {
            message: 'The answer would take more than 10000 bytes; ask for fewer or smaller fields',
            extensions: { code: 'RESPONSE_TOO_LARGE', limit: 10_000 },
          },
        ],
      });
      const second = events.next();
      await publish(server, token.headers, await createDraft(server, token.headers, 'a-short-one'));
      expect((await second).value).toEqual({ data: { articlePublished: { slug: 'a-short-one', body: 'Body.' } } });
      await events.return?.();
    } finally {
      await client.dispose();
    }
  });

  it('refuses a malformed or revoked token at connection with 4401', async () => {
    const server = await startLiveServer(database);
    const revoked = await createToken(database.db, 'Gone', ['read:drafts']);
    await revokeApiToken(database.db, revoked.id);
    const closes = [];
    for (const authorization of ['Bearer bs_short', revoked.headers.authorization, 42]) {
      closes.push(
        await new Promise((resolve) => {
          const client = createWsClient({
            url: server.wsUrl,
            webSocketImpl: WebSocket,
            retryAttempts: 0,
            connectionParams: { authorization } as never,
            on: { closed: resolve },
          });
          client.subscribe({ query: PUBLISHED }, { next() {}, error() {}, complete() {} });
        }).then((event) => ({
          code: (event as { code: number }).code,
          reason: String((event as { reason: string }).reason),
        })),
      );
    }
    expect(closes).toEqual([
      { code: 4401, reason: 'Malformed Authorization header: expected "Bearer <token>" with a Broadsheet API token' },
      { code: 4401, reason: 'Invalid or revoked API token' },
      { code: 4401, reason: 'The authorization connection parameter must be a string' },
    ]);
  });

  it('ends a socket at SSE_MAX_LIFETIME_MS like any stream, and gives its slot back', async () => {
    const server = await startLiveServer(database, {}, { ...loadHttpConfig(), sseMaxLifetimeMs: 1000 });
    const opened = await rawSocket(server.wsUrl);
    if (!('socket' in opened)) throw new Error(`refused: ${opened.status}`);
    opened.socket.send(JSON.stringify({ type: 'connection_init' }));
    expect(await opened.closed).toMatchObject({ code: 1006 });
    await until(() => server.app.websocket.open() === 0, 'the slot to come back');
  });

  it('closes every socket with 1001 when the server shuts down', async () => {
    const server = await startLiveServer(database);
    const closed = new Promise((resolve) => {
      const client = createWsClient({
        url: server.wsUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        on: { closed: resolve },
      });
      client.subscribe({ query: PUBLISHED }, { next() {}, error() {}, complete() {} });
    });
    await until(() => server.app.websocket.open() === 1, 'the socket');
    await server.app.websocket.close();
    expect(await closed).toMatchObject({ code: 1001 });
  });
});

describe('graphql-sse single connection mode', () => {
  it('bounds reservations per client with a coded 429', async () => {
    const server = await startLiveServer(database, {
      httpPlugins: { subscriptions: { maxPerClient: 3, max: 100, connectionInitWaitMs: 120_000 } },
    });
    const responses = [];
    for (let i = 0; i < 5; i++) responses.push(await fetch(server.url, { method: 'PUT' }));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 429, 429]);
    expect(await responses[3]!.json()).toEqual({
      errors: [
        {
          message: 'Too many open subscriptions from this client (at most 3); close one or retry later',
          extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 3 },
        },
      ],
    });
  });

  it("holds an operation's body to HTTP's limits", async () => {
    const server = await startLiveServer(database);
    const reserved = await fetch(server.url, { method: 'PUT' });
    const headers = { 'content-type': 'application/json', 'x-graphql-event-stream-token': await reserved.text() };
    const body = JSON.stringify({ query: `{ __typename } # ${'x'.repeat(150_000)}`, extensions: { operationId: '1' } });
    const anonymous = await fetch(server.url, { method: 'POST', headers, body });
    expect({ status: anonymous.status, body: await anonymous.json() }).toEqual({
      status: 413,
      body: {
        errors: [
          {
            message: 'Operations need a Content-Length of at most 100000 bytes',
            extensions: { code: 'REQUEST_TOO_LARGE' },
          },
        ],
      },
    });
    // With a token the roomier limit holds; the document then runs into the pipeline's own checks.
    const editor = await fetch(server.url, { method: 'POST', headers: { ...headers, ...token.headers }, body });
    expect(editor.status).toBe(202);
  });

  it('drops a reservation never opened, and gives its slot back', async () => {
    const server = await startLiveServer(database, {
      httpPlugins: { subscriptions: { maxPerClient: 1, max: 100, connectionInitWaitMs: 200 } },
    });
    const first = await fetch(server.url, { method: 'PUT' });
    expect(first.status).toBe(201);
    const token = await first.text();
    // The only slot comes back once the reservation is dropped; its token is then unknown.
    const deadline = Date.now() + 10_000;
    while ((await fetch(server.url, { method: 'PUT' })).status !== 201) {
      if (Date.now() > deadline) throw new Error('the reservation was never dropped');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const operation = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-graphql-event-stream-token': token },
      body: JSON.stringify({ query: '{ __typename }', extensions: { operationId: '1' } }),
    });
    expect(operation.status).toBe(404);
  });

  it("codes its refusals, and leaves a GraphQL GET that happens to carry a 'token' parameter to the API", async () => {
    const server = await startLiveServer(database);
    const codeOf = async (response: Response) => {
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      return ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code;
    };
    // An operation for a stream nobody reserved, and an EventSource GET naming no stream.
    const unknown = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-graphql-event-stream-token': 'nope' },
      body: JSON.stringify({ query: '{ __typename }', extensions: { operationId: '1' } }),
    });
    expect({ status: unknown.status, code: await codeOf(unknown) }).toEqual({ status: 404, code: 'NOT_FOUND' });
    const stray = await fetch(`${server.url}?token=nope`, { headers: { accept: 'text/event-stream' } });
    expect({ status: stray.status, code: await codeOf(stray) }).toEqual({ status: 400, code: 'BAD_REQUEST' });
    const query = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}&token=x`, {
      headers: { accept: 'application/json' },
    });
    expect(query.status).toBe(200);
    expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
