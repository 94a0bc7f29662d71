import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { importNdjson } from '../src/content/importer.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';

// Authors and bylines (issue #19): the author page, ordered bylines with free-text credits on the
// article page (one statement), the editorial mutations and the importer.

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;
let desk: Record<string, string>;
let writer: Record<string, string>;
let articles: { id: number; slug: string }[];

const RESULT = `__typename ... on MutationError { message code field } ... on ValidationError { reason }`;
const VERSIONED = `${RESULT} ... on ConflictError { currentVersion }`;

beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database);
  desk = (await createToken(database.db, 'Desk', ['write:taxonomy', 'write:articles', 'read:drafts'])).headers;
  writer = (await createToken(database.db, 'Wire', ['write:articles'])).headers;
  articles = [];
  for (let i = 0; i < 5; i += 1) {
    articles.push(
      await createArticle(database.db, {
        slug: `story-${i}`,
        title: `Story ${i}`,
        publishedAt: new Date(Date.UTC(2026, 2, 1 + i)).toISOString(),
        // story-3 is a draft: no author page may list it.
        ...(i === 3 ? { status: 'DRAFT' as const, publishedAt: null } : {}),
        bylines: i === 4 ? [{ credit: 'Staff and agencies' }] : ['Jane Doe', ...(i % 2 === 0 ? ['Omar Haddad'] : [])],
      }),
    );
  }
});

describe('the article page', () => {
  it('shows the ordered byline, authors and free-text credits, in one statement', async () => {
    const query = `query($slug: String!) { article(slug: $slug) { slug bylines { name credit author { __typename name slug } } } }`;
    const { result, statements } = await client.countStatements(query, { slug: 'story-2' });
    expect(result).toEqual({
      data: {
        article: {
          slug: 'story-2',
          bylines: [
            { name: 'Jane Doe', credit: null, author: { __typename: 'Author', name: 'Jane Doe', slug: 'jane-doe' } },
            {
              name: 'Omar Haddad',
              credit: null,
              author: { __typename: 'Author', name: 'Omar Haddad', slug: 'omar-haddad' },
            },
          ],
        },
      },
    });
    expect(statements).toBe(1);
    const agency = await client.query(query, { slug: 'story-4' });
    expect(agency.data.article.bylines).toEqual([
      { name: 'Staff and agencies', credit: 'Staff and agencies', author: null },
    ]);
  });

  it('lists bylines in article lists through the loaders: one statement for every article’s bylines', async () => {
    const { result, statements } = await client.countStatements(
      '{ articles(first: 5, orderBy: PUBLISHED_AT_ASC) { edges { node { slug bylines { name } } } } }',
    );
    expect(
      result.data.articles.edges.map((e: { node: { bylines: { name: string }[] } }) =>
        e.node.bylines.map((b) => b.name),
      ),
    ).toEqual([['Jane Doe', 'Omar Haddad'], ['Jane Doe'], ['Jane Doe', 'Omar Haddad'], ['Staff and agencies']]);
    // The page, then one batched read of the bylines and one of their authors.
    expect(statements).toBeLessThanOrEqual(3);
  });
});

describe('the author page', () => {
  const PAGE = `query($slug: String, $id: ID, $after: String) {
    author(slug: $slug, id: $id) { __typename id slug name role bio links
      articles(first: 2, after: $after) { edges { node { slug } } pageInfo { hasNextPage endCursor } } } }`;

  it('lists the author’s public articles, newest first, in one statement, and pages on', async () => {
    const { result, statements } = await client.countStatements(PAGE, { slug: 'jane-doe' });
    expect(statements).toBe(1);
    const author = result.data.author;
    expect(author).toMatchObject({
      __typename: 'Author',
      slug: 'jane-doe',
      name: 'Jane Doe',
      role: null,
      bio: null,
      links: [],
    });
    expect(author.articles.edges.map((e: { node: { slug: string } }) => e.node.slug)).toEqual(['story-2', 'story-1']);
    expect(author.articles.pageInfo.hasNextPage).toBe(true);
    const next = await client.query(PAGE, { slug: 'jane-doe', after: author.articles.pageInfo.endCursor });
    // story-3 is a draft: never on the public page.
    expect(next.data.author.articles.edges.map((e: { node: { slug: string } }) => e.node.slug)).toEqual(['story-0']);
    expect(next.data.author.articles.pageInfo.hasNextPage).toBe(false);
    const byId = await client.query(PAGE, { id: author.id });
    expect(byId.data.author.slug).toBe('jane-doe');
  });

  it('pages backwards through the same articles as forwards, and in the other orders', async () => {
    const list = async (args: string) =>
      (
        await client.query(
          `{ author(slug: "jane-doe") { articles(${args}) { edges { node { slug } } pageInfo { hasPreviousPage startCursor } } } }`,
        )
      ).data.author.articles;
    const forwards = (await list('first: 100')).edges.map((e: { node: { slug: string } }) => e.node.slug);
    const backwards: string[] = [];
    let page = await list('last: 1');
    for (;;) {
      backwards.unshift(...page.edges.map((e: { node: { slug: string } }) => e.node.slug));
      if (!page.pageInfo.hasPreviousPage) break;
      page = await list(`last: 1, before: "${page.pageInfo.startCursor}"`);
    }
    expect(backwards).toEqual(forwards);
    expect(
      (await list('first: 100, orderBy: PUBLISHED_AT_ASC')).edges.map((e: { node: { slug: string } }) => e.node.slug),
    ).toEqual([...forwards].reverse());
  });

  it('is null for an unknown slug, and a malformed id is INVALID_ID', async () => {
    expect((await client.query(PAGE, { slug: 'nobody' })).data.author).toBeNull();
    const bad = await client.query(PAGE, { id: globalId('Article', articles[0]!.id) });
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_ID');
    const both = await client.query(PAGE, { slug: 'jane-doe', id: globalId('Author', 1) });
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('filters article lists by author', async () => {
    const { data } = await client.query(
      '{ articles(filter: { author: "omar-haddad" }) { edges { node { slug } } } none: articles(filter: { author: "nobody" }) { edges { node { slug } } } }',
    );
    expect(data.articles.edges.map((e: { node: { slug: string } }) => e.node.slug)).toEqual(['story-2', 'story-0']);
    expect(data.none.edges).toEqual([]);
  });

  it('resolves as a Node and as a federation entity', async () => {
    const { data } = await client.query(`{ author(slug: "omar-haddad") { id } }`);
    const node = await client.query(`query($id: ID!) { node(id: $id) { __typename ... on Author { slug } } }`, {
      id: data.author.id,
    });
    expect(node.data.node).toEqual({ __typename: 'Author', slug: 'omar-haddad' });
    const entities = await client.query(
      `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Author { name } } }`,
      {
        r: [
          { __typename: 'Author', slug: 'omar-haddad' },
          { __typename: 'Author', id: data.author.id },
          { __typename: 'Author', slug: 'nobody' },
        ],
      },
    );
    expect(entities.data._entities).toEqual([
      { __typename: 'Author', name: 'Omar Haddad' },
      { __typename: 'Author', name: 'Omar Haddad' },
      null,
    ]);
  });
});

describe('editorial mutations', () => {
  const CREATE = `mutation($input: CreateAuthorInput!) { createAuthor(input: $input) { ${RESULT} ... on CreateAuthorSuccess { author { id slug name role bio links version } } } }`;
  const UPDATE = `mutation($input: UpdateAuthorInput!) { updateAuthor(input: $input) { ${VERSIONED} ... on UpdateAuthorSuccess { author { slug name role version } } } }`;
  const SET = `mutation($id: ID!, $bylines: [BylineInput!]!, $v: Int) { setArticleBylines(articleId: $id, bylines: $bylines, expectedVersion: $v) {
    ${VERSIONED} ... on SetArticleBylinesSuccess { article { version bylines { name } } } } }`;

  it('needs write:taxonomy for authors and write:articles for bylines', async () => {
    const denied = await client.query(CREATE, { input: { name: 'Kim Lee' } }, writer);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await client.query(SET, { id: globalId('Article', articles[0]!.id), bylines: [] });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('creates an author, with typed errors for bad input and taken slugs', async () => {
    const created = await client.query(
      CREATE,
      {
        input: {
          name: '  Kim   Lee ',
          role: 'Science editor',
          bio: 'Writes about the sea.',
          links: ['https://example.org/kim'],
        },
      },
      desk,
    );
    expect(created.data.createAuthor).toEqual({
      __typename: 'CreateAuthorSuccess',
      author: {
        id: expect.any(String),
        slug: 'kim-lee',
        name: 'Kim Lee',
        role: 'Science editor',
        bio: 'Writes about the sea.',
        links: ['https://example.org/kim'],
        version: 1,
      },
    });
    // A second Kim Lee gets the next free slug; a slug given must be free.
    expect((await client.query(CREATE, { input: { name: 'Kim Lee' } }, desk)).data.createAuthor.author.slug).toBe(
      'kim-lee-2',
    );
    expect(
      (await client.query(CREATE, { input: { name: 'Other', slug: 'kim-lee' } }, desk)).data.createAuthor,
    ).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.slug',
      reason: 'TAKEN',
    });
    for (const [input, field, reason] of [
      [{ name: '  ' }, 'input.name', 'REQUIRED'],
      [{ name: 'x'.repeat(201) }, 'input.name', 'TOO_LONG'],
      [{ name: 'Ok', links: ['javascript:alert(1)'] }, 'input.links.0', 'INVALID_FORMAT'],
      [{ name: 'Ok', slug: 'Not A Slug' }, 'input.slug', 'INVALID_FORMAT'],
      [{ name: 'Ok', bio: 'b'.repeat(5001) }, 'input.bio', 'TOO_LONG'],
    ] as const) {
      expect((await client.query(CREATE, { input }, desk)).data.createAuthor, JSON.stringify(input)).toMatchObject({
        __typename: 'ValidationError',
        field,
        reason,
      });
    }
  });

  it('updates an author against their version; every byline shows the new name', async () => {
    const { data } = await client.query(`{ author(slug: "omar-haddad") { id version } }`);
    const updated = await client.query(
      UPDATE,
      {
        input: {
          id: data.author.id,
          expectedVersion: data.author.version,
          name: 'Omar Al-Haddad',
          role: 'Correspondent',
        },
      },
      desk,
    );
    expect(updated.data.updateAuthor).toEqual({
      __typename: 'UpdateAuthorSuccess',
      author: { slug: 'omar-haddad', name: 'Omar Al-Haddad', role: 'Correspondent', version: 2 },
    });
    const stale = await client.query(UPDATE, { input: { id: data.author.id, expectedVersion: 1, name: 'X' } }, desk);
    expect(stale.data.updateAuthor).toMatchObject({ __typename: 'ConflictError', currentVersion: 2 });
    const missing = await client.query(UPDATE, { input: { id: globalId('Author', 999999), expectedVersion: 1 } }, desk);
    expect(missing.data.updateAuthor).toMatchObject({ __typename: 'NotFoundError', field: 'input.id' });
    const page = await client.query(`{ article(slug: "story-0") { bylines { name } } }`);
    expect(page.data.article.bylines).toEqual([{ name: 'Jane Doe' }, { name: 'Omar Al-Haddad' }]);
    // A new slug: the old one keeps resolving, and stays theirs.
    const moved = await client.query(
      UPDATE,
      { input: { id: data.author.id, expectedVersion: 2, slug: 'omar-al-haddad' } },
      desk,
    );
    expect(moved.data.updateAuthor.author).toMatchObject({ slug: 'omar-al-haddad', version: 3 });
    const old = await client.query(
      `{ author(slug: "omar-haddad") { slug } articles(filter: { author: "omar-haddad" }) { edges { node { slug } } } }`,
    );
    expect(old.data.author).toEqual({ slug: 'omar-al-haddad' });
    expect(old.data.articles.edges).toHaveLength(2);
    expect(
      (await client.query(CREATE, { input: { name: 'Someone', slug: 'omar-haddad' } }, desk)).data.createAuthor,
    ).toMatchObject({ __typename: 'ValidationError', reason: 'TAKEN' });
    const back = await client.query(
      UPDATE,
      { input: { id: data.author.id, expectedVersion: 3, slug: 'omar-haddad' } },
      desk,
    );
    expect(back.data.updateAuthor.author.slug).toBe('omar-haddad');
  });

  it('sets an article’s byline: a new version, a SET_BYLINES revision, typed errors', async () => {
    const id = globalId('Article', articles[1]!.id);
    const { data } = await client.query(
      `query($id: ID!) { article(id: $id) { version } kim: author(slug: "kim-lee") { id } jane: author(slug: "jane-doe") { id } }`,
      { id },
    );
    const { version } = data.article;
    const set = await client.query(
      SET,
      { id, v: version, bylines: [{ authorId: data.kim.id }, { credit: ' Reuters ' }, { authorId: data.jane.id }] },
      desk,
    );
    expect(set.data.setArticleBylines).toEqual({
      __typename: 'SetArticleBylinesSuccess',
      article: { version: version + 1, bylines: [{ name: 'Kim Lee' }, { name: 'Reuters' }, { name: 'Jane Doe' }] },
    });
    // The same byline again changes nothing.
    expect(
      (
        await client.query(
          SET,
          { id, bylines: [{ authorId: data.kim.id }, { credit: 'Reuters' }, { authorId: data.jane.id }] },
          desk,
        )
      ).data.setArticleBylines.article.version,
    ).toBe(version + 1);
    const revisions = await client.query(
      `query($id: ID!) { article(id: $id) { revisions { version action changes { field from to } } } }`,
      { id },
      desk,
    );
    expect(revisions.data.article.revisions[0]).toEqual({
      version: version + 1,
      action: 'SET_BYLINES',
      changes: [{ field: 'bylines', from: 'Jane Doe', to: 'Kim Lee; Reuters; Jane Doe' }],
    });
    const cases: [unknown[], string, string][] = [
      [[{ authorId: data.kim.id, credit: 'x' }], 'bylines.0', 'ValidationError'],
      [[{}], 'bylines.0', 'ValidationError'],
      [[{ authorId: data.kim.id }, { authorId: data.kim.id }], 'bylines.1.authorId', 'ValidationError'],
      [[{ authorId: globalId('Author', 999999) }], 'bylines.0.authorId', 'NotFoundError'],
      [[{ authorId: 'nonsense' }], 'bylines.0.authorId', 'ValidationError'],
      [[{ credit: '   ' }], 'bylines.0.credit', 'ValidationError'],
      [Array.from({ length: 21 }, (_, i) => ({ credit: `c${i}` })), 'bylines', 'ValidationError'],
    ];
    for (const [bylines, field, typename] of cases) {
      expect(
        (await client.query(SET, { id, bylines }, desk)).data.setArticleBylines,
        JSON.stringify(bylines),
      ).toMatchObject({ __typename: typename, field });
    }
    expect((await client.query(SET, { id, v: version, bylines: [] }, desk)).data.setArticleBylines).toMatchObject({
      __typename: 'ConflictError',
      currentVersion: version + 1,
    });
    // Kim Lee's page now lists it.
    const kim = await client.query(`{ author(slug: "kim-lee") { articles { edges { node { slug } } } } }`);
    expect(kim.data.author.articles.edges).toEqual([{ node: { slug: 'story-1' } }]);
  });

  it('deletes only an author no article credits', async () => {
    const DELETE = `mutation($id: ID!) { deleteAuthor(id: $id) { ${VERSIONED} ... on DeleteAuthorSuccess { deletedAuthorId } } }`;
    const { data } = await client.query(
      `{ kim: author(slug: "kim-lee") { id } kim2: author(slug: "kim-lee-2") { id } }`,
    );
    expect((await client.query(DELETE, { id: data.kim.id }, desk)).data.deleteAuthor).toMatchObject({
      __typename: 'ValidationError',
      reason: 'NOT_ALLOWED',
    });
    expect((await client.query(DELETE, { id: data.kim2.id }, desk)).data.deleteAuthor).toEqual({
      __typename: 'DeleteAuthorSuccess',
      deletedAuthorId: data.kim2.id,
    });
    expect((await client.query(`{ author(slug: "kim-lee-2") { id } }`)).data.author).toBeNull();
  });
});

describe('the importer', () => {
  it('takes bylines by name (created when new), by id or slug, and credits; an unknown id skips the line', async () => {
    const { data } = await client.query(`{ author(slug: "jane-doe") { id } }`);
    const lines = [
      {
        externalId: 'imp-1',
        title: 'Imported one',
        body: 'Text.',
        publishedAt: '2026-04-01',
        bylines: ['Rosa Mendes', { id: data.author.id }, { credit: 'AFP' }],
      },
      {
        externalId: 'imp-2',
        title: 'Imported two',
        body: 'Text.',
        publishedAt: '2026-04-02',
        bylines: [{ slug: 'rosa-mendes' }],
      },
      {
        externalId: 'imp-3',
        title: 'Imported three',
        body: 'Text.',
        publishedAt: '2026-04-03',
        bylines: [{ id: globalId('Author', 999999) }],
      },
      {
        externalId: 'imp-4',
        title: 'Imported four',
        body: 'Text.',
        publishedAt: '2026-04-04',
        bylines: [{ name: 'Two keys', credit: 'AFP' }],
      },
    ];
    const report = await importNdjson(database.db, Readable.from(lines.map((l) => JSON.stringify(l)).join('\n')));
    expect(report).toMatchObject({
      created: 2,
      skipped: [
        { line: 3, error: 'bylines[0] names no author' },
        { line: 4, error: expect.stringContaining('bylines[0] must be') },
      ],
    });
    const page = await client.query(
      `{ article(slug: "imported-one") { bylines { name author { slug } } } rosa: author(slug: "rosa-mendes") { articles { edges { node { slug } } } } }`,
    );
    expect(page.data.article.bylines).toEqual([
      { name: 'Rosa Mendes', author: { slug: 'rosa-mendes' } },
      { name: 'Jane Doe', author: { slug: 'jane-doe' } },
      { name: 'AFP', author: null },
    ]);
    expect(page.data.rosa.articles.edges.map((e: { node: { slug: string } }) => e.node.slug)).toEqual([
      'imported-two',
      'imported-one',
    ]);
    // A re-run changes nothing; a line without "bylines" leaves the byline alone.
    const again = await importNdjson(
      database.db,
      Readable.from(
        lines
          .slice(0, 2)
          .map((l) => JSON.stringify(l))
          .join('\n'),
      ),
    );
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const { bylines: _, ...plain } = lines[1]!;
    expect(
      await importNdjson(database.db, Readable.from(JSON.stringify({ ...plain, body: 'New text.' }))),
    ).toMatchObject({ updated: 1 });
    expect((await client.query(`{ article(slug: "imported-two") { bylines { name } } }`)).data.article.bylines).toEqual(
      [{ name: 'Rosa Mendes' }],
    );
  });
});

describe('an author’s portrait', () => {
  const CREATE_IMAGE = `mutation($input: CreateImageInput!) { createImage(input: $input) { __typename ... on CreateImageSuccess { image { id } } } }`;
  const CREATE = `mutation($input: CreateAuthorInput!) { createAuthor(input: $input) { ${RESULT} ... on CreateAuthorSuccess { author { id slug version image { id alt } } } } }`;
  const UPDATE = `mutation($input: UpdateAuthorInput!) { updateAuthor(input: $input) { ${VERSIONED} ... on UpdateAuthorSuccess { author { version image { id } } } } }`;
  const PAGE = `{ author(slug: "rae-portrait") { name image { alt originalUrl url(width: 320) } articles(first: 5) { edges { node { slug } } } } }`;

  it('is an image set by id, shown to the public once a visible article credits the author; the author page with it is one statement', async () => {
    const input = {
      externalUrl: 'https://img.example/rae.jpg',
      width: 800,
      height: 800,
      mimeType: 'image/jpeg',
      metadata: { alt: 'Rae Portrait, smiling' },
    };
    const imageId = (await client.query(CREATE_IMAGE, { input }, desk)).data.createImage.image.id;
    expect(
      (await client.query(CREATE, { input: { name: 'Nobody', imageId: globalId('Image', 999999) } }, desk)).data
        .createAuthor,
    ).toMatchObject({
      __typename: 'NotFoundError',
      field: 'input.imageId',
    });
    expect(
      (await client.query(CREATE, { input: { name: 'Nobody', imageId: 'bad' } }, desk)).data.createAuthor,
    ).toMatchObject({ __typename: 'ValidationError', field: 'input.imageId', reason: 'INVALID_FORMAT' });
    const created = (await client.query(CREATE, { input: { name: 'Rae Portrait', imageId } }, desk)).data.createAuthor;
    expect(created).toMatchObject({
      __typename: 'CreateAuthorSuccess',
      author: { slug: 'rae-portrait', version: 1, image: { id: imageId, alt: 'Rae Portrait, smiling' } },
    });
    // No visible article credits her yet (a draft does not count): the public does not see the portrait.
    await createArticle(database.db, {
      slug: 'rae-draft',
      status: 'DRAFT',
      publishedAt: null,
      bylines: ['Rae Portrait'],
    });
    expect((await client.query(PAGE)).data.author).toEqual({
      name: 'Rae Portrait',
      image: null,
      articles: { edges: [] },
    });
    expect((await client.query(`query($id: ID!) { node(id: $id) { id } }`, { id: imageId })).data.node).toBeNull();
    await createArticle(database.db, {
      slug: 'rae-first',
      publishedAt: '2026-03-10T10:00:00Z',
      bylines: ['Rae Portrait'],
    });
    const { result, statements } = await client.countStatements(PAGE);
    expect(statements).toBe(1);
    expect(result.data.author).toMatchObject({
      image: { alt: 'Rae Portrait, smiling', originalUrl: 'https://img.example/rae.jpg', url: expect.any(String) },
      articles: { edges: [{ node: { slug: 'rae-first' } }] },
    });
    // The loaders' path (node) agrees with the compiled one.
    const viaNode = await client.query(
      `query($id: ID!) { node(id: $id) { ... on Author { image { alt originalUrl } } } }`,
      { id: created.author.id },
    );
    expect(viaNode.data.node.image).toEqual({
      alt: 'Rae Portrait, smiling',
      originalUrl: 'https://img.example/rae.jpg',
    });
    expect((await client.query(`query($id: ID!) { node(id: $id) { id } }`, { id: imageId })).data.node).toEqual({
      id: imageId,
    });
    // Removed against the author's version.
    expect(
      (await client.query(UPDATE, { input: { id: created.author.id, expectedVersion: 5, imageId: null } }, desk)).data
        .updateAuthor,
    ).toMatchObject({ __typename: 'ConflictError', currentVersion: 1 });
    expect(
      (await client.query(UPDATE, { input: { id: created.author.id, expectedVersion: 1, imageId: null } }, desk)).data
        .updateAuthor,
    ).toEqual({
      __typename: 'UpdateAuthorSuccess',
      author: { version: 2, image: null },
    });
    expect((await client.query(PAGE)).data.author.image).toBeNull();
  });

  it('is imported with a byline entry, as leadImage is; a new one raises the author’s version', async () => {
    const image = (url: string) => ({ url, width: 400, height: 500, mimeType: 'image/jpeg', alt: 'Ivy Lens' });
    const line = {
      externalId: 'ivy-1',
      title: 'Ivy one',
      body: 'Text.',
      publishedAt: '2026-04-05',
      bylines: [{ name: 'Ivy Lens', image: image('https://img.example/ivy.jpg') }],
    };
    expect(await importNdjson(database.db, Readable.from(JSON.stringify(line)))).toMatchObject({
      created: 1,
      skipped: [],
    });
    const READ = `{ author(slug: "ivy-lens") { version image { alt originalUrl width height } } }`;
    expect((await client.query(READ)).data.author).toEqual({
      version: 2,
      image: { alt: 'Ivy Lens', originalUrl: 'https://img.example/ivy.jpg', width: 400, height: 500 },
    });
    expect(await importNdjson(database.db, Readable.from(JSON.stringify(line)))).toMatchObject({ unchanged: 1 });
    expect((await client.query(READ)).data.author.version).toBe(2);
    const moved = { ...line, bylines: [{ slug: 'ivy-lens', image: image('https://img.example/ivy-2.jpg') }] };
    expect(await importNdjson(database.db, Readable.from(JSON.stringify(moved)))).toMatchObject({ skipped: [] });
    expect((await client.query(READ)).data.author).toMatchObject({
      version: 3,
      image: { originalUrl: 'https://img.example/ivy-2.jpg' },
    });
    const credit = {
      ...line,
      externalId: 'ivy-2',
      bylines: [{ credit: 'AFP', image: image('https://img.example/afp.jpg') }],
    };
    expect(await importNdjson(database.db, Readable.from(JSON.stringify(credit)))).toMatchObject({
      skipped: [{ line: 1, error: expect.stringContaining('a credit has no image') }],
    });
  });
});

describe('the author page index', () => {
  it('follows every change of the articles it lists, whoever writes it (the copies are kept by triggers)', async () => {
    const page = async () =>
      (
        await client.query(`{ author(slug: "omar-haddad") { articles(first: 10) { edges { node { slug } } } } }`)
      ).data.author.articles.edges.map((e: { node: { slug: string } }) => e.node.slug);
    expect(await page()).toEqual(['story-2', 'story-0']);
    // SQL by hand: archived, then published again later, then moved to the trash.
    await sql`update articles set status = 'ARCHIVED' where slug = 'story-2'`.execute(database.db);
    expect(await page()).toEqual(['story-0']);
    await sql`update articles set status = 'PUBLISHED', published_at = '2026-01-01T00:00:00Z' where slug = 'story-2'`.execute(
      database.db,
    );
    expect(await page()).toEqual(['story-0', 'story-2']);
    await sql`update articles set deleted_at = now() where slug = 'story-0'`.execute(database.db);
    expect(await page()).toEqual(['story-2']);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from article_bylines b join articles a on a.id = b.article_id
      where b.article_status <> a.status or b.article_published_at is distinct from (case when a.deleted_at is null then a.published_at end)`.execute(
      database.db,
    );
    expect(rows[0]!.n).toBe(0);
  });
});
