import { type FieldNode, type GraphQLObjectType, type OperationDefinitionNode, parse } from 'graphql';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileField, compileOperation } from '../src/compiled/compile.js';
import { DEFAULT_SEARCH_RANK_WINDOW, loadImagesConfig } from '../src/config.js';
import { EXTRACTIVE_GENERATOR } from '../src/content/summary-model.js';
import { PUBLIC_VISIBILITY } from '../src/db/queries/articles.js';
import { feedArticleIdsSql, listFeedArticles } from '../src/db/queries/feeds.js';
import { schema } from '../src/schema/index.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';

// `articles(filter:)` by one entity, author or tag alone is that parent's own list: its rows come
// from the parent's page index (as Entity.articles, Author.articles, Tag.articles read them), an
// index range of the page's length however large the archive, not a walk of every visible article
// in order checking each one's link. Measured by the rows the plan reads from `articles` (EXPLAIN
// ANALYZE counts them; no clock), and the answers compared with the parent's own list.

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;
/** Articles newer than the linked ones: what a walk in publication order reads before reaching them. */
const ARCHIVE = 3000;

beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database);
  // Three old articles link the rare entity, author and tag; the archive after them links nothing.
  for (let i = 0; i < 3; i += 1) {
    await createArticle(database.db, {
      slug: `rare-${i}`,
      publishedAt: new Date(Date.UTC(2020, 0, 1, i)).toISOString(),
      body: `Zora Quint spoke at the harbour.\n\nStory ${i}.`,
      entities: [{ name: 'Zora Quint', kind: 'PERSON' }],
      bylines: ['Zora Quint'],
      tags: ['Rare Tag'],
    });
  }
  // The archive links a common entity, author and tag, copied from one article's links.
  const common = await createArticle(database.db, {
    slug: 'common',
    publishedAt: new Date(Date.UTC(2020, 0, 2)).toISOString(),
    body: 'Max Common spoke.',
    entities: [{ name: 'Max Common', kind: 'PERSON' }],
    bylines: ['Max Common'],
    tags: ['Common Tag'],
  });
  await sql`insert into articles (slug, title, body, status, published_at)
    select 'bulk-' || n, 'Bulk ' || n, 'Text.', 'PUBLISHED', timestamptz '2026-01-01T00:00:00Z' + n * interval '1 minute'
    from generate_series(1, ${ARCHIVE}::int) n`.execute(database.db);
  const bulk = sql`(select id from articles where slug like 'bulk-%') b`;
  await sql`insert into article_entities (article_id, entity_id, mention_count, first_offset, salience, source)
    select b.id, ae.entity_id, ae.mention_count, ae.first_offset, ae.salience, ae.source
    from ${bulk} cross join article_entities ae where ae.article_id = ${common.id}`.execute(database.db);
  await sql`insert into article_bylines (article_id, position, author_id, credit)
    select b.id, ab.position, ab.author_id, ab.credit from ${bulk} cross join article_bylines ab where ab.article_id = ${common.id}`.execute(
    database.db,
  );
  await sql`insert into article_tags (article_id, tag_id, position)
    select b.id, t.tag_id, t.position from ${bulk} cross join article_tags t where t.article_id = ${common.id}`.execute(
    database.db,
  );
  await sql`analyze`.execute(database.db);
});

const OPTIONS = {
  searchRankWindow: DEFAULT_SEARCH_RANK_WINDOW,
  search: true,
  visibility: PUBLIC_VISIBILITY,
  summaryGenerator: EXTRACTIVE_GENERATOR,
  renditions: loadImagesConfig({}).renditions,
};

interface PlanNode {
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/** The rows the nodes of the plan read from `articles` (those its filters removed too), and the indexes it used. */
async function measure(text: string, parameters: unknown[]) {
  const { rows } = await database.pool.query(`explain (analyze, format json) ${text}`, parameters);
  const plan = (rows[0] as { 'QUERY PLAN': [{ Plan: PlanNode }] })['QUERY PLAN'][0].Plan;
  let articleRows = 0;
  const indexes = new Set<string>();
  const walk = (node: PlanNode) => {
    if (node['Relation Name'] === 'articles')
      articleRows += (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0)) * node['Actual Loops'];
    if (node['Index Name']) indexes.add(node['Index Name']);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan);
  return { articleRows, indexes };
}

/** The statement the executor's resolver of the document's one root field reads through (compileField). */
function runtimeStatement(query: string, variables: Record<string, unknown>) {
  const operation = parse(query).definitions[0] as OperationDefinitionNode;
  const statement = compileField(
    {
      schema,
      parentType: schema.getQueryType() as GraphQLObjectType,
      fieldNodes: [operation.selectionSet.selections[0] as FieldNode],
      fragments: {},
      variables,
    },
    OPTIONS,
  );
  if (!statement) throw new Error('not read through');
  return statement;
}

function compiledStatement(query: string, variables: Record<string, unknown>) {
  const compiled = compileOperation(schema, parse(query), null, OPTIONS);
  if (!compiled) throw new Error('not compiled');
  return { text: compiled.text, parameters: compiled.parameters(variables) };
}

const FILTERS = [
  { name: 'entity', slug: 'zora-quint', index: 'article_entities_entity_page_idx', parent: 'entity' },
  { name: 'author', slug: 'zora-quint', index: 'article_bylines_author_page_idx', parent: 'author' },
  { name: 'tag', slug: 'rare-tag', index: 'article_tags_tag_page_idx', parent: 'tag' },
] as const;

const PAGE = 'edges { cursor node { slug publishedAt } } pageInfo { hasNextPage hasPreviousPage endCursor }';

describe('articles(filter:) by one entity, author or tag alone reads its page index', () => {
  for (const filter of FILTERS) {
    it(`${filter.name}: the page index, a page's worth of articles read, on every path; the parent's own list`, async () => {
      const documents = [
        // Written out, a variable inside the filter, and the whole filter a variable.
        [`{ articles(first: 2, filter: { ${filter.name}: "${filter.slug}" }) { ${PAGE} } }`, {}],
        [`query($s: String) { articles(first: 2, filter: { ${filter.name}: $s }) { ${PAGE} } }`, { s: filter.slug }],
        [
          `query($f: ArticleFilter) { articles(first: 2, filter: $f) { ${PAGE} } }`,
          { f: { [filter.name]: filter.slug } },
        ],
      ] as const;
      const parent = await client.query(
        `{ ${filter.parent}(slug: "${filter.slug}") { articles(first: 2) { ${PAGE} } } }`,
      );
      expect(parent.errors).toBeUndefined();
      const expected = parent.data[filter.parent].articles;
      expect(expected.edges.map((e: any) => e.node.slug)).toEqual(['rare-2', 'rare-1']);
      for (const [query, variables] of documents) {
        const answer = await client.query(query, variables);
        expect(answer.errors).toBeUndefined();
        expect(answer.data.articles, query).toEqual(expected);
        const statements = [runtimeStatement(query, variables)];
        // A whole filter in a variable has no shape to compile for: read through per request only.
        if (!query.includes('$f')) statements.push(compiledStatement(query, variables));
        for (const { text, parameters } of statements) {
          const { articleRows, indexes } = await measure(text, parameters);
          expect([...indexes], query).toContain(filter.index);
          // The page (2 and the one past it), each read once, where the walk read the archive.
          expect(articleRows, query).toBeLessThanOrEqual(3);
        }
      }
      // The next page from the cursor, through the index too, as the parent's list answers it.
      const after = expected.pageInfo.endCursor;
      const next = `query($a: String) { articles(first: 2, after: $a, filter: { ${filter.name}: "${filter.slug}" }) { ${PAGE} } }`;
      const parentNext = await client.query(
        `query($a: String) { ${filter.parent}(slug: "${filter.slug}") { articles(first: 2, after: $a) { ${PAGE} } } }`,
        { a: after },
      );
      const answer = await client.query(next, { a: after });
      expect(answer.data.articles).toEqual(parentNext.data[filter.parent].articles);
      expect(answer.data.articles.edges.map((e: any) => e.node.slug)).toEqual(['rare-0']);
      const { articleRows, indexes } = await measure(
        ...(Object.values(runtimeStatement(next, { a: after })) as [string, unknown[]]),
      );
      expect([...indexes]).toContain(filter.index);
      expect(articleRows).toBeLessThanOrEqual(3);
    });
  }

  it('with another condition, or a slug of nothing, the filter as before', async () => {
    const both = await client.query(
      `{ articles(first: 5, filter: { entity: "zora-quint", tag: "rare-tag" }) { totalCount edges { node { slug } } } }`,
    );
    expect(both.data.articles.edges.map((e: any) => e.node.slug)).toEqual(['rare-2', 'rare-1', 'rare-0']);
    expect(both.data.articles.totalCount).toBe(3);
    const none = await client.query(
      `query($s: String) { articles(first: 5, filter: { entity: $s }) { totalCount edges { node { slug } } } }`,
      { s: 'no-such-entity' },
    );
    expect(none.data.articles).toEqual({ totalCount: 0, edges: [] });
    // A null slug is no filter: the whole list.
    const all = await client.query(
      `query($s: String) { articles(first: 1, filter: { entity: $s }) { totalCount edges { node { slug } } } }`,
      { s: null },
    );
    expect(all.data.articles.totalCount).toBe(ARCHIVE + 4);
    expect(all.data.articles.edges.map((e: any) => e.node.slug)).toEqual([`bulk-${ARCHIVE}`]);
  });

  it("the feeds' page of ids (feedArticleIdsSql): the same page index, the same articles as the API's lists", async () => {
    const ids = async (table: string, slug: string) =>
      (await sql<{ id: number }>`select id from ${sql.table(table)} where slug = ${slug}`.execute(database.db)).rows[0]!
        .id;
    const scopes = [
      ['entity', { entityId: await ids('entities', 'zora-quint') }, FILTERS[0].index],
      ['author', { authorId: await ids('authors', 'zora-quint') }, FILTERS[1].index],
      ['tag', { tagId: await ids('tags', 'rare-tag') }, FILTERS[2].index],
    ] as const;
    for (const [parent, filter, index] of scopes) {
      const slug = parent === 'tag' ? 'rare-tag' : 'zora-quint';
      const api = await client.query(
        `{ ${parent}(slug: "${slug}") { articles(first: 2) { edges { node { slug } } } } }`,
      );
      const feed = await listFeedArticles(database.db, filter, 2, EXTRACTIVE_GENERATOR);
      expect(feed.map((row) => row.slug)).toEqual(api.data[parent].articles.edges.map((e: any) => e.node.slug));
      const { sql: text, parameters } = feedArticleIdsSql(filter, 2).compile(database.db);
      const { articleRows, indexes } = await measure(text, [...parameters]);
      expect([...indexes]).toContain(index);
      expect(articleRows).toBeLessThanOrEqual(2);
    }
    // The whole site, and a section front (its subsections' articles too), as the API lists them.
    const site = await listFeedArticles(database.db, {}, 3, EXTRACTIVE_GENERATOR);
    expect(site.map((row) => row.slug)).toEqual([`bulk-${ARCHIVE}`, `bulk-${ARCHIVE - 1}`, `bulk-${ARCHIVE - 2}`]);
    const world = await client.query(
      '{ section(slug: "world") { id articles(first: 5) { edges { node { slug } } } } }',
    );
    const section = await ids('sections', 'world');
    const front = await listFeedArticles(database.db, { sectionTree: section }, 5, EXTRACTIVE_GENERATOR);
    expect(front.map((row) => row.slug)).toEqual(world.data.section.articles.edges.map((e: any) => e.node.slug));
    expect(front).toHaveLength(4);
  });
});
