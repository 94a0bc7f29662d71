import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { printSubgraphSdl } from '../src/schema/index.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';
import {
  composeSupergraph,
  fetchSubgraphSdl,
  postQuery,
  type Served,
  serve,
  startApolloGateway,
  startHiveGateway,
} from './helpers/gateways.js';

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;
const ids: Record<string, number> = {};
const bulk: { id: number; slug: string }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database);
  const db = database.db;
  ids.harbour = (
    await createArticle(db, {
      slug: 'harbour-reopens',
      title: 'Harbour reopens after storm',
      section: 'World',
      publishedAt: '2026-03-01T08:00:00Z',
      body: 'The harbour at Port Vale reopened on Monday.\n\nMayor Ada Quill thanked the crews.',
      entities: [
        { name: 'Ada Quill', kind: 'PERSON' },
        { name: 'Port Vale', kind: 'PLACE' },
      ],
    })
  ).id;
  ids.cup = (
    await createArticle(db, {
      slug: 'vale-united-win',
      title: 'Vale United win the cup',
      section: 'Sport',
      publishedAt: '2026-03-02T08:00:00Z',
      body: 'Vale United won the cup final.',
      entities: [{ name: 'Vale United', kind: 'ORGANIZATION' }],
    })
  ).id;
  ids.draft = (
    await createArticle(db, {
      slug: 'secret-draft',
      title: 'Draft about the harbour',
      status: 'DRAFT',
      publishedAt: null,
      section: 'World',
    })
  ).id;
  for (let i = 0; i < 100; i += 1) {
    bulk.push(
      await createArticle(db, {
        slug: `bulk-${i}`,
        title: `Bulk ${i}`,
        section: i % 2 ? 'World' : 'Sport',
        publishedAt: `2025-01-01T00:${String(i % 60).padStart(2, '0')}:00Z`,
      }),
    );
  }
});

describe('subgraph SDL', () => {
  it('matches schema/subgraph.graphql (run `npm run schema:print` after changing the schema)', () => {
    const committed = readFileSync(new URL('../schema/subgraph.graphql', import.meta.url), 'utf8');
    expect(printSubgraphSdl()).toBe(committed);
  });

  it('declares Federation 2 and the keys of Article, Author, Entity, Section and Tag', async () => {
    const { result } = await client.countStatements('{ _service { sdl } }');
    const sdl: string = result.data._service.sdl;
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.6"');
    for (const type of ['Article', 'Author', 'Entity', 'Section', 'Tag']) {
      expect(sdl).toMatch(
        new RegExp(`type ${type} implements Node\\s+@key\\(fields: "id"\\)\\s+@key\\(fields: "slug"\\)`),
      );
    }
  });
});

const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Article { slug title section { slug } }
    ... on Entity { slug name kind }
    ... on Section { slug name }
  }
}`;

describe('Query._entities', () => {
  it('resolves every entity type by id and by slug', async () => {
    const entity = await client.query('{ entity(slug: "ada-quill") { id } }');
    const section = await client.query('{ section(slug: "sport") { id } }');
    const result = await client.query(ENTITIES, {
      representations: [
        { __typename: 'Article', id: globalId('Article', ids.harbour) },
        { __typename: 'Article', slug: 'vale-united-win' },
        { __typename: 'Entity', id: entity.data.entity.id },
        { __typename: 'Entity', slug: 'port-vale' },
        { __typename: 'Section', id: section.data.section.id },
        { __typename: 'Section', slug: 'world' },
      ],
    });
    expect(result).toEqual({
      data: {
        _entities: [
          {
            __typename: 'Article',
            slug: 'harbour-reopens',
            title: 'Harbour reopens after storm',
            section: { slug: 'world' },
          },
          {
            __typename: 'Article',
            slug: 'vale-united-win',
            title: 'Vale United win the cup',
            section: { slug: 'sport' },
          },
          { __typename: 'Entity', slug: 'ada-quill', name: 'Ada Quill', kind: 'PERSON' },
          { __typename: 'Entity', slug: 'port-vale', name: 'Port Vale', kind: 'PLACE' },
          { __typename: 'Section', slug: 'sport', name: 'Sport' },
          { __typename: 'Section', slug: 'world', name: 'World' },
        ],
      },
    });
  });

  it('applies the public visibility rules: a draft or unknown reference resolves to null', async () => {
    const result = await client.query(ENTITIES, {
      representations: [
        { __typename: 'Article', id: globalId('Article', ids.draft) },
        { __typename: 'Article', slug: 'secret-draft' },
        { __typename: 'Article', slug: 'no-such-article' },
        { __typename: 'Article', id: globalId('Article', 999_999) },
      ],
    });
    expect(result).toEqual({ data: { _entities: [null, null, null, null] } });
  });

  it('fails only the slot of a malformed reference, with a typed error', async () => {
    const result = await client.query(ENTITIES, {
      representations: [
        { __typename: 'Article', id: globalId('Section', ids.harbour) },
        { __typename: 'Article', slug: 'harbour-reopens' },
        { __typename: 'Article', id: 'not-a-global-id' },
        { __typename: 'Article', headline: 'no key at all' },
      ],
    });
    expect(result.data).toEqual({
      _entities: [
        null,
        {
          __typename: 'Article',
          slug: 'harbour-reopens',
          title: 'Harbour reopens after storm',
          section: { slug: 'world' },
        },
        null,
        null,
      ],
    });
    expect(result.errors?.map((e) => [e.path, e.extensions?.code, e.message])).toEqual([
      [['_entities', 0], 'INVALID_ID', `"${globalId('Section', ids.harbour)}" is not a valid Article id`],
      [['_entities', 2], 'INVALID_ID', '"not-a-global-id" is not a valid Article id'],
      [['_entities', 3], 'BAD_USER_INPUT', 'A Article reference needs a string `id` or `slug`'],
    ]);
  });

  it('quotes at most 100 characters of a bad id back, however long it is', async () => {
    const long = 'x'.repeat(9_000);
    const result = await client.query(ENTITIES, {
      representations: [
        { __typename: 'Article', id: long },
        { __typename: 'Entity', id: long },
      ],
    });
    expect(result.errors?.map((e) => [e.path, e.extensions?.code, e.message])).toEqual([
      [['_entities', 0], 'INVALID_ID', `"${'x'.repeat(100)}…" is not a valid Article id`],
      [['_entities', 1], 'INVALID_ID', `"${'x'.repeat(100)}…" is not a valid Entity id`],
    ]);
    const node = await client.query('query($id: ID!) { node(id: $id) { id } }', { id: long });
    expect(node.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['INVALID_ID', `"${'x'.repeat(100)}…" is not a valid id`],
    ]);
  });

  it('refuses representations that are not entity objects with BAD_USER_INPUT', async () => {
    for (const representations of [
      ['port vale'],
      [{ __typename: 'Comment', id: '1' }],
      [42],
      [[{ __typename: 'Article' }]],
    ]) {
      const result = await client.query(ENTITIES, { representations });
      expect(result.data ?? null, JSON.stringify(representations)).toBeNull();
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0]?.message).toBe(
        'representations[0] must be an object with the __typename of an entity (Article, Author, Entity, Image, Section or Tag)',
      );
    }
  });

  it('resolves 100 article references, by id and by slug, with their sections, in one SQL statement', async () => {
    const representations = bulk.map((a, i) =>
      i % 2 ? { __typename: 'Article', id: globalId('Article', a.id) } : { __typename: 'Article', slug: a.slug },
    );
    const byIds = await client.countStatements(ENTITIES, { representations: representations.filter((_, i) => i % 2) });
    // the articles and their sections, read through the declarations
    expect(byIds.statements).toBe(1);
    const mixed = await client.countStatements(ENTITIES, { representations });
    // by id and by slug in the same statement
    expect(mixed.statements).toBe(1);
    const fewer = await client.countStatements(ENTITIES, { representations: representations.slice(0, 10) });
    expect(fewer.statements).toBe(1);
    expect(mixed.result.errors).toBeUndefined();
    expect(mixed.result.data._entities).toEqual(
      bulk.map((a, i) => ({
        __typename: 'Article',
        slug: a.slug,
        title: `Bulk ${i}`,
        section: { slug: i % 2 ? 'world' : 'sport' },
      })),
    );
  });
});

// A second team's subgraph, as another team would write it: comments that extend Article by id.
const commentsTypeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])
  type Article @key(fields: "id") {
    id: ID!
    commentCount: Int!
    comments: [Comment!]!
  }
  type Comment {
    id: ID!
    body: String!
    article: Article
  }
  type Query {
    latestComments: [Comment!]!
  }
`);

describe('through federated gateways', () => {
  let broadsheet: Served;
  let comments: Served;
  let supergraphSdl: string;
  const gateways: Record<string, Served> = {};

  beforeAll(async () => {
    const commentRows = [
      { id: 'c1', articleId: globalId('Article', ids.harbour), body: 'Good news for the crews.' },
      { id: 'c2', articleId: globalId('Article', ids.harbour), body: 'About time.' },
      { id: 'c3', articleId: globalId('Article', ids.cup), body: 'What a final!' },
      { id: 'c4', articleId: globalId('Article', ids.draft), body: 'A comment on an unpublished draft.' },
    ];
    const commentsSchema = buildSubgraphSchema({
      typeDefs: commentsTypeDefs,
      resolvers: {
        Article: {
          __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
          commentCount: (article: { id: string }) => commentRows.filter((c) => c.articleId === article.id).length,
          comments: (article: { id: string }) => commentRows.filter((c) => c.articleId === article.id),
        },
        Comment: { article: (comment: { articleId: string }) => ({ id: comment.articleId }) },
        Query: { latestComments: () => [...commentRows].reverse() },
      },
    });
    broadsheet = await serve(createApp({ db: database.db }));
    comments = await serve(createYoga({ schema: commentsSchema, logging: false }));
    supergraphSdl = composeSupergraph([
      { name: 'broadsheet', url: broadsheet.url, sdl: await fetchSubgraphSdl(broadsheet.url) },
      { name: 'comments', url: comments.url, sdl: await fetchSubgraphSdl(comments.url) },
    ]);
    gateways.apollo = await startApolloGateway(supergraphSdl);
    gateways.hive = await startHiveGateway(supergraphSdl);
  });

  afterAll(async () => {
    for (const served of [...Object.values(gateways), broadsheet, comments]) await served?.close();
  });

  it('composes into a supergraph where Article joins both subgraphs', () => {
    expect(supergraphSdl).toMatch(
      /type Article implements Node\s+@join__implements\(graph: BROADSHEET, interface: "Node"\)\s+@join__type\(graph: BROADSHEET, key: "id"\)\s+@join__type\(graph: BROADSHEET, key: "slug"\)\s+@join__type\(graph: COMMENTS, key: "id"\)/,
    );
    expect(supergraphSdl).toMatch(/commentCount: Int! @join__field\(graph: COMMENTS\)/);
  });

  for (const gateway of ['apollo', 'hive']) {
    describe(`${gateway} gateway`, () => {
      it('adds comments to an article fetched from Broadsheet', async () => {
        const result = await postQuery(
          gateways[gateway].url,
          `{
          article(slug: "harbour-reopens") { title section { name } commentCount comments { body } }
        }`,
        );
        expect(result).toEqual({
          data: {
            article: {
              title: 'Harbour reopens after storm',
              section: { name: 'World' },
              commentCount: 2,
              comments: [{ body: 'Good news for the crews.' }, { body: 'About time.' }],
            },
          },
        });
      });

      it('adds Broadsheet articles to comments, hiding drafts', async () => {
        const result = await postQuery(
          gateways[gateway].url,
          `{
          latestComments { body article { slug title entities { entity { name } } commentCount } }
        }`,
        );
        // The draft's reference comes back null from Broadsheet, so the gateway nulls the comment's
        // article; Apollo reports that in extensions.valueCompletion, Hive Gateway as an error.
        expect(result.data).toEqual({
          latestComments: [
            { body: 'A comment on an unpublished draft.', article: null },
            {
              body: 'What a final!',
              article: {
                slug: 'vale-united-win',
                title: 'Vale United win the cup',
                entities: [{ entity: { name: 'Vale United' } }],
                commentCount: 1,
              },
            },
            {
              body: 'About time.',
              article: {
                slug: 'harbour-reopens',
                title: 'Harbour reopens after storm',
                entities: [{ entity: { name: 'Port Vale' } }, { entity: { name: 'Ada Quill' } }],
                commentCount: 2,
              },
            },
            {
              body: 'Good news for the crews.',
              article: {
                slug: 'harbour-reopens',
                title: 'Harbour reopens after storm',
                entities: [{ entity: { name: 'Port Vale' } }, { entity: { name: 'Ada Quill' } }],
                commentCount: 2,
              },
            },
          ],
        });
        const reported = [
          ...(result.errors ?? []),
          ...((result as { extensions?: { valueCompletion?: { path: unknown }[] } }).extensions?.valueCompletion ?? []),
        ];
        expect(reported.map((e) => e.path)).toEqual([['latestComments', 0, 'article', 'slug']]);
      });

      it('pages Broadsheet articles with comment counts from the other subgraph', async () => {
        const result = await postQuery(
          gateways[gateway].url,
          '{ articles(first: 2) { edges { node { slug commentCount } } pageInfo { hasNextPage } } }',
        );
        expect(result).toEqual({
          data: {
            articles: {
              edges: [
                { node: { slug: 'vale-united-win', commentCount: 1 } },
                { node: { slug: 'harbour-reopens', commentCount: 2 } },
              ],
              pageInfo: { hasNextPage: true },
            },
          },
        });
      });
    });
  }
});
