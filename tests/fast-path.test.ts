import { readFileSync } from 'node:fs';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { parse } from 'graphql';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  clientShapes,
  type Operation,
  RELAY_ARTICLE_PAGE,
  sha256,
  trustedDocumentRequest,
  type WireRequest,
} from '../bench/clients.js';
import { BROADSHEET_QUERIES } from '../bench/scenarios.js';
import { type App, createApp } from '../src/app.js';
import { compileOperation } from '../src/compiled/compile.js';
import { compiledResult } from '../src/compiled/reads.js';
import { JSON_BYTES_AS_WRITTEN, jsonBytes } from '../src/http/response-size.js';
import { schema } from '../src/schema/index.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';
import { listenHttp } from './helpers/http.js';

// Compiled reads are a plugin at execution, so every client's request shape reaches them: each
// shape is sent to a server with compiled reads off (the executor, the reference) and to one with
// them on; the answers must be the same bytes, and the second server's /metrics must count the
// answer as served by its compiled statement.

// Spans go to memory: "tracing on" is a registered provider, as src/observability/tracing.ts makes.
const spans = new InMemorySpanExporter();
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));

let database: TestDatabase;
let reference: string;
let compiled: string;
let referenceApp: App;
let compiledApp: App;
const slugs: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const people = ['Helena Marsh', 'Omar Reyes', 'Ines Duval'];
  for (let i = 0; i < 8; i += 1) {
    const { slug } = await createArticle(database.db, {
      slug: `grid-${i}`,
      title: `Offshore grid, part ${i}`,
      standfirst: `Standfirst ${i}`,
      section: i % 2 === 0 ? 'World' : 'Business',
      publishedAt: new Date(Date.UTC(2026, 1, 1 + i)).toISOString(),
      body: `${people[i % 3]} said the offshore grid would open in ${2030 + i}.\n\n${i % 4 === 0 ? 'The budget was not discussed.' : 'Engineers in Rotterdam agreed.'}\n\nA third paragraph.`,
      summary: `Summary of part ${i}.`,
      entities: [
        { name: people[i % 3]!, kind: 'PERSON' },
        { name: 'Rotterdam', kind: 'PLACE' },
      ],
    });
    slugs.push(slug);
  }
  referenceApp = createApp({ db: database.db, compiledReads: false });
  compiledApp = createApp({ db: database.db });
  reference = await listenHttp(referenceApp);
  compiled = await listenHttp(compiledApp);
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

// Differ between any two responses whichever path answers. Last-Modified is left out within the
// second of a content change (src/http/http-cache.ts), so one of two answers may lack it.
const VOLATILE = new Set(['date', 'content-length', 'x-request-id', 'last-modified']);

async function exchange(endpoint: string, request: WireRequest): Promise<Answer> {
  const url = new URL(endpoint);
  const response = await fetch(`${url.origin}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const headers = Object.fromEntries(
    [...response.headers].filter(([name]) => !VOLATILE.has(name)).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return { status: response.status, headers, text: await response.text() };
}

/** broadsheet_compiled_reads_total by result, from the server's own /metrics. */
async function counted(endpoint: string): Promise<{ hit: number; fallback: number }> {
  const text = await (await fetch(new URL('/metrics', endpoint))).text();
  const read = (result: string) =>
    Number(new RegExp(`^broadsheet_compiled_reads_total\\{result="${result}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { hit: read('hit'), fallback: read('fallback') };
}

/** The same request to both servers; the compiled one's answer and how its counters moved. */
async function both(build: (endpoint: string) => WireRequest, setup: (endpoint: string) => WireRequest[] = () => []) {
  for (const endpoint of [reference, compiled])
    for (const request of setup(new URL(endpoint).pathname)) await exchange(endpoint, request);
  const expected = await exchange(reference, build(new URL(reference).pathname));
  const before = await counted(compiled);
  const actual = await exchange(compiled, build(new URL(compiled).pathname));
  const after = await counted(compiled);
  return { expected, actual, hits: after.hit - before.hit, fallbacks: after.fallback - before.fallback };
}

const articlePage = (slug: string): Operation => ({
  query: BROADSHEET_QUERIES.ArticlePage,
  operationName: 'ArticlePage',
  variables: { slug },
});

describe('every common client shape is answered by compiled reads, byte for byte', () => {
  for (const shape of clientShapes) {
    it(shape.label, async () => {
      for (const slug of [slugs[0]!, slugs[5]!, 'no-such-article']) {
        const operation = articlePage(slug);
        const { expected, actual, hits, fallbacks } = await both(
          (endpoint) => shape.request(operation, endpoint),
          (endpoint) => shape.setup?.(operation, endpoint) ?? [],
        );
        expect(actual.status, slug).toBe(200);
        expect(actual, `${shape.name} ${slug}`).toEqual(expected);
        expect(JSON.parse(actual.text).errors, slug).toBeUndefined();
        expect({ hits, fallbacks }, `${shape.name} ${slug}`).toEqual({ hits: 1, fallbacks: 0 });
      }
    });
  }

  it('Relay compiler output (fragments, id on every record)', async () => {
    const operation = { query: RELAY_ARTICLE_PAGE, operationName: 'ArticlePageQuery', variables: { slug: slugs[2]! } };
    const relay = clientShapes.find((s) => s.name === 'relay')!;
    const { expected, actual, hits } = await both((endpoint) => relay.request(operation, endpoint));
    expect(actual).toEqual(expected);
    expect(JSON.parse(actual.text).data.article.section.id).toBeTruthy();
    expect(hits).toBe(1);
  });

  it('app.fetch takes compiled reads too, for both JSON media types', async () => {
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const init = () => ({
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ query: BROADSHEET_QUERIES.ArticlePage, variables: { slug: slugs[1] } }),
      });
      const before = compiledApp.compiledReads!.stats.executed;
      const [expected, actual] = await Promise.all([
        referenceApp.fetch('http://localhost/graphql', init()),
        compiledApp.fetch('http://localhost/graphql', init()),
      ]);
      expect(actual.headers.get('content-type')).toBe(`${accept}; charset=utf-8`);
      expect(await actual.text()).toBe(await expected.text());
      expect(compiledApp.compiledReads!.stats.executed - before).toBe(1);
    }
  });

  it('with tracing on: the request has its span, named after the operation', async () => {
    spans.reset();
    const apollo = clientShapes.find((s) => s.name === 'apollo')!;
    const { expected, actual, hits } = await both((endpoint) => apollo.request(articlePage(slugs[3]!), endpoint));
    expect(actual).toEqual(expected);
    expect(hits).toBe(1);
    const names = spans.getFinishedSpans().map((s) => s.name);
    expect(names.filter((n) => n === 'graphql ArticlePage')).toHaveLength(2);
  });
});

describe('the compiled result', () => {
  type Stringified = { stringify(value: unknown): string };
  it("is written out as PostgreSQL's text until something reads or changes it, then from the object", () => {
    // Spacing JSON.stringify would not write shows which path wrote it.
    const text = '{"article": {"title": "A’"}}';
    const untouched = compiledResult(text);
    expect((untouched as unknown as Stringified).stringify(untouched)).toBe(`{"data":${text}}`);
    // Measured as the bytes sent, without parsing; once read, from the object.
    expect(jsonBytes(untouched)).toBe(Buffer.byteLength(`{"data":${text}}`));
    expect(Object.keys(untouched)).toStrictEqual(['data']);
    const read = compiledResult(text);
    (read.data as { article: { title: string } }).article.title = 'B';
    expect((read as unknown as Stringified).stringify(read)).toBe('{"data":{"article":{"title":"B"}}}');
    const extended = compiledResult(text);
    Object.assign(extended, { extensions: { x: 1 } });
    expect((extended as unknown as Stringified).stringify(extended)).toBe(
      '{"data":{"article":{"title":"A’"}},"extensions":{"x":1}}',
    );
    // A copy (what plugins make with a spread) carries the parsed data and no stringify of its own.
    expect(JSON.stringify({ ...compiledResult(text) })).toBe('{"data":{"article":{"title":"A’"}}}');
  });
});

describe('the response limit on compiled answers', () => {
  it('counts a batch of compiled answers together, as the executor does, measuring none that its bound settles', async () => {
    const operation = articlePage(slugs[0]!);
    const one = await compiledApp.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(operation),
    });
    const size = Buffer.byteLength(await one.text());
    // Three and a half answers' room: the first fits by its bound (at most 3 bytes a character),
    // the next ones only by the exact count of those before them; the fourth does not fit.
    const maxResponseBytes = Math.floor(3.5 * size);
    const prototype = Object.getPrototypeOf(compiledResult('{}')) as Record<PropertyKey, () => number>;
    const measured = vi.spyOn(prototype, JSON_BYTES_AS_WRITTEN);
    const counts: number[] = [];
    for (const compiledReads of [false, true]) {
      const app = createApp({ db: database.db, compiledReads, httpPlugins: { limits: { maxResponseBytes } } });
      const single = await app.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(operation),
      });
      expect(single.status).toBe(200);
      expect(measured).not.toHaveBeenCalled();
      const batch = await app.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([operation, operation, operation, operation]),
      });
      const items = (await batch.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] }[];
      // The operations of a batch run together: whichever finishes last is refused.
      const refused = items.filter((item) => item.errors?.[0]?.extensions.code === 'RESPONSE_TOO_LARGE');
      expect(refused).toHaveLength(1);
      counts.push(items.filter((item) => item.data).length);
      await app.dispose();
    }
    expect(counts).toEqual([3, 3]);
    expect(measured).toHaveBeenCalled();
    measured.mockRestore();
  });
});

describe('trusted documents', () => {
  it('an operation of the manifest, by documentId, is answered compiled', async () => {
    const id = sha256(BROADSHEET_QUERIES.ArticlePage);
    const manifest = new Map([[id, BROADSHEET_QUERIES.ArticlePage]]);
    const off = await listenHttp(
      createApp({ db: database.db, compiledReads: false, httpPlugins: { trustedDocuments: manifest } }),
    );
    const on = await listenHttp(createApp({ db: database.db, httpPlugins: { trustedDocuments: manifest } }));
    const operation = articlePage(slugs[4]!);
    const expected = await exchange(off, trustedDocumentRequest(id, operation, '/graphql'));
    const before = await counted(on);
    const actual = await exchange(on, trustedDocumentRequest(id, operation, '/graphql'));
    expect((await counted(on)).hit - before.hit).toBe(1);
    expect(actual).toEqual(expected);
    expect(JSON.parse(actual.text).data.article.title).toBe('Offshore grid, part 4');
  });
});

describe("the README's example queries, verbatim", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Example queries'), readme.indexOf('### Search'));
  const queries = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);

  // The article page, the section front (filter and totalCount), the entity page with search (its
  // `articleCount` a declared count) and the author, tag and section pages are all compiled.
  const FAST = ['ArticlePage', 'section front', 'entity page and search', 'author, tag and section pages'];

  it('are four, and each is answered as the executor answers it, compiled; the section front in one statement', async () => {
    expect(queries).toHaveLength(4);
    for (const [i, query] of queries.entries()) {
      const variables = query.includes('$slug') ? { slug: slugs[6]! } : undefined;
      const statements = database.stats.statements;
      const { expected, actual, hits, fallbacks } = await both((endpoint) => ({
        method: 'POST',
        path: endpoint,
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json,application/json;q=0.9',
        },
        body: JSON.stringify({ query, variables }),
      }));
      expect(actual, query).toEqual(expected);
      expect(JSON.parse(actual.text).errors, query).toBeUndefined();
      const compiles = compileOperation(schema, parse(query), undefined, {}) !== null;
      expect(compiles, query).toBe(FAST[i] !== null);
      expect({ hits, fallbacks }, query).toEqual(compiles ? { hits: 1, fallbacks: 0 } : { hits: 0, fallbacks: 1 });
      if (FAST[i] === 'section front') {
        // The reference server's answer and the compiled one: one statement each (the executor
        // reads `articles` through the same declarations), the page and its totalCount together.
        expect(JSON.parse(actual.text).data.articles.totalCount).toBeGreaterThan(0);
        expect(database.stats.statements - statements).toBe(2);
      }
    }
  });
});
