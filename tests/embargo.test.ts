import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import type { CompiledReadsStats } from '../src/compiled/reads.js';
import { refreshAllPublicEntities, slugifySql } from '../src/db/queries/entities.js';
import { SLUG_PATTERN, slugify } from '../src/text/text.js';

type CompiledReads = { stats: CompiledReadsStats };

import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';
import { listenHttp } from './helpers/http.js';

// Hidden articles (drafts, embargoed SCHEDULED, ARCHIVED, imported drafts) are absent from every
// public field, and so is everything only they brought in: entities, their aliases, sections
// (src/db/queries/entities.ts and sections.ts). Every public read is checked on the executor and,
// where compiled reads answer it, on the compiled path too; editors with read:drafts see it all.

let database: TestDatabase;
let executor: ReturnType<typeof createTestClient>;
let compiled: { app: App; url: string; reads: CompiledReads };
let editor: Record<string, string>;
let published: { id: number; slug: string };
let _draft: { id: number; slug: string };

const HELGA_PUBLIC = {
  slug: 'helga-opens-harbour',
  title: 'Helga Brightwater opens the harbour',
  body: 'Helga Brightwater opened the new harbour in Port Vale on Monday.\n\nThe crowd cheered Helga Brightwater.',
};
const HELGA_DRAFT = {
  slug: 'helga-to-resign',
  title: 'Embargoed: Helga Brightwater to resign',
  body: 'Helga Brightwater will step down as harbour master on Friday, officials said.\n\nBrightwater told colleagues in Port Vale she was leaving. Orla Fenwick said she would replace Brightwater.',
};

beforeAll(async () => {
  database = await createTestDatabase();
  published = await createArticle(database.db, {
    ...HELGA_PUBLIC,
    section: 'World',
    publishedAt: '2026-01-05T09:00:00Z',
  });
  // An imported draft, in a section of its own: the section's name announces it.
  _draft = await createArticle(database.db, {
    ...HELGA_DRAFT,
    section: 'Embargo Desk',
    publishedAt: null,
    status: 'DRAFT',
  });
  await createArticle(database.db, {
    slug: 'calloway-next-year',
    title: 'Piet Calloway to lead the port authority',
    body: 'Piet Calloway will lead the port authority from next year.',
    section: 'Tomorrow Desk',
    status: 'SCHEDULED',
    publishedAt: '2099-01-01T00:00:00Z',
    entities: [{ name: 'Piet Calloway', kind: 'PERSON' }],
  });
  await createArticle(database.db, {
    slug: 'vell-retires',
    title: 'Archie Vell retires',
    body: 'Archie Vell retired from the harbour board.',
    section: 'Old Desk',
    status: 'ARCHIVED',
    publishedAt: '2025-01-01T00:00:00Z',
    entities: [{ name: 'Archie Vell', kind: 'PERSON' }],
  });
  editor = (await createToken(database.db, 'Night desk', ['admin'])).headers;
  executor = createTestClient(database, { compiledReads: false });
  const on = createApp({ db: database.db });
  compiled = {
    app: on,
    url: await listenHttp(on),
    reads: (on as unknown as { compiledReads: CompiledReads }).compiledReads,
  };
});

async function idOf(table: 'entities' | 'sections', slug: string): Promise<number> {
  return (await database.db.selectFrom(table).select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

/**
 * The public answer from the executor, and from compiled reads (the operation is sent twice: the
 * first request teaches it, the second is answered compiled); both must be the same. Asked first
 * before what the public sees of entities is refreshed on their rows (so entities the last steps
 * wrote, or whose scheduled mention came due, are worked out live), then after: the same answer.
 */
async function publicly(query: string, variables: Record<string, unknown> = {}) {
  const live = await executor.query(query, variables);
  await refreshAllPublicEntities(database.db);
  const expected = await executor.query(query, variables);
  expect(expected, `${query}: kept on the entity rows, as worked out live`).toEqual(live);
  const send = async () => {
    const response = await fetch(compiled.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  };
  await send();
  const before = compiled.reads.stats.executed;
  const actual = await send();
  expect(actual, query).toEqual(expected);
  return {
    result: expected as { data?: any; errors?: unknown[] },
    viaCompiled: compiled.reads.stats.executed - before === 1,
  };
}

const ENTITY_BY_SLUG =
  'query($slug: String!) { entity(slug: $slug) { __typename id slug name aliases articles(first: 5) { edges { node { slug } } } } }';
const ENTITY_BY_ID = 'query($id: ID!) { entity(id: $id) { slug name aliases } }';

describe('entities, aliases and sections brought in only by hidden articles', () => {
  it('the precondition: the draft gave Helga Brightwater the alias "Brightwater" and brought in Orla Fenwick', async () => {
    const rows = await database.db
      .selectFrom('entities')
      .select(['slug', 'aliases'])
      .where('slug', 'in', ['helga-brightwater', 'orla-fenwick'])
      .orderBy('slug')
      .execute();
    expect(rows).toEqual([
      { slug: 'helga-brightwater', aliases: ['Brightwater'] },
      { slug: 'orla-fenwick', aliases: [] },
    ]);
  });

  it('entity(slug:) and entity(id:): no draft-only alias, no draft-only entity (executor and compiled)', async () => {
    const helga = await publicly(ENTITY_BY_SLUG, { slug: 'helga-brightwater' });
    expect(helga.viaCompiled).toBe(true);
    expect(helga.result).toEqual({
      data: {
        entity: {
          __typename: 'Entity',
          id: globalId('Entity', await idOf('entities', 'helga-brightwater')),
          slug: 'helga-brightwater',
          name: 'Helga Brightwater',
          aliases: [],
          articles: { edges: [{ node: { slug: HELGA_PUBLIC.slug } }] },
        },
      },
    });
    for (const slug of ['orla-fenwick', 'piet-calloway', 'archie-vell']) {
      const hidden = await publicly(ENTITY_BY_SLUG, { slug });
      expect(hidden, slug).toEqual({ result: { data: { entity: null } }, viaCompiled: true });
      const byId = await publicly(ENTITY_BY_ID, { id: globalId('Entity', await idOf('entities', slug)) });
      expect(byId, slug).toEqual({ result: { data: { entity: null } }, viaCompiled: true });
    }
  });

  it('an article page and a list show public aliases only (prefetch, loaders and compiled)', async () => {
    const page =
      'query($slug: String!) { article(slug: $slug) { slug section { name } entities { entity { slug aliases } } } }';
    const answer = await publicly(page, { slug: HELGA_PUBLIC.slug });
    expect(answer.viaCompiled).toBe(true);
    expect(answer.result.data.article.entities).toEqual([
      { entity: { slug: 'helga-brightwater', aliases: [] } },
      { entity: { slug: 'port-vale', aliases: [] } },
    ]);
    const list = '{ articles(first: 10) { edges { node { slug entities { entity { slug aliases } } } } } }';
    const listed = await publicly(list);
    expect(listed.viaCompiled).toBe(true);
    expect(listed.result.data.articles.edges.map((e: { node: { slug: string } }) => e.node.slug)).toEqual([
      HELGA_PUBLIC.slug,
    ]);
    expect(listed.result.data.articles.edges[0].node.entities[0]).toEqual({
      entity: { slug: 'helga-brightwater', aliases: [] },
    });
    // Without prefetch: the entity loader, reached through a mention and by id in one request.
    const loaders = await executor.query(
      `query($id: ID!) { node(id: $id) { ... on Entity { aliases } } article(slug: "${HELGA_PUBLIC.slug}") { entities { entity { aliases } } } }`,
      {
        id: globalId('Entity', await idOf('entities', 'helga-brightwater')),
      },
    );
    expect(loaders).toEqual({
      data: {
        node: { aliases: [] },
        article: { entities: [{ entity: { aliases: [] } }, { entity: { aliases: [] } }] },
      },
    });
  });

  it('entities, with totalCount, and articleCount list only what visible articles mention', async () => {
    const result = await executor.query(
      '{ entities(first: 20) { totalCount edges { node { slug aliases articleCount } } } }',
    );
    expect(result).toEqual({
      data: {
        entities: {
          totalCount: 2,
          edges: [
            { node: { slug: 'helga-brightwater', aliases: [], articleCount: 1 } },
            { node: { slug: 'port-vale', aliases: [], articleCount: 1 } },
          ],
        },
      },
    });
    const named = await executor.query(
      '{ entities(first: 5, nameStartsWith: "orla") { totalCount edges { node { slug } } } }',
    );
    expect(named).toEqual({ data: { entities: { totalCount: 0, edges: [] } } });
  });

  it('sections and section(slug:) list only sections with a visible article', async () => {
    const result = await executor.query(
      '{ sections { slug name } embargo: section(slug: "embargo-desk") { name } tomorrow: section(slug: "tomorrow-desk") { name } old: section(slug: "old-desk") { name } }',
    );
    expect(result).toEqual({
      data: { sections: [{ slug: 'world', name: 'World' }], embargo: null, tomorrow: null, old: null },
    });
  });

  it('node, nodes and federation _entities resolve hidden entities and sections to null', async () => {
    const orla = await idOf('entities', 'orla-fenwick');
    const helga = await idOf('entities', 'helga-brightwater');
    const desk = await idOf('sections', 'embargo-desk');
    const nodes = await executor.query(
      'query($ids: [ID!]!, $id: ID!) { node(id: $id) { id } nodes(ids: $ids) { id ... on Entity { slug } ... on Section { slug } } }',
      {
        id: globalId('Section', desk),
        ids: [
          globalId('Entity', orla),
          globalId('Section', desk),
          globalId('Entity', helga),
          globalId('Section', await idOf('sections', 'world')),
        ],
      },
    );
    expect(nodes).toEqual({
      data: {
        node: null,
        nodes: [
          null,
          null,
          { id: globalId('Entity', helga), slug: 'helga-brightwater' },
          { id: globalId('Section', await idOf('sections', 'world')), slug: 'world' },
        ],
      },
    });
    const federated = await executor.query(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Entity { slug aliases } ... on Section { slug name } } }',
      {
        r: [
          { __typename: 'Entity', slug: 'orla-fenwick' },
          { __typename: 'Entity', id: globalId('Entity', orla) },
          { __typename: 'Section', slug: 'embargo-desk' },
          { __typename: 'Section', id: globalId('Section', desk) },
          { __typename: 'Entity', slug: 'helga-brightwater' },
        ],
      },
    );
    expect(federated).toEqual({
      data: { _entities: [null, null, null, null, { slug: 'helga-brightwater', aliases: [] }] },
    });
  });

  it('editors with read:drafts see every entity, alias and section', async () => {
    const result = await executor.query(
      `{ helga: entity(slug: "helga-brightwater") { aliases } orla: entity(slug: "orla-fenwick") { slug }
         entities(first: 20) { totalCount } sections { slug }
         draft: article(slug: "${HELGA_DRAFT.slug}") { section { slug } entities { entity { slug aliases } } } }`,
      {},
      editor,
    );
    expect(result).toEqual({
      data: {
        helga: { aliases: ['Brightwater'] },
        orla: { slug: 'orla-fenwick' },
        entities: { totalCount: 5 },
        sections: [{ slug: 'embargo-desk' }, { slug: 'old-desk' }, { slug: 'tomorrow-desk' }, { slug: 'world' }],
        draft: {
          section: { slug: 'embargo-desk' },
          entities: [
            { entity: { slug: 'helga-brightwater', aliases: ['Brightwater'] } },
            { entity: { slug: 'port-vale', aliases: [] } },
            { entity: { slug: 'orla-fenwick', aliases: [] } },
          ],
        },
      },
    });
  });

  it('a scheduled article brings its entities, aliases and section in when its time comes, with no write', async () => {
    // Due once the article is written and the first reads are done: 1.5 s was too short on a loaded machine.
    const due = new Date(Date.now() + 5000);
    await createArticle(database.db, {
      slug: 'brightwater-farewell',
      title: 'Brightwater says farewell',
      body: 'Helga Brightwater said farewell to Port Vale.\n\nBrightwater thanked the crew. Mira Stolt will take the helm.',
      section: 'Farewells',
      status: 'SCHEDULED',
      publishedAt: due.toISOString(),
      entities: [{ name: 'Mira Stolt', kind: 'PERSON' }],
    });
    const query = `{ helga: entity(slug: "helga-brightwater") { aliases } mira: entity(slug: "mira-stolt") { slug name } }`;
    const sectionQuery = '{ sections { slug } }';
    const before = await publicly(query);
    expect(Date.now()).toBeLessThan(due.getTime());
    expect(before.result).toEqual({ data: { helga: { aliases: [] }, mira: null } });
    expect((await executor.query(sectionQuery)).data.sections).toEqual([{ slug: 'world' }]);
    while (Date.now() < due.getTime() + 200) await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await publicly(query);
    expect(after).toEqual({
      result: { data: { helga: { aliases: ['Brightwater'] }, mira: { slug: 'mira-stolt', name: 'Mira Stolt' } } },
      viaCompiled: true,
    });
    expect((await executor.query(sectionQuery)).data.sections).toEqual([{ slug: 'farewells' }, { slug: 'world' }]);
  });

  it('unpublishing the only article that used an alias hides it again', async () => {
    await sql`update articles set status = 'DRAFT', published_at = null where slug = 'brightwater-farewell'`.execute(
      database.db,
    );
    const answer = await publicly('{ entity(slug: "helga-brightwater") { aliases } }');
    expect(answer).toEqual({ result: { data: { entity: { aliases: [] } } }, viaCompiled: true });
  });
});

describe('slugs that are both an entity and a redirect', () => {
  const MERGE = `mutation($into: ID!, $from: [ID!]!) { mergeEntities(into: $into, from: $from) { __typename ... on MergeEntitiesSuccess { entity { slug aliases } } } }`;
  const ADD = `mutation($input: AddArticleEntityInput!) { addArticleEntity(input: $input) { __typename
    ... on AddArticleEntitySuccess { article { entities { entity { slug } source } } } ... on MutationError { code field } } }`;

  it('addArticleEntity with a merged-away name adds the entity it was merged into, never a new one over the redirect', async () => {
    await createArticle(database.db, {
      slug: 'quist-one',
      title: 'Nora Quist wins',
      body: 'Nora Quist won the regatta.',
      entities: [{ name: 'Nora Quist', kind: 'PERSON' }],
    });
    await createArticle(database.db, {
      slug: 'quist-two',
      title: 'N. Quist sails',
      body: 'N. Quist sailed home.',
      entities: [{ name: 'N. Quist', kind: 'PERSON' }],
    });
    const into = await idOf('entities', 'nora-quist');
    const from = await idOf('entities', 'n-quist');
    const merged = await executor.query(
      MERGE,
      { into: globalId('Entity', into), from: [globalId('Entity', from)] },
      editor,
    );
    expect(merged).toEqual({
      data: {
        mergeEntities: { __typename: 'MergeEntitiesSuccess', entity: { slug: 'nora-quist', aliases: ['N. Quist'] } },
      },
    });
    // The merged name is public: a visible article knew the entity by it.
    expect((await publicly('{ entity(slug: "n-quist") { slug aliases } }')).result).toEqual({
      data: { entity: { slug: 'nora-quist', aliases: ['N. Quist'] } },
    });

    const added = await executor.query(
      ADD,
      { input: { articleId: globalId('Article', published.id), name: 'N. Quist', kind: 'PERSON' } },
      editor,
    );
    expect(added.data.addArticleEntity.__typename).toBe('AddArticleEntitySuccess');
    expect(added.data.addArticleEntity.article.entities).toContainEqual({
      entity: { slug: 'nora-quist' },
      source: 'EDITORIAL',
    });
    expect(await database.db.selectFrom('entities').select('id').where('slug', '=', 'n-quist').execute()).toEqual([]);
    expect((await publicly('{ entity(slug: "n-quist") { slug } }')).result).toEqual({
      data: { entity: { slug: 'nora-quist' } },
    });
  });

  it('the entity holding a slug wins over a redirect of that slug, on the executor and compiled alike', async () => {
    await createArticle(database.db, {
      slug: 'brook-one',
      title: 'Lena Brook rows',
      body: 'Lena Brook rowed across the bay.',
      entities: [{ name: 'Lena Brook', kind: 'PERSON' }],
    });
    // A redirect whose slug a live entity holds, as a database written by an earlier version may have.
    const helga = await idOf('entities', 'helga-brightwater');
    await sql`insert into entity_slug_redirects (slug, entity_id) values ('lena-brook', ${helga})`.execute(database.db);
    const answer = await publicly('query($slug: String!) { entity(slug: $slug) { slug name } }', {
      slug: 'lena-brook',
    });
    expect(answer).toEqual({
      result: { data: { entity: { slug: 'lena-brook', name: 'Lena Brook' } } },
      viaCompiled: true,
    });
    const federated = await executor.query(
      '{ _entities(representations: [{ __typename: "Entity", slug: "lena-brook" }]) { ... on Entity { slug } } }',
    );
    expect(federated).toEqual({ data: { _entities: [{ slug: 'lena-brook' }] } });
  });

  it('for the public, an entity only drafts mention does not hide the redirect of its slug; editors get the entity', async () => {
    const helga = await idOf('entities', 'helga-brightwater');
    // orla-fenwick exists only through the draft; its slug also redirects to a public entity.
    await sql`insert into entity_slug_redirects (slug, entity_id) values ('orla-fenwick', ${helga})`.execute(
      database.db,
    );
    const query = 'query($slug: String!) { entity(slug: $slug) { slug } }';
    expect(await publicly(query, { slug: 'orla-fenwick' })).toEqual({
      result: { data: { entity: { slug: 'helga-brightwater' } } },
      viaCompiled: true,
    });
    expect(await executor.query(query, { slug: 'orla-fenwick' }, editor)).toEqual({
      data: { entity: { slug: 'orla-fenwick' } },
    });
  });
});

describe('the name of an entity only a hidden article named in full', () => {
  const DRAFT = {
    slug: 'quillfeather-to-resign',
    title: 'Embargoed: Moira Quillfeather to resign',
    body: 'Moira Quillfeather will step down as harbour master on Friday, officials said.\n\nQuillfeather told colleagues in Port Vale she was leaving.',
  };
  const PUBLISHED = {
    slug: 'quillfeather-silent',
    title: 'Harbour plans delayed',
    body: 'The harbour plans were delayed again, Quillfeather said on Tuesday.\n\nThe council will meet again next week.',
  };
  beforeAll(async () => {
    await createArticle(database.db, { ...DRAFT, publishedAt: null, status: 'DRAFT' });
    await createArticle(database.db, { ...PUBLISHED, publishedAt: '2026-02-01T09:00:00Z' });
  });

  it('the precondition: the published article says "Quillfeather", which links to the entity the draft created', async () => {
    const mentions = await database.db
      .selectFrom('articleEntities')
      .innerJoin('articles', 'articles.id', 'articleEntities.articleId')
      .innerJoin('entities', 'entities.id', 'articleEntities.entityId')
      .select(['articles.slug as article', 'entities.slug', 'entities.name', 'articleEntities.aliases'])
      .where('entities.slug', '=', 'moira-quillfeather')
      .orderBy('articles.slug')
      .execute();
    expect(mentions).toEqual([
      { article: PUBLISHED.slug, slug: 'moira-quillfeather', name: 'Moira Quillfeather', aliases: ['Quillfeather'] },
      {
        article: DRAFT.slug,
        slug: 'moira-quillfeather',
        name: 'Moira Quillfeather',
        aliases: ['Moira Quillfeather', 'Quillfeather'],
      },
    ]);
  });

  /** The slug the public sees while the name is hidden: made from "Quillfeather", with the id. */
  const interimSlug = async () => `quillfeather-e${await idOf('entities', 'moira-quillfeather')}`;

  it('is the form visible articles used, on every path (executor and compiled), and the full name is not found by prefix', async () => {
    const quillfeather = { name: 'Quillfeather', aliases: ['Quillfeather'] };
    const bySlug = await publicly('query($slug: String!) { entity(slug: $slug) { name aliases } }', {
      slug: await interimSlug(),
    });
    expect(bySlug).toEqual({ result: { data: { entity: quillfeather } }, viaCompiled: true });
    const page = await publicly(
      'query($slug: String!) { article(slug: $slug) { entities { entity { name aliases } } } }',
      { slug: PUBLISHED.slug },
    );
    expect(page.viaCompiled).toBe(true);
    expect(page.result.data.article.entities).toContainEqual({ entity: quillfeather });
    expect(JSON.stringify(page.result)).not.toContain('Moira');
    const id = globalId('Entity', await idOf('entities', 'moira-quillfeather'));
    const loaders = await executor.query(
      `query($id: ID!) { node(id: $id) { ... on Entity { name } } article(slug: "${PUBLISHED.slug}") { entities { entity { name } } } _entities(representations: [{ __typename: "Entity", id: $id }]) { ... on Entity { name } } }`,
      { id },
    );
    expect(JSON.stringify(loaders)).not.toContain('Moira');
    expect(loaders.data.node).toEqual({ name: 'Quillfeather' });
    const listed = await executor.query(
      '{ moira: entities(first: 5, nameStartsWith: "moira") { totalCount edges { node { name } } } quill: entities(first: 5, nameStartsWith: "quill") { totalCount edges { node { name } } } }',
    );
    expect(listed).toEqual({
      data: {
        moira: { totalCount: 0, edges: [] },
        quill: { totalCount: 1, edges: [{ node: { name: 'Quillfeather' } }] },
      },
    });
    // Editors see the name.
    expect(await executor.query('{ entity(slug: "moira-quillfeather") { name } }', {}, editor)).toEqual({
      data: { entity: { name: 'Moira Quillfeather' } },
    });
  });

  it('its slug is made from the public name and the id, on every path (executor and compiled); editors see the real slug', async () => {
    const slug = await interimSlug();
    const id = globalId('Entity', await idOf('entities', 'moira-quillfeather'));
    expect(slug).toMatch(SLUG_PATTERN);
    const byId = await publicly('query($id: ID!) { entity(id: $id) { slug name } }', { id });
    expect(byId).toEqual({ result: { data: { entity: { slug, name: 'Quillfeather' } } }, viaCompiled: true });
    const page = await publicly(
      'query($slug: String!) { article(slug: $slug) { entities { entity { slug name } } } }',
      { slug: PUBLISHED.slug },
    );
    expect(page.viaCompiled).toBe(true);
    expect(page.result.data.article.entities).toContainEqual({ entity: { slug, name: 'Quillfeather' } });
    const list = await publicly('{ articles(first: 10) { edges { node { slug entities { entity { slug } } } } } }');
    expect(list.viaCompiled).toBe(true);
    const listedSlugs = list.result.data.articles.edges.flatMap(
      (e: { node: { entities: { entity: { slug: string } }[] } }) => e.node.entities.map((m) => m.entity.slug),
    );
    expect(listedSlugs).toContain(slug);
    // The loaders (node, _entities by id, an article page through the prefetch-free path, the entity index).
    const loaders = await executor.query(
      `query($id: ID!) { node(id: $id) { ... on Entity { slug } } article(slug: "${PUBLISHED.slug}") { entities { entity { slug } } }
        _entities(representations: [{ __typename: "Entity", id: $id }]) { ... on Entity { slug } }
        entities(first: 5, nameStartsWith: "quill") { edges { node { slug } } } }`,
      { id },
    );
    expect(loaders.data.node).toEqual({ slug });
    expect(loaders.data._entities).toEqual([{ slug }]);
    expect(loaders.data.entities.edges).toEqual([{ node: { slug } }]);
    expect(loaders.data.article.entities).toContainEqual({ entity: { slug } });
    for (const answer of [byId, page, list]) expect(JSON.stringify(answer.result).toLowerCase()).not.toContain('moira');
    expect(JSON.stringify(loaders).toLowerCase()).not.toContain('moira');
    expect(await executor.query('query($id: ID!) { entity(id: $id) { slug } }', { id }, editor)).toEqual({
      data: { entity: { slug: 'moira-quillfeather' } },
    });
  });

  it('the public resolves the derived slug and not the full-name slug (entity, _entities, the entity filter); editors resolve both', async () => {
    const slug = await interimSlug();
    const query = 'query($slug: String!) { entity(slug: $slug) { slug name } }';
    for (const hidden of [
      'moira-quillfeather',
      slug.replace('quillfeather', 'moira-quillfeather'),
      slug.replace(/e(\d+)$/, (_m, n) => `e${Number(n) + 1}`),
    ]) {
      expect(await publicly(query, { slug: hidden }), hidden).toEqual({
        result: { data: { entity: null } },
        viaCompiled: true,
      });
    }
    expect(await publicly(query, { slug })).toEqual({
      result: { data: { entity: { slug, name: 'Quillfeather' } } },
      viaCompiled: true,
    });
    const federated = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Entity { slug } } }';
    expect(
      await executor.query(federated, {
        r: [
          { __typename: 'Entity', slug: 'moira-quillfeather' },
          { __typename: 'Entity', slug },
        ],
      }),
    ).toEqual({
      data: { _entities: [null, { slug }] },
    });
    const filtered =
      'query($slug: String!) { articles(first: 5, filter: { entity: $slug }) { edges { node { slug } } } }';
    expect(await executor.query(filtered, { slug: 'moira-quillfeather' })).toEqual({
      data: { articles: { edges: [] } },
    });
    expect(await executor.query(filtered, { slug })).toEqual({
      data: { articles: { edges: [{ node: { slug: PUBLISHED.slug } }] } },
    });
    for (const any of ['moira-quillfeather', slug]) {
      expect(await executor.query(query, { slug: any }, editor), any).toEqual({
        data: { entity: { slug: 'moira-quillfeather', name: 'Moira Quillfeather' } },
      });
    }
  });

  it('the derived slug is src/text/text.ts slugify, in SQL', async () => {
    const names = [
      'Quillfeather',
      "Seán O'Brien-Ó Dálaigh",
      'Łukasz Øster & Æsa Straße',
      '  --Dr. J.R.R. Tolkien--  ',
      'Новости',
      'Zoë  Ångström’s 2nd',
      `${'x'.repeat(120)} end`,
    ];
    const { rows } = await sql<{
      slug: string;
    }>`select ${sql.raw(slugifySql('n'))} as slug from unnest(${names}::text[]) with ordinality t(n, i) order by i`.execute(
      database.db,
    );
    expect(rows.map((r) => r.slug)).toEqual(names.map((n) => slugify(n)));
    for (const { slug } of rows) if (slug) expect(slug).toMatch(SLUG_PATTERN);
  });

  it('an entity write by a token without read:drafts answers with the slug and name the public sees', async () => {
    const writer = (await createToken(database.db, 'Entity desk', ['write:entities'])).headers;
    const id = globalId('Entity', await idOf('entities', 'moira-quillfeather'));
    // Restating the name it already has changes nothing, and must not confirm it either.
    const renamed = await executor.query(
      'mutation($id: ID!) { renameEntity(id: $id, name: "Moira Quillfeather") { __typename ... on RenameEntitySuccess { entity { slug name } } } }',
      { id },
      writer,
    );
    expect(renamed).toEqual({
      data: {
        renameEntity: {
          __typename: 'RenameEntitySuccess',
          entity: { slug: await interimSlug(), name: 'Quillfeather' },
        },
      },
    });
  });

  it('is the full name once the draft that used it is published, and the derived slug still resolves', async () => {
    const slug = await interimSlug();
    await sql`update articles set status = 'PUBLISHED', published_at = '2026-02-02T09:00:00Z' where slug = ${DRAFT.slug}`.execute(
      database.db,
    );
    const answer = await publicly('{ entity(slug: "moira-quillfeather") { slug name } }');
    expect(answer).toEqual({
      result: { data: { entity: { slug: 'moira-quillfeather', name: 'Moira Quillfeather' } } },
      viaCompiled: true,
    });
    const page = await publicly('query($slug: String!) { article(slug: $slug) { entities { entity { slug } } } }', {
      slug: PUBLISHED.slug,
    });
    expect(page.result.data.article.entities).toContainEqual({ entity: { slug: 'moira-quillfeather' } });
    const shared = await publicly('query($slug: String!) { entity(slug: $slug) { slug name } }', { slug });
    expect(shared).toEqual({
      result: { data: { entity: { slug: 'moira-quillfeather', name: 'Moira Quillfeather' } } },
      viaCompiled: true,
    });
    expect(
      await executor.query('query($r: [_Any!]!) { _entities(representations: $r) { ... on Entity { slug } } }', {
        r: [{ __typename: 'Entity', slug }],
      }),
    ).toEqual({
      data: { _entities: [{ slug: 'moira-quillfeather' }] },
    });
    await sql`update articles set status = 'DRAFT', published_at = null where slug = ${DRAFT.slug}`.execute(
      database.db,
    );
  });

  it('a rename without a slug while the full name is hidden gives a slug from the new name; the public never gets the old one', async () => {
    const derived = await interimSlug();
    const id = globalId('Entity', await idOf('entities', 'moira-quillfeather'));
    const RENAME =
      'mutation($id: ID!) { renameEntity(id: $id, name: "M. Quillfeather") { __typename ... on RenameEntitySuccess { entity { slug name } } } }';
    expect(await executor.query(RENAME, { id }, editor)).toEqual({
      data: {
        renameEntity: {
          __typename: 'RenameEntitySuccess',
          entity: { slug: 'm-quillfeather', name: 'M. Quillfeather' },
        },
      },
    });
    const query = 'query($slug: String!) { entity(slug: $slug) { slug name } }';
    const renamed = { slug: 'm-quillfeather', name: 'M. Quillfeather' };
    expect(await publicly(query, { slug: 'm-quillfeather' })).toEqual({
      result: { data: { entity: renamed } },
      viaCompiled: true,
    });
    // The old slug redirects, but it was made from the hidden name: only editors follow it.
    expect(await publicly(query, { slug: 'moira-quillfeather' })).toEqual({
      result: { data: { entity: null } },
      viaCompiled: true,
    });
    expect(await executor.query(query, { slug: 'moira-quillfeather' }, editor)).toEqual({ data: { entity: renamed } });
    // The slug the public knew keeps working.
    expect(await publicly(query, { slug: derived })).toEqual({
      result: { data: { entity: renamed } },
      viaCompiled: true,
    });
    expect(
      JSON.stringify(
        await executor.query('{ entities(first: 20) { edges { node { slug name aliases } } } }'),
      ).toLowerCase(),
    ).not.toContain('moira');
  });

  it('a merge keeps the derived slug the public knew resolving to the entity merged into, and not the hidden full-name slug', async () => {
    await createArticle(database.db, {
      slug: 'stanmore-to-quit',
      title: 'Embargoed: Pell Stanmore to quit',
      body: 'Pell Stanmore will quit the council on Friday, officials said.\n\nStanmore told colleagues in Port Vale she was leaving.',
      publishedAt: null,
      status: 'DRAFT',
    });
    await createArticle(database.db, {
      slug: 'stanmore-speaks',
      title: 'Stanmore speaks',
      body: 'Stanmore spoke at the council on Monday. Stanmore said the budget would pass.',
      publishedAt: '2026-02-03T09:00:00Z',
    });
    await createArticle(database.db, {
      slug: 'p-stanmore-votes',
      title: 'P. Stanmore votes',
      body: 'P. Stanmore voted for the budget.',
      publishedAt: '2026-02-04T09:00:00Z',
      entities: [{ name: 'P. Stanmore', kind: 'PERSON' }],
    });
    const pell = await idOf('entities', 'pell-stanmore');
    const derived = `stanmore-e${pell}`;
    const query = 'query($slug: String!) { entity(slug: $slug) { slug name } }';
    expect(await publicly(query, { slug: derived })).toEqual({
      result: { data: { entity: { slug: derived, name: 'Stanmore' } } },
      viaCompiled: true,
    });
    const into = await idOf('entities', 'p-stanmore');
    const merged = await executor.query(
      'mutation($into: ID!, $from: [ID!]!) { mergeEntities(into: $into, from: $from) { __typename } }',
      { into: globalId('Entity', into), from: [globalId('Entity', pell)] },
      editor,
    );
    expect(merged).toEqual({ data: { mergeEntities: { __typename: 'MergeEntitiesSuccess' } } });
    const stanmore = { slug: 'p-stanmore', name: 'P. Stanmore' };
    expect(await publicly(query, { slug: derived })).toEqual({
      result: { data: { entity: stanmore } },
      viaCompiled: true,
    });
    expect(await publicly(query, { slug: 'pell-stanmore' })).toEqual({
      result: { data: { entity: null } },
      viaCompiled: true,
    });
    expect(await executor.query(query, { slug: 'pell-stanmore' }, editor)).toEqual({ data: { entity: stanmore } });
  });
});

describe('the order of an article’s mentions', () => {
  it('breaks ties by what the public sees (the entity’s id), never by a name only a hidden article used', async () => {
    // Alba Wrenfield's full name is only in a draft; the published article calls her "Wrenfield".
    // Ordered by the entity's own name on a tie, "Alba Wrenfield" put her before Hexley Moor (whose
    // id is lower and whose public name comes first too): an order only the hidden name explains.
    await createArticle(database.db, {
      slug: 'hexley-moor-fair',
      title: 'Hexley Moor fair',
      body: 'The fair returned to Hexley Moor on Saturday.',
      publishedAt: '2026-03-01T09:00:00Z',
      entities: [{ name: 'Hexley Moor', kind: 'PLACE' }],
    });
    await createArticle(database.db, {
      slug: 'wrenfield-to-resign',
      title: 'Embargoed: Alba Wrenfield to resign',
      body: 'Alba Wrenfield will step down as fair warden on Friday.\n\nWrenfield told colleagues she was leaving.',
      publishedAt: null,
      status: 'DRAFT',
    });
    const story = await createArticle(database.db, {
      slug: 'wrenfield-at-the-fair',
      title: 'Warden at the fair',
      body: 'Wrenfield opened the fair at Hexley Moor on Saturday, and Wrenfield judged the show.',
      publishedAt: '2026-03-02T09:00:00Z',
    });
    const moor = await idOf('entities', 'hexley-moor');
    const wrenfield = await idOf('entities', 'alba-wrenfield');
    expect(moor).toBeLessThan(wrenfield);
    // The story mentions both, as extraction records it (the forms it found), equally salient and
    // equally often: only the tie-break orders them.
    await database.db.deleteFrom('articleEntities').where('articleId', '=', story.id).execute();
    const tie = { articleId: story.id, mentionCount: 2, salience: 0.5, source: 'EXTRACTED' as const };
    await database.db
      .insertInto('articleEntities')
      .values([
        { ...tie, entityId: moor, firstOffset: 29, aliases: ['Hexley Moor'] },
        { ...tie, entityId: wrenfield, firstOffset: 0, aliases: ['Wrenfield'] },
      ])
      .execute();

    const query = 'query($slug: String!) { article(slug: $slug) { entities { entity { name } } } }';
    const page = await publicly(query, { slug: story.slug });
    expect(page).toEqual({
      result: {
        data: { article: { entities: [{ entity: { name: 'Hexley Moor' } }, { entity: { name: 'Wrenfield' } }] } },
      },
      viaCompiled: true,
    });
    // Editors, who see the full name, get the same order.
    expect(await executor.query(query, { slug: story.slug }, editor)).toEqual({
      data: {
        article: { entities: [{ entity: { name: 'Hexley Moor' } }, { entity: { name: 'Alba Wrenfield' } }] },
      },
    });
  });
});
