import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEntities, createRandom, createZipf, loadSentences } from '../bench/data.js';
import { createFloorServer } from '../bench/floor-server.js';
import { generate, parseCount, secondaryIndexes } from '../bench/generate.js';
import { startStatementProxy } from '../bench/pg-proxy.js';
import { BROADSHEET_QUERIES, sampleInputs, scenarios } from '../bench/scenarios.js';
import { EXTRACTIVE_GENERATOR } from '../src/content/summary-model.js';
import { bodyHash, countWords, SLUG_PATTERN } from '../src/text/text.js';
import { createTestClient, createTestDatabase } from './helpers/db.js';

// The benchmark's data generator, floor server and statement counter, on a tiny N: the numbers the
// bench prints are only worth something if the data is what it claims and the floor answers the
// same content as Broadsheet.

const ARTICLES = 240;
const ENTITIES = 150;
const database = await createTestDatabase();
const client = createTestClient(database);
let indexesBefore: unknown[];
let report: Awaited<ReturnType<typeof generate>>;

beforeAll(async () => {
  indexesBefore = await secondaryIndexes(database.pool);
  // No corpus path: the generator's own sentences, so this test needs nothing outside the repo.
  report = await generate(database.url, { articles: ARTICLES, entities: ENTITIES, corpus: undefined, batchSize: 100 });
});

describe('bench data generator', () => {
  it('writes the asked numbers of rows and reports them', async () => {
    const { rows } = await database.pool.query(`select
      (select count(*)::int from articles) as articles, (select count(*)::int from entities) as entities,
      (select count(*)::int from sections) as sections, (select count(*)::int from article_entities) as mentions,
      (select count(*)::int from summaries) as summaries`);
    expect(rows[0]).toEqual({
      articles: ARTICLES,
      entities: ENTITIES,
      sections: 8,
      mentions: report.mentions,
      summaries: report.summaries,
    });
    expect(report).toMatchObject({ articles: ARTICLES, entities: ENTITIES, sections: 8 });
  });

  it('writes bodies of 300-900 words with a true word count, valid slugs and visible dates', async () => {
    const { rows } = await database.pool.query<{
      slug: string;
      body: string;
      word_count: number;
      visible: boolean;
      title: string;
    }>(
      `select slug, title, body, word_count, (status = 'PUBLISHED' and published_at <= now()) as visible from articles`,
    );
    for (const row of rows) {
      expect(SLUG_PATTERN.test(row.slug), row.slug).toBe(true);
      expect(row.word_count).toBe(countWords(row.body));
      expect(row.title.length).toBeGreaterThan(0);
      expect(row.visible).toBe(true);
    }
    const counts = rows.map((r) => r.word_count);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(300);
    // A body stops at the first sentence that reaches its target: at most one sentence over 900.
    expect(Math.max(...counts)).toBeLessThan(900 + 60);
  });

  it('gives about five distinct mentions an article, skewed towards a few entities', async () => {
    const { rows } = await database.pool.query<{ n: number }>(
      'select count(*)::int as n from article_entities group by article_id',
    );
    expect(rows).toHaveLength(ARTICLES);
    for (const { n } of rows) expect(n).toBeGreaterThanOrEqual(1);
    const average = rows.reduce((sum, r) => sum + r.n, 0) / rows.length;
    expect(average).toBeGreaterThan(4);
    expect(average).toBeLessThan(6);
    const top = await database.pool.query<{ n: number }>(
      'select count(*)::int as n from article_entities group by entity_id order by n desc limit 1',
    );
    // Zipf: the most mentioned entity is in far more articles than the uniform share (5 × 240 / 150 = 8).
    expect(top.rows[0]!.n).toBeGreaterThan(40);
  });

  it("writes extractive summaries for most articles, hashed from the body, of the server's generator", async () => {
    const { rows } = await database.pool.query<{
      body: string;
      body_hash: string;
      length: string;
      text: string;
      generator: string;
    }>(
      'select a.body, s.body_hash, s.length, s.text, s.generator from summaries s join articles a on a.id = s.article_id',
    );
    const shortCount = rows.filter((r) => r.length === 'SHORT').length;
    expect(shortCount).toBeGreaterThan(ARTICLES * 0.75);
    for (const row of rows) {
      expect(row.body_hash).toBe(bodyHash(row.body));
      // The server's generator: a stored summary of another would be made again on its first read.
      expect(row.generator).toBe(EXTRACTIVE_GENERATOR);
      expect(row.body.startsWith(row.text.split(' ').slice(0, 3).join(' '))).toBe(true);
    }
  });

  it('leaves the secondary indexes exactly as the migrations made them', async () => {
    expect(await secondaryIndexes(database.pool)).toEqual(indexesBefore);
    expect(indexesBefore.length).toBeGreaterThan(5);
  });

  it('is deterministic for a seed', () => {
    const a = buildEntities(50, createRandom(3));
    const b = buildEntities(50, createRandom(3));
    expect(a).toEqual(b);
    expect(new Set(a.map((e) => e.slug)).size).toBe(50);
    const zipf = createZipf(100);
    const random = createRandom(1);
    const draws = Array.from({ length: 2000 }, () => zipf(random));
    expect(draws.filter((k) => k === 0).length).toBeGreaterThan(draws.filter((k) => k === 50).length * 10);
    expect(loadSentences(undefined, createRandom(1)).length).toBeGreaterThanOrEqual(50);
  });

  it('parses counts the way the flags are written', () => {
    expect([parseCount('10k'), parseCount('100,000'), parseCount('1m'), parseCount('2500')]).toEqual([
      10_000, 100_000, 1_000_000, 2500,
    ]);
    expect(() => parseCount('lots')).toThrow(/not a count/);
  });
});

describe('bench floor server', () => {
  let pool: pg.Pool;
  let url: string;
  let close: () => Promise<void>;
  let proxyClose: () => Promise<void>;
  let proxyStatements: () => number;

  beforeAll(async () => {
    const upstream = new URL(database.url);
    const proxy = await startStatementProxy(upstream.hostname, Number(upstream.port || 5432));
    proxyClose = () => proxy.close();
    proxyStatements = () => proxy.statements;
    const viaProxy = new URL(database.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    pool = new pg.Pool({ connectionString: viaProxy.toString(), max: 2 });
    const server = createFloorServer(pool);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterAll(async () => {
    await close();
    await pool.end();
    await proxyClose();
  });

  it('answers every scenario with exactly what Broadsheet answers, in one statement', async () => {
    const inputs = await sampleInputs(database.pool, 5, 1);
    expect(inputs.articleSlugs).toHaveLength(5);
    const operations = { article: 'ArticlePage', list: 'ArticleList', entity: 'EntityPage', search: 'Search' } as const;
    for (const scenario of scenarios) {
      for (const requestBody of scenario.bodies('floor', inputs).slice(0, 3)) {
        const { query, variables, operationName } = JSON.parse(requestBody);
        expect(operationName).toBe(operations[scenario.name]);
        expect(query).toBe(BROADSHEET_QUERIES[operations[scenario.name]]);
        // Broadsheet first: for a sampled article without a stored SHORT summary (10 % of them) it
        // generates one and stores it, which the floor then reads. Asked the other way round the
        // floor answered null (the sample is not deterministic: setseed and the sampling query can
        // run on different pool connections), which made this test flaky.
        const broadsheet = await client.query(query, variables);
        expect(broadsheet.errors).toBeUndefined();
        const before = proxyStatements();
        const floor = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: requestBody,
        }).then((r) => r.json());
        expect(proxyStatements() - before).toBe(1);
        expect(floor).toEqual(broadsheet);
        // The normalised form is what the bench compares across servers; it must not be empty.
        expect(scenario.normalise('floor', floor)).not.toBeNull();
      }
    }
  });

  it('ranks search within the same recency windows as Broadsheet for a term matching more than a window', async () => {
    // The sampled terms may match fewer than a window (200) of these 240 articles; the most common
    // lexemes match nearly all of them, so the window has to be found and cut.
    const { rows } = await database.pool.query<{ word: string; ndoc: number }>(
      `select word, ndoc from ts_stat('select search from articles') where length(word) >= 4 and word ~ '^[a-z]+$' order by ndoc desc, word limit 3`,
    );
    for (const { word, ndoc } of rows) {
      expect(ndoc).toBeGreaterThan(200);
      const body = JSON.stringify({
        query: BROADSHEET_QUERIES.Search,
        operationName: 'Search',
        variables: { query: word },
      });
      const broadsheet = await client.query(BROADSHEET_QUERIES.Search, { query: word });
      const floor = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
        (r) => r.json(),
      );
      expect(floor).toEqual(broadsheet);
      expect(broadsheet.data.search.edges).toHaveLength(10);
    }
  });

  it('refuses an operation it does not know with a 400', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ x }","operationName":"Other"}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [{ message: 'unknown operation' }] });
  });
});
