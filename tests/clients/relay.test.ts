import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import {
  commitMutation,
  createOperationDescriptor,
  type Environment,
  fetchQuery,
  type GraphQLTaggedNode,
  getSelector,
  type MutationParameters,
} from 'relay-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { HARBOUR_PAGE } from './documents.js';
import HeadlineRefetch from './relay/__generated__/ArticleHeadlineRefetchQuery.graphql.js';
import ListPagination from './relay/__generated__/ArticleListPaginationQuery.graphql.js';
import Headline from './relay/__generated__/ArticlePage_headline.graphql.js';
import List from './relay/__generated__/ArticlePage_list.graphql.js';
import CreateMutation, {
  type ArticlePageCreateMutation,
} from './relay/__generated__/ArticlePageCreateMutation.graphql.js';
import ListQuery from './relay/__generated__/ArticlePageListQuery.graphql.js';
import PageQuery from './relay/__generated__/ArticlePageQuery.graphql.js';
import UpdateMutation, {
  type ArticlePageUpdateMutation,
} from './relay/__generated__/ArticlePageUpdateMutation.graphql.js';
import { type LiveBroadsheet, SEEDED, startBroadsheet } from './server.js';
import { createRelayEnvironment } from './snippets/relay.js';

let broadsheet: LiveBroadsheet;

beforeAll(async () => {
  broadsheet = await startBroadsheet();
});

/** Runs a query and keeps its data in the store (Relay collects what nothing retains). */
async function query(environment: Environment, request: typeof PageQuery, variables: Record<string, unknown>) {
  const operation = createOperationDescriptor(request, variables);
  environment.retain(operation);
  await fetchQuery(environment, request, variables).toPromise();
  return operation;
}

function mutate<T extends MutationParameters>(
  environment: Environment,
  mutation: GraphQLTaggedNode,
  variables: T['variables'],
): Promise<T['response']> {
  return new Promise((resolve, reject) => {
    commitMutation<T>(environment, {
      mutation,
      variables,
      onCompleted: (response) => resolve(response),
      onError: reject,
    });
  });
}

describe('Relay with the README set-up (tests/clients/snippets/relay.ts)', () => {
  it('compiled artifacts are current: relay-compiler --validate over tests/clients/relay', async () => {
    const compiler = createRequire(import.meta.url).resolve('relay-compiler/cli.js');
    // relay-compiler finds relay.config.json in the folder it runs in.
    const run = promisify(execFile)(process.execPath, [compiler, '--validate'], {
      cwd: new URL('./snippets/', import.meta.url),
    });
    await expect(run).resolves.toMatchObject({ stderr: expect.not.stringContaining('ERROR') });
  });

  it('fetches the article page with fetchQuery, and refetches its headline through node(id:)', async () => {
    const reader = createRelayEnvironment(broadsheet.url);
    const page = await query(reader, PageQuery, { slug: 'harbour-reopens' });
    const snapshot = reader.lookup(page.fragment);
    const { title, ...rest } = HARBOUR_PAGE;
    expect(snapshot.data).toMatchObject({ article: { id: broadsheet.ids['harbour-reopens'], ...rest } });
    const article = (snapshot.data as any).article;
    const headline = () => reader.lookup(getSelector(Headline, article) as any).data;
    expect(headline()).toEqual({ id: article.id, title, version: 1 });

    // An editor retitles the article; the reader refetches the fragment by global id, and the
    // page's snapshot, which shares the normalised Article record, sees the change.
    const editor = createRelayEnvironment(broadsheet.url, broadsheet.token);
    await mutate<ArticlePageUpdateMutation>(editor, UpdateMutation, {
      input: { id: article.id, expectedVersion: 1, title: 'Harbour reopens at last' },
    });
    const seen: unknown[] = [];
    const subscription = reader.subscribe(reader.lookup(getSelector(Headline, article) as any), (next) =>
      seen.push(next.data),
    );
    await fetchQuery(reader, HeadlineRefetch, { id: article.id }).toPromise();
    subscription.dispose();
    expect(HeadlineRefetch.params.text).toContain('node(id: $id)');
    expect(seen).toEqual([{ id: article.id, title: 'Harbour reopens at last', version: 2 }]);
    expect(headline()).toEqual({ id: article.id, title: 'Harbour reopens at last', version: 2 });
  });

  it('pages `articles` forward with @connection: both pages in one connection', async () => {
    const reader = createRelayEnvironment(broadsheet.url);
    const first = await query(reader, ListQuery, { count: 2 });
    const list = () => reader.lookup(getSelector(List, reader.lookup(first.fragment).data as any) as any).data as any;
    expect(list().articles.edges.map((e: any) => e.node.slug)).toEqual(SEEDED.slice(0, 2).map((a) => a.slug));
    const { endCursor } = list().articles.pageInfo;
    await query(reader, ListPagination, { count: 2, cursor: endCursor });
    expect(list().articles.edges.map((e: any) => e.node.slug)).toEqual(SEEDED.slice(0, 4).map((a) => a.slug));
    expect(list().articles.pageInfo).toMatchObject({ hasNextPage: true });
  });

  it("runs an editor's mutations and reads the result unions by __typename", async () => {
    const editor = createRelayEnvironment(broadsheet.url, broadsheet.token);
    const invalid = await mutate<ArticlePageCreateMutation>(editor, CreateMutation, {
      input: { title: '', body: 'Text.' },
    });
    expect(invalid.createArticle).toEqual({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      field: 'input.title',
      message: expect.any(String),
      reason: 'REQUIRED',
    });
    const created = await mutate<ArticlePageCreateMutation>(editor, CreateMutation, {
      input: { title: 'Quay lights restored', body: 'Power is back.' },
    });
    expect(created.createArticle).toEqual({
      __typename: 'CreateArticleSuccess',
      article: {
        id: expect.any(String),
        slug: 'quay-lights-restored',
        title: 'Quay lights restored',
        status: 'DRAFT',
        version: 1,
      },
    });
    const stale = await mutate<ArticlePageUpdateMutation>(editor, UpdateMutation, {
      input: { id: created.createArticle.article!.id, expectedVersion: 7, title: 'Stale' },
    });
    expect(stale.updateArticle).toEqual({
      __typename: 'ConflictError',
      code: 'VERSION_CONFLICT',
      field: 'expectedVersion',
      message: expect.any(String),
    });
  });

  it('is refused a mutation without a token, with a coded error', async () => {
    const reader = createRelayEnvironment(broadsheet.url);
    const error = await mutate<ArticlePageCreateMutation>(reader, CreateMutation, {
      input: { title: 'Anonymous', body: 'Text.' },
    }).catch((e: unknown) => e);
    // Relay fails an operation that returned no data, and keeps the response's errors as `source`.
    expect(
      (error as { source?: { errors?: { path: unknown; extensions: { code: unknown } }[] } }).source?.errors?.map(
        (e) => [e.path, e.extensions.code],
      ),
    ).toEqual([[['createArticle'], 'FORBIDDEN']]);
  });
});
