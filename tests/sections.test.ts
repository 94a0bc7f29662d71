import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { importNdjson } from '../src/content/importer.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';

// Sections as content (issue #19): created, renamed (old slugs keep resolving), ordered and nested
// one level by editors; the section front; the article page with bylines, tags and the section's
// parent in one statement.

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;
let desk: Record<string, string>;

const RESULT = `__typename ... on MutationError { message code field } ... on ValidationError { reason }`;
const FIELDS = 'id slug name description position version parent { slug }';
const CREATE = `mutation($input: CreateSectionInput!) { createSection(input: $input) { ${RESULT} ... on CreateSectionSuccess { section { ${FIELDS} } } } }`;
const UPDATE = `mutation($input: UpdateSectionInput!) { updateSection(input: $input) { ${RESULT} ... on ConflictError { currentVersion } ... on UpdateSectionSuccess { section { ${FIELDS} } } } }`;

const slugsOf = (connection: { edges: { node: { slug: string } }[] }) => connection.edges.map((e) => e.node.slug);

async function create(input: Record<string, unknown>) {
  const { data, errors } = await client.query(CREATE, { input }, desk);
  expect(errors).toBeUndefined();
  return data.createSection;
}

beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database);
  desk = (await createToken(database.db, 'Desk', ['write:taxonomy', 'write:articles', 'read:drafts'])).headers;
});

describe('sections as content', () => {
  it('are created by editors with write:taxonomy, nested one level, with typed errors', async () => {
    expect((await client.query(CREATE, { input: { name: 'Sport' } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const sport = await create({ name: 'Sport', position: 2 });
    expect(sport).toMatchObject({
      __typename: 'CreateSectionSuccess',
      section: { slug: 'sport', name: 'Sport', position: 2, version: 1, parent: null },
    });
    const football = await create({ name: 'Football', parentId: sport.section.id, description: 'The beautiful game.' });
    expect(football.section).toMatchObject({ slug: 'football', parent: { slug: 'sport' }, position: 0 });
    await create({ name: 'Tennis', parentId: sport.section.id, position: 1 });
    await create({ name: 'News', position: 1 });
    // Two levels, a taken slug, bad positions and parents.
    expect(await create({ name: 'Premier League', parentId: football.section.id })).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.parentId',
      reason: 'NOT_ALLOWED',
    });
    expect(await create({ name: 'sport' })).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.slug',
      reason: 'TAKEN',
    });
    expect(await create({ name: 'X', position: -1 })).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.position',
      reason: 'OUT_OF_RANGE',
    });
    expect(await create({ name: 'X', parentId: globalId('Section', 999999) })).toMatchObject({
      __typename: 'NotFoundError',
      field: 'input.parentId',
    });
    // Sport has subsections: it cannot go under News; nor can a section go under itself.
    const news = (await client.query(`{ section(slug: "news") { id } }`, undefined, desk)).data.section;
    expect(
      (await client.query(UPDATE, { input: { id: sport.section.id, expectedVersion: 1, parentId: news.id } }, desk))
        .data.updateSection,
    ).toMatchObject({
      __typename: 'ValidationError',
      reason: 'NOT_ALLOWED',
    });
    expect(
      (await client.query(UPDATE, { input: { id: news.id, expectedVersion: 1, parentId: news.id } }, desk)).data
        .updateSection,
    ).toMatchObject({
      __typename: 'ValidationError',
      reason: 'NOT_ALLOWED',
    });
  });

  it('exist for the public once a visible article is in them or a subsection; the front lists both, in one statement', async () => {
    const FRONT = `query($slug: String!) { section(slug: $slug) { __typename slug name subsections { slug } parent { slug }
      articles(first: 10) { edges { node { slug section { slug } } } } } }`;
    expect((await client.query(FRONT, { slug: 'sport' })).data.section).toBeNull();
    await createArticle(database.db, { slug: 'cup-final', section: 'Football', publishedAt: '2026-03-02T10:00:00Z' });
    await createArticle(database.db, { slug: 'derby', section: 'Football', publishedAt: '2026-03-03T10:00:00Z' });
    await createArticle(database.db, { slug: 'sport-column', section: 'Sport', publishedAt: '2026-03-01T10:00:00Z' });
    await createArticle(database.db, { slug: 'tennis-draft', section: 'Tennis', status: 'DRAFT', publishedAt: null });
    const { result, statements } = await client.countStatements(FRONT, { slug: 'sport' });
    expect(statements).toBe(1);
    // Tennis has only a draft: not public, and its draft is on no public front.
    expect(result.data.section).toEqual({
      __typename: 'Section',
      slug: 'sport',
      name: 'Sport',
      subsections: [{ slug: 'football' }],
      parent: null,
      articles: {
        edges: [
          { node: { slug: 'derby', section: { slug: 'football' } } },
          { node: { slug: 'cup-final', section: { slug: 'football' } } },
          { node: { slug: 'sport-column', section: { slug: 'sport' } } },
        ],
      },
    });
    const editors = await client.query(FRONT, { slug: 'sport' }, desk);
    expect(editors.data.section.subsections).toEqual([{ slug: 'football' }, { slug: 'tennis' }]);
    // Pages on through the executor, in the same order.
    const PAGED = `query($after: String) { section(slug: "sport") { articles(first: 1, after: $after) { edges { node { slug } } pageInfo { endCursor } } } }`;
    const first = await client.query(PAGED);
    const second = await client.query(PAGED, { after: first.data.section.articles.pageInfo.endCursor });
    expect(slugsOf(second.data.section.articles)).toEqual(['cup-final']);
    // `sections` in navigation order: top level by position, each followed by its subsections.
    const all = await client.query(`{ sections { slug } }`, undefined, desk);
    expect(all.data.sections.map((s: { slug: string }) => s.slug)).toEqual(['news', 'sport', 'football', 'tennis']);
    expect((await client.query(`{ sections { slug } }`)).data.sections.map((s: { slug: string }) => s.slug)).toEqual([
      'sport',
      'football',
    ]);
  });

  it('are renamed against their version; the old slug keeps resolving, for reads, filters and the importer', async () => {
    const football = (await client.query(`{ section(slug: "football") { id version } }`)).data.section;
    const renamed = await client.query(
      UPDATE,
      { input: { id: football.id, expectedVersion: football.version, name: 'Soccer', slug: 'soccer', position: 3 } },
      desk,
    );
    expect(renamed.data.updateSection).toMatchObject({
      __typename: 'UpdateSectionSuccess',
      section: { slug: 'soccer', name: 'Soccer', position: 3, version: 2 },
    });
    expect(
      (await client.query(UPDATE, { input: { id: football.id, expectedVersion: 1, name: 'X' } }, desk)).data
        .updateSection,
    ).toMatchObject({
      __typename: 'ConflictError',
      currentVersion: 2,
    });
    const old = await client.query(
      `{ section(slug: "football") { slug } articles(filter: { section: "football" }) { edges { node { slug } } } }`,
    );
    expect(old.data.section).toEqual({ slug: 'soccer' });
    expect(slugsOf(old.data.articles)).toEqual(['derby', 'cup-final']);
    expect(await create({ name: 'Football' })).toMatchObject({ __typename: 'ValidationError', reason: 'TAKEN' });
    // An import naming the old section files into the renamed one.
    expect(
      await importNdjson(
        database.db,
        Readable.from(
          JSON.stringify({ title: 'League table', body: 'Text.', section: 'Football', publishedAt: '2026-03-04' }),
        ),
      ),
    ).toMatchObject({ created: 1 });
    expect((await client.query(`{ article(slug: "league-table") { section { slug } } }`)).data.article.section).toEqual(
      { slug: 'soccer' },
    );
    // Moved to the top level.
    const moved = await client.query(UPDATE, { input: { id: football.id, expectedVersion: 2, parentId: null } }, desk);
    expect(moved.data.updateSection.section.parent).toBeNull();
  });
});

describe('deleting a section', () => {
  const DELETE = `mutation($id: ID!, $to: ID, $v: Int) { deleteSection(id: $id, moveArticlesTo: $to, expectedVersion: $v) {
    ${RESULT} ... on ConflictError { currentVersion } ... on DeleteSectionSuccess { deletedSectionId } } }`;

  it('is refused while it has articles or subsections unless they move; they move with a new version and a revision; its slugs stop resolving', async () => {
    const weather = (await create({ name: 'Weather' })).section;
    const storms = (await create({ name: 'Storms', parentId: weather.id })).section;
    const desk2 = (await create({ name: 'Climate desk' })).section;
    const empty = (await create({ name: 'Empty corner' })).section;
    const article = await createArticle(database.db, {
      slug: 'heatwave',
      section: 'Weather',
      publishedAt: '2026-03-06T10:00:00Z',
    });
    const articleId = globalId('Article', article.id);
    const READ = `query($id: ID!) { node(id: $id) { ... on Article { version section { slug } revisions(first: 1) { action changes { field from to } } } } }`;
    const before = (await client.query(READ, { id: articleId }, desk)).data.node;
    expect((await client.query(DELETE, { id: weather.id }, { authorization: 'Bearer nope' })).errors).toBeDefined();
    expect((await client.query(DELETE, { id: weather.id }, desk)).data.deleteSection).toMatchObject({
      __typename: 'ValidationError',
      field: 'id',
      reason: 'NOT_ALLOWED',
      message: expect.stringContaining('1 article(s) and subsections'),
    });
    expect((await client.query(DELETE, { id: weather.id, to: storms.id }, desk)).data.deleteSection).toMatchObject({
      __typename: 'ValidationError',
      field: 'moveArticlesTo',
      reason: 'NOT_ALLOWED',
    });
    expect((await client.query(DELETE, { id: weather.id, to: weather.id }, desk)).data.deleteSection).toMatchObject({
      __typename: 'ValidationError',
      field: 'moveArticlesTo',
    });
    expect(
      (await client.query(DELETE, { id: weather.id, to: globalId('Section', 999999) }, desk)).data.deleteSection,
    ).toMatchObject({ __typename: 'NotFoundError', field: 'moveArticlesTo' });
    expect((await client.query(DELETE, { id: weather.id, to: desk2.id, v: 7 }, desk)).data.deleteSection).toMatchObject(
      { __typename: 'ConflictError', currentVersion: 1 },
    );
    expect((await client.query(DELETE, { id: weather.id, to: desk2.id }, desk)).data.deleteSection).toEqual({
      __typename: 'DeleteSectionSuccess',
      deletedSectionId: weather.id,
    });
    const after = (await client.query(READ, { id: articleId }, desk)).data.node;
    expect(after).toMatchObject({
      version: before.version + 1,
      section: { slug: 'climate-desk' },
      revisions: [{ action: 'UPDATE', changes: [{ field: 'sectionId' }] }],
    });
    const fronts = await client.query(
      `{ gone: section(slug: "weather") { id } storms: section(slug: "storms") { parent { slug } } }`,
      undefined,
      desk,
    );
    expect(fronts.data).toEqual({ gone: null, storms: { parent: { slug: 'climate-desk' } } });
    // An empty section goes without a target.
    expect((await client.query(DELETE, { id: empty.id }, desk)).data.deleteSection).toEqual({
      __typename: 'DeleteSectionSuccess',
      deletedSectionId: empty.id,
    });
    expect((await client.query(DELETE, { id: empty.id }, desk)).data.deleteSection).toMatchObject({
      __typename: 'NotFoundError',
    });
  });
});

describe('the article page', () => {
  it('reads bylines, tags and the section with its parent in one statement', async () => {
    await createArticle(database.db, {
      slug: 'final-whistle',
      section: 'Tennis',
      publishedAt: '2026-03-05T10:00:00Z',
      bylines: ['Jane Doe', { credit: 'Staff and agencies' }],
      tags: ['Wimbledon', 'Grass courts'],
    });
    const query = `{ article(slug: "final-whistle") { bylines { author { name slug } } tags { name slug } section { name parent { name } } } }`;
    const { result, statements } = await client.countStatements(query);
    expect(result).toEqual({
      data: {
        article: {
          bylines: [{ author: { name: 'Jane Doe', slug: 'jane-doe' } }, { author: null }],
          tags: [
            { name: 'Wimbledon', slug: 'wimbledon' },
            { name: 'Grass courts', slug: 'grass-courts' },
          ],
          section: { name: 'Tennis', parent: { name: 'Sport' } },
        },
      },
    });
    expect(statements).toBe(1);
  });
});
