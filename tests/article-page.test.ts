import { existsSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { importNdjson } from '../src/content/importer.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';

// The article page this product was designed from, with its previous and next articles.
const seedPath = new URL('../../shared/corpus/seed-article.json', import.meta.url).pathname;

const PAGE = `query ArticlePage($slug: String!) {
  article(slug: $slug) {
    title
    standfirst
    paragraphs
    publishedAt
    readingTimeMinutes
    section { name slug }
    summary(length: SHORT) { text sentences method }
    entities { entity { name kind slug } mentionCount }
    previousArticle { title slug section { name } }
    nextArticle { title slug section { name } }
  }
}`;

describe.skipIf(!existsSync(seedPath))('the seed article page', () => {
  let database: TestDatabase;
  let seed: any;

  beforeAll(async () => {
    database = await createTestDatabase();
    seed = JSON.parse(readFileSync(seedPath, 'utf8'));
    const at = new Date(seed.publishedAt).getTime();
    const neighbour = (article: { title: string; section: string }, offsetHours: number) => ({
      title: article.title,
      section: article.section,
      body: `${article.title}.`,
      publishedAt: new Date(at + offsetHours * 3_600_000).toISOString(),
    });
    const records = [
      neighbour(seed.previousArticle, -5),
      {
        externalId: 'seed-article',
        slug: 'expanded-diplomatic-efforts-nagorno-karabakh',
        title: seed.title,
        section: seed.section,
        publishedAt: seed.publishedAt,
        body: seed.paragraphs.join('\n\n'),
        summary: 'The United States offered to help Armenia and Azerbaijan negotiate peace over Nagorno-Karabakh.',
        entities: [
          { name: 'Anthony Blinken', kind: 'PERSON' },
          { name: 'Nikol Pashinyan', kind: 'PERSON' },
          { name: 'Nagorno-Karabakh', kind: 'PLACE' },
        ],
      },
      neighbour(seed.nextArticle, 7),
    ];
    const report = await importNdjson(database.db, Readable.from(records.map((r) => JSON.stringify(r)).join('\n')));
    expect(report.skipped).toEqual([]);
  });

  it('renders from one query: article, section, entities, summary, previous and next', async () => {
    const result = await createTestClient(database).query(PAGE, {
      slug: 'expanded-diplomatic-efforts-nagorno-karabakh',
    });
    expect(result.errors).toBeUndefined();
    const article = result.data.article;
    expect(article).toMatchObject({
      title: 'Expanded Diplomatic Efforts in Nagorno-Karabakh Silence',
      standfirst: null,
      paragraphs: seed.paragraphs,
      publishedAt: '2023-03-19T10:00:00.000Z',
      readingTimeMinutes: 2,
      section: { name: 'World', slug: 'world' },
      summary: {
        text: 'The United States offered to help Armenia and Azerbaijan negotiate peace over Nagorno-Karabakh.',
        sentences: ['The United States offered to help Armenia and Azerbaijan negotiate peace over Nagorno-Karabakh.'],
        method: 'EDITORIAL',
      },
      previousArticle: { title: seed.previousArticle.title, section: { name: 'World' } },
      nextArticle: { title: seed.nextArticle.title, section: { name: 'Sport' } },
    });
    const entities = Object.fromEntries(article.entities.map((e: any) => [e.entity.name, e]));
    expect(entities['Nagorno-Karabakh']).toEqual({
      entity: { name: 'Nagorno-Karabakh', kind: 'PLACE', slug: 'nagorno-karabakh' },
      mentionCount: 4,
    });
    expect(entities['Nikol Pashinyan']).toMatchObject({ mentionCount: 2 });
    expect(entities['Anthony Blinken']).toMatchObject({ mentionCount: 1 });
  });
});
