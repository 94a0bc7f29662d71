import { format } from 'node:util';
import {
  ApolloClient,
  CombinedGraphQLErrors,
  HttpLink,
  InMemoryCache,
  type NormalizedCacheObject,
} from '@apollo/client';
import { parse } from 'graphql';
import { filter, firstValueFrom } from 'rxjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ARTICLE_LIST, ARTICLE_PAGE, CREATE_ARTICLE, HARBOUR_PAGE, NODE, UPDATE_ARTICLE } from './documents.js';
import { type LiveBroadsheet, SEEDED, startBroadsheet } from './server.js';
import { createApolloClient } from './snippets/apollo.js';

let broadsheet: LiveBroadsheet;

beforeAll(async () => {
  broadsheet = await startBroadsheet();
});

const extract = (client: ApolloClient) => client.cache.extract() as NormalizedCacheObject;

/**
 * The payload of the call of a mutation field as the cache stored it: under ROOT_MUTATION,
 * where `keepRootFields: true` leaves it for the test to read.
 */
function storedPayload(client: ApolloClient, field: string): unknown {
  const stored = extract(client).ROOT_MUTATION ?? {};
  return Object.entries(stored).find(([key]) => key.startsWith(`${field}(`))?.[1];
}

describe('Apollo Client 4 with the README set-up (tests/clients/snippets/apollo.ts)', () => {
  it('reads the article page: entities, previous and next', async () => {
    const client = createApolloClient(broadsheet.url);
    const { data } = await client.query<any>({ query: parse(ARTICLE_PAGE), variables: { slug: 'harbour-reopens' } });
    expect(data).toMatchObject({
      article: { __typename: 'Article', id: broadsheet.ids['harbour-reopens'], ...HARBOUR_PAGE },
    });
    expect(data).toMatchObject({
      article: { previousArticle: { __typename: 'Article' }, section: { __typename: 'Section' } },
    });
  });

  it('merges two pages of `articles` into one list in the cache', async () => {
    const client = createApolloClient(broadsheet.url);
    const query = parse(ARTICLE_LIST);
    const list = client.watchQuery<any>({ query, variables: { first: 2 } });
    const first = await firstValueFrom(list.pipe(filter((result) => result.dataState === 'complete')));
    expect(first.data?.articles.edges.map((e: { node: { slug: string } }) => e.node.slug)).toEqual(
      SEEDED.slice(0, 2).map((a) => a.slug),
    );
    await list.fetchMore({ variables: { after: first.data!.articles.pageInfo.endCursor } });
    // relayStylePagination keys the field by filter and order only, so both pages are one list.
    const cached = client.readQuery<any>({ query, variables: { first: 2 } });
    expect(cached.articles.edges.map((e: { node: { slug: string } }) => e.node.slug)).toEqual(
      SEEDED.slice(0, 4).map((a) => a.slug),
    );
    expect(list.getCurrentResult().data).toEqual(cached);
    expect(cached.articles.pageInfo.hasNextPage).toBe(true);
    expect(Object.keys(extract(client).ROOT_QUERY!).filter((key) => key.startsWith('articles'))).toEqual([
      'articles:{}',
    ]);
  });

  it('fetches a node by global id into the same normalised Article as the page', async () => {
    const client = createApolloClient(broadsheet.url);
    const id = broadsheet.ids['ferry-returns'];
    const { data } = await client.query<any>({ query: parse(NODE), variables: { id } });
    expect(data).toEqual({
      node: { __typename: 'Article', id, slug: 'ferry-returns', title: 'Ferry returns to Port Vale' },
    });
    await client.query<any>({ query: parse(ARTICLE_PAGE), variables: { slug: 'harbour-reopens' } });
    // The page's next article and the node are one cache entry.
    expect(client.cache.identify({ __typename: 'Article', id })).toBe(`Article:${id}`);
    expect(extract(client)[`Article:${id}`]).toMatchObject({
      slug: 'ferry-returns',
      title: 'Ferry returns to Port Vale',
    });
  });

  it("runs an editor's mutations and reads the result unions through possibleTypes", async () => {
    const client = createApolloClient(broadsheet.url, broadsheet.token);
    const create = parse(CREATE_ARTICLE);
    const invalid = { input: { title: '', body: 'Text.' } };
    await client.mutate({ mutation: create, variables: invalid, keepRootFields: true });
    // The cache keeps the error whole: `... on MutationError` matches ValidationError by possibleTypes.
    expect(storedPayload(client, 'createArticle')).toEqual({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      field: 'input.title',
      message: expect.any(String),
      reason: 'REQUIRED',
    });

    const created = await client.mutate<any>({
      mutation: create,
      variables: { input: { title: 'Lighthouse lit again', body: 'The lamp is back.', section: 'world' } },
    });
    expect(created.data.createArticle).toEqual({
      __typename: 'CreateArticleSuccess',
      article: {
        __typename: 'Article',
        id: expect.any(String),
        slug: 'lighthouse-lit-again',
        title: 'Lighthouse lit again',
        status: 'DRAFT',
        version: 1,
      },
    });

    // An edit's payload updates the normalised Article: the page read before shows the new title.
    const page = parse(ARTICLE_PAGE);
    await client.query<any>({ query: page, variables: { slug: 'storm-warning' } });
    const id = broadsheet.ids['storm-warning'];
    const update = parse(UPDATE_ARTICLE);
    const renamed = await client.mutate<any>({
      mutation: update,
      variables: { input: { id, expectedVersion: 1, title: 'Storm warning lifted' } },
    });
    expect(renamed.data.updateArticle).toEqual({
      __typename: 'UpdateArticleSuccess',
      article: { __typename: 'Article', id, title: 'Storm warning lifted', version: 2 },
    });
    expect(client.readQuery<any>({ query: page, variables: { slug: 'storm-warning' } }).article.title).toBe(
      'Storm warning lifted',
    );

    const stale = { input: { id, expectedVersion: 1, title: 'Too late' } };
    await client.mutate({ mutation: update, variables: stale, keepRootFields: true });
    expect(storedPayload(client, 'updateArticle')).toEqual({
      __typename: 'ConflictError',
      code: 'VERSION_CONFLICT',
      field: 'expectedVersion',
      message: expect.any(String),
      currentVersion: 2,
    });
  });

  it('needs possibleTypes: without them the cache drops the fields an error has through MutationError', async () => {
    const bare = new ApolloClient({
      link: new HttpLink({ uri: broadsheet.url, headers: { authorization: `Bearer ${broadsheet.token}` } }),
      cache: new InMemoryCache(),
    });
    const create = parse(CREATE_ARTICLE);
    const invalid = { input: { title: '', body: 'Text.' } };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await bare.mutate({ mutation: create, variables: invalid, keepRootFields: true });
      expect(warn.mock.calls.map((call) => format(...call))).toContainEqual(
        expect.stringContaining(
          'Cannot match inline fragment on `MutationError` against `ValidationError`. This indicates a missing `possibleTypes` entry',
        ),
      );
    } finally {
      warn.mockRestore();
    }
    expect(storedPayload(bare, 'createArticle')).toEqual({ __typename: 'ValidationError', reason: 'REQUIRED' });
  });

  it('is refused a mutation without a token, with a coded error', async () => {
    const client = createApolloClient(broadsheet.url);
    const error = await client
      .mutate({ mutation: parse(CREATE_ARTICLE), variables: { input: { title: 'Anonymous', body: 'Text.' } } })
      .catch((e: unknown) => e);
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    expect((error as CombinedGraphQLErrors).errors.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['createArticle'], 'FORBIDDEN'],
    ]);
  });
});
