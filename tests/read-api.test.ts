import { getNamedType, isObjectType } from 'graphql';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { paragraphsSql } from '../src/db/queries/articles.js';
import { schema } from '../src/schema/index.js';
import { splitParagraphs } from '../src/text/text.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;
const ids: Record<string, number> = {};

// A small newsroom: five visible World/Sport articles, with a tie on publishedAt broken by id,
// plus a draft, a scheduled one in the future, a scheduled one whose time has come and an archived one.
beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database);
  const db = database.db;
  ids.w1 = (
    await createArticle(db, {
      slug: 'harbour-reopens',
      title: 'Harbour reopens after storm',
      section: 'World',
      publishedAt: '2026-03-01T08:00:00Z',
      standfirst: 'Ships return to the quay.',
      body: 'The harbour at Port Vale reopened on Monday.\n\nMayor Ada Quill thanked the crews. Quill said repairs took a week.',
      entities: [
        { name: 'Ada Quill', kind: 'PERSON' },
        { name: 'Port Vale', kind: 'PLACE' },
      ],
      summary: 'Port Vale harbour reopened after a week of repairs.',
    })
  ).id;
  ids.s1 = (
    await createArticle(db, {
      slug: 'vale-united-win',
      title: 'Vale United win the cup',
      section: 'Sport',
      publishedAt: '2026-03-02T08:00:00Z',
      body: 'Vale United beat Riverton in the final at Port Vale.\n\nThe captain lifted the trophy.',
      entities: [
        { name: 'Vale United', kind: 'ORGANIZATION' },
        { name: 'Port Vale', kind: 'PLACE' },
        { name: 'Riverton', kind: 'PLACE' },
      ],
    })
  ).id;
  ids.w2 = (
    await createArticle(db, {
      slug: 'quill-budget',
      title: 'Quill presents the harbour budget',
      section: 'World',
      publishedAt: '2026-03-03T08:00:00Z',
      body: 'Ada Quill presented a budget for the harbour of Port Vale.\n\nQuill promised new cranes for the harbour.',
      entities: [
        { name: 'Ada Quill', kind: 'PERSON' },
        { name: 'Port Vale', kind: 'PLACE' },
      ],
    })
  ).id;
  // Same publishedAt as w2: the higher id comes after it.
  ids.s2 = (
    await createArticle(db, {
      slug: 'riverton-coach-leaves',
      title: 'Riverton coach leaves',
      section: 'Sport',
      publishedAt: '2026-03-03T08:00:00Z',
      body: 'The Riverton coach resigned after the final.',
      entities: [{ name: 'Riverton', kind: 'PLACE' }],
    })
  ).id;
  ids.w3 = (
    await createArticle(db, {
      slug: 'ferry-timetable',
      title: 'New ferry timetable for the harbour',
      section: 'World',
      publishedAt: '2026-03-04T08:00:00Z',
      body: 'A new ferry timetable starts next week in Port Vale.',
      entities: [{ name: 'Port Vale', kind: 'PLACE' }],
    })
  ).id;
  ids.draft = (
    await createArticle(db, {
      slug: 'secret-draft',
      title: 'Draft about the harbour',
      status: 'DRAFT',
      publishedAt: null,
      section: 'World',
      entities: [{ name: 'Port Vale', kind: 'PLACE' }],
    })
  ).id;
  ids.future = (
    await createArticle(db, {
      slug: 'future-harbour',
      title: 'Scheduled harbour story',
      status: 'SCHEDULED',
      publishedAt: '2099-01-01T00:00:00Z',
      section: 'World',
      entities: [{ name: 'Port Vale', kind: 'PLACE' }],
    })
  ).id;
  ids.due = (
    await createArticle(db, {
      slug: 'due-story',
      title: 'Scheduled story now due',
      status: 'SCHEDULED',
      publishedAt: '2026-02-01T00:00:00Z',
      section: 'World',
    })
  ).id;
  ids.archived = (
    await createArticle(db, {
      slug: 'old-harbour',
      title: 'Archived harbour story',
      status: 'ARCHIVED',
      publishedAt: '2026-02-15T00:00:00Z',
      section: 'World',
    })
  ).id;
});

const ARTICLE_FIELDS = `id slug title standfirst body paragraphs status publishedAt updatedAt wordCount readingTimeMinutes section { slug name }`;

describe('Query.article', () => {
  it('finds an article by slug and by global id with every scalar field', async () => {
    const bySlug = await client.query(`{ article(slug: "harbour-reopens") { ${ARTICLE_FIELDS} } }`);
    expect(bySlug.errors).toBeUndefined();
    const article = bySlug.data.article;
    expect(article).toMatchObject({
      id: globalId('Article', ids.w1),
      slug: 'harbour-reopens',
      title: 'Harbour reopens after storm',
      standfirst: 'Ships return to the quay.',
      body: 'The harbour at Port Vale reopened on Monday.\n\nMayor Ada Quill thanked the crews. Quill said repairs took a week.',
      paragraphs: [
        'The harbour at Port Vale reopened on Monday.',
        'Mayor Ada Quill thanked the crews. Quill said repairs took a week.',
      ],
      status: 'PUBLISHED',
      publishedAt: '2026-03-01T08:00:00.000Z',
      wordCount: 20,
      readingTimeMinutes: 1,
      section: { slug: 'world', name: 'World' },
    });
    expect(new Date(article.updatedAt).toISOString()).toBe(article.updatedAt);
    const byId = await client.query(`query($id: ID!) { article(id: $id) { ${ARTICLE_FIELDS} } }`, { id: article.id });
    expect(byId).toEqual(bySlug);
  });

  it('returns null for an unknown slug', async () => {
    expect(await client.query('{ article(slug: "no-such-article") { id } }')).toEqual({ data: { article: null } });
  });

  it('refuses both id and slug, and neither, with BAD_USER_INPUT', async () => {
    const both = await client.query(
      `{ article(id: "${globalId('Article', ids.w1)}", slug: "harbour-reopens") { id } }`,
    );
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(both.errors?.[0]?.message).toBe('Pass exactly one of `id` or `slug`');
    const neither = await client.query('{ article { id } }');
    expect(neither.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a malformed id or an id of another type with INVALID_ID', async () => {
    for (const id of ['not-base64!', globalId('Entity', 1), globalId('Article', -3)]) {
      const result = await client.query('query($id: ID!) { article(id: $id) { id } }', { id });
      expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_ID');
    }
  });
});

describe('Article.paragraphs', () => {
  it('is src/text/text.ts splitParagraphs, in SQL (the fast path reads it there), on bodies no writer stores too', async () => {
    const bodies = [
      '',
      'One.',
      'One.\n\nTwo.',
      '  One \n spread\tover\n lines  \r\n\r\n\r\nTwo\r\rThree\n \t \n\n  ',
      '\u00a0Non-breaking\u00a0\n\u2003em space\u3000\n\nNext\ufeff',
      '\n\n\n',
      'Tabs\t\n\t\nsplit? no: only spaces and tabs between the breaks\n\u00a0\nstay one',
      'Ünïcödé — “quotes” and emoji 🎉\n\n後の段落',
    ];
    const { rows } = await sql<{ paragraphs: string[] }>`select ${sql.raw(paragraphsSql('t'))} as paragraphs
      from unnest(${bodies}::text[]) with ordinality t(body, i) order by i`.execute(database.db);
    expect(rows.map((row) => row.paragraphs)).toEqual(bodies.map(splitParagraphs));
  });
});

describe('visibility', () => {
  it('hides drafts, future scheduled and archived articles from every public path', async () => {
    for (const slug of ['secret-draft', 'future-harbour', 'old-harbour']) {
      expect((await client.query(`{ article(slug: "${slug}") { id } }`)).data.article).toBeNull();
    }
    const node = await client.query(`{ node(id: "${globalId('Article', ids.draft)}") { id } }`);
    expect(node.data.node).toBeNull();
    const list = await client.query('{ articles(first: 100) { totalCount edges { node { slug } } } }');
    expect(list.data.articles.edges.map((e: any) => e.node.slug)).toEqual([
      'ferry-timetable',
      'riverton-coach-leaves',
      'quill-budget',
      'vale-united-win',
      'harbour-reopens',
      'due-story',
    ]);
    expect(list.data.articles.totalCount).toBe(6);
    const search = await client.query(
      '{ search(query: "harbour", first: 50) { edges { node { article { slug } } } } }',
    );
    const found = search.data.search.edges.map((e: any) => e.node.article.slug);
    expect(found).not.toContain('secret-draft');
    expect(found).not.toContain('future-harbour');
    expect(found).not.toContain('old-harbour');
    const entity = await client.query(
      '{ entity(slug: "port-vale") { articleCount articles(first: 50) { edges { node { slug } } } } }',
    );
    expect(entity.data.entity.articleCount).toBe(4);
    expect(entity.data.entity.articles.edges.map((e: any) => e.node.slug)).toEqual([
      'ferry-timetable',
      'quill-budget',
      'vale-united-win',
      'harbour-reopens',
    ]);
  });

  it('shows a scheduled article whose time has come as PUBLISHED', async () => {
    const result = await client.query('{ article(slug: "due-story") { status publishedAt } }');
    expect(result.data.article).toEqual({ status: 'PUBLISHED', publishedAt: '2026-02-01T00:00:00.000Z' });
  });
});

describe('previous and next', () => {
  it('walks the whole timeline in order, breaking the publishedAt tie on id', async () => {
    const query = `query($slug: String!) { article(slug: $slug) { slug previousArticle { slug } nextArticle { slug } } }`;
    const expected: [string, string | null, string | null][] = [
      ['due-story', null, 'harbour-reopens'],
      ['harbour-reopens', 'due-story', 'vale-united-win'],
      ['vale-united-win', 'harbour-reopens', 'quill-budget'],
      ['quill-budget', 'vale-united-win', 'riverton-coach-leaves'],
      ['riverton-coach-leaves', 'quill-budget', 'ferry-timetable'],
      ['ferry-timetable', 'riverton-coach-leaves', null],
    ];
    for (const [slug, previous, next] of expected) {
      const { data } = await client.query(query, { slug });
      expect(data.article).toEqual({
        slug,
        previousArticle: previous ? { slug: previous } : null,
        nextArticle: next ? { slug: next } : null,
      });
    }
  });

  it('stays within the section with scope SECTION', async () => {
    const { data } = await client.query(`{
      w2: article(slug: "quill-budget") { previousArticle(scope: SECTION) { slug } nextArticle(scope: SECTION) { slug } }
      s1: article(slug: "vale-united-win") { previousArticle(scope: SECTION) { slug } nextArticle(scope: SECTION) { slug } }
    }`);
    expect(data).toEqual({
      w2: { previousArticle: { slug: 'harbour-reopens' }, nextArticle: { slug: 'ferry-timetable' } },
      s1: { previousArticle: null, nextArticle: { slug: 'riverton-coach-leaves' } },
    });
  });
});

describe('entities, summaries and related articles of an article', () => {
  it('lists entities most salient first, with mention counts, and filters by kind', async () => {
    const { data } = await client.query(`{ article(slug: "harbour-reopens") {
      entities { entity { name slug kind } mentionCount firstOffset salience source }
      places: entities(kind: PLACE) { entity { name } }
    } }`);
    expect(data.article.entities).toEqual([
      {
        entity: { name: 'Ada Quill', slug: 'ada-quill', kind: 'PERSON' },
        mentionCount: 2,
        firstOffset: 81,
        salience: expect.any(Number),
        source: 'IMPORTED',
      },
      {
        entity: { name: 'Port Vale', slug: 'port-vale', kind: 'PLACE' },
        mentionCount: 1,
        firstOffset: 44,
        salience: expect.any(Number),
        source: 'IMPORTED',
      },
    ]);
    const [first, second] = data.article.entities;
    expect(first.salience).toBeGreaterThanOrEqual(second.salience);
    expect(data.article.places).toEqual([{ entity: { name: 'Port Vale' } }]);
  });

  it('returns the stored editorial summary at SHORT and generates the others from the body', async () => {
    const { data } = await client.query(`{ article(slug: "harbour-reopens") {
      summary { text sentences length method generatedAt }
      long: summary(length: LONG) { text sentences method }
    } }`);
    expect(data.article.summary).toEqual({
      text: 'Port Vale harbour reopened after a week of repairs.',
      sentences: ['Port Vale harbour reopened after a week of repairs.'],
      length: 'SHORT',
      method: 'EDITORIAL',
      generatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    // The body has three sentences: LONG (about five) never gives more than the article has.
    expect(data.article.long).toEqual({
      text: 'The harbour at Port Vale reopened on Monday. Mayor Ada Quill thanked the crews. Quill said repairs took a week.',
      sentences: [
        'The harbour at Port Vale reopened on Monday.',
        'Mayor Ada Quill thanked the crews.',
        'Quill said repairs took a week.',
      ],
      method: 'EXTRACTIVE',
    });
  });

  it('ranks related articles by shared entities, then recency, and never shows hidden ones', async () => {
    const { data } = await client.query(
      `{ article(slug: "harbour-reopens") { relatedArticles { slug } one: relatedArticles(first: 1) { slug } } }`,
    );
    // quill-budget shares two entities; the others share Port Vale only, newest first.
    expect(data.article.relatedArticles).toEqual([
      { slug: 'quill-budget' },
      { slug: 'ferry-timetable' },
      { slug: 'vale-united-win' },
    ]);
    expect(data.article.one).toEqual([{ slug: 'quill-budget' }]);
    const bad = await client.query('{ article(slug: "harbour-reopens") { relatedArticles(first: 21) { slug } } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('Query.articles pagination', () => {
  const page = `query($first: Int, $after: String, $last: Int, $before: String, $filter: ArticleFilter, $orderBy: ArticleOrder) {
    articles(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
      totalCount edges { cursor node { slug } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    } }`;
  const slugs = (result: any) => result.data.articles.edges.map((e: any) => e.node.slug);

  it('pages forwards with keyset cursors without overlap or gaps', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result: any = await client.query(page, { first: 2, after });
      expect(result.errors).toBeUndefined();
      seen.push(...slugs(result));
      pages += 1;
      const info = result.data.articles.pageInfo;
      expect(info.hasPreviousPage).toBe(after !== null);
      expect(info.endCursor).toBe(result.data.articles.edges.at(-1).cursor);
      if (!info.hasNextPage) break;
      after = info.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([
      'ferry-timetable',
      'riverton-coach-leaves',
      'quill-budget',
      'vale-united-win',
      'harbour-reopens',
      'due-story',
    ]);
  });

  it('pages backwards with last/before', async () => {
    const tail = await client.query(page, { last: 2 });
    expect(slugs(tail)).toEqual(['harbour-reopens', 'due-story']);
    expect(tail.data.articles.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await client.query(page, { last: 3, before: tail.data.articles.pageInfo.startCursor });
    expect(slugs(before)).toEqual(['riverton-coach-leaves', 'quill-budget', 'vale-united-win']);
    expect(before.data.articles.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const head = await client.query(page, { last: 10, before: before.data.articles.pageInfo.startCursor });
    expect(slugs(head)).toEqual(['ferry-timetable']);
    expect(head.data.articles.pageInfo.hasPreviousPage).toBe(false);
  });

  it('handles first: 0, a page past the end, and the default page size', async () => {
    const zero = await client.query(page, { first: 0 });
    expect(zero.data.articles).toMatchObject({
      edges: [],
      totalCount: 6,
      pageInfo: { hasNextPage: false, startCursor: null, endCursor: null },
    });
    const all = await client.query(page, {});
    expect(slugs(all)).toHaveLength(6);
    const last = all.data.articles.pageInfo.endCursor;
    const past = await client.query(page, { first: 5, after: last });
    expect(past.data.articles.edges).toEqual([]);
    expect(past.data.articles.pageInfo.hasNextPage).toBe(false);
  });

  it('orders oldest first and by update time', async () => {
    expect(slugs(await client.query(page, { first: 3, orderBy: 'PUBLISHED_AT_ASC' }))).toEqual([
      'due-story',
      'harbour-reopens',
      'vale-united-win',
    ]);
    const updated = await client.query(page, { first: 10, orderBy: 'UPDATED_AT_DESC' });
    expect(slugs(updated)).toHaveLength(6);
  });

  it('filters by section, entity and date range, with totalCount to match', async () => {
    const world = await client.query(page, { first: 10, filter: { section: 'world' } });
    expect(slugs(world)).toEqual(['ferry-timetable', 'quill-budget', 'harbour-reopens', 'due-story']);
    expect(world.data.articles.totalCount).toBe(4);
    const quill = await client.query(page, { first: 10, filter: { entity: 'ada-quill' } });
    expect(slugs(quill)).toEqual(['quill-budget', 'harbour-reopens']);
    const range = await client.query(page, {
      first: 10,
      filter: { publishedAfter: '2026-03-02T00:00:00Z', publishedBefore: '2026-03-04T00:00:00Z' },
    });
    expect(slugs(range)).toEqual(['riverton-coach-leaves', 'quill-budget', 'vale-united-win']);
    const combined = await client.query(page, { first: 10, filter: { section: 'sport', entity: 'port-vale' } });
    expect(slugs(combined)).toEqual(['vale-united-win']);
    const unknown = await client.query(page, { first: 10, filter: { section: 'no-such-section' } });
    expect(unknown.data.articles).toMatchObject({ edges: [], totalCount: 0 });
  });

  it('refuses bad arguments with stable codes', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ first: 101 }, 'PAGINATION_LIMIT_EXCEEDED'],
      [{ last: 500 }, 'PAGINATION_LIMIT_EXCEEDED'],
      [{ first: -1 }, 'BAD_USER_INPUT'],
      [{ first: 1, last: 1 }, 'BAD_USER_INPUT'],
      [{ first: 1, after: 'garbage' }, 'INVALID_CURSOR'],
      [{ first: 1, after: Buffer.from('["entity","x",1]').toString('base64url') }, 'INVALID_CURSOR'],
      [
        { first: 1, filter: { publishedAfter: '2026-03-05T00:00:00Z', publishedBefore: '2026-03-01T00:00:00Z' } },
        'BAD_USER_INPUT',
      ],
    ];
    for (const [variables, code] of cases) {
      const result = await client.query(page, variables);
      expect(result.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe(code);
      expect(result.data?.articles ?? null).toBeNull();
    }
    const otherOrder = (await client.query(page, { first: 1 })).data.articles.pageInfo.endCursor;
    const mismatch = await client.query(page, { first: 1, after: otherOrder, orderBy: 'PUBLISHED_AT_ASC' });
    expect(mismatch.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
    const badDate = await client.query(page, { first: 1, filter: { publishedAfter: 'yesterday' } });
    expect(badDate.errors?.[0]?.message).toContain('ISO 8601');
  });
});

describe('entities', () => {
  it('finds an entity by slug and id, with aliases, count and articles', async () => {
    const bySlug = await client.query(
      '{ entity(slug: "ada-quill") { id slug name kind aliases articleCount articles(first: 1) { totalCount edges { node { slug } } pageInfo { hasNextPage } } } }',
    );
    expect(bySlug.data.entity).toEqual({
      id: bySlug.data.entity.id,
      slug: 'ada-quill',
      name: 'Ada Quill',
      kind: 'PERSON',
      aliases: [],
      articleCount: 2,
      articles: { totalCount: 2, edges: [{ node: { slug: 'quill-budget' } }], pageInfo: { hasNextPage: true } },
    });
    const byId = await client.query(`{ entity(id: "${bySlug.data.entity.id}") { slug } }`);
    expect(byId.data.entity).toEqual({ slug: 'ada-quill' });
    const both = await client.query(`{ entity(id: "${bySlug.data.entity.id}", slug: "ada-quill") { slug } }`);
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists entities alphabetically, by kind and by case-insensitive prefix, with pagination', async () => {
    const all = await client.query('{ entities(first: 10) { totalCount edges { node { name } } } }');
    expect(all.data.entities.edges.map((e: any) => e.node.name)).toEqual([
      'Ada Quill',
      'Port Vale',
      'Riverton',
      'Vale United',
    ]);
    expect(all.data.entities.totalCount).toBe(4);
    const places = await client.query('{ entities(first: 10, kind: PLACE) { edges { node { name } } } }');
    expect(places.data.entities.edges.map((e: any) => e.node.name)).toEqual(['Port Vale', 'Riverton']);
    const prefix = await client.query(
      '{ entities(first: 10, nameStartsWith: "po") { totalCount edges { node { name } } } }',
    );
    expect(prefix.data.entities).toEqual({ totalCount: 1, edges: [{ node: { name: 'Port Vale' } }] });
    const percent = await client.query('{ entities(first: 10, nameStartsWith: "%") { totalCount } }');
    expect(percent.data.entities.totalCount).toBe(0);
    const first = await client.query('{ entities(first: 3) { pageInfo { endCursor hasNextPage } } }');
    expect(first.data.entities.pageInfo.hasNextPage).toBe(true);
    const rest = await client.query(
      `{ entities(first: 3, after: "${first.data.entities.pageInfo.endCursor}") { edges { node { name } } pageInfo { hasNextPage } } }`,
    );
    expect(rest.data.entities).toEqual({
      edges: [{ node: { name: 'Vale United' } }],
      pageInfo: { hasNextPage: false },
    });
  });
});

describe('sections', () => {
  it('lists sections and pages a section’s articles', async () => {
    const { data } = await client.query(
      '{ sections { slug name } section(slug: "sport") { name articles(first: 5) { edges { node { slug } } } } missing: section(slug: "nope") { id } }',
    );
    expect(data).toEqual({
      sections: [
        { slug: 'sport', name: 'Sport' },
        { slug: 'world', name: 'World' },
      ],
      section: {
        name: 'Sport',
        articles: { edges: [{ node: { slug: 'riverton-coach-leaves' } }, { node: { slug: 'vale-united-win' } }] },
      },
      missing: null,
    });
  });
});

describe('connections', () => {
  const connectionFields = () =>
    Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .flatMap((type) =>
        Object.values(type.getFields())
          .filter((field) => getNamedType(field.type).name.endsWith('Connection'))
          .map((field) => [
            `${type.name}.${field.name}`,
            field.args
              .map((a) => a.name)
              .filter((a) => ['first', 'after', 'last', 'before'].includes(a))
              .sort(),
          ]),
      );

  it('offer last/before only where they page backwards: the article lists; search and entities page forwards', () => {
    expect(Object.fromEntries(connectionFields())).toEqual({
      'Query.articles': ['after', 'before', 'first', 'last'],
      'Entity.articles': ['after', 'before', 'first', 'last'],
      'Section.articles': ['after', 'before', 'first', 'last'],
      'Author.articles': ['after', 'before', 'first', 'last'],
      'Tag.articles': ['after', 'before', 'first', 'last'],
      'Query.entities': ['after', 'first'],
      'Query.search': ['after', 'first'],
      'Query.trashedArticles': ['after', 'first'],
      'WebhookEndpoint.deliveries': ['after', 'first'],
    });
  });

  it('page Section.articles and Entity.articles backwards through the same items as forwards', async () => {
    for (const parent of ['section(slug: "world")', 'entity(slug: "port-vale")']) {
      const list = (variables: Record<string, unknown>) =>
        client
          .query(
            `query($first: Int, $last: Int, $before: String) { parent: ${parent} {
              articles(first: $first, last: $last, before: $before) { edges { node { slug } } pageInfo { hasNextPage hasPreviousPage startCursor } } } }`,
            variables,
          )
          .then((result) => {
            expect(result.errors, parent).toBeUndefined();
            return result.data.parent.articles;
          });
      const forwards = (await list({ first: 100 })).edges.map((e: any) => e.node.slug);
      expect(forwards.length, parent).toBeGreaterThan(2);
      const backwards: string[] = [];
      let before: string | null = null;
      for (let pages = 0; pages < forwards.length; pages += 1) {
        const page: any = await list({ last: 2, before });
        backwards.unshift(...page.edges.map((e: any) => e.node.slug));
        expect(page.pageInfo.hasNextPage, parent).toBe(before !== null);
        if (!page.pageInfo.hasPreviousPage) break;
        before = page.pageInfo.startCursor;
      }
      expect(backwards, parent).toEqual(forwards);
    }
  });

  it('refuse last and before on search and entities as unknown arguments, before anything runs', async () => {
    for (const query of [
      '{ search(query: "harbour", last: 2) { totalCount } }',
      '{ search(query: "harbour", first: 2, before: "x") { totalCount } }',
      '{ entities(last: 2) { totalCount } }',
      '{ entities(first: 2, before: "x") { totalCount } }',
    ]) {
      const result = await client.query(query);
      expect(result.data, query).toBeUndefined();
      expect(
        result.errors?.map((e) => e.extensions?.code),
        query,
      ).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    }
  });
});

describe('Node interface', () => {
  it('resolves nodes of every type by global id', async () => {
    const entity = (await client.query('{ entity(slug: "riverton") { id } }')).data.entity.id;
    const section = (await client.query('{ section(slug: "world") { id } }')).data.section.id;
    const { data } = await client.query(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Article { slug } ... on Entity { name } ... on Section { name } } }`,
      {
        ids: [globalId('Article', ids.w1), entity, section],
      },
    );
    expect(data.nodes).toEqual([
      { __typename: 'Article', id: globalId('Article', ids.w1), slug: 'harbour-reopens' },
      { __typename: 'Entity', id: entity, name: 'Riverton' },
      { __typename: 'Section', id: section, name: 'World' },
    ]);
  });
});

describe('Node interface errors', () => {
  it('answers unknown ids with null and malformed ids with INVALID_ID', async () => {
    const unknown = await client.query(`{ node(id: "${globalId('Article', 99999)}") { id } }`);
    expect(unknown).toEqual({ data: { node: null } });
    for (const id of ['garbage', globalId('Article', 'abc' as unknown as number)]) {
      const result = await client.query('query($id: ID!) { node(id: $id) { id } }', { id });
      expect(result.errors?.[0]?.extensions?.code, id).toBe('INVALID_ID');
    }
  });

  it('refuses keys past the database integer range with INVALID_ID, not an internal error', async () => {
    const huge = globalId('Article', 2_147_483_648);
    for (const query of ['query($id: ID!) { node(id: $id) { id } }', 'query($id: ID!) { article(id: $id) { id } }']) {
      const result = await client.query(query, { id: huge });
      expect(result.errors?.[0]?.extensions?.code, query).toBe('INVALID_ID');
    }
    const largest = await client.query('query($id: ID!) { article(id: $id) { id } }', {
      id: globalId('Article', 2_147_483_647),
    });
    expect(largest).toEqual({ data: { article: null } });
  });
});

describe('search', () => {
  const search = `query($q: String!, $first: Int, $after: String, $filter: ArticleFilter) {
    search(query: $q, first: $first, after: $after, filter: $filter) {
      totalCount edges { cursor node { rank highlights article { slug } } } pageInfo { hasNextPage endCursor }
    } }`;

  it('ranks matches, highlights them and pages with stable cursors', async () => {
    const all = await client.query(search, { q: 'harbour', first: 50 });
    expect(all.errors).toBeUndefined();
    const ranked = all.data.search.edges.map((e: any) => e.node);
    expect(ranked.map((n: any) => n.article.slug).sort()).toEqual([
      'ferry-timetable',
      'harbour-reopens',
      'quill-budget',
    ]);
    expect(all.data.search.totalCount).toBe(3);
    for (let i = 1; i < ranked.length; i += 1) expect(ranked[i - 1].rank).toBeGreaterThanOrEqual(ranked[i].rank);
    expect(ranked[0].highlights.join(' ')).toContain('<mark>');
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const result: any = await client.query(search, { q: 'harbour', first: 1, after });
      paged.push(...result.data.search.edges.map((e: any) => e.node.article.slug));
      after = result.data.search.pageInfo.hasNextPage ? result.data.search.pageInfo.endCursor : null;
    } while (after);
    expect(paged).toEqual(ranked.map((n: any) => n.article.slug));
  });

  it('returns the same hits, ranks and cursors when highlights are not asked for (ts_headline is skipped then)', async () => {
    const without = search.replace('rank highlights article', 'rank article');
    for (const q of ['harbour', 'Port Vale', '"ferry timetable" -cranes']) {
      const full = await client.query(search, { q, first: 2 });
      const lean = await client.query(without, { q, first: 2 });
      expect(lean.errors).toBeUndefined();
      const { highlights: _, ...rest } = full.data.search.edges[0]?.node ?? {};
      expect(lean.data.search.edges[0]?.node ?? {}).toEqual(rest);
      expect(lean.data.search.edges.map((e: any) => e.cursor)).toEqual(
        full.data.search.edges.map((e: any) => e.cursor),
      );
      expect(lean.data.search.pageInfo).toEqual(full.data.search.pageInfo);
      expect(lean.data.search.totalCount).toBe(full.data.search.totalCount);
    }
  });

  it('applies filters, supports web-search syntax and refuses bad input', async () => {
    const sport = await client.query(search, { q: 'Port Vale', first: 10, filter: { section: 'sport' } });
    expect(sport.data.search.edges.map((e: any) => e.node.article.slug)).toEqual(['vale-united-win']);
    const phrase = await client.query(search, { q: '"ferry timetable" -cranes', first: 10 });
    expect(phrase.data.search.edges.map((e: any) => e.node.article.slug)).toEqual(['ferry-timetable']);
    const none = await client.query(search, { q: 'zeppelin', first: 10 });
    expect(none.data.search).toMatchObject({ totalCount: 0, edges: [] });
    expect((await client.query(search, { q: '   ' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await client.query(search, { q: 'x'.repeat(300) })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const cursor = (await client.query(search, { q: 'harbour', first: 1 })).data.search.pageInfo.endCursor;
    expect((await client.query(search, { q: 'ferry', first: 1, after: cursor })).errors?.[0]?.extensions?.code).toBe(
      'INVALID_CURSOR',
    );
  });
});
