import { createHash } from 'node:crypto';
import { type GraphQLInterfaceType, type GraphQLObjectType, getNamedType, isObjectType, parse } from 'graphql';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { compileOperation } from '../src/compiled/compile.js';
import { countEntities, listEntities } from '../src/db/queries/entities.js';
import { insertPreviewLink } from '../src/db/queries/preview-links.js';
import { schema } from '../src/schema/index.js';
import { encodeCursor } from '../src/schema/pagination.js';
import { readOf, TYPE_TAG } from '../src/schema/read.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';
import { post } from './helpers/http.js';

// The read model (docs/READ-MODEL.md): every public field either declares what it reads, so that
// the fast path derives its SQL from the declaration, or says why only the executor serves it.

// The Relay shapes every connection declaration serves: the generator writes these from the
// connection's own declaration (its rows, order and cursor), so they carry none themselves.
const RELAY_SHAPE = {
  connection: ['edges', 'pageInfo'],
  edge: ['node', 'cursor'],
  pageInfo: ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'],
};

/** Every field reachable from Query through fields the fast path serves, with what serves it. */
function walk(): { served: string[]; executorOnly: Map<string, string>; undeclared: string[] } {
  const served: string[] = [];
  const executorOnly = new Map<string, string>();
  const undeclared: string[] = [];
  const seen = new Set<string>();
  const visit = (type: GraphQLObjectType, shape?: readonly string[]) => {
    const key = `${type.name}:${shape?.join() ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    for (const field of Object.values(type.getFields())) {
      const name = `${type.name}.${field.name}`;
      const read = readOf(field);
      const child = getNamedType(field.type);
      if (!read && shape?.includes(field.name)) {
        served.push(name);
        if (!isObjectType(child)) continue;
        if (field.name === 'edges') visit(child, RELAY_SHAPE.edge);
        else if (field.name === 'pageInfo') visit(child, RELAY_SHAPE.pageInfo);
        else visit(child);
      } else if (!read) undeclared.push(name);
      else if (read.kind === 'executor') executorOnly.set(name, read.reason);
      else {
        served.push(name);
        if (isObjectType(child)) visit(child, read.kind === 'connection' ? RELAY_SHAPE.connection : undefined);
      }
    }
  };
  visit(schema.getQueryType()!);
  return { served, executorOnly, undeclared };
}

describe('the read model', () => {
  it('every public field is served by the fast path or marked executor-only with a reason', () => {
    const { served, executorOnly, undeclared } = walk();
    expect(undeclared).toEqual([]);
    for (const [field, reason] of executorOnly) expect(reason.trim().length, field).toBeGreaterThan(10);
    // The walk reached the types of the article page, the entity page and search.
    for (const field of [
      'Article.title',
      'Article.id',
      'Section.name',
      'ArticleEntity.entity',
      'Entity.articles',
      'Summary.text',
      'SearchResult.rank',
      'ArticleEdge.node',
      'PageInfo.endCursor',
    ]) {
      expect(served, field).toContain(field);
    }
  });

  it("a field without a declaration makes its operation the executor's", () => {
    const article = schema.getType('Article') as GraphQLObjectType;
    const title = article.getFields().title!;
    const query = parse('{ article(slug: "a") { title } }');
    expect(compileOperation(schema, query)).not.toBeNull();
    const extensions = title.extensions;
    Object.assign(title, { extensions: {} });
    try {
      expect(compileOperation(schema, query)).toBeNull();
      expect(walk().undeclared).toEqual(['Article.title']);
    } finally {
      Object.assign(title, { extensions });
    }
  });

  it('executor-only fields are never compiled', () => {
    for (const [field] of walk().executorOnly) {
      const [type, name] = field.split('.') as [string, string];
      const path = {
        Article: 'article(slug: "a") { X }',
        Summary: 'article(slug: "a") { summary { X } }',
        Entity: 'entity(slug: "a") { X }',
        ArticleConnection: 'articles { X }',
        SearchResult: 'search(query: "a") { edges { node { X } } }',
      }[type];
      if (!path) continue;
      const selection = name === 'articles' || name === 'entities' ? `${name} { totalCount }` : name;
      const target = schema.getType(type) as GraphQLObjectType;
      const sub = isObjectType(getNamedType(target.getFields()[name]!.type)) ? `${name} { __typename }` : selection;
      expect(compileOperation(schema, parse(`{ ${path.replace('X', sub)} }`)), field).toBeNull();
    }
  });
});

describe('a stored field added after the change (Article.updatedBy)', () => {
  it('the token that last changed an article, null for imports; the same bytes from the executor and the fast path', async () => {
    const database = await createTestDatabase();
    const { id: importedId } = await createArticle(database.db, { slug: 'imported', title: 'Imported' });
    const editor = await createToken(database.db, 'night-desk', ['write:articles', 'read:drafts']);
    const app = createApp({ db: database.db });
    const created = await post(
      app,
      {
        query:
          'mutation($input: CreateArticleInput!) { createArticle(input: $input) { ... on CreateArticleSuccess { article { id updatedBy } } } }',
        variables: { input: { title: 'Made by a token', body: 'Ada Quill met Ben Marr.' } },
      },
      editor.headers,
    );
    const article = created.json.data.createArticle.article;
    expect(article.updatedBy).toBe('night-desk');
    const published = await post(
      app,
      {
        query:
          'mutation($id: ID!) { publishArticle(id: $id) { ... on PublishArticleSuccess { article { slug updatedBy } } } }',
        variables: { id: article.id },
      },
      editor.headers,
    );
    const { slug } = published.json.data.publishArticle.article;
    expect(published.json.data.publishArticle.article.updatedBy).toBe('night-desk');
    for (const [articleSlug, expected] of [
      [slug, 'night-desk'],
      ['imported', null],
    ] as const) {
      const query = `{ article(slug: "${articleSlug}") { title updatedBy } }`;
      const compiled = compileOperation(schema, parse(query))!;
      expect(compiled).not.toBeNull();
      const { rows } = await sql<{ data: string }>`${sql.raw(compiled.text)}`.execute(database.db);
      // post() asks for application/graphql-response+json, which compiled reads leave to the executor.
      const viaExecutor = await post(app, { query });
      expect(viaExecutor.json.data.article.updatedBy).toBe(expected);
      expect(rows[0]!.data).toBe(JSON.stringify(viaExecutor.json.data));
    }
    expect(importedId).toBeGreaterThan(0);
  });
});

/**
 * The rows of the loaders, for a reference: a preview link's article (PreviewLink.article, an
 * editors' field only the executor serves) is a row its loader read, and every field under it is
 * its resolver's. Each article gets a link; the returned `tokens` list them (write:articles), for
 * the public's visibility (`public`) and for editors' (`editor`, read:drafts too).
 */
async function loaderReference(database: Awaited<ReturnType<typeof createTestDatabase>>, articles: { id: number }[]) {
  for (const article of articles)
    await insertPreviewLink(database.db, {
      articleId: article.id,
      secretHash: createHash('sha256').update(`link ${article.id}`).digest('hex'),
      createdByTokenId: null,
      createdBy: 'test',
      expiresInSeconds: 3600,
    });
  return {
    public: (await createToken(database.db, 'links', ['write:articles'])).headers,
    editor: (await createToken(database.db, 'desk links', ['write:articles', 'read:drafts'])).headers,
  };
}

describe('the executor reads through the declarations', () => {
  // The whole article page under one root field: neighbours with their sections, each entity's own
  // page of articles, summaries, related articles, paragraphs, and a field only JavaScript answers
  // (a summary's sentences).
  const PAGE = `query($slug: String!, $withBody: Boolean!, $short: Boolean!) {
    article(slug: $slug) {
      __typename id slug title status publishedAt updatedBy headline: title
      body @include(if: $withBody) paragraphs @include(if: $withBody)
      standfirst @skip(if: $short)
      section { name slug }
      summary { text sentences method }
      entities { salience entity { name aliases articles(first: 2) { edges { cursor node { slug } } pageInfo { hasNextPage endCursor } } } }
      previousArticle { slug section { name } }
      nextArticle(scope: SECTION) { slug }
      relatedArticles(first: 2) { slug }
      ... on Node { nodeId: id }
    }
  }`;
  // The same selection under a preview link's article, which is a row (the loaders'): every field
  // under it is its resolver's, row by row (`node`, `nodes` and `_entities` read through the
  // declarations too). One link (there is one): fifty, the default, each with relatedArticles'
  // weight, are past the cost limit.
  const VIA_LOADERS = PAGE.replace('$slug: String!', '$id: ID!')
    .replace('article(slug: $slug) {', 'previewLinks(articleId: $id, first: 1) { article {')
    .replace(/}\s*}\s*$/, '} } }');
  /** The article of the preview link. */
  const found = (data: { previewLinks: { article: unknown }[] }) => data.previewLinks[0]!.article;

  it('answers a root field and everything under it in one statement, @skip/@include evaluated, the same as the loaders', async () => {
    const database = await createTestDatabase();
    const client = createTestClient(database);
    const editor = await createToken(database.db, 'desk', ['read:drafts']);
    const names = ['Ada Quill', 'Ben Marr', 'Cora Vance'];
    const articles: { id: number; slug: string }[] = [];
    for (let i = 0; i < 6; i += 1) {
      const article = await createArticle(database.db, {
        slug: `piece-${i}`,
        title: `Piece ${i}`,
        standfirst: `Standfirst ${i}`,
        section: ['World', 'Sport'][i % 2],
        status: i === 5 ? 'DRAFT' : undefined,
        publishedAt: new Date(Date.UTC(2026, 1, 1, i)).toISOString(),
        body: `${names[i % 3]} met ${names[(i + 1) % 3]} in Port Vale.\n\nThey spoke for an hour.`,
        summary: i % 2 === 0 ? `Editorial summary ${i}.` : undefined,
        entities: [
          { name: names[i % 3]!, kind: 'PERSON' },
          { name: names[(i + 1) % 3]!, kind: 'PERSON' },
        ],
      });
      articles.push(article);
    }
    const links = await loaderReference(database, articles);
    const read = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
      const before = database.stats.statements;
      const result = await client.query(query, variables, headers);
      expect(result.errors).toBeUndefined();
      return { data: result.data, statements: database.stats.statements - before };
    };
    for (const [headers, slug] of [
      [{}, 'piece-2'],
      [editor.headers, 'piece-5'],
      [{}, 'piece-3'],
    ] as const) {
      for (const flags of [
        { withBody: true, short: false },
        { withBody: false, short: true },
      ]) {
        // Once so that the summaries generated on first request are stored (a write of its own).
        await read(PAGE, { slug, ...flags }, headers);
        const page = await read(PAGE, { slug, ...flags }, headers);
        const id = globalId('Article', articles.find((article) => article.slug === slug)!.id);
        const loaders = await read(
          VIA_LOADERS,
          { id, ...flags },
          headers === editor.headers ? links.editor : links.public,
        );
        expect(page.data.article).toEqual(found(loaders.data));
        // One statement, relatedArticles and paragraphs included, editors' entity pages (with
        // drafts) too; the loaders cost a statement per entity page and per neighbour's section
        // on top. An editor's request also looks its token up.
        expect(page.statements).toBeLessThan(loaders.statements);
        if (headers !== editor.headers) expect(page.statements, JSON.stringify({ slug, flags })).toBe(1);
        else expect(page.statements, JSON.stringify({ slug, flags })).toBeLessThanOrEqual(2);
        expect('body' in page.data.article).toBe(flags.withBody);
        expect('standfirst' in page.data.article).toBe(!flags.short);
      }
    }
    // A draft exists for editors only, by the declaration's visibility.
    expect((await client.query('{ article(slug: "piece-5") { slug } }')).data.article).toBeNull();
  });

  it('answers the entity page from the declarations as the loaders answer it: slugs, redirects, hidden names, editors', async () => {
    const database = await createTestDatabase();
    const client = createTestClient(database);
    const editor = await createToken(database.db, 'desk', ['read:drafts']);
    const articles: { id: number; slug: string }[] = [];
    for (let i = 0; i < 5; i += 1) {
      const article = await createArticle(database.db, {
        slug: `report-${i}`,
        section: ['World', 'Sport'][i % 2],
        // The last one is a draft: Dana Holt is only in it, so the public does not know her.
        status: i === 4 ? 'DRAFT' : undefined,
        publishedAt: new Date(Date.UTC(2026, 2, 1, i)).toISOString(),
        body: `Ada Quill met ${i === 4 ? 'Dana Holt' : 'Ben Marr'} in Port Vale.`,
        entities: [
          { name: 'Ada Quill', kind: 'PERSON' },
          { name: i === 4 ? 'Dana Holt' : 'Ben Marr', kind: 'PERSON' },
        ],
      });
      articles.push(article);
    }
    const links = await loaderReference(database, articles);
    await sql`insert into entity_slug_redirects (slug, entity_id) select 'old-ada-quill', id from entities where slug = 'ada-quill'`.execute(
      database.db,
    );
    const ENTITY = `__typename id slug name kind aliases
      articles(first: 2) { edges { cursor node { slug title section { name } } } pageInfo { hasNextPage endCursor } }
      oldest: articles(first: 2, orderBy: PUBLISHED_AT_ASC) { edges { node { slug } } }`;
    const PAGE = `query($slug: String!) { entity(slug: $slug) { ${ENTITY} } }`;
    // The same selection on the entity as a preview link's article mentions it: rows (the
    // loaders'), every field under them its resolver's. report-0 mentions Ada Quill and Ben Marr,
    // the draft report-4 Dana Holt.
    const VIA_LOADERS = `query($id: ID!) { previewLinks(articleId: $id) {
      article { entities { entity { ${ENTITY} } } }
    } }`;
    type Mentions = { previewLinks: { article: { entities: { entity: { id: string } }[] } }[] };
    const mentioned = (data: Mentions, id: string) =>
      data.previewLinks[0]!.article.entities.map((m) => m.entity).find((e) => e.id === id);
    for (const headers of [{}, editor.headers]) {
      for (const slug of ['ada-quill', 'old-ada-quill', 'ben-marr', 'dana-holt', 'nobody']) {
        // What an editor's request costs before it reads anything: the token's lookup.
        const idle = database.stats.statements;
        if (headers === editor.headers) await client.query('{ __typename }', {}, headers);
        const tokenLookup = database.stats.statements - idle;
        const before = database.stats.statements;
        const page = await client.query(PAGE, { slug }, headers);
        const statements = database.stats.statements - before;
        expect(page.errors).toBeUndefined();
        const entity = page.data.entity;
        const what = `${slug} ${headers === editor.headers ? 'editor' : 'public'}`;
        // A draft's entity exists for editors only; a slug of nothing is null either way.
        expect(entity === null, what).toBe(slug === 'nobody' || (slug === 'dana-holt' && headers !== editor.headers));
        if (!entity) continue;
        const article = articles[entity.slug === 'dana-holt' ? 4 : 0]!;
        const loaders = await client.query(
          VIA_LOADERS,
          { id: globalId('Article', article.id) },
          headers === editor.headers ? links.editor : links.public,
        );
        expect(loaders.errors, what).toBeUndefined();
        expect(entity, what).toEqual(mentioned(loaders.data, entity.id));
        // The entity and both its lists (either order) in one statement, editors' lists (with
        // drafts) too: it was 2 for the public (the other order by its resolver), more for editors.
        expect(statements, what).toBe(headers === editor.headers ? 1 + tokenLookup : 1);
      }
    }
  });

  it('pages `entities` from the declarations as listEntities and countEntities do, kinds, prefixes, cursors, hidden names', async () => {
    const database = await createTestDatabase();
    const client = createTestClient(database);
    const editor = await createToken(database.db, 'desk', ['read:drafts']);
    const names = [
      'Ada Quill',
      'ada Lowe',
      'Ben Marr',
      'Port Vale',
      'Port_Talbot',
      '100% Group',
      'Zoë Ångström',
      'Dana Holt',
    ];
    for (let i = 0; i < names.length; i += 1) {
      await createArticle(database.db, {
        // Dana Holt is only in a draft: the public does not know her.
        status: names[i] === 'Dana Holt' ? 'DRAFT' : undefined,
        body: `${names[i]} met ${names[(i + 1) % (names.length - 1)]}.`,
        entities: [
          { name: names[i]!, kind: i % 3 === 0 ? 'PERSON' : i % 3 === 1 ? 'PLACE' : 'ORGANIZATION' },
          {
            name: names[(i + 1) % (names.length - 1)]!,
            kind:
              ((i + 1) % (names.length - 1)) % 3 === 0
                ? 'PERSON'
                : ((i + 1) % (names.length - 1)) % 3 === 1
                  ? 'PLACE'
                  : 'ORGANIZATION',
          },
        ],
      });
    }
    const LIST = `query($first: Int, $after: String, $kind: EntityKind, $prefix: String) {
      entities(first: $first, after: $after, kind: $kind, nameStartsWith: $prefix) {
        totalCount edges { cursor node { id slug name kind } } pageInfo { hasNextPage hasPreviousPage endCursor }
      }
    }`;
    for (const [headers, visibility] of [
      [{}, { includeHidden: false }],
      [editor.headers, { includeHidden: true }],
    ] as const) {
      for (const kind of [null, 'PERSON', 'PLACE']) {
        for (const prefix of [null, 'a', 'A', 'port', 'port_', '100%', '%', 'zo', 'nobody']) {
          const filter = { kind: kind ?? undefined, nameStartsWith: prefix ?? undefined };
          const expected = await listEntities(
            database.db,
            { ...filter, limit: 1000 } as Parameters<typeof listEntities>[1],
            visibility,
          );
          const total = await countEntities(database.db, filter as Parameters<typeof countEntities>[1], visibility);
          const what = JSON.stringify({ kind, prefix, visibility });
          // What an editor's request costs before it reads anything: the token's lookup. (The
          // public's `{ __typename }` would be a compiled statement of its own.)
          const idle = database.stats.statements;
          if (visibility.includeHidden) await client.query('{ __typename }', {}, headers);
          const baseline = database.stats.statements - idle;
          const seen: { cursor: string; slug: string; name: string }[] = [];
          let after: string | null = null;
          for (;;) {
            const before = database.stats.statements;
            const page: any = await client.query(LIST, { first: 2, after, kind, prefix }, headers);
            expect(page.errors, what).toBeUndefined();
            expect(database.stats.statements - before - baseline, what).toBe(1);
            const { totalCount, edges, pageInfo }: any = page.data.entities;
            expect(totalCount, what).toBe(total);
            expect(pageInfo.hasPreviousPage, what).toBe(after !== null);
            seen.push(...edges.map((e: any) => ({ cursor: e.cursor, slug: e.node.slug, name: e.node.name })));
            if (!pageInfo.hasNextPage) break;
            after = pageInfo.endCursor;
          }
          expect(seen, what).toEqual(
            expected.map((row) => ({
              cursor: encodeCursor('entity', [row.name, row.id]),
              slug: row.slug,
              name: row.name,
            })),
          );
        }
      }
    }
    // The public does not see the draft's entity; editors do.
    const names0 = async (headers: Record<string, string>) =>
      (await client.query('{ entities(first: 50) { edges { node { name } } } }', {}, headers)).data.entities.edges.map(
        (e: any) => e.node.name,
      );
    expect(await names0({})).not.toContain('Dana Holt');
    expect(await names0(editor.headers)).toContain('Dana Holt');
    // Only the count, or only __typename: one row however many the page has (compiled and not).
    for (const headers of [{}, editor.headers]) {
      expect(await client.query('{ entities(first: 3) { totalCount __typename } }', {}, headers)).toEqual({
        data: { entities: { totalCount: headers === editor.headers ? 8 : 7, __typename: 'EntityConnection' } },
      });
      expect((await client.query('{ articles(first: 3) { __typename } }', {}, headers)).data).toEqual({
        articles: { __typename: 'ArticleConnection' },
      });
    }
    // An invalid cursor is the executor's INVALID_CURSOR.
    const invalid = await client.query(LIST, { after: 'garbage' });
    expect(invalid.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
  });

  it("types resolve by a tag or a brand, not by guessing from the row's shape", () => {
    for (const name of ['Article', 'Author', 'Entity', 'Section', 'Tag'])
      expect((schema.getType(name) as GraphQLObjectType).isTypeOf, name).toBeUndefined();
    // The Node interface takes the type the statement tagged its object with, whatever its shape.
    const node = schema.getType('Node') as GraphQLInterfaceType;
    const tagged = { [TYPE_TAG]: 'Section', title: 'shaped like an article', body: '' };
    expect(node.resolveType?.(tagged, {}, {} as never, node)).toBe('Section');
  });
});
