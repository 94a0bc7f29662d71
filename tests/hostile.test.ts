import { parse } from 'graphql';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { visibleMentionCountSql } from '../src/db/queries/article-entities.js';
import { operationCost } from '../src/http/limits.js';
import { sha256 } from '../src/http/persisted.js';
import { schema } from '../src/schema/index.js';
import { createToken } from './helpers/auth.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';
import { appWithHttpPlugins, codes, get, post, send } from './helpers/http.js';
import { recordingLogger } from './helpers/logger.js';

let database: TestDatabase;
let prod: App;
let dev: App;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await createArticle(db, {
    slug: 'harbour-reopens',
    title: 'Harbour reopens',
    publishedAt: '2026-03-01T08:00:00Z',
    body: 'Ada Quill opened the harbour of Port Vale.',
    entities: [
      { name: 'Ada Quill', kind: 'PERSON' },
      { name: 'Port Vale', kind: 'PLACE' },
    ],
  });
  await createArticle(db, {
    slug: 'quill-budget',
    title: 'Quill budget',
    publishedAt: '2026-03-02T08:00:00Z',
    body: 'Ada Quill presented a budget for Port Vale.',
    entities: [
      { name: 'Ada Quill', kind: 'PERSON' },
      { name: 'Port Vale', kind: 'PLACE' },
    ],
  });
  prod = appWithHttpPlugins(database, { nodeEnv: 'production' });
  dev = appWithHttpPlugins(database, { nodeEnv: 'development' });
});

/** The article page: article, entities, related articles and their entities, previous/next. */
const ARTICLE_PAGE = `query ArticlePage($slug: String!) {
  article(slug: $slug) {
    title standfirst paragraphs publishedAt readingTimeMinutes
    section { name slug }
    summary(length: SHORT) { text }
    entities { mentionCount entity { name slug kind articleCount articles(first: 5) { edges { node { title slug entities { entity { name slug } } } } } } }
    relatedArticles(first: 5) { title slug section { name } entities { entity { name slug } } }
    previousArticle { title slug }
    nextArticle { title slug }
  }
}`;

const nest = (levels: number) => {
  let inner = 'title';
  for (let i = 0; i < levels; i += 1) inner = `relatedArticles(first: 1) { ${inner} }`;
  return `{ article(slug: "harbour-reopens") { ${inner} } }`;
};

describe('limits tuned for content queries', () => {
  it('runs the full article page query', async () => {
    const response = await post(prod, { query: ARTICLE_PAGE, variables: { slug: 'harbour-reopens' } });
    expect(response.status).toBe(200);
    expect(response.json.errors).toBeUndefined();
    expect(response.json.data.article.title).toBe('Harbour reopens');
    expect(response.json.data.article.relatedArticles).toEqual([
      {
        title: 'Quill budget',
        slug: 'quill-budget',
        section: { name: 'World' },
        entities: [
          { entity: { name: 'Ada Quill', slug: 'ada-quill' } },
          { entity: { name: 'Port Vale', slug: 'port-vale' } },
        ],
      },
    ]);
    expect(operationCost(schema, parse(ARTICLE_PAGE), 'ArticlePage')).toBeLessThan(10_000);
  });

  it('refuses deep nesting with QUERY_TOO_DEEP and 400', async () => {
    expect((await post(prod, { query: nest(10) })).status).toBe(200);
    const response = await post(prod, { query: nest(12) });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      errors: [{ message: 'Query depth limit of 12 exceeded, found 14.', extensions: { code: 'QUERY_TOO_DEEP' } }],
    });
  });

  it('counts depth through fragments', async () => {
    const query = `{ article(slug: "x") { ...A } } fragment A on Article { relatedArticles { ...B } } fragment B on Article { relatedArticles { ...C } }
      fragment C on Article { relatedArticles { relatedArticles { relatedArticles { relatedArticles { relatedArticles { relatedArticles { relatedArticles { relatedArticles { relatedArticles { title } } } } } } } } } }`;
    const response = await post(prod, { query });
    expect(response.status).toBe(400);
    expect(codes(response)).toEqual(['QUERY_TOO_DEEP']);
  });

  it('refuses an alias bomb with TOO_MANY_ALIASES', async () => {
    const query = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: article(slug: "harbour-reopens") { title }`).join(' ')} }`;
    const response = await post(prod, { query });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      errors: [{ message: 'Aliases limit of 30 exceeded, found 31.', extensions: { code: 'TOO_MANY_ALIASES' } }],
    });
  });

  it('refuses a fragment bomb (each fragment spreading the previous twice) before doing the work', async () => {
    const fragments = ['fragment F0 on Article { title }'];
    for (let i = 1; i <= 20; i += 1)
      fragments.push(`fragment F${i} on Article { ...F${i - 1} relatedArticles(first: 2) { ...F${i - 1} } }`);
    const started = Date.now();
    const response = await post(prod, {
      query: `{ article(slug: "harbour-reopens") { ...F20 } } ${fragments.join(' ')}`,
    });
    expect(response.status).toBe(400);
    expect(codes(response)[0]).toBe('QUERY_TOO_DEEP');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses too many directives with TOO_MANY_DIRECTIVES', async () => {
    const query = `{ ${Array.from({ length: 21 }, (_, i) => `a${i}: __typename @include(if: true)`).join(' ')} }`;
    const response = await post(prod, { query });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      errors: [{ message: 'Directives limit of 20 exceeded, found 21.', extensions: { code: 'TOO_MANY_DIRECTIVES' } }],
    });
  });

  it('refuses a document of too many tokens with TOO_MANY_TOKENS', async () => {
    // Short tokens: a document over LIMIT_DOCUMENT_BYTES is refused before it is parsed.
    const response = await post(prod, { query: `{ ${'a '.repeat(3001)} }` });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      errors: [
        { message: 'The document has more than 3000 tokens', extensions: { code: 'TOO_MANY_TOKENS', limit: 3000 } },
      ],
    });
  });

  it('refuses a costly query with QUERY_TOO_COMPLEX: list sizes multiply', async () => {
    const query =
      '{ articles(first: 100) { edges { node { relatedArticles(first: 20) { entities { entity { name } } } } } } }';
    const response = await post(prod, { query });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      errors: [
        {
          message:
            'The query would resolve about 47300 objects; the limit is 10000. Ask for smaller pages or fewer nested lists.',
          extensions: { code: 'QUERY_TOO_COMPLEX', cost: 47300, limit: 10000 },
        },
      ],
    });
  });

  it('costs variables by their values', async () => {
    const query =
      'query($n: Int) { articles(first: $n) { edges { node { relatedArticles(first: 20) { entities { entity { name } } } } } } }';
    expect((await post(prod, { query, variables: { n: 2 } })).status).toBe(200);
    expect(codes(await post(prod, { query, variables: { n: 100 } }))).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('weighs counts, which read every row they count: per entity for articleCount, once per connection for totalCount', async () => {
    // Each entity of a hundred articles asked for its counts: a few thousand points, and one
    // second of database time at 10,000 articles (past the statement timeout with two aliases).
    const query =
      '{ articles(first: 100) { edges { node { entities { entity { articleCount articles(first: 0) { totalCount } } } } } } }';
    const response = await post(prod, { query });
    expect(response.status).toBe(400);
    expect(response.json.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', cost: 102_300, limit: 10_000 });
    const cost = (document: string) => operationCost(schema, parse(document), undefined, {});
    // A count is once per connection, however large its page, written directly or in a fragment.
    expect(cost('{ articles(first: 100) { totalCount } }')).toBe(150);
    expect(cost('{ articles(first: 100) { ...Total } } fragment Total on ArticleConnection { totalCount }')).toBe(150);
    expect(cost('{ articles(first: 100) { totalCount edges { node { id } } } }')).toBe(350);
    expect(cost('{ search(query: "harbour", first: 10) { totalCount } }')).toBe(60);
    // Highlights weigh what a body weighs: ts_headline reads the whole body for its three passages.
    const withBody = cost('{ search(query: "harbour", first: 100) { edges { node { article { body } } } } }');
    expect(cost('{ search(query: "harbour", first: 100) { edges { node { highlights } } } }')).toBe(withBody - 100);
    // An entity page with its count and its list's count passes.
    const page =
      '{ entity(slug: "ada-quill") { articleCount articles(first: 10) { totalCount edges { node { title } } } } }';
    expect(cost(page)).toBe(1 + 50 + 10 * 3 + 50);
    expect((await post(prod, { query: page })).json.data.entity).toMatchObject({
      articleCount: 2,
      articles: { totalCount: 2 },
    });
  });

  it('weighs relatedArticles as a count per article: it ranks every candidate its entities offer, however few it returns', async () => {
    // Priced as its five results, a page of 100 articles' related lists cost 800 points and 240 ms
    // of database time at 10,000 articles: twelve such pages in one query, 9,600 points, took 2.7 s.
    const cost = (document: string) => operationCost(schema, parse(document), undefined, {});
    // 800 for the page and the five results of each article, and a count's weight per article.
    expect(cost('{ articles(first: 100) { edges { node { relatedArticles { slug } } } } }')).toBe(800 + 100 * 50);
    expect(cost('{ article(slug: "harbour-reopens") { relatedArticles(first: 0) { slug } } }')).toBe(1 + 50);
    const twoPages = `{ ${['a', 'b']
      .map(
        (alias, i) =>
          `${alias}: articles(first: 100, orderBy: ${i ? 'PUBLISHED_AT_ASC' : 'PUBLISHED_AT_DESC'}) { edges { node { relatedArticles { slug } } } }`,
      )
      .join(' ')} }`;
    expect(codes(await post(prod, { query: twoPages }))).toEqual(['QUERY_TOO_COMPLEX']);
    // An article page and a front page of twenty with their related lists still pass.
    const front = '{ articles(first: 20) { edges { node { title relatedArticles { title slug } } } } }';
    const response = await post(prod, { query: front });
    expect(response.status).toBe(200);
    expect(response.json.data.articles.edges).toEqual([
      { node: { title: 'Quill budget', relatedArticles: [{ title: 'Harbour reopens', slug: 'harbour-reopens' }] } },
      { node: { title: 'Harbour reopens', relatedArticles: [{ title: 'Quill budget', slug: 'quill-budget' }] } },
    ]);
  });

  it("counts an entity's visible articles from its mentions alone (index-only), trashed and future ones left out", async () => {
    // Joined to articles, the count read every article that mentions the entity: 1.3 s for the most
    // mentioned entity at a million articles, askable anonymously under thirty aliases.
    const db = database.db;
    const count = async () =>
      (
        await sql<{
          n: number;
        }>`select ${visibleMentionCountSql(sql`e.id`)} as n from entities e where e.slug = 'ada-quill'`.execute(db)
      ).rows[0]!.n;
    const plan = await sql<{
      'QUERY PLAN': unknown;
    }>`explain (format json) select ${visibleMentionCountSql(sql`1`)}`.execute(db);
    expect(JSON.stringify(plan.rows[0]!['QUERY PLAN'])).not.toContain('"Relation Name":"articles"');
    expect(await count()).toBe(2);
    await sql`update articles set deleted_at = now() where slug = 'quill-budget'`.execute(db);
    expect(await count()).toBe(1);
    await sql`update articles set deleted_at = null, published_at = now() + interval '1 day', status = 'SCHEDULED' where slug = 'quill-budget'`.execute(
      db,
    );
    expect(await count()).toBe(1);
    await sql`update articles set published_at = '2026-03-02T08:00:00Z', status = 'PUBLISHED' where slug = 'quill-budget'`.execute(
      db,
    );
    expect(await count()).toBe(2);
  });

  it('caps first and last of connections and related lists', async () => {
    expect((await post(prod, { query: '{ articles(first: 101) { totalCount } }' })).json).toEqual({
      data: null,
      errors: [
        {
          message: '`first` must be at most 100',
          locations: [{ line: 1, column: 3 }],
          path: ['articles'],
          extensions: { code: 'PAGINATION_LIMIT_EXCEEDED', argument: 'first', limit: 100 },
        },
      ],
    });
    expect(codes(await post(prod, { query: '{ articles(last: 5000) { totalCount } }' }))).toEqual([
      'PAGINATION_LIMIT_EXCEEDED',
    ]);
    expect(
      codes(
        await post(prod, { query: '{ article(slug: "harbour-reopens") { relatedArticles(first: 21) { title } } }' }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
  });

  it('limits batches to 10 operations with TOO_MANY_OPERATIONS and 413', async () => {
    const ok = await post(
      prod,
      Array.from({ length: 2 }, () => ({ query: '{ __typename }' })),
    );
    expect(ok.json).toEqual([{ data: { __typename: 'Query' } }, { data: { __typename: 'Query' } }]);
    const response = await post(
      prod,
      Array.from({ length: 11 }, () => ({ query: '{ __typename }' })),
    );
    expect(response.status).toBe(413);
    expect(response.json).toEqual({
      errors: [
        { message: 'Batching is limited to 10 operations per request.', extensions: { code: 'TOO_MANY_OPERATIONS' } },
      ],
    });
  });

  it('refuses oversized bodies with REQUEST_TOO_LARGE and 413: 100 kB anonymous, 2 MB for any body, chunked or not', async () => {
    const big = JSON.stringify({ query: '{ __typename }', extensions: { padding: 'x'.repeat(120_000) } });
    const response = await post(prod, big);
    expect(response.status).toBe(413);
    expect(response.json).toEqual({
      errors: [{ message: 'Request body too large', extensions: { code: 'REQUEST_TOO_LARGE' } }],
    });
    // With credentials the same body is read (and the editor's token decides the rest).
    const { headers } = await createToken(database.db, 'hostile-editor', ['read:drafts']);
    expect((await post(prod, big, headers)).json).toEqual({ data: { __typename: 'Query' } });
    const huge = JSON.stringify({ query: '{ __typename }', extensions: { padding: 'x'.repeat(2_100_000) } });
    // Given whole (app.fetch with a string, no Content-Length): measured without being read.
    const whole = await post(prod, huge, headers);
    expect(whole.status).toBe(413);
    expect(codes(whole)).toEqual(['REQUEST_TOO_LARGE']);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(huge));
        controller.close();
      },
    });
    const chunked = await send(prod, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(codes(chunked)).toEqual(['REQUEST_TOO_LARGE']);
  });

  it('refuses oversized variables with VARIABLES_TOO_LARGE and 413', async () => {
    const response = await post(prod, {
      query: 'query($s: String!) { article(slug: $s) { title } }',
      variables: { s: 'x'.repeat(20_001) },
    });
    expect(response.status).toBe(413);
    expect(response.json).toEqual({
      errors: [
        {
          message: 'Variables must be at most 20000 bytes of JSON',
          extensions: { code: 'VARIABLES_TOO_LARGE', limit: 20000 },
        },
      ],
    });
    // Editors send whole articles as variables: credentialed requests may use up to 2 MB.
    const { headers } = await createToken(database.db, 'hostile-variables', ['read:drafts']);
    const editor = await post(
      prod,
      { query: 'query($s: String!) { article(slug: $s) { title } }', variables: { s: 'x'.repeat(20_001) } },
      headers,
    );
    expect(editor.json).toEqual({ data: { article: null } });
  });

  it('refuses a huge list variable by size, and a long search query by argument check', async () => {
    const list = await post(prod, {
      query: 'query($ids: [ID!]) { __typename }',
      variables: { ids: Array.from({ length: 5000 }, (_, i) => String(i)) },
    });
    expect(list.status).toBe(413);
    expect(codes(list)).toEqual(['VARIABLES_TOO_LARGE']);
    const search = await post(prod, {
      query: 'query($q: String!) { search(query: $q) { totalCount } }',
      variables: { q: 'harbour '.repeat(40) },
    });
    expect(codes(search)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('malformed requests', () => {
  it('answers invalid JSON with BAD_REQUEST and 400', async () => {
    const response = await post(prod, '{"query": ');
    expect(response.status).toBe(400);
    expect(response.json.errors[0].message).toBe('POST body sent invalid JSON.');
    expect(codes(response)).toEqual(['BAD_REQUEST']);
  });

  it('answers a body without query with BAD_REQUEST', async () => {
    const response = await post(prod, { notquery: '{ __typename }' });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      errors: [
        { message: 'Unexpected parameter "notquery" in the request body.', extensions: { code: 'BAD_REQUEST' } },
      ],
    });
  });

  it('answers wrongly typed parameters with BAD_REQUEST', async () => {
    const response = await post(prod, { query: 42 });
    expect(response.status).toBe(400);
    expect(codes(response)).toEqual(['BAD_REQUEST']);
  });

  it('answers a syntax error with GRAPHQL_PARSE_FAILED', async () => {
    const response = await post(prod, { query: '{ articles(' });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      errors: [
        {
          message: 'Syntax Error: Expected Name, found <EOF>.',
          locations: [{ line: 1, column: 12 }],
          extensions: { code: 'GRAPHQL_PARSE_FAILED' },
        },
      ],
    });
  });

  it('answers invalid UTF-8 with a parse error, not a crash', async () => {
    const body = Buffer.concat([Buffer.from('{"query":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const response = await send(prod, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body,
    });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      errors: [
        {
          message: 'Syntax Error: Unexpected character: U+FFFD.',
          locations: [{ line: 1, column: 1 }],
          extensions: { code: 'GRAPHQL_PARSE_FAILED' },
        },
      ],
    });
  });

  it('answers an unknown operation name with OPERATION_RESOLUTION_FAILURE', async () => {
    const response = await post(prod, { query: 'query A { __typename }', operationName: 'B' });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      errors: [
        {
          message: 'Could not determine what operation to execute.',
          extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
        },
      ],
    });
  });

  it('answers unknown fields with GRAPHQL_VALIDATION_FAILED, suggestions only in development', async () => {
    const closed = await post(prod, { query: '{ articls { totalCount } }' });
    expect(closed.json).toEqual({
      errors: [
        {
          message: 'Cannot query field "articls" on type "Query". [Suggestion hidden]',
          locations: [{ line: 1, column: 3 }],
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ],
    });
    const open = await post(dev, { query: '{ articls { totalCount } }' });
    expect(open.json.errors[0].message).toBe(
      'Cannot query field "articls" on type "Query". Did you mean "article" or "articles"?',
    );
  });

  // PUT (and DELETE with a stream token) are graphql-sse's single connection mode: tests/clients/subscriptions*.test.ts.
  it.each(['PATCH', 'DELETE'])('refuses %s with 405', async (method) => {
    const response = await send(prod, '/graphql', {
      method,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(405);
    expect(codes(response)).toEqual(['BAD_REQUEST']);
  });
});

describe('wrong content types and CSRF-style requests', () => {
  it.each([
    ['application/x-www-form-urlencoded', 'query=%7B__typename%7D'],
    [
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ __typename }\r\n--x--',
    ],
    ['text/plain', '{"query":"{ __typename }"}'],
    ['', '{"query":"{ __typename }"}'],
  ])('refuses a POST of %j with UNSUPPORTED_MEDIA_TYPE and 415', async (contentType, body) => {
    const response = await send(prod, '/graphql', {
      method: 'POST',
      headers: contentType
        ? { 'content-type': contentType, origin: 'https://evil.example' }
        : { origin: 'https://evil.example' },
      body,
    });
    expect(response.status).toBe(415);
    expect(response.json).toEqual({
      errors: [{ message: 'POST bodies must be application/json', extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }],
    });
  });

  it('lets any page read public answers, never with credentials (the token is a header, not a cookie)', async () => {
    const preflight = await send(prod, '/graphql', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    expect(preflight.headers.has('access-control-allow-credentials')).toBe(false);
    const answer = await post(prod, { query: '{ __typename }' }, { origin: 'https://evil.example' });
    expect(answer.json).toEqual({ data: { __typename: 'Query' } });
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    expect(answer.headers.has('access-control-allow-credentials')).toBe(false);
  });

  it('with CORS_ORIGINS, answers only the pages of those origins with CORS headers', async () => {
    const app = appWithHttpPlugins(database, {
      nodeEnv: 'production',
      corsOrigins: ['https://news.example', 'http://localhost:3000'],
    });
    const corsOf = async (origin: string) => {
      const response = await post(app, { query: '{ __typename }' }, { origin });
      expect(response.json).toEqual({ data: { __typename: 'Query' } });
      return [
        response.headers.get('access-control-allow-origin'),
        response.headers.get('access-control-allow-credentials'),
      ];
    };
    expect(await corsOf('https://news.example')).toEqual(['https://news.example', null]);
    expect(await corsOf('http://localhost:3000')).toEqual(['http://localhost:3000', null]);
    expect(await corsOf('https://evil.example')).toEqual([null, null]);
    expect(await corsOf('null')).toEqual([null, null]);
  });

  it('never runs a mutation from a GET', async () => {
    const response = await get(prod, { query: 'mutation { __typename }' });
    expect(response.status).toBe(405);
    expect(response.json).toEqual({
      errors: [
        { message: 'Can only perform a mutation operation from a POST request.', extensions: { code: 'BAD_REQUEST' } },
      ],
    });
  });
});

describe('introspection, suggestions and error details follow NODE_ENV', () => {
  it('closes the schema dump in production with INTROSPECTION_DISABLED', async () => {
    const response = await post(prod, { query: '{ __schema { types { name } } }' });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      errors: [
        {
          message: 'Introspection is disabled on this server',
          locations: [{ line: 1, column: 3 }],
          extensions: { code: 'INTROSPECTION_DISABLED' },
        },
      ],
    });
  });

  it('answers __type with null in production, even behind aliases and fragments', async () => {
    const response = await post(prod, {
      query: '{ t: __type(name: "Article") { name } ...Q } fragment Q on Query { __type(name: "Entity") { name } }',
    });
    expect(response.json).toEqual({ data: { t: null, __type: null } });
  });

  it('keeps introspection and GraphiQL open in development', async () => {
    const response = await post(dev, { query: '{ __type(name: "Article") { name } __schema { queryType { name } } }' });
    expect(response.json).toEqual({
      data: { __type: { name: 'Article' }, __schema: { queryType: { name: 'Query' } } },
    });
    const graphiql = await send(dev, '/graphql', { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    expect(graphiql.text).toContain('<title>Broadsheet GraphiQL</title>');
    const closed = await send(prod, '/graphql', { headers: { accept: 'text/html' } });
    expect(closed.status).toBe(406);
  });
});

describe('persisted operations', () => {
  const query = '{ article(slug: "harbour-reopens") { title } }';
  const hash = sha256(query);
  const persisted = { persistedQuery: { version: 1, sha256Hash: hash } };

  it('registers and runs automatic persisted queries (APQ), by POST and by GET', async () => {
    const app = appWithHttpPlugins(database, { nodeEnv: 'production' });
    const unknown = await post(app, { extensions: persisted });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({
      errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
    });
    expect((await post(app, { query, extensions: persisted })).json).toEqual({
      data: { article: { title: 'Harbour reopens' } },
    });
    expect((await post(app, { extensions: persisted })).json).toEqual({
      data: { article: { title: 'Harbour reopens' } },
    });
    expect((await get(app, { extensions: JSON.stringify(persisted) })).json).toEqual({
      data: { article: { title: 'Harbour reopens' } },
    });
  });

  it('refuses a document that does not match its hash, and malformed APQ extensions', async () => {
    const app = appWithHttpPlugins(database, { nodeEnv: 'production' });
    const mismatch = await post(app, { query: '{ __typename }', extensions: persisted });
    expect(mismatch.status).toBe(400);
    expect(mismatch.json).toEqual({
      errors: [
        {
          message: 'The sha256Hash does not match the document sent with it',
          extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH' },
        },
      ],
    });
    const malformed = await post(app, { extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } });
    expect(malformed.status).toBe(400);
    expect(codes(malformed)).toEqual(['BAD_REQUEST']);
  });

  it('runs only manifest operations in trusted-documents mode', async () => {
    const app = appWithHttpPlugins(database, { nodeEnv: 'production', trustedDocuments: new Map([[hash, query]]) });
    expect((await post(app, { documentId: hash })).json).toEqual({ data: { article: { title: 'Harbour reopens' } } });
    expect((await post(app, { extensions: persisted })).json).toEqual({
      data: { article: { title: 'Harbour reopens' } },
    });
    const arbitrary = await post(app, { query });
    expect(arbitrary.status).toBe(403);
    expect(arbitrary.json).toEqual({
      errors: [
        {
          message: 'PersistedQueryOnly: this server runs only the operations of its trusted-documents manifest',
          extensions: { code: 'PERSISTED_QUERY_ONLY' },
        },
      ],
    });
    const missing = await post(app, { documentId: sha256('{ __typename }') });
    expect(missing.status).toBe(404);
    expect(codes(missing)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });
});

describe('forged cursors', () => {
  const forge = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
  const FORGED: [string, string, string][] = [
    ['entities', 'a NUL in the name', forge(['entity', '\u0000', 1])],
    ['entities', 'an id past PostgreSQL integer', forge(['entity', 'a', 9_999_999_999])],
    ['entities', 'a fractional id', forge(['entity', 'a', 1.5])],
    ['articles', 'an id past PostgreSQL integer', forge(['article:NEWEST', '2026-03-01T08:00:00.000Z', 9_999_999_999])],
    ['articles', 'a date before PostgreSQL dates', forge(['article:NEWEST', '-271821-04-20T00:00:00.000Z', 1])],
    ['articles', 'a NUL in the date', forge(['article:NEWEST', '2026-03-01\u0000', 1])],
  ];

  it.each(FORGED)(
    'answers %s with %s as INVALID_CURSOR before any SQL, and logs no error',
    async (field, _what, cursor) => {
      const { logger, lines } = recordingLogger('debug');
      const app = appWithHttpPlugins(database, { nodeEnv: 'production', logger });
      const query =
        field === 'entities'
          ? 'query($c: String) { entities(first: 3, after: $c) { edges { node { name } } } }'
          : 'query($c: String) { articles(first: 3, after: $c) { edges { node { title } } } }';
      const before = database.stats.statements;
      const response = await post(app, { query, variables: { c: cursor } });
      expect(codes(response)).toEqual(['INVALID_CURSOR']);
      expect(database.stats.statements - before).toBe(0);
      await new Promise((resolve) => setImmediate(resolve));
      expect(lines.filter((l) => l.level === 'error' || l.level === 'fatal' || l.err?.stack)).toEqual([]);
    },
  );

  it('logs a data exception caused by the request at warn, without a stack', async () => {
    const { logger, lines } = recordingLogger('debug');
    const app = appWithHttpPlugins(database, { nodeEnv: 'production', logger });
    const response = await post(app, { query: '{ article(slug: "a\\u0000b") { title } }' });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.filter((l) => l.level === 'error' || l.level === 'fatal' || l.err?.stack)).toEqual([]);
    expect(lines.some((l) => l.level === 'warn' && /22021|database cannot take/.test(JSON.stringify(l)))).toBe(true);
  });
});
