import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { type ClientRequest, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCommand } from '../scripts/start-command.js';
import { createApp } from '../src/app.js';
import { insertPreviewLink } from '../src/db/queries/preview-links.js';
import { createBoundedCache } from '../src/http/bounded.js';
import { createMemoryDocumentStore, createRedisDocumentStore } from '../src/http/persisted.js';
import { createToken } from './helpers/auth.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';
import { freePort } from './helpers/ports.js';

// The attacks of issue #13 (items 1-4, and the 800-field and __typename-alias documents), sent at
// a real server process with the production heap cap. Each flood asserts that the process stays
// up, that the attacker gets a coded 4xx, and that another client's requests during the flood
// still succeed. Floods are bounded in count and concurrency and stay on loopback.

const ROOT = path.resolve(import.meta.dirname, '..');
const HEAP_MB = 192;
const ARTICLES = 150;
const BODY_CHARS = 6000;
// Old articles with bodies near the editors' limit (500 000 characters): one page of them is over
// LIMIT_RESPONSE_BYTES well within the cost limit. Dated before the others, so no newest-first page
// of 100 reaches them.
const LONG_ARTICLES = 10;
const LONG_BODY_CHARS = 480_000;
const LONG_BEFORE = '2001-01-01T00:00:00Z';
// Short enough to see them act within a test; the defaults are 30 s, 10 s and 30 min.
const REQUEST_TIMEOUT_MS = 3000;
const HEADERS_TIMEOUT_MS = 2000;
const SSE_LIFETIME_MS = 3000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let database: TestDatabase;
let editor: Record<string, string>;
const slugs: string[] = [];
const articleIds: number[] = [];

interface Server {
  child: ChildProcess;
  base: string;
  output: () => string;
}
let server: Server | undefined;
const exits: string[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function healthy(base: string): Promise<boolean> {
  try {
    const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(10_000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

async function startServer(extraEnv: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    HOST: '127.0.0.1',
    PORT: String(port),
    SCHEDULER_INTERVAL_MS: '0',
    HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    SSE_MAX_LIFETIME_MS: String(SSE_LIFETIME_MS),
    ...extraEnv,
  };
  delete env.REDIS_URL;
  delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const child = spawn(process.execPath, startCommand({ heapMb: HEAP_MB }), {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
  child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
  child.on('exit', (code, signal) => exits.push(`exit ${code ?? signal}: ${output.slice(-2000)}`));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited on start:\n${output}`);
    if (await healthy(base)) return { child, base, output: () => output };
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start:\n${output}`);
}

function running(): Server {
  if (!server) throw new Error('no server');
  return server;
}

async function stopServer(): Promise<void> {
  const child = server?.child;
  server = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

beforeAll(async () => {
  database = await createTestDatabase();
  editor = (await createToken(database.db, 'floods editor', ['read:drafts', 'write:articles'])).headers;
  const paragraph = 'The council met again on Tuesday to weigh the harbour plans. '.repeat(Math.ceil(BODY_CHARS / 120));
  for (let i = 0; i < ARTICLES; i += 1) {
    const { id, slug } = await createArticle(database.db, {
      slug: `flood-${i}`,
      title: `Flood article ${i}`,
      body: `${paragraph.slice(0, BODY_CHARS / 2)}\n\n${paragraph.slice(0, BODY_CHARS / 2)}`,
      // Two entities of its own and one they all share: many distinct entities, each with articles.
      entities: [
        { name: `Person ${i} Alpha`, kind: 'PERSON' },
        { name: `Place ${i} Beta`, kind: 'PLACE' },
        { name: 'Harbour Council', kind: 'ORGANIZATION' },
      ],
    });
    articleIds.push(id);
    slugs.push(slug);
  }
  for (let i = 0; i < LONG_ARTICLES; i += 1) {
    await createArticle(database.db, {
      slug: `long-${i}`,
      title: `Long article ${i}`,
      publishedAt: new Date(Date.UTC(2000, 0, 1 + i)).toISOString(),
      body: Array.from({ length: Math.floor(LONG_BODY_CHARS / 6100) }, () =>
        'The council met again on Tuesday to weigh the harbour plans. '.repeat(100).trim(),
      ).join('\n\n'),
    });
  }
  server = await startServer();
}, 300_000);

beforeEach(async () => {
  // A flood that brought the server down fails its own test; the next ones get a fresh server.
  if (!server || !(await healthy(server.base))) {
    await stopServer();
    server = await startServer();
  }
}, 180_000);

afterAll(async () => {
  await stopServer();
}, 30_000);

interface Answer {
  status: number;
  json: any;
  ms: number;
}

async function post(body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${running().base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text.slice(0, 200);
  }
  return { status: response.status, json, ms: performance.now() - started };
}

const codesOf = (answer: Answer): unknown[] =>
  (answer.json?.errors ?? []).map((e: { extensions?: { code?: unknown } }) => e.extensions?.code);

/** Sends `count` requests made by `make`, at most `concurrency` at a time; returns every answer (or the error). */
async function flood(
  count: number,
  concurrency: number,
  make: (i: number) => Promise<Answer>,
): Promise<(Answer | Error)[]> {
  const answers: (Answer | Error)[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        answers[i] = await make(i).catch((error: Error) => error);
      }
    }),
  );
  return answers;
}

/**
 * Another client reading articles while `attack` runs: every one of its requests must succeed.
 * Returns its latencies (not asserted against a clock: the machine is shared).
 */
async function withBystander<T>(attack: () => Promise<T>): Promise<{ result: T; latencies: number[] }> {
  const latencies: number[] = [];
  const failures: string[] = [];
  let done = false;
  const reader = (async () => {
    for (let i = 0; !done || latencies.length + failures.length < 3; i += 1) {
      try {
        const answer = await post({
          query:
            'query Reader($slug: String!) { article(slug: $slug) { title section { name } entities { entity { name } } } }',
          variables: { slug: slugs[i % slugs.length] },
        });
        if (answer.status === 200 && answer.json?.data?.article?.title) latencies.push(answer.ms);
        else failures.push(`${answer.status} ${JSON.stringify(answer.json).slice(0, 200)}`);
      } catch (error) {
        failures.push(String(error));
      }
    }
  })();
  let result: T;
  try {
    result = await attack();
  } finally {
    done = true;
    await reader;
  }
  expect(failures, 'the other client was refused or got errors during the flood').toEqual([]);
  expect(latencies.length).toBeGreaterThanOrEqual(3);
  // Only a bound for starvation (the issue saw 11 s waits), not a timing target.
  expect(p99(latencies), `the other client's p99 over ${latencies.length} requests`).toBeLessThan(30_000);
  return { result, latencies };
}

const p99 = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.99))]!;

/** The status and the error code of a raw HTTP answer. */
function errorOf(answer: string): { status: number; code: string } {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
  const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as {
    errors: { extensions: { code: string } }[];
  };
  return { status, code: body.errors[0]!.extensions.code };
}

/** Writes `payload` on a new connection and reads until the server closes it. */
function exchange(payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const url = new URL(running().base);
    const socket = connect(Number(url.port), url.hostname, () => socket.write(payload));
    let text = '';
    socket.on('data', (chunk) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
  });
}

async function expectUp(): Promise<void> {
  expect(await healthy(running().base), `server went down: ${exits.at(-1) ?? ''}`).toBe(true);
}

/** Every answer is a 4xx with `code`. */
function expectAllRefused(answers: (Answer | Error)[], status: number, code: string): void {
  const summary = new Map<string, number>();
  for (const answer of answers) {
    const key = answer instanceof Error ? `error ${answer.message}` : `${answer.status} ${codesOf(answer).join(',')}`;
    summary.set(key, (summary.get(key) ?? 0) + 1);
  }
  expect(Object.fromEntries(summary)).toEqual({ [`${status} ${code}`]: answers.length });
}

const HEAVY_NODES =
  'query Heavy($ids: [ID!]!) { nodes(ids: $ids) { ... on Article { body entities { entity { name articles(first: 30) { edges { node { slug body } } } } } } } }';

describe('item 1: list arguments count in the cost and are capped', () => {
  it('refuses the 1,000-id nodes query with LIST_TOO_LONG, and 100 ids of it with QUERY_TOO_COMPLEX, while others are served', async () => {
    const thousand = Array.from({ length: 1000 }, (_, i) => globalId('Article', articleIds[i % articleIds.length]!));
    expect(JSON.stringify({ query: HEAVY_NODES, variables: { ids: thousand } }).length).toBeGreaterThan(18_000);
    const { result } = await withBystander(() =>
      flood(40, 4, (i) =>
        post({ query: HEAVY_NODES, variables: { ids: i % 2 === 0 ? thousand : thousand.slice(0, 101) } }),
      ),
    );
    expectAllRefused(result, 400, 'LIST_TOO_LONG');
    const first = (result[0] as Answer).json.errors[0];
    expect(first.extensions).toEqual({ code: 'LIST_TOO_LONG', length: 1000, limit: 100 });

    // Within the cap, the ids multiply the cost: 100 ids of this selection is about 92,000 objects,
    // and 694,100 with the weight of the 3,100 bodies in it (src/field-cost.ts).
    const hundred = await post({ query: HEAVY_NODES, variables: { ids: thousand.slice(0, 100) } });
    expect(hundred.status).toBe(400);
    expect(hundred.json.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', cost: 694_100, limit: 10_000 });
    await expectUp();
  }, 180_000);

  it('caps literal lists, _entities representations and lists nested in variables the same way', async () => {
    const literal = `{ nodes(ids: [${Array.from({ length: 101 }, (_, i) => JSON.stringify(globalId('Article', articleIds[i % articleIds.length]!))).join(',')}]) { id } }`;
    const representations = Array.from({ length: 150 }, (_, i) => ({
      __typename: 'Article',
      id: globalId('Article', articleIds[i % articleIds.length]!),
    }));
    const answers = [
      await post({ query: literal }),
      await post({
        query: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
        variables: { r: representations },
      }),
      // A list hidden inside one representation is a list all the same.
      await post({
        query: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
        variables: {
          r: [
            {
              __typename: 'Article',
              id: globalId('Article', articleIds[0]!),
              junk: Array.from({ length: 500 }, () => 1),
            },
          ],
        },
      }),
    ];
    expectAllRefused(answers, 400, 'LIST_TOO_LONG');
    // Within the caps they run, and cost what they fetch: one id of the heavy selection (301 bodies) is within the cost.
    const one = await post({ query: HEAVY_NODES, variables: { ids: [globalId('Article', articleIds[0]!)] } });
    expect(one.status).toBe(200);
    expect(one.json.data.nodes).toHaveLength(1);
    const ten = await post({
      query: 'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Article { slug entities { entity { name } } } } }',
      variables: { ids: articleIds.slice(0, 10).map((id) => globalId('Article', id)) },
    });
    expect(ten.status).toBe(200);
    expect(ten.json.data.nodes).toHaveLength(10);
    const entities = await post({
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Article { slug } } }',
      variables: { r: representations.slice(0, 100) },
    });
    expect(entities.status).toBe(200);
    expect(entities.json.data._entities).toHaveLength(100);
  }, 120_000);
});

describe('attack report on ea18912, finding 1: the size of an answer is bounded, whatever its object count', () => {
  // 515 bytes that answered 16 MB: thirty aliases of every paragraph of a page of 100 articles.
  const aliasedParagraphs = (n: number, tag = '') =>
    `query Paragraphs${tag} { articles(first: 100) { edges { node { ${Array.from({ length: n }, (_, i) => `p${i}: paragraphs`).join(' ')} } } } }`;

  it('refuses the 30-alias paragraphs page with QUERY_TOO_COMPLEX, alone, ten at a time and as a batch of 10, while another client reads', async () => {
    const { result } = await withBystander(async () => {
      const singles = await flood(20, 10, (i) => post({ query: aliasedParagraphs(30, String(i)) }));
      const batches = await flood(4, 2, () =>
        post(Array.from({ length: 10 }, (_, i) => ({ query: aliasedParagraphs(30, `B${i}`) }))),
      );
      return { singles, batches };
    });
    expectAllRefused(result.singles, 400, 'QUERY_TOO_COMPLEX');
    expect((result.singles[0] as Answer).json.errors[0].extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      cost: 60_300,
      limit: 10_000,
    });
    for (const batch of result.batches) {
      expect(batch).not.toBeInstanceOf(Error);
      const answer = batch as Answer;
      expect(
        answer.json.map((item: { errors?: { extensions: { code: string } }[] }) => item.errors?.[0]?.extensions.code),
      ).toEqual(Array(10).fill('QUERY_TOO_COMPLEX'));
    }
    // A page's text within the cost limit is still served whole: four texts of each of 100 articles.
    const four = await post({ query: aliasedParagraphs(4) });
    expect(four.status).toBe(200);
    expect(four.json.data.articles.edges).toHaveLength(100);
    const { p0, p3 } = four.json.data.articles.edges[0].node;
    expect(p0).toHaveLength(2);
    expect(p3).toEqual(p0);
    await expectUp();
  }, 180_000);

  it('answers a page over LIMIT_RESPONSE_BYTES with RESPONSE_TOO_LARGE before serialising it, ten at a time, a batch counting together', async () => {
    const longPage = (tag: string) =>
      `query LongPage${tag} { articles(first: 100, filter: { publishedBefore: "${LONG_BEFORE}" }) { edges { node { slug body } } } }`;
    const { result } = await withBystander(async () => {
      const singles = await flood(20, 10, (i) => post({ query: longPage(String(i)) }));
      // Each operation of the batch is under the limit (three long bodies, about 1.4 MB); together they are over it.
      const half = `query Half($first: Int!) { articles(first: $first, filter: { publishedBefore: "${LONG_BEFORE}" }) { edges { node { body } } } }`;
      const batch = await post(Array.from({ length: 10 }, () => ({ query: half, variables: { first: 3 } })));
      return { singles, batch };
    });
    expectAllRefused(result.singles, 400, 'RESPONSE_TOO_LARGE');
    expect((result.singles[0] as Answer).json.errors[0].extensions).toEqual({
      code: 'RESPONSE_TOO_LARGE',
      limit: 4_000_000,
    });
    const items = result.batch.json as { data?: unknown; errors?: { extensions: { code: string } }[] }[];
    expect(items).toHaveLength(10);
    const served = items.filter((item) => item.data);
    const refused = items.filter((item) => item.errors?.[0]?.extensions.code === 'RESPONSE_TOO_LARGE');
    expect(served.length + refused.length).toBe(10);
    expect(served.length, 'about 1.4 MB each: two fit in 4 MB').toBe(2);
    // An editor's limit is roomier.
    const editorial = await post({ query: longPage('Editor') }, editor);
    expect(editorial.status).toBe(200);
    expect(editorial.json.data.articles.edges).toHaveLength(LONG_ARTICLES);
    await expectUp();
  }, 180_000);
});

describe('item 4: one request holds a bounded share of the pool', () => {
  it('stops a query that needs more SQL statements than LIMIT_STATEMENTS with TOO_MANY_STATEMENTS, within the cost limit', async () => {
    // A connection under the section and each entity of 30 articles that preview links return
    // as rows (PreviewLink.article, an editors' field only the executor serves: the loaders'), so
    // that each list is its own statement: 120 lists, about 400 objects, far under the cost
    // limit. (Under `entities`, a search, `node` or `nodes`, every list, paged from either end,
    // is part of one statement.)
    for (const articleId of articleIds.slice(0, 30))
      await insertPreviewLink(database.db, {
        articleId,
        secretHash: createHash('sha256').update(`flood link ${articleId}`).digest('hex'),
        createdByTokenId: null,
        createdBy: 'floods',
        expiresInSeconds: 3600,
      });
    const LISTS = 'articles(last: 2) { edges { node { slug } } }';
    const links = articleIds
      .slice(0, 30)
      .map(
        (id, i) =>
          `l${i}: previewLinks(articleId: "${globalId('Article', id)}", first: 1) { article { section { ${LISTS} } entities { entity { name ${LISTS} } } } }`,
      );
    const query = `query PerEntity { ${links.join(' ')} }`;
    const { result } = await withBystander(async () => {
      const answers: Answer[] = [];
      // Distinct documents: a repeated one may be answered from the response cache.
      for (let i = 0; i < 12; i += 1)
        answers.push(await post({ query: query.replace('PerEntity', `PerEntity${i}`) }, editor));
      return answers;
    });
    expectAllRefused(result, 400, 'TOO_MANY_STATEMENTS');
    expect(result[0]!.json.errors[0].extensions).toEqual({ code: 'TOO_MANY_STATEMENTS', limit: 100 });
    // A page of a few entities with their articles is well within it.
    const small = await post({
      query: '{ entities(first: 5) { edges { node { name articles(first: 2) { edges { node { slug } } } } } } }',
    });
    expect(small.status).toBe(200);
    expect(small.json.data.entities.edges).toHaveLength(5);
    await expectUp();
  }, 120_000);

  it('queues the thirty aliases of one query within it (LIMIT_REQUEST_CONCURRENCY): ten such clients at once leave the pool to others', async () => {
    // Finding 4 of the attack report on ea18912: each alias took a pool connection of its own, and
    // ten clients looping on it got 26 of 40 answers as 503 DATABASE_UNAVAILABLE, others' too.
    // Just within the cost limit (9600): thirty statements of a page each. The cap itself is
    // measured in tests/statements.test.ts (connections checked out per request); here, the flood
    // against the production process: every answer whole, no 503, the other client served.
    const aliases = (tag: string) =>
      `query Aliases${tag} { ${Array.from({ length: 30 }, (_, i) => `a${i}: articles(first: 80) { edges { node { slug section { name } } } }`).join(' ')} }`;
    const { result } = await withBystander(() => flood(40, 10, (i) => post({ query: aliases(String(i)) })));
    const statuses = result.map((a) => (a instanceof Error ? a.message : `${a.status} ${codesOf(a).join(',')}`));
    expect(new Set(statuses)).toEqual(new Set(['200 ']));
    for (const answer of result as Answer[]) expect(answer.json.data.a29.edges).toHaveLength(80);
    await expectUp();
  }, 300_000);

  it('closes a request whose body stalls, and a connection that never finishes its headers', async () => {
    const closedWithin = (payload: string) =>
      new Promise<{ text: string; ms: number }>((resolve, reject) => {
        const started = performance.now();
        const url = new URL(running().base);
        const socket = connect(Number(url.port), url.hostname, () => socket.write(payload));
        let text = '';
        socket.on('data', (chunk) => (text += chunk));
        socket.on('error', () => {});
        socket.on('close', () => resolve({ text, ms: performance.now() - started }));
        setTimeout(() => {
          socket.destroy();
          reject(new Error('the server kept a stalled connection open for 60 s'));
        }, 60_000).unref();
      });
    const body = await closedWithin(
      'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":"{ __typ',
    );
    expect(body.text).toMatch(/^HTTP\/1\.1 408/);
    expect(errorOf(body.text)).toEqual({ status: 408, code: 'BAD_REQUEST' });
    const headers = await closedWithin('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty');
    expect(headers.text).toMatch(/^HTTP\/1\.1 408/);
    expect(errorOf(headers.text)).toEqual({ status: 408, code: 'BAD_REQUEST' });
    await expectUp();
  }, 120_000);

  it('answers a GET over the header limit and a malformed request with a coded JSON error, not a bare status line', async () => {
    const long = `/graphql?query=${encodeURIComponent(`{ __typename ${'#'.repeat(20_000)}\n}`)}`;
    const tooLong = await fetch(`${running().base}${long}`, { headers: { accept: 'application/json' } });
    expect(tooLong.status).toBe(431);
    expect(tooLong.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await tooLong.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'REQUEST_TOO_LARGE',
    );
    const malformed = await exchange('GET /graphql HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n');
    expect(errorOf(malformed)).toEqual({ status: 400, code: 'BAD_REQUEST' });
    await expectUp();
  }, 60_000);

  it('ends an idle subscription stream after SSE_MAX_LIFETIME_MS', async () => {
    const controller = new AbortController();
    const response = await fetch(`${running().base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { articlePublished { title } }' }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    // No article is published: the stream only ever carries pings until the server ends it.
    const readToEnd = async () => {
      for (;;) if ((await reader.read()).done) return;
    };
    const outcome = await Promise.race([
      readToEnd().then(
        () => 'ended',
        () => 'ended',
      ),
      sleep(45_000).then(() => 'still open after 45 s'),
    ]);
    controller.abort();
    expect(outcome).toBe('ended');
    await expectUp();
  }, 90_000);
});

describe('item 3: documents of anonymous clients are small, and caches keyed by their text are bounded', () => {
  it('refuses 700 `{ __typename } #<long comment>` documents of 100 kB with DOCUMENT_TOO_LARGE, and survives 700 distinct ones just under the limit', async () => {
    // Just under the anonymous body limit (100 kB), so the document limit is what refuses them.
    const pad = 'x'.repeat(99_900);
    const { result } = await withBystander(() => flood(700, 8, (i) => post({ query: `{ __typename } #${i}${pad}` })));
    expectAllRefused(result, 413, 'DOCUMENT_TOO_LARGE');
    expect((result[0] as Answer).json.errors[0].extensions).toEqual({ code: 'DOCUMENT_TOO_LARGE', limit: 20_000 });
    await expectUp();

    // Valid and distinct, each parsed, validated, cached and learnt by the compiled reads.
    const under = 'y'.repeat(19_900);
    const { result: valid } = await withBystander(() =>
      flood(700, 8, (i) => post({ query: `{ __typename } #${i}${under}` })),
    );
    const statuses = valid.map((a) => (a instanceof Error ? a.message : `${a.status} ${JSON.stringify(a.json)}`));
    expect(new Set(statuses)).toEqual(new Set(['200 {"data":{"__typename":"Query"}}']));
    await expectUp();
  }, 300_000);

  it('survives 200 documents of 1 MB sent with a made-up token (parsed before the token is checked)', async () => {
    const pad = 'q'.repeat(1_000_000);
    const junk = { authorization: 'Bearer not-a-real-token' };
    const { result } = await withBystander(() =>
      flood(200, 4, (i) =>
        post(
          {
            query: `{ __typename } #${i}${pad}`,
            extensions: { persistedQuery: { version: 1, sha256Hash: sha256(`{ __typename } #${i}${pad}`) } },
          },
          junk,
        ),
      ),
    );
    expectAllRefused(result, 401, 'UNAUTHENTICATED');
    await expectUp();
  }, 300_000);

  it('lets an editor send a document larger than the anonymous limit', async () => {
    const query = `{ article(slug: "${slugs[0]}") { title } } #${'z'.repeat(50_000)}`;
    const anonymous = await post({ query });
    expect(anonymous.status).toBe(413);
    expect(codesOf(anonymous)).toEqual(['DOCUMENT_TOO_LARGE']);
    const credentialed = await post({ query }, editor);
    expect(credentialed.status).toBe(200);
    expect(credentialed.json).toEqual({ data: { article: { title: 'Flood article 0' } } });
  }, 60_000);
});

describe('item 2: the APQ store holds only validated, small documents', () => {
  it('refuses 640 registrations of 50,000-character comments and stores none of them', async () => {
    const pad = 'c'.repeat(50_000);
    const documents = Array.from({ length: 640 }, (_, i) => `{ __typename } #${i}${pad}`);
    const register = (document: string, headers: Record<string, string> = {}) =>
      post({ query: document, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(document) } } }, headers);
    const { result } = await withBystander(() => flood(documents.length, 8, (i) => register(documents[i]!)));
    expectAllRefused(result, 413, 'DOCUMENT_TOO_LARGE');
    await expectUp();

    // An editor's large document runs but is not remembered: anyone could run it by its hash.
    const byEditor = await register(documents[0]!, editor);
    expect(byEditor.status).toBe(200);
    const lookups = await Promise.all(
      documents.slice(0, 5).map((d) => post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(d) } } })),
    );
    expectAllRefused(lookups, 404, 'PERSISTED_QUERY_NOT_FOUND');
  }, 300_000);

  it('stores a document only after it parsed, validated and passed the limits', async () => {
    const register = (document: string) =>
      post({ query: document, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(document) } } });
    const lookup = (document: string) =>
      post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(document) } } });
    const invalid = '{ nothingHere }';
    const unparsable = '{ article(slug: ';
    const tooLong = `{ nodes(ids: [${Array.from({ length: 101 }, () => '"x"').join(',')}]) { id } }`;
    expect(codesOf(await register(invalid))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(codesOf(await register(unparsable))).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(codesOf(await register(tooLong))).toEqual(['LIST_TOO_LONG']);
    expectAllRefused(
      [await lookup(invalid), await lookup(unparsable), await lookup(tooLong)],
      404,
      'PERSISTED_QUERY_NOT_FOUND',
    );

    const valid = `{ article(slug: "${slugs[1]}") { title } }`;
    expect((await register(valid)).json).toEqual({ data: { article: { title: 'Flood article 1' } } });
    expect((await lookup(valid)).json).toEqual({ data: { article: { title: 'Flood article 1' } } });
  }, 60_000);

  it('keeps the in-process store within its bytes, the most recently used documents first', async () => {
    const store = createMemoryDocumentStore(200_000);
    const documents = Array.from({ length: 640 }, (_, i) => `{ __typename } #${i}${'d'.repeat(10_000)}`);
    for (const [i, document] of documents.entries()) await store.set(String(i), document);
    const kept = (await Promise.all(documents.map((_, i) => store.get(String(i))))).filter((d) => d !== undefined);
    // 200 kB of two-byte characters is 9 documents of 10 kB; the last ones registered.
    expect(kept.length).toBe(9);
    expect(await store.get('639')).toBe(documents[639]);
    expect(await store.get('0')).toBeUndefined();
  });

  it('bounds Redis: a short TTL, and registrations stop for the window once its bytes are spent', async () => {
    const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
    const prefix = `floods-test-${process.pid}-${Date.now()}:`;
    try {
      // One window throughout, whenever the test runs.
      const windowStart = Math.floor(Date.now() / 600_000) * 600_000;
      const store = createRedisDocumentStore(redis, prefix, {
        ttlSeconds: 600,
        maxBytesPerTtl: 100_000,
        now: () => windowStart,
      });
      for (let i = 0; i < 640; i += 1) await store.set(`h${i}`, `{ __typename } #${i}${'r'.repeat(5000)}`);
      const keys = await redis.keys(`${prefix}apq:*`);
      // 100 kB of 5 kB documents: 19 fit (the 20th would pass the budget).
      expect(keys.length).toBe(19);
      const ttl = await redis.ttl(keys[0]!);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(600);
      expect(await store.get('h0')).toMatch(/^\{ __typename \} #0r/);
      expect(await store.get('h639')).toBeNull();
    } finally {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });

  it('bounds a cache by the bytes of its entries, not their count', () => {
    const cache = createBoundedCache<string>({ maxBytes: 100_000, sizeOf: (value) => value.length });
    for (let i = 0; i < 1000; i += 1) cache.set(`k${i}`, 'v'.repeat(1000));
    expect(cache.bytes).toBeLessThanOrEqual(100_000);
    expect(cache.size).toBeLessThan(100);
    expect(cache.get('k999')).toBe('v'.repeat(1000));
    // One entry over an eighth of the whole is not kept, so it cannot flush the rest.
    cache.set('huge', 'h'.repeat(50_000));
    expect(cache.has('huge')).toBe(false);
    expect(cache.has('k999')).toBe(true);
  });
});

describe('item 11: documents graphql-js alone answers opaquely or not at all', () => {
  it('answers an 800-field document with TOO_MANY_FIELDS instead of "Validation aborted."', async () => {
    const eightHundred = `{ ${'__typename '.repeat(800)}}`;
    const { result } = await withBystander(() => flood(50, 4, () => post({ query: eightHundred })));
    expectAllRefused(result, 400, 'TOO_MANY_FIELDS');
    expect((result[0] as Answer).json.errors[0]).toEqual({
      message: 'The document has 800 fields; the limit is 500',
      extensions: { code: 'TOO_MANY_FIELDS', limit: 500 },
    });
  }, 120_000);

  it('gives graphql-js giving up on a document ("Validation aborted.") the same code, whatever the field limit', async () => {
    const app = createApp({ db: database.db, httpPlugins: { nodeEnv: 'production', limits: { maxFields: 100_000 } } });
    const response = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: `{ ${'__typename '.repeat(800)}}` }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [
        {
          message:
            'The document takes too much work to validate: send fewer fields, or fewer fragments spread into one another',
          extensions: { code: 'TOO_MANY_FIELDS', limit: 100_000 },
        },
      ],
    });
  });

  it('counts __typename aliases toward the alias limit', async () => {
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const answer = await post({ query: aliases });
    expect(answer.status).toBe(400);
    expect(answer.json.errors).toEqual([
      { message: 'Aliases limit of 30 exceeded, found 31.', extensions: { code: 'TOO_MANY_ALIASES' } },
    ]);
    const thirty = await post({ query: `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: __typename`).join(' ')} }` });
    expect(thirty.status).toBe(200);
  }, 60_000);
});

describe('item 2 (response cache): 0.5 MB anonymous list answers differing only in a variable', () => {
  // The response cache (src/http/response-cache.ts) is bounded in bytes by another change; until
  // then this flood can take the server past its heap.
  it('stays up through 260 distinct 0.5 MB list queries', async () => {
    const query =
      'query Lists($before: DateTime) { articles(first: 100, filter: { publishedBefore: $before }) { edges { node { slug body } } } }';
    const { result } = await withBystander(() =>
      flood(260, 6, (i) =>
        post({ query, variables: { before: new Date(Date.UTC(2100, 0, 1) + i * 60_000).toISOString() } }),
      ),
    );
    const sizes = result.map((a) =>
      a instanceof Error ? a.message : a.status === 200 ? JSON.stringify(a.json).length : `${a.status}`,
    );
    expect(
      sizes.every((s) => typeof s === 'number' && s > 500_000),
      `answers: ${sizes.slice(0, 5).join(', ')}`,
    ).toBe(true);
    await expectUp();
  }, 300_000);
});

describe('held subscription streams (SUBSCRIPTIONS_MAX, SUBSCRIPTIONS_MAX_PER_CLIENT)', () => {
  // A server of its own: streams that outlive the test's requests, and small caps to reach.
  const PER_CLIENT = 5;
  const TOTAL = 12;
  let own: Server | undefined;
  const held: ClientRequest[] = [];

  interface Stream {
    status: number;
    request: ClientRequest;
    headers: Record<string, string | string[] | undefined>;
    /** The JSON body of a refusal (a stream's body is left unread). */
    json?: any;
  }

  /** Opens a subscription as sse.py did: a raw POST asking for text/event-stream, from `localAddress`. */
  function openStream(base: string, localAddress: string): Promise<Stream> {
    const url = new URL(`${base}/graphql`);
    const body = JSON.stringify({ query: 'subscription { articlePublished { title } }' });
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: '/graphql',
          method: 'POST',
          localAddress,
          agent: false,
          headers: {
            'content-type': 'application/json',
            accept: 'text/event-stream',
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          const status = response.statusCode ?? 0;
          if (status === 200) {
            response.on('error', () => {});
            resolve({ status, request, headers: response.headers });
            return;
          }
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => {
            let json: unknown;
            try {
              // A refusal comes as JSON, or (under text/event-stream alone) as one `next` event.
              const data = /^data: (.*)$/m.exec(text);
              json = JSON.parse(data ? data[1]! : text);
            } catch {
              json = text;
            }
            resolve({ status, request, headers: response.headers, json });
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  beforeAll(async () => {
    own = await startServer({
      SUBSCRIPTIONS_MAX: String(TOTAL),
      SUBSCRIPTIONS_MAX_PER_CLIENT: String(PER_CLIENT),
      SSE_MAX_LIFETIME_MS: '600000',
    });
  }, 180_000);

  afterAll(async () => {
    for (const request of held) request.destroy();
    const child = own?.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
  }, 30_000);

  it('refuses streams past the per-client and process caps with TOO_MANY_SUBSCRIPTIONS, stays up, and takes new ones once others close', async () => {
    const base = own!.base;
    const summary = (streams: Stream[]) => {
      const counts: Record<string, number> = {};
      for (const s of streams) {
        const key =
          s.json === undefined
            ? `${s.status} stream`
            : `${s.status} ${(s.json?.errors ?? []).map((e: any) => e.extensions?.code).join(',')} retry-after:${s.headers['retry-after']}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    };
    const keep = (streams: Stream[]) => {
      for (const s of streams) if (s.json === undefined) held.push(s.request);
      return streams;
    };

    // One anonymous address: the first PER_CLIENT streams open, the rest are refused with 429.
    const first = keep(await Promise.all(Array.from({ length: PER_CLIENT + 15 }, () => openStream(base, '127.0.0.1'))));
    expect(summary(first)).toEqual({ '200 stream': PER_CLIENT, '429 TOO_MANY_SUBSCRIPTIONS retry-after:10': 15 });

    // Other addresses fill the process's cap; past it every address gets 503.
    const others: Stream[] = [];
    for (let i = 2; i <= 5; i += 1)
      others.push(...keep(await Promise.all(Array.from({ length: 3 }, () => openStream(base, `127.0.0.${i}`)))));
    expect(summary(others)).toEqual({
      '200 stream': TOTAL - PER_CLIENT,
      '503 TOO_MANY_SUBSCRIPTIONS retry-after:10': 12 - (TOTAL - PER_CLIENT),
    });

    // Queries are not streams: they are served meanwhile, and the server is up.
    const query = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ articles(first: 1) { totalCount } }' }),
    });
    expect(query.status).toBe(200);
    expect((await query.json()).data.articles.totalCount).toBe(ARTICLES + LONG_ARTICLES);

    // A client that closes one of its streams may open another.
    held.shift()!.destroy();
    let again: Stream | undefined;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      again = await openStream(base, '127.0.0.1');
      if (again.status === 200) break;
      await sleep(100);
    }
    expect(again!.status).toBe(200);
    expect(again!.json).toBeUndefined();
    held.push(again!.request);

    expect(own!.child.exitCode).toBeNull();
    // One listener per topic, whatever the number of streams on it.
    expect(own!.output()).not.toMatch(/MaxListenersExceededWarning/);
  }, 120_000);
});
