import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { importNdjson } from '../src/content/importer.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';

// Tags (issue #19): an editorial taxonomy distinct from extracted entities, tag pages, the tag
// filter, setting an article's tags, renames and merges that keep old slugs resolving, the importer.

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;
let desk: Record<string, string>;
let articles: { id: number; slug: string }[];

const RESULT = `__typename ... on MutationError { message code field } ... on ValidationError { reason }`;
const VERSIONED = `${RESULT} ... on ConflictError { currentVersion }`;
const CREATE = `mutation($input: CreateTagInput!) { createTag(input: $input) { ${RESULT} ... on CreateTagSuccess { tag { id slug name description version entity { name } } } } }`;
const UPDATE = `mutation($input: UpdateTagInput!) { updateTag(input: $input) { ${VERSIONED} ... on UpdateTagSuccess { tag { id slug name version } } } }`;
const SET = `mutation($id: ID!, $tags: [ID!]!, $v: Int) { setArticleTags(articleId: $id, tagIds: $tags, expectedVersion: $v) {
  ${VERSIONED} ... on SetArticleTagsSuccess { article { version tags { slug } } } } }`;
const MERGE = `mutation($into: ID!, $from: [ID!]!) { mergeTags(into: $into, from: $from) { ${RESULT} ... on MergeTagsSuccess { tag { slug version } } } }`;

const slugsOf = (connection: { edges: { node: { slug: string } }[] }) => connection.edges.map((e) => e.node.slug);

async function createTag(input: Record<string, unknown>): Promise<{ id: string; slug: string; version: number }> {
  const { data, errors } = await client.query(CREATE, { input }, desk);
  expect(errors).toBeUndefined();
  expect(data.createTag.__typename).toBe('CreateTagSuccess');
  return data.createTag.tag;
}

async function setTags(articleIndex: number, tagIds: string[]) {
  const { data } = await client.query(SET, { id: globalId('Article', articles[articleIndex]!.id), tags: tagIds }, desk);
  return data.setArticleTags;
}

beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database);
  desk = (await createToken(database.db, 'Desk', ['write:taxonomy', 'write:articles', 'read:drafts'])).headers;
  articles = [];
  for (let i = 0; i < 4; i += 1) {
    articles.push(
      await createArticle(database.db, {
        slug: `story-${i}`,
        title: `Story ${i} about Greta Nord`,
        body: 'Greta Nord spoke about the climate.\n\nShe spoke at length.',
        entities: [{ name: 'Greta Nord', kind: 'PERSON' }],
        publishedAt: new Date(Date.UTC(2026, 2, 1 + i)).toISOString(),
        ...(i === 2 ? { status: 'DRAFT' as const, publishedAt: null } : {}),
      }),
    );
  }
});

describe('tags', () => {
  it('are created by editors with write:taxonomy, with typed errors, and may point at an entity', async () => {
    const denied = await client.query(CREATE, { input: { name: 'Climate' } });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const { data } = await client.query(`{ entity(slug: "greta-nord") { id } }`);
    const climate = await createTag({
      name: 'Climate crisis',
      description: 'The warming planet.',
      entityId: data.entity.id,
    });
    expect(climate).toMatchObject({
      slug: 'climate-crisis',
      version: 1,
      description: 'The warming planet.',
      entity: { name: 'Greta Nord' },
    });
    expect((await client.query(CREATE, { input: { name: 'Climate Crisis' } }, desk)).data.createTag).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.slug',
      reason: 'TAKEN',
    });
    // No visible article carries it yet: the public does not see it, editors do.
    expect((await client.query(`{ tag(slug: "climate-crisis") { id } }`)).data.tag).toBeNull();
    expect((await client.query(`{ tag(slug: "climate-crisis") { id } }`, undefined, desk)).data.tag).toEqual({
      id: climate.id,
    });
    expect((await client.query(CREATE, { input: { name: '—' } }, desk)).data.createTag).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.name',
      reason: 'INVALID_FORMAT',
    });
    expect(
      (await client.query(CREATE, { input: { name: 'X', entityId: globalId('Entity', 999999) } }, desk)).data.createTag,
    ).toMatchObject({
      __typename: 'NotFoundError',
      field: 'input.entityId',
    });
  });

  it('go on articles in order: a new version and a SET_TAGS revision; the tag page lists only public articles, in one statement', async () => {
    const climate = (await client.query(`{ tag(slug: "climate-crisis") { id } }`, undefined, desk)).data.tag;
    const energy = await createTag({ name: 'Energy' });
    // A tag only a draft carries (made ahead of an embargoed story) stays unknown to the public.
    const embargoed = await createTag({ name: 'Royal succession' });
    expect((await setTags(2, [embargoed.id])).__typename).toBe('SetArticleTagsSuccess');
    const hidden = `query($id: ID!) { tag(slug: "royal-succession") { slug } node(id: $id) { id } _entities(representations: [{ __typename: "Tag", slug: "royal-succession" }]) { __typename } }`;
    expect((await client.query(hidden, { id: embargoed.id })).data).toEqual({
      tag: null,
      node: null,
      _entities: [null],
    });
    expect((await client.query(hidden, { id: embargoed.id }, desk)).data.tag).toEqual({ slug: 'royal-succession' });
    const id = globalId('Article', articles[0]!.id);
    const before = (await client.query(`query($id: ID!) { article(id: $id) { version } }`, { id })).data.article
      .version;
    expect(await setTags(0, [energy.id, climate.id, energy.id])).toEqual({
      __typename: 'SetArticleTagsSuccess',
      article: { version: before + 1, tags: [{ slug: 'energy' }, { slug: 'climate-crisis' }] },
    });
    const revisions = await client.query(
      `query($id: ID!) { article(id: $id) { revisions { action changes { field from to } } } }`,
      { id },
      desk,
    );
    expect(revisions.data.article.revisions[0]).toEqual({
      action: 'SET_TAGS',
      changes: [{ field: 'tags', from: null, to: 'energy, climate-crisis' }],
    });
    for (const index of [1, 2, 3])
      expect((await setTags(index, [climate.id])).__typename).toBe('SetArticleTagsSuccess');

    const PAGE = `{ tag(slug: "climate-crisis") { __typename name articles(first: 10) { edges { node { slug } } } } }`;
    const { result, statements } = await client.countStatements(PAGE);
    expect(statements).toBe(1);
    // story-2 is a draft.
    expect(slugsOf(result.data.tag.articles)).toEqual(['story-3', 'story-1', 'story-0']);
    const filtered = await client.query(
      `{ articles(filter: { tag: "climate-crisis" }, orderBy: PUBLISHED_AT_ASC) { edges { node { slug } } } }`,
    );
    expect(slugsOf(filtered.data.articles)).toEqual(['story-0', 'story-1', 'story-3']);
    const editors = await client.query(
      `{ articles(filter: { tag: "climate-crisis" }) { edges { node { slug } } } }`,
      undefined,
      desk,
    );
    expect(slugsOf(editors.data.articles)).toContain('story-2');

    expect(await setTags(0, [globalId('Tag', 999999)])).toMatchObject({
      __typename: 'NotFoundError',
      field: 'tagIds.0',
    });
    expect(await setTags(0, ['nonsense'])).toMatchObject({ __typename: 'ValidationError', field: 'tagIds.0' });
    expect(
      await setTags(
        0,
        Array.from({ length: 51 }, () => climate.id),
      ),
    ).toMatchObject({ __typename: 'ValidationError', field: 'tagIds', reason: 'OUT_OF_RANGE' });
    const stale = await client.query(SET, { id, tags: [], v: before }, desk);
    expect(stale.data.setArticleTags).toMatchObject({ __typename: 'ConflictError', currentVersion: before + 1 });
  });

  it('are renamed against their version, and the old slug keeps resolving', async () => {
    const energy = (await client.query(`{ tag(slug: "energy") { id version } }`)).data.tag;
    const renamed = await client.query(
      UPDATE,
      {
        input: { id: energy.id, expectedVersion: energy.version, name: 'Energy transition', slug: 'energy-transition' },
      },
      desk,
    );
    expect(renamed.data.updateTag).toEqual({
      __typename: 'UpdateTagSuccess',
      tag: { id: energy.id, slug: 'energy-transition', name: 'Energy transition', version: 2 },
    });
    const old = await client.query(
      `{ tag(slug: "energy") { slug } articles(filter: { tag: "energy" }) { edges { node { slug } } } }`,
    );
    expect(old.data.tag).toEqual({ slug: 'energy-transition' });
    expect(slugsOf(old.data.articles)).toEqual(['story-0']);
    // The old slug stays the tag's: no other tag may take it.
    expect((await client.query(CREATE, { input: { name: 'Energy' } }, desk)).data.createTag).toMatchObject({
      __typename: 'ValidationError',
      reason: 'TAKEN',
    });
    expect(
      (await client.query(UPDATE, { input: { id: energy.id, expectedVersion: 1, name: 'X' } }, desk)).data.updateTag,
    ).toMatchObject({ __typename: 'ConflictError', currentVersion: 2 });
    // Back to the old slug: it is its own again.
    const back = await client.query(UPDATE, { input: { id: energy.id, expectedVersion: 2, slug: 'energy' } }, desk);
    expect(back.data.updateTag.tag.slug).toBe('energy');
    expect((await client.query(`{ tag(slug: "energy-transition") { slug } }`)).data.tag).toEqual({ slug: 'energy' });
  });

  it('merge: articles move to the tag that stays, the merged slugs resolve to it', async () => {
    const climate = (await client.query(`{ tag(slug: "climate-crisis") { id } }`)).data.tag;
    const warming = await createTag({ name: 'Global warming' });
    expect((await setTags(0, [warming.id, climate.id])).__typename).toBe('SetArticleTagsSuccess');
    expect((await setTags(3, [warming.id])).__typename).toBe('SetArticleTagsSuccess');
    const merged = await client.query(MERGE, { into: climate.id, from: [warming.id] }, desk);
    expect(merged.data.mergeTags).toMatchObject({ __typename: 'MergeTagsSuccess', tag: { slug: 'climate-crisis' } });
    const after = await client.query(
      `{ tag(slug: "global-warming") { slug articles { edges { node { slug tags { slug } } } } } }`,
    );
    expect(after.data.tag.slug).toBe('climate-crisis');
    expect(after.data.tag.articles.edges).toEqual([
      { node: { slug: 'story-3', tags: [{ slug: 'climate-crisis' }] } },
      { node: { slug: 'story-1', tags: [{ slug: 'climate-crisis' }] } },
      { node: { slug: 'story-0', tags: [{ slug: 'climate-crisis' }] } },
    ]);
    expect((await client.query(`query($id: ID!) { node(id: $id) { id } }`, { id: warming.id })).data.node).toBeNull();
    expect((await client.query(MERGE, { into: climate.id, from: [climate.id] }, desk)).data.mergeTags).toMatchObject({
      __typename: 'ValidationError',
      reason: 'NOT_ALLOWED',
    });
    expect((await client.query(MERGE, { into: climate.id, from: [warming.id] }, desk)).data.mergeTags).toMatchObject({
      __typename: 'NotFoundError',
      field: 'from.0',
    });
  });

  it('are imported by name (a former slug finds the renamed tag), and resolve as Nodes and federation entities', async () => {
    const lines = [
      {
        externalId: 'imp-1',
        title: 'Imported',
        body: 'Text.',
        publishedAt: '2026-05-01',
        tags: ['Global Warming', 'Oceans', 'oceans'],
      },
    ];
    expect(await importNdjson(database.db, Readable.from(JSON.stringify(lines[0])))).toMatchObject({
      created: 1,
      skipped: [],
    });
    const { data } = await client.query(`{ article(slug: "imported") { tags { __typename id slug name } } }`);
    expect(data.article.tags.map((t: { slug: string }) => t.slug)).toEqual(['climate-crisis', 'oceans']);
    expect(await importNdjson(database.db, Readable.from(JSON.stringify(lines[0])))).toMatchObject({ unchanged: 1 });
    expect(
      await importNdjson(
        database.db,
        Readable.from(JSON.stringify({ ...lines[0], externalId: 'imp-2', tags: 'Oceans' })),
      ),
    ).toMatchObject({
      skipped: [{ line: 1, error: '"tags" must be an array' }],
    });
    const oceans = data.article.tags[1];
    expect(
      (await client.query(`query($id: ID!) { node(id: $id) { __typename ... on Tag { slug } } }`, { id: oceans.id }))
        .data.node,
    ).toEqual({ __typename: 'Tag', slug: 'oceans' });
    const entities = await client.query(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Tag { name } } }`,
      {
        r: [
          { __typename: 'Tag', slug: 'global-warming' },
          { __typename: 'Tag', id: oceans.id },
        ],
      },
    );
    expect(entities.data._entities).toEqual([{ name: 'Climate crisis' }, { name: 'Oceans' }]);
  });

  it("merge and delete give every article they touch its next version and a SET_TAGS revision; a deleted tag's slugs stop resolving", async () => {
    const REVISIONS = `query($id: ID!) { node(id: $id) { ... on Article { version tags { slug } revisions(first: 1) { action changes { field from to } } } } }`;
    const read = async (i: number) =>
      (await client.query(REVISIONS, { id: globalId('Article', articles[i]!.id) }, desk)).data.node;
    const energy = await createTag({ name: 'Grid power' });
    const power = await createTag({ name: 'Wind power' });
    expect((await setTags(1, [power.id, energy.id])).__typename).toBe('SetArticleTagsSuccess');
    const before = await read(1);
    expect((await client.query(MERGE, { into: energy.id, from: [power.id] }, desk)).data.mergeTags.__typename).toBe(
      'MergeTagsSuccess',
    );
    const merged = await read(1);
    // The change feed (what webhooks and other instances' live updates read) has the article's update.
    const { rows } = await sql<{
      events: { topic: string; payload: Record<string, unknown> }[];
    }>`select events from content_changes order by id desc limit 1`.execute(database.db);
    expect(rows[0]!.events).toContainEqual({
      topic: 'article:updated',
      id: articles[1]!.id,
      payload: { articleId: articles[1]!.id, version: merged.version, action: 'SET_TAGS', deleted: false },
    });
    expect(merged).toMatchObject({
      version: before.version + 1,
      tags: [{ slug: 'grid-power' }],
      revisions: [
        { action: 'SET_TAGS', changes: [{ field: 'tags', from: 'wind-power, grid-power', to: 'grid-power' }] },
      ],
    });
    const DELETE = `mutation($id: ID!, $v: Int) { deleteTag(id: $id, expectedVersion: $v) { ${VERSIONED} ... on DeleteTagSuccess { deletedTagId } } }`;
    expect((await client.query(DELETE, { id: energy.id, v: 99 }, desk)).data.deleteTag).toMatchObject({
      __typename: 'ConflictError',
    });
    expect((await client.query(DELETE, { id: energy.id }, { authorization: 'Bearer nope' })).errors).toBeDefined();
    expect((await client.query(DELETE, { id: energy.id }, desk)).data.deleteTag).toEqual({
      __typename: 'DeleteTagSuccess',
      deletedTagId: energy.id,
    });
    expect(await read(1)).toMatchObject({
      version: merged.version + 1,
      tags: [],
      revisions: [{ action: 'SET_TAGS', changes: [{ field: 'tags', from: 'grid-power', to: null }] }],
    });
    // Neither its slug nor the merged tag's (which redirected to it) resolve any more.
    const gone = await client.query(
      `{ a: tag(slug: "grid-power") { id } b: tag(slug: "wind-power") { id } }`,
      undefined,
      desk,
    );
    expect(gone.data).toEqual({ a: null, b: null });
    expect((await client.query(DELETE, { id: energy.id }, desk)).data.deleteTag).toMatchObject({
      __typename: 'NotFoundError',
      field: 'id',
    });
  });
});
