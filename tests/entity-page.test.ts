import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';

// An entity's page reads its newest visible articles through copies of each article's status and
// publication time on its mention rows (migration 20261127150000, kept by triggers). These tests
// change articles the ways writers do and check the page against the articles themselves.

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
const slugs: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ db: database.db, compiledReads: false });
  for (let i = 0; i < 8; i += 1) {
    const { slug } = await createArticle(database.db, {
      slug: `harbour-${i}`,
      publishedAt: new Date(Date.UTC(2026, 2, 1, i)).toISOString(),
      body: `Mira Olsen visited the harbour on day ${i}.`,
      entities: [{ name: 'Mira Olsen', kind: 'PERSON' }],
    });
    slugs.push(slug);
  }
});

async function page(first: number, after?: string) {
  const response = await app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        'query($after: String, $first: Int) { entity(slug: "mira-olsen") { articles(first: $first, after: $after) { edges { node { slug } } pageInfo { endCursor hasNextPage } } } }',
      variables: { first, after },
    }),
  });
  const { data, errors } = (await response.json()) as any;
  expect(errors).toBeUndefined();
  return data.entity.articles as {
    edges: { node: { slug: string } }[];
    pageInfo: { endCursor: string; hasNextPage: boolean };
  };
}

const newestFirst = async () => {
  const rows = await database.db
    .selectFrom('articles')
    .select('slug')
    .where(sql<boolean>`status in ('PUBLISHED', 'SCHEDULED') and published_at <= now()`)
    .where('slug', 'like', 'harbour-%')
    .orderBy('publishedAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => r.slug);
};

describe('entity pages', () => {
  it('list the newest visible articles, page by page', async () => {
    const first = await page(3);
    const second = await page(3, first.pageInfo.endCursor);
    expect([...first.edges, ...second.edges].map((e) => e.node.slug)).toEqual((await newestFirst()).slice(0, 6));
    expect(second.pageInfo.hasNextPage).toBe(true);
  });

  it('follow unpublishing, rescheduling and republishing of an article', async () => {
    await database.db.updateTable('articles').set({ status: 'DRAFT' }).where('slug', '=', 'harbour-7').execute();
    await database.db
      .updateTable('articles')
      .set({ status: 'SCHEDULED', publishedAt: new Date('2099-01-01T00:00:00Z') })
      .where('slug', '=', 'harbour-6')
      .execute();
    await database.db
      .updateTable('articles')
      .set({ publishedAt: new Date('2026-03-10T00:00:00Z') })
      .where('slug', '=', 'harbour-0')
      .execute();
    const listed = (await page(10)).edges.map((e) => e.node.slug);
    expect(listed).toEqual(await newestFirst());
    expect(listed[0]).toBe('harbour-0');
    expect(listed).not.toContain('harbour-7');
    expect(listed).not.toContain('harbour-6');
    // One at a time: a stale copy on the mentions would put a hidden or older article first.
    expect((await page(1)).edges.map((e) => e.node.slug)).toEqual(['harbour-0']);
    const stale = await sql<{
      n: number;
    }>`select count(*)::int as n from article_entities ae join articles a on a.id = ae.article_id
      where ae.article_status is distinct from a.status or ae.article_published_at is distinct from a.published_at`.execute(
      database.db,
    );
    expect(stale.rows[0]!.n).toBe(0);
  });

  it('a mention written by hand gets the article columns from the trigger', async () => {
    const entity = await database.db
      .selectFrom('entities')
      .select('id')
      .where('slug', '=', 'mira-olsen')
      .executeTakeFirstOrThrow();
    const { id } = await createArticle(database.db, {
      slug: 'harbour-late',
      publishedAt: '2026-03-20T00:00:00.000Z',
      body: 'Nothing about anyone.',
    });
    await sql`insert into article_entities (article_id, entity_id) values (${id}, ${entity.id}) on conflict do nothing`.execute(
      database.db,
    );
    const copied = await sql<{ articleStatus: string; articlePublishedAt: Date }>`
      select article_status, article_published_at from article_entities where article_id = ${id} and entity_id = ${entity.id}`.execute(
      database.db,
    );
    expect(copied.rows[0]).toEqual({
      articleStatus: 'PUBLISHED',
      articlePublishedAt: new Date('2026-03-20T00:00:00.000Z'),
    });
    expect((await page(1)).edges[0]!.node.slug).toBe('harbour-late');
  });
});
