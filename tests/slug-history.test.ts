import { beforeAll, describe, expect, it } from 'vitest';
import { validateRecord, writeRecord } from '../src/content/importer.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;
let editor: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database);
  editor = (await createToken(database.db, 'Night desk', ['write:articles', 'read:drafts'])).headers;
});

const RESULT = `__typename ... on MutationError { message code field } ... on ValidationError { reason }`;
const UPDATE = `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { ${RESULT} ... on UpdateArticleSuccess { article { slug canonicalSlug version } } } }`;
const CREATE = `mutation($input: CreateArticleInput!) { createArticle(input: $input) { ${RESULT} ... on CreateArticleSuccess { article { slug } } } }`;
// The article page: the fast path's statement (no token) and the executor's loaders (an editor).
const PAGE = `query($slug: String!) { article(slug: $slug) { slug canonicalSlug title } }`;

async function rename(id: number, slug: string, version: number) {
  const result = await client.query(
    UPDATE,
    { input: { id: globalId('Article', id), expectedVersion: version, slug } },
    editor,
  );
  expect(result.errors).toBeUndefined();
  return result.data.updateArticle;
}

describe('slug history', () => {
  it('keeps every old slug resolving to the article, whose canonicalSlug is the current one, for the public and editors alike', async () => {
    const article = await createArticle(database.db, { slug: 'harbour-closes', title: 'Harbour closes' });
    expect(await rename(article.id, 'harbour-closes-for-storm', 1)).toEqual({
      __typename: 'UpdateArticleSuccess',
      article: { slug: 'harbour-closes-for-storm', canonicalSlug: 'harbour-closes-for-storm', version: 2 },
    });
    await rename(article.id, 'storm-shuts-harbour', 2);
    const expected = {
      data: { article: { slug: 'storm-shuts-harbour', canonicalSlug: 'storm-shuts-harbour', title: 'Harbour closes' } },
    };
    for (const slug of ['harbour-closes', 'harbour-closes-for-storm', 'storm-shuts-harbour']) {
      expect(await client.query(PAGE, { slug })).toEqual(expected);
      expect(await client.query(PAGE, { slug }, editor)).toEqual(expected);
    }
    // Taking back an old slug of its own is allowed; the one it leaves joins the history.
    expect((await rename(article.id, 'harbour-closes', 3)).article.canonicalSlug).toBe('harbour-closes');
    expect((await client.query(PAGE, { slug: 'storm-shuts-harbour' })).data.article.canonicalSlug).toBe(
      'harbour-closes',
    );
    const history = await database.db
      .selectFrom('articleSlugHistory')
      .select('slug')
      .where('articleId', '=', article.id)
      .orderBy('slug')
      .execute();
    expect(history.map((h) => h.slug)).toEqual(['harbour-closes-for-storm', 'storm-shuts-harbour']);
  });

  it('refuses a slug another article still answers for, in the editor and the importer, and the database refuses it too', async () => {
    const article = await createArticle(database.db, { slug: 'old-name' });
    await rename(article.id, 'new-name', 1);
    const other = await createArticle(database.db, { slug: 'someone-else' });
    expect(await rename(other.id, 'old-name', 1)).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.slug',
      reason: 'TAKEN',
    });
    const created = await client.query(
      CREATE,
      { input: { title: 'Old name', body: 'Text.', slug: 'old-name' } },
      editor,
    );
    expect(created.data.createArticle).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.slug',
      reason: 'TAKEN',
    });
    // A slug made from the title steps over an old slug as over a current one.
    const derived = await client.query(CREATE, { input: { title: 'Old name', body: 'Text.' } }, editor);
    expect(derived.data.createArticle.article.slug).toBe('old-name-2');
    await expect(
      writeRecord(
        database.db,
        validateRecord({ externalId: 'wire-1', title: 'Wire', body: 'Text.', slug: 'old-name' }),
      ),
    ).rejects.toThrow('slug "old-name" belongs to another article');
    await expect(
      database.db.updateTable('articles').set({ slug: 'old-name' }).where('id', '=', other.id).execute(),
    ).rejects.toThrow(/old slug of another article/);
  });

  it('records the old slug when an import renames an article, and hides an old slug of an article the public cannot see', async () => {
    await writeRecord(
      database.db,
      validateRecord({
        externalId: 'wire-2',
        title: 'Wire story',
        body: 'Text.',
        slug: 'wire-story',
        publishedAt: '2026-01-02T00:00:00Z',
      }),
    );
    await writeRecord(
      database.db,
      validateRecord({
        externalId: 'wire-2',
        title: 'Wire story',
        body: 'Text.',
        slug: 'wire-story-renamed',
        publishedAt: '2026-01-02T00:00:00Z',
      }),
    );
    expect((await client.query(PAGE, { slug: 'wire-story' })).data.article.canonicalSlug).toBe('wire-story-renamed');
    await writeRecord(
      database.db,
      validateRecord({
        externalId: 'wire-2',
        title: 'Wire story',
        body: 'Text.',
        slug: 'wire-story-renamed',
        status: 'DRAFT',
      }),
    );
    expect(await client.query(PAGE, { slug: 'wire-story' })).toEqual({ data: { article: null } });
    expect((await client.query(PAGE, { slug: 'wire-story' }, editor)).data.article.canonicalSlug).toBe(
      'wire-story-renamed',
    );
  });
});
