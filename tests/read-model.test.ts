import { getNamedType, type GraphQLObjectType, isObjectType, parse } from 'graphql';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createToken } from './helpers/auth.js';
import { createTestDatabase } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';
import { post } from './helpers/http.js';
import { compileOperation } from '../src/compiled/compile.js';
import { readOf } from '../src/schema/read.js';
import { schema } from '../src/schema/index.js';

// The read model (docs/READ-MODEL.md): every public field either declares what it reads, so that
// the fast path derives its SQL from the declaration, or says why only the executor serves it.

// The Relay shapes every connection declaration serves: the generator writes these from the
// connection's own declaration (its rows, order and cursor), so they carry none themselves.
const RELAY_SHAPE = { connection: ['edges', 'pageInfo'], edge: ['node', 'cursor'], pageInfo: ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'] };

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
    for (const field of ['Article.title', 'Article.id', 'Section.name', 'ArticleEntity.entity', 'Entity.articles', 'Summary.text', 'SearchResult.rank', 'ArticleEdge.node', 'PageInfo.endCursor']) {
      expect(served, field).toContain(field);
    }
  });

  it('a field without a declaration makes its operation the executor\'s', () => {
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
      const path = { Article: 'article(slug: "a") { X }', Summary: 'article(slug: "a") { summary { X } }', Entity: 'entity(slug: "a") { X }', ArticleConnection: 'articles { X }', SearchResult: 'search(query: "a") { edges { node { X } } }' }[type];
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
    const created = await post(app, { query: 'mutation($input: CreateArticleInput!) { createArticle(input: $input) { ... on CreateArticleSuccess { article { id updatedBy } } } }', variables: { input: { title: 'Made by a token', body: 'Ada Quill met Ben Marr.' } } }, editor.headers);
    const article = created.json.data.createArticle.article;
    expect(article.updatedBy).toBe('night-desk');
    const published = await post(app, { query: 'mutation($id: ID!) { publishArticle(id: $id) { ... on PublishArticleSuccess { article { slug updatedBy } } } }', variables: { id: article.id } }, editor.headers);
    const { slug } = published.json.data.publishArticle.article;
    expect(published.json.data.publishArticle.article.updatedBy).toBe('night-desk');
    for (const [articleSlug, expected] of [[slug, 'night-desk'], ['imported', null]] as const) {
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
