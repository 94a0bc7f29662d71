import { beforeAll, describe, expect, it } from 'vitest';
import { validateRecord, writeRecord } from '../src/content/importer.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;
let editor: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database);
  editor = (await createToken(database.db, 'SEO desk', ['write:articles', 'read:drafts'])).headers;
});

const gql = (query: string, variables?: Record<string, unknown>) => client.query(query, variables, editor);

const SEO = 'metaTitle metaDescription canonicalUrl noindex';
const CREATE = `mutation($input: CreateArticleInput!) { createArticle(input: $input) {
  __typename ... on MutationError { field } ... on ValidationError { reason }
  ... on CreateArticleSuccess { article { id version ${SEO} } } } }`;
const UPDATE = `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) {
  __typename ... on MutationError { field } ... on ValidationError { reason }
  ... on UpdateArticleSuccess { article { version ${SEO} revisions(first: 1) { changes { field from to } } } } } }`;

describe('search and sharing fields', () => {
  it('createArticle takes them, trimmed', async () => {
    const result = await gql(CREATE, {
      input: {
        title: 'Port drill',
        body: 'Text.',
        slug: 'port-drill',
        metaTitle: '  Port drill  tonight ',
        metaDescription: 'What happened.',
        canonicalUrl: 'https://partner.example/story/1',
        noindex: true,
      },
    });
    expect(result.data.createArticle).toMatchObject({
      __typename: 'CreateArticleSuccess',
      article: {
        metaTitle: 'Port drill tonight',
        metaDescription: 'What happened.',
        canonicalUrl: 'https://partner.example/story/1',
        noindex: true,
      },
    });
  });

  it('refuses a canonical URL that is not absolute http(s), or carries credentials or a fragment, and over-long texts', async () => {
    for (const canonicalUrl of [
      '/relative',
      'javascript:alert(1)',
      'https://user:pw@partner.example/',
      'https://partner.example/#top',
      'ftp://partner.example/',
    ]) {
      const result = await gql(CREATE, { input: { title: 'Bad canonical', body: 'Text.', canonicalUrl } });
      expect(result.data.createArticle, canonicalUrl).toEqual({
        __typename: 'ValidationError',
        field: 'input.canonicalUrl',
        reason: 'INVALID_FORMAT',
      });
    }
    const long = await gql(CREATE, { input: { title: 'Long meta', body: 'Text.', metaTitle: 'x'.repeat(201) } });
    expect(long.data.createArticle).toEqual({
      __typename: 'ValidationError',
      field: 'input.metaTitle',
      reason: 'TOO_LONG',
    });
    const longDescription = await gql(CREATE, {
      input: { title: 'Long meta', body: 'Text.', metaDescription: 'x'.repeat(501) },
    });
    expect(longDescription.data.createArticle).toEqual({
      __typename: 'ValidationError',
      field: 'input.metaDescription',
      reason: 'TOO_LONG',
    });
  });

  it('updateArticle changes and clears them, and the revision records the change', async () => {
    const created = (
      await gql(CREATE, { input: { title: 'Quay story', body: 'Text.', slug: 'quay-story', metaTitle: 'Quay' } })
    ).data.createArticle.article;
    const updated = await gql(UPDATE, {
      input: {
        id: created.id,
        expectedVersion: created.version,
        metaTitle: null,
        metaDescription: 'New description',
        noindex: true,
      },
    });
    expect(updated.data.updateArticle).toEqual({
      __typename: 'UpdateArticleSuccess',
      article: {
        version: created.version + 1,
        metaTitle: null,
        metaDescription: 'New description',
        canonicalUrl: null,
        noindex: true,
        revisions: [
          {
            changes: [
              { field: 'metaTitle', from: 'Quay', to: null },
              { field: 'metaDescription', from: null, to: 'New description' },
              { field: 'noindex', from: null, to: 'true' },
            ],
          },
        ],
      },
    });
    const same = await gql(UPDATE, {
      input: { id: created.id, expectedVersion: created.version + 1, metaDescription: 'New description' },
    });
    expect(same.data.updateArticle.article.version).toBe(created.version + 1);
  });

  it('are imported, and read on the public article page in one compiled statement', async () => {
    await writeRecord(
      database.db,
      validateRecord({
        externalId: 'seo-1',
        title: 'Syndicated story',
        body: 'Text.',
        publishedAt: '2026-01-05T08:00:00Z',
        metaTitle: 'Syndicated',
        metaDescription: 'From a partner.',
        canonicalUrl: 'https://partner.example/a',
        noindex: true,
      }),
    );
    const before = client.app.compiledReads!.stats.executed;
    const { result, statements } = await client.countStatements(
      `{ article(slug: "syndicated-story") { title ${SEO} } }`,
    );
    expect(result).toEqual({
      data: {
        article: {
          title: 'Syndicated story',
          metaTitle: 'Syndicated',
          metaDescription: 'From a partner.',
          canonicalUrl: 'https://partner.example/a',
          noindex: true,
        },
      },
    });
    expect(statements).toBe(1);
    expect(client.app.compiledReads!.stats.executed - before).toBe(1);
    expect(() => validateRecord({ title: 'x', body: 'y', canonicalUrl: 'not a url' })).toThrow(/canonicalUrl/);
    expect(() => validateRecord({ title: 'x', body: 'y', noindex: 'yes' })).toThrow(/noindex/);
  });
});
