import { describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/database.js';
import { admin, createTestClient, createTestDatabase } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';

describe('a database whose time zone is not UTC', () => {
  it('changes no timestamp the API returns (sessions run in UTC)', async () => {
    const database = await createTestDatabase();
    // Before 1883 New York kept local mean time, an offset with seconds (-04:56:02) that
    // PostgreSQL writes into JSON as such and JavaScript's Date cannot read.
    await admin((c) => c.query(`alter database ${database.name} set timezone to 'America/New_York'`));
    const handle = createDatabase(database.url, { poolMax: 2 });
    try {
      const { rows } = await handle.pool.query<{ TimeZone: string }>('show timezone');
      expect(rows[0]!.TimeZone).toBe('UTC');
      await createArticle(handle.db, { slug: 'old-news', publishedAt: '1850-06-01T12:00:00.000Z' });
      await createArticle(handle.db, { slug: 'new-news', publishedAt: '2026-06-01T12:00:00.000Z' });
      for (const compiledReads of [false, true]) {
        const client = createTestClient(handle, { compiledReads });
        for (const [slug, expected] of [
          ['old-news', '1850-06-01T12:00:00.000Z'],
          ['new-news', '2026-06-01T12:00:00.000Z'],
        ]) {
          const result = await client.query(
            `{ article(slug: "${slug}") { publishedAt previousArticle { slug publishedAt } } }`,
          );
          expect(result.errors).toBeUndefined();
          expect(result.data.article.publishedAt).toBe(expected);
          if (slug === 'new-news')
            expect(result.data.article.previousArticle).toEqual({
              slug: 'old-news',
              publishedAt: '1850-06-01T12:00:00.000Z',
            });
        }
        const list = await client.query(
          '{ articles(first: 5, orderBy: PUBLISHED_AT_ASC) { edges { node { slug publishedAt previousArticle { publishedAt } } } } }',
        );
        expect(list.errors).toBeUndefined();
        expect(
          list.data.articles.edges.map((e: any) => [
            e.node.slug,
            e.node.publishedAt,
            e.node.previousArticle?.publishedAt ?? null,
          ]),
        ).toEqual([
          ['old-news', '1850-06-01T12:00:00.000Z', null],
          ['new-news', '2026-06-01T12:00:00.000Z', '1850-06-01T12:00:00.000Z'],
        ]);
        for (const [_slug, _expected] of [['old-news', '1850-06-01T12:00:00.000Z']]) {
        }
      }
    } finally {
      await handle.close();
    }
  });
});
