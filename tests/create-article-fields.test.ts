import { beforeAll, describe, expect, it } from 'vitest';
import { validateRecord, writeRecord } from '../src/content/importer.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;
let desk: Record<string, string>;
let archive: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database);
  desk = (await createToken(database.db, 'Desk', ['write:articles', 'read:drafts'])).headers;
  archive = (await createToken(database.db, 'Archive', ['write:articles', 'read:drafts', 'publish:backdate'])).headers;
});

const CREATE = `mutation($input: CreateArticleInput!) { createArticle(input: $input) {
  __typename ... on MutationError { message code field } ... on ValidationError { reason }
  ... on CreateArticleSuccess { article { slug status publishedAt version } } } }`;

const create = async (input: Record<string, unknown>, headers = desk) => {
  const result = await client.query(CREATE, { input: { title: 'A story', body: 'Text.', ...input } }, headers);
  expect(result.errors).toBeUndefined();
  return result.data.createArticle;
};

describe('createArticle: externalId and publishedAt', () => {
  it('publishes at once, schedules, or backdates with publish:backdate, announcing only what goes live', async () => {
    const now = await create({ slug: 'goes-live', publishedAt: new Date().toISOString() });
    expect(now).toMatchObject({ __typename: 'CreateArticleSuccess', article: { status: 'PUBLISHED', version: 1 } });
    expect((await client.query('{ article(slug: "goes-live") { status } }')).data.article).toEqual({
      status: 'PUBLISHED',
    });
    const ahead = new Date(Date.now() + 86_400_000).toISOString();
    expect((await create({ slug: 'later', publishedAt: ahead })).article).toMatchObject({
      status: 'SCHEDULED',
      publishedAt: ahead,
    });
    expect((await client.query('{ article(slug: "later") { status } }')).data.article).toBeNull();
    expect(await create({ slug: 'backdated', publishedAt: '2001-05-04T10:00:00Z' })).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.publishedAt',
      reason: 'NOT_ALLOWED',
    });
    expect((await create({ slug: 'backdated', publishedAt: '2001-05-04T10:00:00Z' }, archive)).article).toEqual({
      slug: 'backdated',
      status: 'PUBLISHED',
      publishedAt: '2001-05-04T10:00:00.000Z',
      version: 1,
    });
    expect(await create({ slug: 'typo', publishedAt: '2062-01-01T00:00:00Z' }, archive)).toMatchObject({
      field: 'input.publishedAt',
      reason: 'OUT_OF_RANGE',
    });
    // The published event of the live one is announced once, at creation: it has an event time.
    const events = await database.db
      .selectFrom('articles')
      .select(['slug', 'publishedEventAt'])
      .where('slug', 'in', ['goes-live', 'later'])
      .orderBy('slug')
      .execute();
    expect(events.map((e) => [e.slug, e.publishedEventAt !== null])).toEqual([
      ['goes-live', true],
      ['later', false],
    ]);
  });

  it('takes an external id that an import then updates, and refuses one taken', async () => {
    const created = await create({ slug: 'wire-copy', externalId: '  wire:123 ' });
    expect(created.__typename).toBe('CreateArticleSuccess');
    expect(await create({ slug: 'wire-copy-2', externalId: 'wire:123' })).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.externalId',
      reason: 'TAKEN',
    });
    expect(await create({ slug: 'too-long', externalId: 'x'.repeat(201) })).toMatchObject({
      field: 'input.externalId',
      reason: 'TOO_LONG',
    });
    expect(
      await writeRecord(
        database.db,
        validateRecord({ externalId: 'wire:123', title: 'A story, updated', body: 'Text.' }),
      ),
    ).toBe('updated');
    const row = await database.db
      .selectFrom('articles')
      .select(['slug', 'title', 'externalId'])
      .where('externalId', '=', 'wire:123')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ slug: 'wire-copy', title: 'A story, updated', externalId: 'wire:123' });
    const revision = await database.db
      .selectFrom('articleRevisions')
      .select('changes')
      .where('action', '=', 'CREATE')
      .where('actorName', '=', 'Desk')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(revision.changes).toContainEqual({ field: 'externalId', from: null, to: 'wire:123' });
  });
});
