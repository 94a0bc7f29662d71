import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { summaryStats } from '../src/content/summary-cache.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';

// The article page and lists read section, summaries, entities and neighbours in their own
// statement, from the read model's declarations (docs/READ-MODEL.md; this file once tested the
// page prefetch they replaced). `node`/`nodes` resolve the same articles through the loaders
// alone, so comparing the two whole responses proves the one statement changes nothing a client
// can see.

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;
let editor: Record<string, string>;

const names = ['Ada Quill', 'Ben Marr', 'Cora Vance', 'Dov Leis'];

beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database);
  editor = (await createToken(database.db, 'editor', ['read:drafts'])).headers;
  for (let i = 0; i < 16; i += 1) {
    await createArticle(database.db, {
      slug: `piece-${i}`,
      title: `Piece ${i}`,
      standfirst: i % 3 === 0 ? undefined : `Standfirst ${i}`,
      section: i % 5 === 4 ? null : ['World', 'Sport'][i % 2],
      status: i === 7 ? 'DRAFT' : undefined,
      publishedAt: new Date(Date.UTC(2026, 1, 1, i)).toISOString(),
      body: `${names[i % 4]} met ${names[(i + 1) % 4]} in Port Vale.\n\nThey spoke about the harbour for an hour.\n\nLater, ${names[i % 4]} left for Lisbon.`,
      // Half have an editorial summary; the others get one generated on demand.
      summary: i % 2 === 0 ? `Editorial summary ${i}.` : undefined,
      entities: [
        { name: names[i % 4]!, kind: 'PERSON' },
        { name: names[(i + 1) % 4]!, kind: 'PERSON' },
        { name: 'Port Vale', kind: 'PLACE' },
      ],
    });
  }
});

const FIELDS = `fragment F on Article {
  id slug title standfirst body paragraphs wordCount readingTimeMinutes publishedAt createdAt updatedAt status
  section { id name slug description }
  summary { text sentences method length generatedAt }
  medium: summary(length: MEDIUM) { text method }
  entities { entity { id name slug kind aliases } mentionCount firstOffset salience source }
  people: entities(kind: PERSON) { entity { name } }
  previousArticle { slug title body publishedAt }
  nextArticle { slug }
  sectionNext: nextArticle(scope: SECTION) { slug section { slug } }
}`;

async function viaLoaders(ids: string[], headers: Record<string, string> = {}) {
  const { data, errors } = await client.query(
    `query($ids: [ID!]!) { nodes(ids: $ids) { ...F } } ${FIELDS}`,
    { ids },
    headers,
  );
  expect(errors).toBeUndefined();
  return data.nodes;
}

describe('pages in one statement, as the loaders answer them', () => {
  it('answers the article page exactly as the loaders do, in one statement', async () => {
    for (let i = 0; i < 16; i += 1) {
      const { result, statements } = await client.countStatements(
        `query($slug: String!) { article(slug: $slug) { ...F } } ${FIELDS}`,
        {
          slug: `piece-${i}`,
        },
      );
      expect(result.errors).toBeUndefined();
      if (i === 7) {
        expect(result.data.article).toBeNull(); // a draft stays invisible to the public
        continue;
      }
      // One statement, plus the write of summaries generated on first request.
      expect(statements).toBeLessThanOrEqual(2);
      const [expected] = await viaLoaders([result.data.article.id]);
      expect(result.data.article).toEqual(expected);
    }
  });

  it('skips a draft as previous/next for the public, not for an editor', async () => {
    const query = `{ article(slug: "piece-8") { previousArticle { slug } } }`;
    expect((await client.query(query)).data.article.previousArticle.slug).toBe('piece-6');
    expect((await client.query(query, undefined, editor)).data.article.previousArticle.slug).toBe('piece-6');
    const draft = await client.query(
      `{ article(slug: "piece-7") { slug previousArticle { slug } section { slug } } }`,
      undefined,
      editor,
    );
    expect(draft.data.article).toEqual({
      slug: 'piece-7',
      previousArticle: { slug: 'piece-6' },
      section: { slug: 'sport' },
    });
  });

  it('answers a list exactly as the loaders do, with fragments and aliases, in one statement', async () => {
    const query = `{ articles(first: 20) { edges { node { ...F ... on Article { again: title } } } } } ${FIELDS}`;
    const { result, statements } = await client.countStatements(query);
    expect(result.errors).toBeUndefined();
    expect(statements).toBe(1);
    const nodes = result.data.articles.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(15);
    const expected = await viaLoaders(nodes.map((n: any) => n.id));
    expect(nodes).toEqual(expected.map((n: any, i: number) => ({ ...n, again: nodes[i].title })));
  });

  it('leaves the body out of a list that does not read it, without starving another field that does', async () => {
    const { result, statements } = await client.countStatements(`{
      articles(last: 3) { edges { node { id title } } }
      article(slug: "piece-0") { body }
      entity(slug: "port-vale") { articles(first: 2) { edges { node { slug standfirst } } } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.articles.edges.map((e: any) => e.node.title)).toEqual(['Piece 2', 'Piece 1', 'Piece 0']);
    expect(result.data.article.body).toContain('Ada Quill met Ben Marr');
    expect(result.data.entity.articles.edges).toEqual([
      { node: { slug: 'piece-15', standfirst: null } },
      { node: { slug: 'piece-14', standfirst: 'Standfirst 14' } },
    ]);
    // The list (a `last` page), the article page and the entity page with its list: one statement
    // (the operation compiled from the declarations; it was 3, one per root field, while `last`
    // pages were the prefetch's).
    expect(statements).toBe(1);
    const [node] = await viaLoaders([result.data.articles.edges.at(-1).node.id]);
    expect(node.body).toBe(result.data.article.body);
  });

  it('still generates a missing summary on demand, stores it, and regenerates it when the body changes', async () => {
    const query = `{ article(slug: "piece-9") { summary { text method } } }`;
    await database.db
      .deleteFrom('summaries')
      .where('articleId', '=', sql<number>`(select id from articles where slug = 'piece-9')`)
      .execute();
    const before = summaryStats.generated;
    const first = await client.query(query);
    expect(first.data.article.summary.method).toBe('EXTRACTIVE');
    expect(summaryStats.generated).toBe(before + 1);
    const again = await client.countStatements(query);
    expect(again.result).toEqual(first);
    expect(again.statements).toBe(1); // stored: read back in the page's statement, not regenerated
    expect(summaryStats.generated).toBe(before + 1);

    await sql`update articles set body = 'Cora Vance sailed from Port Vale at dawn.\n\nNobody saw her go.' where slug = 'piece-9'`.execute(
      database.db,
    );
    const stale = await client.query(query);
    expect(stale.data.article.summary).toEqual({
      text: expect.stringContaining('Cora Vance sailed from Port Vale at dawn.'),
      method: 'EXTRACTIVE',
    });
    expect(summaryStats.generated).toBe(before + 2);
  });
});
