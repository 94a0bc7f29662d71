import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ARTICLE_LIST, ARTICLE_PAGE, CREATE_ARTICLE, HARBOUR_PAGE, NODE, UPDATE_ARTICLE } from './documents.js';
import { type LiveBroadsheet, SEEDED, startBroadsheet } from './server.js';
import { createUrqlClient } from './snippets/urql.js';

let broadsheet: LiveBroadsheet;
// urql adds the __typename fields it needs as non-enumerable properties, which toEqual skips.
// Graphcache warns (in development) about types it cannot key and fragments it can only guess;
// the README set-up must leave it nothing to warn about.
const warn = vi.spyOn(console, 'warn');

beforeAll(async () => {
  broadsheet = await startBroadsheet();
});

afterAll(() => {
  warn.mockRestore();
});

const slugs = (data: any) => data.articles.edges.map((e: { node: { slug: string } }) => e.node.slug);

describe('urql with Graphcache and the README set-up (tests/clients/snippets/urql.ts)', () => {
  it('reads the article page: entities, previous and next', async () => {
    const client = createUrqlClient(broadsheet.url);
    const result = await client.query(ARTICLE_PAGE, { slug: 'harbour-reopens' }).toPromise();
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject({ article: { id: broadsheet.ids['harbour-reopens'], ...HARBOUR_PAGE } });
  });

  it('merges two pages of `articles` into one list with relayPagination', async () => {
    const client = createUrqlClient(broadsheet.url);
    const first = await client.query(ARTICLE_LIST, { first: 2 }).toPromise();
    expect(slugs(first.data)).toEqual(SEEDED.slice(0, 2).map((a) => a.slug));
    const second = await client
      .query(ARTICLE_LIST, { first: 2, after: first.data.articles.pageInfo.endCursor })
      .toPromise();
    expect(slugs(second.data)).toEqual(SEEDED.slice(0, 4).map((a) => a.slug));
    // The first page's query, read from the cache alone, now holds both pages.
    const cached = await client.query(ARTICLE_LIST, { first: 2 }, { requestPolicy: 'cache-only' }).toPromise();
    expect(slugs(cached.data)).toEqual(SEEDED.slice(0, 4).map((a) => a.slug));
    expect(cached.data.articles.pageInfo).toEqual({
      hasNextPage: true,
      endCursor: second.data.articles.pageInfo.endCursor,
    });
  });

  it('fetches a node by global id', async () => {
    const client = createUrqlClient(broadsheet.url);
    const id = broadsheet.ids['ferry-returns'];
    const result = await client.query(NODE, { id }).toPromise();
    expect(result.data).toEqual({
      node: { __typename: 'Article', id, slug: 'ferry-returns', title: 'Ferry returns to Port Vale' },
    });
  });

  it("runs an editor's mutations and reads the result unions through the schema", async () => {
    const client = createUrqlClient(broadsheet.url, broadsheet.token);
    const invalid = await client.mutation(CREATE_ARTICLE, { input: { title: '', body: 'Text.' } }).toPromise();
    expect(invalid.data).toEqual({
      createArticle: {
        __typename: 'ValidationError',
        code: 'VALIDATION_FAILED',
        field: 'input.title',
        message: expect.any(String),
        reason: 'REQUIRED',
      },
    });

    const created = await client
      .mutation(CREATE_ARTICLE, {
        input: { title: 'Pier repairs begin', body: 'Work starts today.', section: 'world' },
      })
      .toPromise();
    expect(created.data).toEqual({
      createArticle: {
        __typename: 'CreateArticleSuccess',
        article: {
          id: expect.any(String),
          slug: 'pier-repairs-begin',
          title: 'Pier repairs begin',
          status: 'DRAFT',
          version: 1,
        },
      },
    });

    // The payload's Article is normalised: the page read before shows the new title from the cache.
    await client.query(ARTICLE_PAGE, { slug: 'crews-thanked' }).toPromise();
    const id = broadsheet.ids['crews-thanked'];
    const renamed = await client
      .mutation(UPDATE_ARTICLE, { input: { id, expectedVersion: 1, title: 'Crews thanked by the town' } })
      .toPromise();
    expect(renamed.data.updateArticle).toEqual({
      __typename: 'UpdateArticleSuccess',
      article: { id, title: 'Crews thanked by the town', version: 2 },
    });
    const page = await client
      .query(ARTICLE_PAGE, { slug: 'crews-thanked' }, { requestPolicy: 'cache-only' })
      .toPromise();
    expect(page.data.article.title).toBe('Crews thanked by the town');

    const stale = await client
      .mutation(UPDATE_ARTICLE, { input: { id, expectedVersion: 1, title: 'Too late' } })
      .toPromise();
    expect(stale.data).toEqual({
      updateArticle: {
        __typename: 'ConflictError',
        code: 'VERSION_CONFLICT',
        field: 'expectedVersion',
        message: expect.any(String),
        currentVersion: 2,
      },
    });
  });

  it('is refused a mutation without a token, with a coded error', async () => {
    const client = createUrqlClient(broadsheet.url);
    const result = await client.mutation(CREATE_ARTICLE, { input: { title: 'Anonymous', body: 'Text.' } }).toPromise();
    expect(result.data).toBeNull();
    expect(result.error?.graphQLErrors.map((e) => [e.path, e.extensions.code])).toEqual([
      [['createArticle'], 'FORBIDDEN'],
    ]);
  });

  it('left Graphcache nothing to warn about', () => {
    expect(warn.mock.calls.map((call) => format(...call))).toEqual([]);
  });
});
