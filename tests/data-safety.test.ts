import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoContent } from '../src/content/demo.js';
import { importNdjson } from '../src/content/importer.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';

// What the newsroom must never lose: an editor's change to a seeded article, the first revision of
// imported content, an editor's article under an import's slug, a deleted article's history, and
// drafts in the editors' own lists (issue #13, item 13).

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;
let editor: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database);
  editor = (await createToken(database.db, 'Night desk', ['write:articles', 'read:drafts'])).headers;
});

const gql = (query: string, variables?: Record<string, unknown>) => client.query(query, variables, editor);
const ndjson = (...records: unknown[]) => Readable.from(records.map((r) => JSON.stringify(r)).join('\n'));

const REVISIONS = `query($slug: String!) { article(slug: $slug) { id version title revisions(first: 10) { version action actorName snapshot { title } changes { field from to } } } }`;

async function revisionsOf(slug: string) {
  const result = await gql(REVISIONS, { slug });
  expect(result.errors).toBeUndefined();
  return result.data.article;
}

async function updateTitle(id: string, expectedVersion: number, title: string) {
  const result = await gql(
    `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { __typename ... on UpdateArticleSuccess { article { version title } } ... on MutationError { code message } } }`,
    { input: { id, expectedVersion, title } },
  );
  expect(result.data.updateArticle.__typename).toBe('UpdateArticleSuccess');
  return result.data.updateArticle.article as { version: number; title: string };
}

describe('the demo seed', () => {
  it('never overwrites an article an editor changed, nor brings back one an editor deleted', async () => {
    const first = await seedDemoContent(database.db);
    expect(first).toMatchObject({ created: 14, updated: 0, skipped: [] });

    const [changed, deleted] = (
      await sql<{
        slug: string;
      }>`select slug from articles where external_id in ('demo-001', 'demo-002') order by external_id`.execute(
        database.db,
      )
    ).rows.map((r) => r.slug);
    const seeded = await revisionsOf(changed!);
    // A seeded article has a first revision to restore.
    expect(seeded.revisions).toEqual([
      expect.objectContaining({
        version: 1,
        action: 'IMPORT',
        actorName: 'demo content',
        snapshot: { title: seeded.title },
      }),
    ]);
    const edited = await updateTitle(seeded.id, seeded.version, 'Rotterdam drill, as the night desk corrected it');
    const gone = await revisionsOf(deleted!);
    const deletion = await gql(`mutation($id: ID!) { deleteArticle(id: $id) { __typename } }`, { id: gone.id });
    expect(deletion.data.deleteArticle.__typename).toBe('DeleteArticleSuccess');

    // The next `npm start` seeds again.
    const second = await seedDemoContent(database.db);
    expect(second).toEqual({ lines: 14, created: 0, updated: 0, unchanged: 14, skipped: [] });
    const after = await revisionsOf(changed!);
    expect(after.title).toBe('Rotterdam drill, as the night desk corrected it');
    expect(after.version).toBe(edited.version);
    expect(await revisionsOf(deleted!)).toBeNull();
  });
});

describe('imports', () => {
  it('give a created article its first revision, and every import that bumps the version its own', async () => {
    const line = {
      externalId: 'wire-1',
      title: 'Ferry strike called off',
      body: 'Unions agreed overnight.\n\nSailings resume.',
      publishedAt: '2026-03-01T08:00:00Z',
    };
    expect(await importNdjson(database.db, ndjson(line))).toMatchObject({ created: 1 });
    expect(await importNdjson(database.db, ndjson(line))).toMatchObject({ unchanged: 1 });
    expect(
      await importNdjson(database.db, ndjson({ ...line, title: 'Ferry strike called off at dawn' })),
    ).toMatchObject({ updated: 1 });
    const article = await revisionsOf('ferry-strike-called-off');
    expect(article.version).toBe(2);
    expect(article.revisions).toEqual([
      {
        version: 2,
        action: 'IMPORT',
        actorName: 'import',
        snapshot: { title: 'Ferry strike called off at dawn' },
        changes: [{ field: 'title', from: 'Ferry strike called off', to: 'Ferry strike called off at dawn' }],
      },
      expect.objectContaining({
        version: 1,
        action: 'IMPORT',
        actorName: 'import',
        snapshot: { title: 'Ferry strike called off' },
      }),
    ]);
    // The first revision restores the imported text.
    const restored = await gql(
      `mutation($articleId: ID!) { restoreArticleRevision(articleId: $articleId, version: 1, expectedVersion: 2) { __typename ... on RestoreArticleRevisionSuccess { article { title version } } } }`,
      { articleId: article.id },
    );
    expect(restored.data.restoreArticleRevision).toEqual({
      __typename: 'RestoreArticleRevisionSuccess',
      article: { title: 'Ferry strike called off', version: 3 },
    });
  });

  it('refuse a line without externalId whose slug is an article an editor created, and leave that article alone', async () => {
    const created = await gql(
      `mutation($input: CreateArticleInput!) { createArticle(input: $input) { __typename ... on CreateArticleSuccess { article { id version } } } }`,
      { input: { title: 'Council budget vote', slug: 'council-budget-vote', body: 'The editor wrote this.' } },
    );
    expect(created.data.createArticle.__typename).toBe('CreateArticleSuccess');
    for (const line of [
      { slug: 'council-budget-vote', title: 'Wire copy', body: 'The wire wrote this.' },
      { title: 'Council budget vote', body: 'The wire wrote this, slug from the title.' },
    ]) {
      const report = await importNdjson(database.db, ndjson(line));
      expect(report).toEqual({
        lines: 1,
        created: 0,
        updated: 0,
        unchanged: 0,
        skipped: [
          {
            line: 1,
            error:
              'slug "council-budget-vote" belongs to an article created in the editor, which an import does not overwrite; give this line an "externalId" and another "slug"',
          },
        ],
      });
    }
    const article = await gql(`{ article(slug: "council-budget-vote") { title body version } }`);
    expect(article.data.article).toEqual({ title: 'Council budget vote', body: 'The editor wrote this.', version: 1 });
    // An article imported without an externalId is still matched by its slug, so a re-run changes nothing.
    const wire = { slug: 'harbour-wire', title: 'Harbour wire', body: 'From the wire.' };
    expect(await importNdjson(database.db, ndjson(wire))).toMatchObject({ created: 1, skipped: [] });
    expect(await importNdjson(database.db, ndjson(wire))).toMatchObject({ unchanged: 1, skipped: [] });
  });
});

describe('deleteArticle', () => {
  it('moves it to the trash and keeps the revisions, the last one (DELETE) with the final text', async () => {
    expect(
      await importNdjson(
        database.db,
        ndjson({ externalId: 'doomed', slug: 'doomed', title: 'Doomed story', body: 'It will go.' }),
      ),
    ).toMatchObject({ created: 1 });
    const article = await revisionsOf('doomed');
    await updateTitle(article.id, 1, 'Doomed story, edited');
    const deletion = await gql(`mutation($id: ID!) { deleteArticle(id: $id, expectedVersion: 2) { __typename } }`, {
      id: article.id,
    });
    expect(deletion.data.deleteArticle.__typename).toBe('DeleteArticleSuccess');
    const articleId = Number(Buffer.from(article.id, 'base64').toString().split(':')[1]);
    // In the trash: the row stays (restoreArticle brings it back) until `npm run purge`.
    expect(
      (
        await sql<{
          trashed: boolean;
        }>`select deleted_at is not null as trashed from articles where id = ${articleId}`.execute(database.db)
      ).rows,
    ).toEqual([{ trashed: true }]);
    const { rows } = await sql<{ version: number; action: string; actorName: string; title: string; changes: unknown }>`
      select version, action, actor_name, snapshot->>'title' as title, changes
      from article_revisions where article_id = ${articleId} order by version`.execute(database.db);
    expect(rows).toEqual([
      { version: 1, action: 'IMPORT', actorName: 'import', title: 'Doomed story', changes: expect.any(Array) },
      {
        version: 2,
        action: 'UPDATE',
        actorName: 'Night desk',
        title: 'Doomed story, edited',
        changes: expect.any(Array),
      },
      {
        version: 3,
        action: 'DELETE',
        actorName: 'Night desk',
        title: 'Doomed story, edited',
        changes: [{ field: 'deleted', from: null, to: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }],
      },
    ]);
  });
});

describe("editors' article lists", () => {
  it('return drafts under the default ordering, first newest-first, with working cursors and totalCount', async () => {
    const db = await createTestDatabase();
    const desk = createTestClient(db);
    const headers = (await createToken(db.db, 'Desk', ['read:drafts'])).headers;
    await importNdjson(
      db.db,
      ndjson(
        { externalId: 'd1', slug: 'draft-one', title: 'Draft one', body: 'Draft.' },
        { externalId: 'd2', slug: 'draft-two', title: 'Draft two', body: 'Draft.' },
        {
          externalId: 'p1',
          slug: 'published-one',
          title: 'Published one',
          body: 'Out.',
          publishedAt: '2026-02-01T00:00:00Z',
        },
      ),
    );
    const list = `query($filter: ArticleFilter, $after: String, $order: ArticleOrder) { articles(first: 1, after: $after, filter: $filter, orderBy: $order) { totalCount edges { node { slug } } pageInfo { hasNextPage endCursor } } }`;
    const drafts = await desk.query(list, { filter: { status: ['DRAFT'] } }, headers);
    expect(drafts.errors).toBeUndefined();
    expect(drafts.data.articles.totalCount).toBe(2);
    expect(drafts.data.articles.edges).toEqual([{ node: { slug: 'draft-two' } }]);
    const next = await desk.query(
      list,
      { filter: { status: ['DRAFT'] }, after: drafts.data.articles.pageInfo.endCursor },
      headers,
    );
    expect(next.data.articles.edges).toEqual([{ node: { slug: 'draft-one' } }]);
    expect(next.data.articles.pageInfo.hasNextPage).toBe(false);

    const walk = async (order: string) => {
      const slugs: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await desk.query(list, { order, after }, headers);
        expect(page.errors).toBeUndefined();
        slugs.push(...page.data.articles.edges.map((e: { node: { slug: string } }) => e.node.slug));
        if (!page.data.articles.pageInfo.hasNextPage) return slugs;
        after = page.data.articles.pageInfo.endCursor;
      }
    };
    expect(await walk('PUBLISHED_AT_DESC')).toEqual(['draft-two', 'draft-one', 'published-one']);
    expect(await walk('PUBLISHED_AT_ASC')).toEqual(['published-one', 'draft-one', 'draft-two']);
    // The public still sees the published article only.
    expect((await desk.query(`{ articles(first: 5) { totalCount edges { node { slug } } } }`)).data.articles).toEqual({
      totalCount: 1,
      edges: [{ node: { slug: 'published-one' } }],
    });
  });
});
