import { readFileSync } from 'node:fs';
import { CombinedGraphQLErrors } from '@apollo/client';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph, type Served, serve } from '../helpers/gateways.js';
import { ARTICLE_PAGE, CREATE_ARTICLE, HARBOUR_PAGE } from './documents.js';
import { type LiveBroadsheet, startBroadsheet } from './server.js';
import { createApolloClient } from './snippets/apollo.js';
import { createBroadsheetGateway } from './snippets/gateway.js';

let broadsheet: LiveBroadsheet;
let gateway: Served;

beforeAll(async () => {
  broadsheet = await startBroadsheet();
  // Composed from the committed subgraph SDL, as the README's Federation section does.
  const sdl = readFileSync(new URL('../../schema/subgraph.graphql', import.meta.url), 'utf8');
  const runtime = createBroadsheetGateway(composeSupergraph([{ name: 'broadsheet', url: broadsheet.url, sdl }]));
  const served = await serve(runtime, runtime.graphqlEndpoint);
  gateway = {
    url: served.url,
    async close() {
      await served.close();
      await runtime.dispose();
    },
  };
}, 120_000);

afterAll(() => gateway?.close());

const DRAFT = parse('query Draft($slug: String!) { article(slug: $slug) { title status } }');

describe('Hive Gateway forwarding Authorization (tests/clients/snippets/gateway.ts), with the README Apollo client', () => {
  it('serves the article page to the public', async () => {
    const { data } = await createApolloClient(gateway.url).query<any>({
      query: parse(ARTICLE_PAGE),
      variables: { slug: 'harbour-reopens' },
    });
    expect(data.article).toMatchObject({ id: broadsheet.ids['harbour-reopens'], ...HARBOUR_PAGE });
  });

  it("passes an editor's token on: the editor creates a draft and reads it, the public does not see it", async () => {
    const editor = createApolloClient(gateway.url, broadsheet.token);
    const invalid = await editor.mutate<any>({
      mutation: parse(CREATE_ARTICLE),
      variables: { input: { title: '', body: 'Text.' } },
    });
    expect(invalid.data.createArticle).toEqual({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      field: 'input.title',
      message: expect.any(String),
      reason: 'REQUIRED',
    });
    const created = await editor.mutate<any>({
      mutation: parse(CREATE_ARTICLE),
      variables: { input: { title: 'Gateway draft', body: 'Text.' } },
    });
    expect(created.data.createArticle).toMatchObject({
      __typename: 'CreateArticleSuccess',
      article: { slug: 'gateway-draft', status: 'DRAFT' },
    });
    expect((await editor.query<any>({ query: DRAFT, variables: { slug: 'gateway-draft' } })).data).toEqual({
      article: { __typename: 'Article', title: 'Gateway draft', status: 'DRAFT' },
    });
    expect(
      (await createApolloClient(gateway.url).query<any>({ query: DRAFT, variables: { slug: 'gateway-draft' } })).data,
    ).toEqual({ article: null });
  });

  it('refuses an anonymous mutation with a coded error, and a bad token with UNAUTHENTICATED', async () => {
    for (const [token, code] of [
      [undefined, 'FORBIDDEN'],
      ['bs_not-a-real-token', 'UNAUTHENTICATED'],
    ] as const) {
      const error = await createApolloClient(gateway.url, token)
        .mutate({ mutation: parse(CREATE_ARTICLE), variables: { input: { title: 'Refused', body: 'Text.' } } })
        .catch((e: unknown) => e);
      expect(CombinedGraphQLErrors.is(error), String(error)).toBe(true);
      expect((error as CombinedGraphQLErrors).errors.map((e) => e.extensions?.code)).toEqual([code]);
    }
  });
});
