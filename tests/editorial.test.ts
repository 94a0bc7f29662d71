import { beforeAll, describe, expect, it } from 'vitest';
import { validateRecord } from '../src/content/importer.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;
let editor: Record<string, string>;
let editorTokenId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database);
  await createArticle(database.db, { slug: 'seed-world', section: 'World' });
  await createArticle(database.db, { slug: 'seed-sport', section: 'Sport' });
  // The night desk may backdate (publish:backdate): several tests publish at fixed past times.
  const token = await createToken(database.db, 'Night desk', ['write:articles', 'read:drafts', 'publish:backdate']);
  editor = token.headers;
  editorTokenId = token.id;
});

const gql = (query: string, variables?: Record<string, unknown>, headers = editor) =>
  client.query(query, variables, headers);

const RESULT = `__typename
  ... on MutationError { message code field }
  ... on ValidationError { reason }
  ... on ConflictError { expectedVersion currentVersion }`;

const CREATE = `mutation($input: CreateArticleInput!) { createArticle(input: $input) {
  __typename ... on MutationError { message code field } ... on ValidationError { reason }
  ... on CreateArticleSuccess { article { id slug title standfirst body status version wordCount publishedAt section { slug } } }
} }`;

const UPDATE = `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) {
  ${RESULT}
  ... on UpdateArticleSuccess { article { id slug title standfirst body version wordCount section { slug } } }
} }`;

async function create(input: Record<string, unknown>) {
  const result = await gql(CREATE, { input });
  expect(result.errors).toBeUndefined();
  return result.data.createArticle;
}

async function newDraft(slug: string, extra: Record<string, unknown> = {}) {
  const created = await create({
    title: `Story ${slug}`,
    body: 'One paragraph.\n\nTwo paragraphs.',
    slug,
    section: 'world',
    ...extra,
  });
  expect(created.__typename).toBe('CreateArticleSuccess');
  return created.article as { id: string; version: number; slug: string };
}

async function countRows(table: 'articles' | 'articleRevisions' | 'summaries' | 'articleEntities' | 'entities') {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('createArticle', () => {
  it('creates a draft with a normalised body, a word count and a slug made from the title', async () => {
    const result = await create({
      title: '  Storm   closes the harbour ',
      body: 'Waves hit the quay.\r\n\r\n\r\nShips stayed in port.',
      standfirst: ' Ships wait. ',
      section: 'world',
    });
    expect(result).toEqual({
      __typename: 'CreateArticleSuccess',
      article: {
        id: expect.any(String),
        slug: 'storm-closes-the-harbour',
        title: 'Storm closes the harbour',
        standfirst: 'Ships wait.',
        body: 'Waves hit the quay.\n\nShips stayed in port.',
        status: 'DRAFT',
        version: 1,
        wordCount: 8,
        publishedAt: null,
        section: { slug: 'world' },
      },
    });
    // The draft is hidden from the public.
    expect(await client.query('{ article(slug: "storm-closes-the-harbour") { id } }')).toEqual({
      data: { article: null },
    });
    const again = await create({ title: 'Storm closes the harbour', body: 'Another story.' });
    expect(again.article.slug).toBe('storm-closes-the-harbour-2');
    expect(again.article.section).toBeNull();
  });

  it.each([
    [{ title: '   ', body: 'x' }, 'input.title', 'REQUIRED'],
    [{ title: 'x'.repeat(501), body: 'x' }, 'input.title', 'TOO_LONG'],
    [{ title: 'T', body: ' \n\n ' }, 'input.body', 'REQUIRED'],
    [{ title: 'T', body: 'x'.repeat(500_001) }, 'input.body', 'TOO_LONG'],
    [{ title: 'T', body: 'x', standfirst: 's'.repeat(1001) }, 'input.standfirst', 'TOO_LONG'],
    [{ title: 'T', body: 'x', slug: 'Not A Slug' }, 'input.slug', 'INVALID_FORMAT'],
    [{ title: 'T', body: 'x', slug: `a${'-b'.repeat(60)}` }, 'input.slug', 'TOO_LONG'],
    [{ title: 'T', body: 'x', slug: 'seed-world' }, 'input.slug', 'TAKEN'],
  ])('refuses input #%# with a ValidationError on the field and writes nothing', async (input, field, reason) => {
    const before = await countRows('articles');
    const result = await create(input);
    expect(result).toEqual({
      __typename: 'ValidationError',
      message: expect.any(String),
      code: 'VALIDATION_FAILED',
      field,
      reason,
    });
    expect(await countRows('articles')).toBe(before);
  });

  it('refuses an unknown section with a NotFoundError and writes nothing', async () => {
    const before = await countRows('articleRevisions');
    expect(await create({ title: 'T', body: 'x', section: 'no-such-section' })).toEqual({
      __typename: 'NotFoundError',
      message: 'No section has the slug "no-such-section"',
      code: 'NOT_FOUND',
      field: 'input.section',
    });
    expect(await countRows('articleRevisions')).toBe(before);
  });
});

describe('updateArticle', () => {
  it('changes only the fields given, bumps the version and recounts words', async () => {
    const draft = await newDraft('update-partial', { standfirst: 'Keep me' });
    const result = await gql(UPDATE, {
      input: { id: draft.id, expectedVersion: 1, title: 'New title', body: 'Three words here.' },
    });
    expect(result.data.updateArticle).toEqual({
      __typename: 'UpdateArticleSuccess',
      article: {
        id: draft.id,
        slug: 'update-partial',
        title: 'New title',
        standfirst: 'Keep me',
        body: 'Three words here.',
        version: 2,
        wordCount: 3,
        section: { slug: 'world' },
      },
    });
    const cleared = await gql(UPDATE, {
      input: { id: draft.id, expectedVersion: 2, standfirst: null, section: null, slug: 'update-partial-renamed' },
    });
    expect(cleared.data.updateArticle.article).toMatchObject({
      slug: 'update-partial-renamed',
      standfirst: null,
      section: null,
      version: 3,
    });
  });

  it('is a no-op (same version, no revision) when nothing differs', async () => {
    const draft = await newDraft('update-noop');
    const result = await gql(UPDATE, { input: { id: draft.id, expectedVersion: 1, title: 'Story update-noop' } });
    expect(result.data.updateArticle.article.version).toBe(1);
  });

  it('refuses a stale expectedVersion with a ConflictError and leaves the article as the other editor left it', async () => {
    const draft = await newDraft('update-conflict');
    const first = await gql(UPDATE, { input: { id: draft.id, expectedVersion: 1, title: 'First editor' } });
    expect(first.data.updateArticle.article.version).toBe(2);
    const second = await gql(UPDATE, { input: { id: draft.id, expectedVersion: 1, title: 'Second editor' } });
    expect(second.data.updateArticle).toEqual({
      __typename: 'ConflictError',
      message: 'The article is at version 2, not 1: reload it and apply your change again',
      code: 'VERSION_CONFLICT',
      field: 'expectedVersion',
      expectedVersion: 1,
      currentVersion: 2,
    });
    const now = await gql('query($id: ID!) { article(id: $id) { title version } }', { id: draft.id });
    expect(now.data.article).toEqual({ title: 'First editor', version: 2 });
  });

  it('detects the conflict between two writes racing for the same version: exactly one wins', async () => {
    const draft = await newDraft('update-race');
    const results = await Promise.all(
      ['A', 'B', 'C'].map((who) =>
        gql(UPDATE, { input: { id: draft.id, expectedVersion: 1, title: `Editor ${who}` } }),
      ),
    );
    const kinds = results.map((r) => r.data.updateArticle.__typename).sort();
    expect(kinds).toEqual(['ConflictError', 'ConflictError', 'UpdateArticleSuccess']);
  });

  it.each([
    [{ id: 'bm9wZQ==', expectedVersion: 1 }, 'ValidationError', 'input.id'],
    [{ id: globalId('Entity', 1), expectedVersion: 1 }, 'ValidationError', 'input.id'],
    [{ id: globalId('Article', 999999), expectedVersion: 1 }, 'NotFoundError', 'input.id'],
    [{ expectedVersion: 0 }, 'ValidationError', 'input.expectedVersion'],
    [{ expectedVersion: 1, title: '' }, 'ValidationError', 'input.title'],
    [{ expectedVersion: 1, body: '' }, 'ValidationError', 'input.body'],
    [{ expectedVersion: 1, slug: 'seed-sport' }, 'ValidationError', 'input.slug'],
    [{ expectedVersion: 1, slug: 'bad_slug' }, 'ValidationError', 'input.slug'],
    [{ expectedVersion: 1, section: 'nowhere' }, 'NotFoundError', 'input.section'],
  ])('refuses update #%#', async (input, typename, field) => {
    const draft = await newDraft(`update-invalid-${Math.random().toString(36).slice(2, 8)}`);
    const result = await gql(UPDATE, { input: { id: draft.id, ...input } });
    expect(result.data.updateArticle).toMatchObject({ __typename: typename, field });
    const now = await gql('query($id: ID!) { article(id: $id) { version } }', { id: draft.id });
    expect(now.data.article.version).toBe(1);
  });
});

const PUBLISH = `mutation($id: ID!, $at: DateTime, $v: Int) { publishArticle(id: $id, at: $at, expectedVersion: $v) {
  ${RESULT} ... on PublishArticleSuccess { article { status publishedAt version } } } }`;

describe('publishing', () => {
  it('publishes now: the public sees the article at once', async () => {
    const draft = await newDraft('publish-now');
    const result = await gql(PUBLISH, { id: draft.id, v: 1 });
    expect(result.data.publishArticle).toEqual({
      __typename: 'PublishArticleSuccess',
      article: { status: 'PUBLISHED', publishedAt: expect.any(String), version: 2 },
    });
    expect(Math.abs(Date.parse(result.data.publishArticle.article.publishedAt) - Date.now())).toBeLessThan(10_000);
    expect(await client.query('{ article(slug: "publish-now") { status } }')).toEqual({
      data: { article: { status: 'PUBLISHED' } },
    });
  });

  it('schedules: hidden until the time, then visible as PUBLISHED with no job to flip it', async () => {
    const draft = await newDraft('publish-later');
    const at = new Date(Date.now() + 1500).toISOString();
    const result = await gql(PUBLISH, { id: draft.id, at });
    expect(result.data.publishArticle.article).toEqual({ status: 'SCHEDULED', publishedAt: at, version: 2 });
    expect(await client.query('{ article(slug: "publish-later") { status } }')).toEqual({ data: { article: null } });
    // Editors preview it.
    expect((await gql('{ article(slug: "publish-later") { status } }')).data).toEqual({
      article: { status: 'SCHEDULED' },
    });
    await new Promise((resolve) => setTimeout(resolve, 1700));
    expect(await client.query('{ article(slug: "publish-later") { status } }')).toEqual({
      data: { article: { status: 'PUBLISHED' } },
    });
  });

  it('takes the publication dates the importer takes (an archive from 1851 with publish:backdate, a schedule up to PUBLISH_MAX_DAYS_AHEAD) and refuses what it refuses', async () => {
    const draft = await newDraft('publish-range');
    const archivist = editor;
    const reporter = (await createToken(database.db, 'Reporter', ['write:articles', 'read:drafts'])).headers;
    const ahead = new Date(Date.now() + 1000 * 86_400_000).toISOString();
    for (const [at, status] of [
      ['1851-09-18T00:00:00Z', 'PUBLISHED'],
      [ahead, 'SCHEDULED'],
    ] as const) {
      expect(validateRecord({ title: 't', body: 'b', publishedAt: at }).publishedAt?.toISOString()).toBe(
        new Date(at).toISOString(),
      );
      const result = await gql(PUBLISH, { id: draft.id, at }, archivist);
      expect(result.data.publishArticle, at).toMatchObject({
        __typename: 'PublishArticleSuccess',
        article: { status, publishedAt: new Date(at).toISOString() },
      });
    }
    // Backdating without the scope, and a typo decades ahead, are refused.
    expect(
      (await gql(PUBLISH, { id: draft.id, at: '1851-09-18T00:00:00Z' }, reporter)).data.publishArticle,
    ).toMatchObject({ __typename: 'ValidationError', field: 'at', reason: 'NOT_ALLOWED' });
    expect(
      (await gql(PUBLISH, { id: draft.id, at: '2199-01-01T00:00:00Z' }, archivist)).data.publishArticle,
    ).toMatchObject({ __typename: 'ValidationError', field: 'at', reason: 'OUT_OF_RANGE' });
    for (const at of ['tomorrow', '0999-12-31T00:00:00Z', '2025-02-30T00:00:00Z']) {
      expect(() => validateRecord({ title: 't', body: 'b', publishedAt: at }), at).toThrow('"publishedAt"');
      const malformed = await gql(PUBLISH, { id: draft.id, at });
      expect(malformed.errors?.[0]?.extensions?.code, at).toBe('BAD_USER_INPUT');
    }
  });

  it('unpublishes and archives, and refuses doing either twice', async () => {
    const draft = await newDraft('lifecycle');
    await gql(PUBLISH, { id: draft.id });
    const UNPUBLISH = `mutation($id: ID!) { unpublishArticle(id: $id) { ${RESULT} ... on UnpublishArticleSuccess { article { status publishedAt version } } } }`;
    const ARCHIVE = `mutation($id: ID!, $v: Int) { archiveArticle(id: $id, expectedVersion: $v) { ${RESULT} ... on ArchiveArticleSuccess { article { status version } } } }`;
    expect((await gql(UNPUBLISH, { id: draft.id })).data.unpublishArticle).toEqual({
      __typename: 'UnpublishArticleSuccess',
      article: { status: 'DRAFT', publishedAt: null, version: 3 },
    });
    expect(await client.query('{ article(slug: "lifecycle") { id } }')).toEqual({ data: { article: null } });
    expect((await gql(UNPUBLISH, { id: draft.id })).data.unpublishArticle).toMatchObject({
      __typename: 'ValidationError',
      reason: 'NOT_ALLOWED',
      field: 'id',
    });
    expect((await gql(ARCHIVE, { id: draft.id, v: 2 })).data.archiveArticle).toMatchObject({
      __typename: 'ConflictError',
      currentVersion: 3,
    });
    expect((await gql(ARCHIVE, { id: draft.id, v: 3 })).data.archiveArticle).toEqual({
      __typename: 'ArchiveArticleSuccess',
      article: { status: 'ARCHIVED', version: 4 },
    });
    expect((await gql(ARCHIVE, { id: draft.id })).data.archiveArticle).toMatchObject({
      __typename: 'ValidationError',
      reason: 'NOT_ALLOWED',
    });
  });

  it('deletes an article and keeps its revisions, the last one (DELETE) with its final text', async () => {
    const draft = await newDraft('to-delete');
    const DELETE = `mutation($id: ID!, $v: Int) { deleteArticle(id: $id, expectedVersion: $v) { ${RESULT} ... on DeleteArticleSuccess { deletedId } } }`;
    expect((await gql(DELETE, { id: draft.id, v: 5 })).data.deleteArticle).toMatchObject({
      __typename: 'ConflictError',
    });
    expect((await gql(DELETE, { id: draft.id, v: 1 })).data.deleteArticle).toEqual({
      __typename: 'DeleteArticleSuccess',
      deletedId: draft.id,
    });
    expect((await gql('query($id: ID!) { article(id: $id) { id } }', { id: draft.id })).data).toEqual({
      article: null,
    });
    expect((await gql(DELETE, { id: draft.id })).data.deleteArticle).toMatchObject({
      __typename: 'NotFoundError',
      field: 'id',
    });
    const revisions = await database.db
      .selectFrom('articleRevisions')
      .select(['version', 'action', 'actorName'])
      .where('articleId', '=', Number(Buffer.from(draft.id, 'base64').toString().split(':')[1]))
      .orderBy('version')
      .execute();
    expect(revisions).toEqual([
      { version: 1, action: 'CREATE', actorName: 'Night desk' },
      { version: 2, action: 'DELETE', actorName: 'Night desk' },
    ]);
  });
});

describe('summaries', () => {
  const SET = `mutation($id: ID!, $length: SummaryLength!, $text: String!, $v: Int) { setArticleSummary(id: $id, length: $length, text: $text, expectedVersion: $v) {
    ${RESULT} ... on SetArticleSummarySuccess { article { version summary(length: SHORT) { text method } } } } }`;
  const CLEAR = `mutation($id: ID!, $length: SummaryLength!) { clearArticleSummary(id: $id, length: $length) {
    ${RESULT} ... on ClearArticleSummarySuccess { article { version summary(length: SHORT) { text } } } } }`;

  it('sets, replaces and clears the editorial summary, and validates the text', async () => {
    const draft = await newDraft('summarised');
    expect(
      (await gql(SET, { id: draft.id, length: 'SHORT', text: '  A short   summary. ' })).data.setArticleSummary,
    ).toEqual({
      __typename: 'SetArticleSummarySuccess',
      article: { version: 2, summary: { text: 'A short summary.', method: 'EDITORIAL' } },
    });
    expect(
      (await gql(SET, { id: draft.id, length: 'SHORT', text: 'Better.', v: 2 })).data.setArticleSummary.article,
    ).toEqual({
      version: 3,
      summary: { text: 'Better.', method: 'EDITORIAL' },
    });
    expect((await gql(SET, { id: draft.id, length: 'SHORT', text: ' ' })).data.setArticleSummary).toMatchObject({
      __typename: 'ValidationError',
      field: 'text',
      reason: 'REQUIRED',
    });
    expect(
      (await gql(SET, { id: draft.id, length: 'SHORT', text: 'x'.repeat(5001) })).data.setArticleSummary,
    ).toMatchObject({ field: 'text', reason: 'TOO_LONG' });
    expect((await gql(SET, { id: draft.id, length: 'SHORT', text: 'x', v: 1 })).data.setArticleSummary).toMatchObject({
      __typename: 'ConflictError',
    });
    const badEnum = await gql(SET, { id: draft.id, length: 'TINY', text: 'x' });
    expect(badEnum.data).toBeUndefined();
    expect(badEnum.errors?.[0]?.message).toMatch(/Value "TINY" does not exist in "SummaryLength" enum/);
    expect((await gql(CLEAR, { id: draft.id, length: 'SHORT' })).data.clearArticleSummary).toEqual({
      __typename: 'ClearArticleSummarySuccess',
      // With the editorial summary gone, the next request gets one generated from the body.
      article: { version: 4, summary: { text: 'One paragraph.' } },
    });
    expect((await gql(CLEAR, { id: draft.id, length: 'SHORT' })).data.clearArticleSummary).toMatchObject({
      __typename: 'NotFoundError',
      field: 'length',
    });
  });
});

describe('article entities', () => {
  const ADD = `mutation($input: AddArticleEntityInput!) { addArticleEntity(input: $input) {
    ${RESULT} ... on AddArticleEntitySuccess { article { version entities { entity { name slug kind } mentionCount source } } } } }`;
  const REMOVE = `mutation($a: ID!, $e: ID!) { removeArticleEntity(articleId: $a, entityId: $e) {
    ${RESULT} ... on RemoveArticleEntitySuccess { article { version entities { entity { slug } source } } } } }`;
  // Extraction adds what it finds in the text; these tests are about what editors give and take.
  const notExtracted = <T extends { source: string }>(entities: T[]) =>
    entities.filter((e) => e.source !== 'EXTRACTED');

  it('adds a new entity by name, an existing one by id, recounts on body changes, and removes', async () => {
    const draft = await newDraft('with-entities', { body: 'Mara Lind spoke in Oslo.\n\nLind said more.' });
    const added = await gql(ADD, { input: { articleId: draft.id, name: 'Mara  Lind', kind: 'PERSON' } });
    expect(added.data.addArticleEntity.__typename).toBe('AddArticleEntitySuccess');
    expect(added.data.addArticleEntity.article.version).toBe(2);
    expect(notExtracted(added.data.addArticleEntity.article.entities)).toEqual([
      { entity: { name: 'Mara Lind', slug: 'mara-lind', kind: 'PERSON' }, mentionCount: 2, source: 'EDITORIAL' },
    ]);
    const oslo = await gql(ADD, { input: { articleId: draft.id, name: 'Oslo', kind: 'PLACE' } });
    const osloId = (await gql('{ entity(slug: "oslo") { id } }')).data.entity.id;
    const again = await gql(ADD, { input: { articleId: draft.id, entityId: osloId } });
    expect(again.data.addArticleEntity.article.version).toBe(oslo.data.addArticleEntity.article.version);
    // A new body: editorial mentions are located again.
    const updated = await gql(UPDATE, { input: { id: draft.id, expectedVersion: 3, body: 'Lind. Lind. Mara Lind.' } });
    expect(updated.data.updateArticle.__typename).toBe('UpdateArticleSuccess');
    const entities = await gql(
      'query($id: ID!) { article(id: $id) { entities { entity { slug } mentionCount source } } }',
      { id: draft.id },
    );
    expect(notExtracted(entities.data.article.entities)).toEqual([
      { entity: { slug: 'mara-lind' }, mentionCount: 3, source: 'EDITORIAL' },
      { entity: { slug: 'oslo' }, mentionCount: 0, source: 'EDITORIAL' },
    ]);
    const removed = (await gql(REMOVE, { a: draft.id, e: osloId })).data.removeArticleEntity;
    expect(removed.__typename).toBe('RemoveArticleEntitySuccess');
    expect(removed.article.version).toBe(5);
    expect(notExtracted(removed.article.entities)).toEqual([{ entity: { slug: 'mara-lind' }, source: 'EDITORIAL' }]);
    expect(removed.article.entities.map((e: { entity: { slug: string } }) => e.entity.slug)).not.toContain('oslo');
    // Extraction runs again on the next body change, but an entity the editor removed stays removed.
    const rewritten = await gql(UPDATE, {
      input: { id: draft.id, expectedVersion: 5, body: 'Mara Lind flew to Oslo. Oslo was cold.' },
    });
    expect(rewritten.data.updateArticle.__typename).toBe('UpdateArticleSuccess');
    const after = await gql('query($id: ID!) { article(id: $id) { entities { entity { slug } source } } }', {
      id: draft.id,
    });
    expect(after.data.article.entities.map((e: { entity: { slug: string } }) => e.entity.slug)).not.toContain('oslo');
    expect((await gql(REMOVE, { a: draft.id, e: osloId })).data.removeArticleEntity).toMatchObject({
      __typename: 'NotFoundError',
      field: 'entityId',
    });
  });

  it.each([
    [{}, 'input.entityId', 'NOT_ALLOWED'],
    [{ entityId: 'x', name: 'Both', kind: 'PLACE' }, 'input.entityId', 'NOT_ALLOWED'],
    [{ name: 'No kind' }, 'input.kind', 'REQUIRED'],
    [{ name: '  ', kind: 'PLACE' }, 'input.name', 'REQUIRED'],
    [{ name: '!!!', kind: 'PLACE' }, 'input.name', 'INVALID_FORMAT'],
    [{ name: 'n'.repeat(201), kind: 'PLACE' }, 'input.name', 'TOO_LONG'],
    [{ entityId: 'garbage' }, 'input.entityId', 'INVALID_FORMAT'],
  ])('refuses entity input #%#', async (input, field, reason) => {
    const draft = await newDraft(`entity-invalid-${Math.random().toString(36).slice(2, 8)}`);
    const entitiesBefore = await countRows('entities');
    const result = await gql(ADD, { input: { articleId: draft.id, ...input } });
    expect(result.data.addArticleEntity).toMatchObject({ __typename: 'ValidationError', field, reason });
    expect(await countRows('entities')).toBe(entitiesBefore);
  });

  it('refuses an unknown entity id with NotFoundError', async () => {
    const draft = await newDraft('entity-unknown');
    const result = await gql(ADD, { input: { articleId: draft.id, entityId: globalId('Entity', 999999) } });
    expect(result.data.addArticleEntity).toMatchObject({ __typename: 'NotFoundError', field: 'input.entityId' });
  });
});

describe('revisions', () => {
  const REVISIONS = `query($id: ID!) { article(id: $id) { version revisions { version action actorName createdAt changes { field from to } snapshot { title } } } }`;

  it('records who changed what, newest first, and restores an earlier revision as a new one', async () => {
    const draft = await newDraft('revised');
    await gql(UPDATE, { input: { id: draft.id, expectedVersion: 1, title: 'Second title', body: 'Second body.' } });
    await gql(PUBLISH, { id: draft.id, at: '2026-01-05T10:00:00Z' });
    const trail = await gql(REVISIONS, { id: draft.id });
    expect(trail.errors).toBeUndefined();
    expect(trail.data.article.revisions.map((r: any) => ({ ...r, createdAt: typeof r.createdAt }))).toEqual([
      {
        version: 3,
        action: 'PUBLISH',
        actorName: 'Night desk',
        createdAt: 'string',
        changes: [
          { field: 'status', from: 'DRAFT', to: 'PUBLISHED' },
          { field: 'publishedAt', from: null, to: '2026-01-05T10:00:00.000Z' },
        ],
        snapshot: { title: 'Second title' },
      },
      {
        version: 2,
        action: 'UPDATE',
        actorName: 'Night desk',
        createdAt: 'string',
        changes: [
          { field: 'title', from: 'Story revised', to: 'Second title' },
          { field: 'body', from: 'One paragraph.\n\nTwo paragraphs.', to: 'Second body.' },
        ],
        snapshot: { title: 'Second title' },
      },
      {
        version: 1,
        action: 'CREATE',
        actorName: 'Night desk',
        createdAt: 'string',
        changes: [
          { field: 'slug', from: null, to: 'revised' },
          { field: 'title', from: null, to: 'Story revised' },
          { field: 'body', from: null, to: 'One paragraph.\n\nTwo paragraphs.' },
          { field: 'sectionId', from: null, to: expect.any(String) },
          { field: 'status', from: null, to: 'DRAFT' },
        ],
        snapshot: { title: 'Story revised' },
      },
    ]);
    const stored = await database.db
      .selectFrom('articleRevisions')
      .select(['actorTokenId'])
      .where('actorName', '=', 'Night desk')
      .executeTakeFirstOrThrow();
    expect(stored.actorTokenId).toBe(editorTokenId);

    const RESTORE = `mutation($a: ID!, $version: Int!, $v: Int!) { restoreArticleRevision(articleId: $a, version: $version, expectedVersion: $v) {
      ${RESULT} ... on RestoreArticleRevisionSuccess { article { title body status version wordCount } } } }`;
    expect((await gql(RESTORE, { a: draft.id, version: 1, v: 2 })).data.restoreArticleRevision).toMatchObject({
      __typename: 'ConflictError',
      currentVersion: 3,
    });
    expect((await gql(RESTORE, { a: draft.id, version: 9, v: 3 })).data.restoreArticleRevision).toMatchObject({
      __typename: 'NotFoundError',
      field: 'version',
    });
    expect((await gql(RESTORE, { a: draft.id, version: 1, v: 3 })).data.restoreArticleRevision).toEqual({
      __typename: 'RestoreArticleRevisionSuccess',
      // Content comes back; the publication stands.
      article: {
        title: 'Story revised',
        body: 'One paragraph.\n\nTwo paragraphs.',
        status: 'PUBLISHED',
        version: 4,
        wordCount: 4,
      },
    });
    const after = await gql(REVISIONS, { id: draft.id });
    expect(after.data.article.revisions[0]).toMatchObject({
      version: 4,
      action: 'RESTORE',
      changes: [
        { field: 'title', from: 'Second title', to: 'Story revised' },
        { field: 'body', from: 'Second body.', to: 'One paragraph.\n\nTwo paragraphs.' },
        { field: 'restoredFrom', from: '3', to: '1' },
      ],
    });
  });
});

describe('restoreArticleRevision, every field a revision keeps', () => {
  it('brings back the sharing fields, the lead and social images, the language, the byline and the tags', async () => {
    await createArticle(database.db, { slug: 'donor', bylines: ['Ana Writer'], tags: ['Floods', 'Rivers'] });
    const ids = (
      await gql(
        `{ author(slug: "ana-writer") { id } floods: tag(slug: "floods") { id } rivers: tag(slug: "rivers") { id } }`,
      )
    ).data;
    const image = (
      await gql(`mutation { createImage(input: { externalUrl: "https://img.example/flood.jpg", width: 1200, height: 800, mimeType: "image/jpeg", metadata: { alt: "A flooded street" } }) {
      ... on CreateImageSuccess { image { id } } } }`)
    ).data.createImage.image.id;
    const draft = await newDraft('restorable');
    const articleId = draft.id;
    const version = async () =>
      (await gql(`query($id: ID!) { node(id: $id) { ... on Article { version } } }`, { id: articleId })).data.node
        .version as number;
    const BYLINES = `mutation($a: ID!, $b: [BylineInput!]!) { setArticleBylines(articleId: $a, bylines: $b) { __typename } }`;
    const TAGS = `mutation($a: ID!, $t: [ID!]!) { setArticleTags(articleId: $a, tagIds: $t) { __typename } }`;
    const LEAD = `mutation($a: ID!, $i: ID, $s: ID) { setArticleLeadImage(articleId: $a, imageId: $i, socialImageId: $s) { __typename } }`;
    expect(
      (await gql(BYLINES, { a: articleId, b: [{ authorId: ids.author.id }, { credit: 'Reuters' }] })).data
        .setArticleBylines.__typename,
    ).toBe('SetArticleBylinesSuccess');
    expect((await gql(TAGS, { a: articleId, t: [ids.floods.id, ids.rivers.id] })).data.setArticleTags.__typename).toBe(
      'SetArticleTagsSuccess',
    );
    expect((await gql(LEAD, { a: articleId, i: image, s: image })).data.setArticleLeadImage.__typename).toBe(
      'SetArticleLeadImageSuccess',
    );
    const seo = {
      metaTitle: 'Floods: what we know',
      metaDescription: 'The river rose overnight.',
      canonicalUrl: 'https://partner.example/floods',
      noindex: true,
      language: 'fr',
    };
    expect(
      (await gql(UPDATE, { input: { id: articleId, expectedVersion: await version(), ...seo } })).data.updateArticle
        .__typename,
    ).toBe('UpdateArticleSuccess');
    const kept = await version();
    // Everything changes again.
    await gql(BYLINES, { a: articleId, b: [] });
    await gql(TAGS, { a: articleId, t: [ids.rivers.id] });
    await gql(LEAD, { a: articleId, i: null, s: null });
    const cleared = { metaTitle: null, metaDescription: null, canonicalUrl: null, noindex: false, language: 'en' };
    expect(
      (await gql(UPDATE, { input: { id: articleId, expectedVersion: await version(), ...cleared } })).data.updateArticle
        .__typename,
    ).toBe('UpdateArticleSuccess');
    const current = await version();
    const RESTORE = `mutation($a: ID!, $version: Int!, $v: Int!) { restoreArticleRevision(articleId: $a, version: $version, expectedVersion: $v) {
      ${RESULT} ... on RestoreArticleRevisionSuccess { article { version metaTitle metaDescription canonicalUrl noindex language
        leadImage { id } socialImage { id } bylines { name } tags { slug } } } } }`;
    expect((await gql(RESTORE, { a: articleId, version: kept, v: current })).data.restoreArticleRevision).toEqual({
      __typename: 'RestoreArticleRevisionSuccess',
      article: {
        version: current + 1,
        ...seo,
        leadImage: { id: image },
        socialImage: { id: image },
        bylines: [{ name: 'Ana Writer' }, { name: 'Reuters' }],
        tags: [{ slug: 'floods' }, { slug: 'rivers' }],
      },
    });
    const revision = (
      await gql(
        `query($id: ID!) { node(id: $id) { ... on Article { revisions(first: 1) { action changes { field from to } } } } }`,
        { id: articleId },
      )
    ).data.node.revisions[0];
    expect(revision.action).toBe('RESTORE');
    expect(revision.changes).toEqual(
      expect.arrayContaining([
        { field: 'bylines', from: null, to: 'Ana Writer; Reuters' },
        { field: 'tags', from: 'rivers', to: 'floods, rivers' },
        { field: 'language', from: 'en', to: 'fr' },
        { field: 'metaTitle', from: null, to: 'Floods: what we know' },
        { field: 'noindex', from: null, to: 'true' },
        { field: 'leadImageId', from: null, to: expect.any(String) },
        { field: 'restoredFrom', from: String(current), to: String(kept) },
      ]),
    );
  });
});

describe('entities', () => {
  const RENAME = `mutation($id: ID!, $name: String!, $slug: String) { renameEntity(id: $id, name: $name, slug: $slug) {
    __typename ... on MutationError { code field message } ... on ValidationError { reason }
    ... on RenameEntitySuccess { entity { name slug aliases } } } }`;
  const MERGE = `mutation($into: ID!, $from: [ID!]!) { mergeEntities(into: $into, from: $from) {
    __typename ... on MutationError { code field message } ... on ValidationError { reason }
    ... on MergeEntitiesSuccess { entity { name slug aliases articleCount } } } }`;
  let entityEditor: Record<string, string>;

  beforeAll(async () => {
    entityEditor = (await createToken(database.db, 'Entity desk', ['write:entities'])).headers;
    await createArticle(database.db, {
      slug: 'merge-a',
      body: 'Jon Smyth met Jon Smith.',
      entities: [
        { name: 'Jon Smyth', kind: 'PERSON' },
        { name: 'Jon Smith', kind: 'PERSON' },
      ],
    });
    await createArticle(database.db, {
      slug: 'merge-b',
      body: 'J. Smith spoke.',
      entities: [{ name: 'J. Smith', kind: 'PERSON' }],
    });
    await createArticle(database.db, {
      slug: 'merge-c',
      body: 'Oslo.',
      entities: [{ name: 'Oslo Region', kind: 'PLACE' }],
    });
  });

  const idOf = async (slug: string) =>
    (await client.query(`{ entity(slug: "${slug}") { id } }`)).data.entity.id as string;

  it('renames an entity, keeps the old name as an alias and the old slug resolving', async () => {
    const id = await idOf('oslo-region');
    const result = await gql(RENAME, { id, name: 'Oslo', slug: 'oslo-city' }, entityEditor);
    expect(result.data.renameEntity).toEqual({
      __typename: 'RenameEntitySuccess',
      entity: { name: 'Oslo', slug: 'oslo-city', aliases: ['Oslo Region'] },
    });
    expect((await client.query('{ entity(slug: "oslo-region") { name slug } }')).data).toEqual({
      entity: { name: 'Oslo', slug: 'oslo-city' },
    });
    expect((await gql(RENAME, { id, name: ' ' }, entityEditor)).data.renameEntity).toMatchObject({
      __typename: 'ValidationError',
      field: 'name',
      reason: 'REQUIRED',
    });
    expect((await gql(RENAME, { id, name: 'X', slug: 'jon-smith' }, entityEditor)).data.renameEntity).toMatchObject({
      field: 'slug',
      reason: 'TAKEN',
    });
    expect((await gql(RENAME, { id, name: 'X', slug: 'Bad Slug' }, entityEditor)).data.renameEntity).toMatchObject({
      field: 'slug',
      reason: 'INVALID_FORMAT',
    });
    expect(
      (await gql(RENAME, { id: globalId('Entity', 99999), name: 'X' }, entityEditor)).data.renameEntity,
    ).toMatchObject({ __typename: 'NotFoundError', field: 'id' });
  });

  it('merges duplicates: mentions and aliases move, old slugs keep resolving', async () => {
    const into = await idOf('jon-smith');
    const from = [await idOf('jon-smyth'), await idOf('j-smith')];
    expect((await gql(MERGE, { into, from: [into] }, entityEditor)).data.mergeEntities).toMatchObject({
      field: 'from',
      reason: 'NOT_ALLOWED',
    });
    expect((await gql(MERGE, { into, from: [] }, entityEditor)).data.mergeEntities).toMatchObject({
      field: 'from',
      reason: 'REQUIRED',
    });
    expect(
      (await gql(MERGE, { into, from: [await idOf('oslo-city')] }, entityEditor)).data.mergeEntities,
    ).toMatchObject({ field: 'from', reason: 'NOT_ALLOWED' });
    expect(
      (await gql(MERGE, { into, from: [globalId('Entity', 99999)] }, entityEditor)).data.mergeEntities,
    ).toMatchObject({ __typename: 'NotFoundError', field: 'from.0' });
    const merged = await gql(MERGE, { into, from }, entityEditor);
    expect(merged.data.mergeEntities).toEqual({
      __typename: 'MergeEntitiesSuccess',
      entity: { name: 'Jon Smith', slug: 'jon-smith', aliases: ['J. Smith', 'Jon Smyth'], articleCount: 2 },
    });
    expect(
      (await client.query('{ a: entity(slug: "jon-smyth") { slug } b: entity(slug: "j-smith") { slug } }')).data,
    ).toEqual({
      a: { slug: 'jon-smith' },
      b: { slug: 'jon-smith' },
    });
    const article = await client.query(
      '{ article(slug: "merge-a") { entities { entity { slug } mentionCount source } } }',
    );
    expect(article.data.article.entities.filter((e: { source: string }) => e.source !== 'EXTRACTED')).toEqual([
      { entity: { slug: 'jon-smith' }, mentionCount: 2, source: 'IMPORTED' },
    ]);
    expect((await client.query('{ articles(filter: { entity: "j-smith" }) { totalCount } }')).data).toEqual({
      articles: { totalCount: 2 },
    });
  });
});

describe('change reports', () => {
  it('reports the ids a committed write changed, and nothing for a write that failed', async () => {
    const seen: unknown[] = [];
    const stop = client.app.changes.subscribe((change) => seen.push(change));
    try {
      const draft = await newDraft('reported');
      const id = Number(Buffer.from(draft.id, 'base64').toString().split(':')[1]);
      await gql(UPDATE, { input: { id: draft.id, expectedVersion: 7, title: 'Conflict' } });
      expect(seen).toEqual([{ articleIds: [id], entityIds: [] }]);
    } finally {
      stop();
    }
  });
});
