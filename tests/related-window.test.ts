import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { RELATED_CANDIDATES_PER_ENTITY, RELATED_ENTITIES_PER_ARTICLE } from '../src/config.js';
import { relatedRanksSql } from '../src/db/queries/articles.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;
let editor: ReturnType<typeof createTestClient>;

// Two popular entities, each with more newer articles than one entity offers to the ranking; an
// old article mentions both, as the source does. Unbounded, it would share two entities and rank
// first; bounded, neither entity offers it, so the page's work stays the same however old the archive.
const WINDOW = RELATED_CANDIDATES_PER_ENTITY;

beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database);
  editor = createTestClient(database, { compiledReads: false });
  const db = database.db;
  const both = [
    { name: 'Ada Quill', kind: 'PERSON' as const },
    { name: 'Port Vale', kind: 'PLACE' as const },
  ];
  await createArticle(db, { slug: 'old-both', publishedAt: '2020-01-01T00:00:00Z', entities: both });
  const quill = await createArticle(db, {
    slug: 'quill-template',
    publishedAt: '2021-01-01T00:00:00Z',
    entities: [both[0]!],
  });
  const vale = await createArticle(db, {
    slug: 'vale-template',
    publishedAt: '2021-01-01T00:00:00Z',
    entities: [both[1]!],
  });
  // Copies of the two one-entity articles, each newer than the last (SQL: hundreds through the importer are slow).
  for (const [template, prefix] of [
    [quill.id, 'quill'],
    [vale.id, 'vale'],
  ] as const) {
    await sql`
      with copies as (
        insert into articles (slug, title, body, status, published_at, section_id, word_count)
        select ${prefix} || '-' || n, a.title || ' ' || n, a.body, a.status, timestamptz '2022-01-01' + n * interval '1 hour',
          a.section_id, a.word_count
        from articles a, generate_series(1, ${WINDOW}) n where a.id = ${template}
        returning id)
      insert into article_entities (article_id, entity_id, mention_count, salience)
      select c.id, m.entity_id, m.mention_count, m.salience from copies c, article_entities m where m.article_id = ${template}`.execute(
      db,
    );
  }
  await createArticle(db, { slug: 'source', publishedAt: '2025-01-01T00:00:00Z', entities: both });
}, 60_000);

describe('relatedArticles over popular entities', () => {
  const query = `{ article(slug: "source") { relatedArticles(first: 20) { slug } } }`;

  it(`ranks among each shared entity's ${WINDOW} newest visible articles, on the fast path and the executor alike`, async () => {
    const fast = await client.query(query);
    const executed = await editor.query(query);
    expect(fast.errors).toBeUndefined();
    expect(executed).toEqual(fast);
    const slugs = fast.data.article.relatedArticles.map((a: { slug: string }) => a.slug);
    // Outside both windows: not offered, though it shares two entities.
    expect(slugs).not.toContain('old-both');
    // Each shares one entity; the newest first, then by id.
    expect(slugs).toHaveLength(20);
    expect(slugs.slice(0, 4)).toEqual([
      `vale-${WINDOW}`,
      `quill-${WINDOW}`,
      `vale-${WINDOW - 1}`,
      `quill-${WINDOW - 1}`,
    ]);
  });

  it('still ranks an article sharing more entities first when an entity offers it', async () => {
    await sql`update articles set published_at = '2024-06-01' where slug = 'old-both'`.execute(database.db);
    await sql`update article_entities set article_published_at = '2024-06-01'
      where article_id = (select id from articles where slug = 'old-both')`.execute(database.db);
    const fast = await client.query(`{ article(slug: "source") { relatedArticles(first: 2) { slug } } }`);
    expect(fast.data.article.relatedArticles.map((a: { slug: string }) => a.slug)).toEqual([
      'old-both',
      `vale-${WINDOW}`,
    ]);
  });

  it('reads articles only for the ones it returns: candidates are ranked and cut on the mentions', async () => {
    // Joined to articles before the cut, each of the source's 400 candidates cost a lookup of its
    // article: 240 ms of database time for a page of 100 articles' relatedArticles at 10,000 articles.
    const source = await database.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', 'source')
      .executeTakeFirstOrThrow();
    // Nested loops only, over statistics of these rows, so that the rows of articles read are the
    // lookups (a hash join over this small table would read all of it either way).
    await sql`analyze articles, article_entities`.execute(database.db);
    const plan = await database.db.transaction().execute(async (trx) => {
      await sql`set local enable_hashjoin = off`.execute(trx);
      await sql`set local enable_mergejoin = off`.execute(trx);
      await sql`set local enable_seqscan = off`.execute(trx);
      const { rows } = await sql<{
        'QUERY PLAN': unknown;
      }>`explain (analyze, format json) select * from ${relatedRanksSql(sql`${source.id}::int`, sql`2`)} r`.execute(
        trx,
      );
      return rows[0]!['QUERY PLAN'];
    });
    type PlanNode = {
      'Relation Name'?: string;
      'Actual Rows': number;
      'Actual Loops': number;
      'Rows Removed by Filter'?: number;
      Plans?: PlanNode[];
    };
    let articleRowsRead = 0;
    const walk = (node: PlanNode) => {
      if (node['Relation Name'] === 'articles')
        articleRowsRead += (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0)) * node['Actual Loops'];
      for (const child of node.Plans ?? []) walk(child);
    };
    walk((plan as { Plan: PlanNode }[])[0]!.Plan);
    expect(articleRowsRead).toBeGreaterThan(0);
    expect(articleRowsRead).toBeLessThanOrEqual(2);
  });
});

describe('relatedArticles of an article that names many entities', () => {
  // Its RELATED_ENTITIES_PER_ARTICLE most salient entities offer candidates, so the field's work is
  // bounded whatever an article names (150 entities read 30,000 candidates, 290 ms, for a cost of 50).
  const names = Array.from(
    { length: RELATED_ENTITIES_PER_ARTICLE + 5 },
    (_, i) => `Wide Entity ${String(i).padStart(2, '0')}`,
  );
  const entity = (name: string) => ({ name, kind: 'PERSON' as const });

  beforeAll(async () => {
    const db = database.db;
    const wide = await createArticle(db, {
      slug: 'wide',
      publishedAt: '2025-02-01T00:00:00Z',
      entities: names.map(entity),
    });
    // Salience falls with the number in the name: the last five are the least salient.
    await sql`update article_entities ae set salience = 0.9 - 0.01 * substring(e.name from '[0-9]+$')::int
      from entities e where e.id = ae.entity_id and ae.article_id = ${wide.id}`.execute(db);
    await createArticle(db, {
      slug: 'shares-the-tail',
      publishedAt: '2025-01-20T00:00:00Z',
      entities: names.slice(RELATED_ENTITIES_PER_ARTICLE).map(entity),
    });
    await createArticle(db, {
      slug: 'shares-the-head',
      publishedAt: '2025-01-10T00:00:00Z',
      entities: [entity(names[0]!)],
    });
  });

  it('finds related articles through its most salient entities only, on the fast path and the executor alike', async () => {
    const query = `{ article(slug: "wide") { relatedArticles(first: 5) { slug } } }`;
    const fast = await client.query(query);
    const executed = await editor.query(query);
    expect(fast.errors).toBeUndefined();
    expect(executed).toEqual(fast);
    const slugs = fast.data.article.relatedArticles.map((a: { slug: string }) => a.slug);
    expect(slugs).toEqual(['shares-the-head']);
  });
});
