import { beforeAll, describe, expect, it } from 'vitest';
import { ImportLineError, validateRecord, writeRecord } from '../src/content/importer.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;
let editor: Record<string, string>;
let reader: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database);
  editor = (await createToken(database.db, 'Night desk', ['write:articles', 'read:drafts'])).headers;
  reader = (await createToken(database.db, 'Reader', ['read:drafts'])).headers;
});

const RESULT = `__typename ... on MutationError { message code field } ... on ValidationError { reason } ... on ConflictError { currentVersion }`;
const ADD = `mutation($input: AddArticleCorrectionInput!) { addArticleCorrection(input: $input) {
  ${RESULT} ... on AddArticleCorrectionSuccess { article { version corrections { kind text } } } } }`;
const UPDATE = `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { ${RESULT} ... on UpdateArticleSuccess { article { version updatedAt modifiedAt } } } }`;
const PAGE = `query($slug: String!) { article(slug: $slug) { publishedAt updatedAt modifiedAt corrections { id kind text createdAt } } }`;

const add = async (input: Record<string, unknown>, headers = editor) => {
  const result = await client.query(ADD, { input }, headers);
  expect(result.errors).toBeUndefined();
  return result.data.addArticleCorrection;
};

describe('corrections, updates and clarifications', () => {
  it('answers each of two notes added in one document with the notes so far (no list read before the second is reused)', async () => {
    const article = await createArticle(database.db, { slug: 'two-notes', publishedAt: '2026-03-01T09:00:00Z' });
    const id = globalId('Article', article.id);
    const TWICE = `mutation($a: AddArticleCorrectionInput!, $b: AddArticleCorrectionInput!) {
      first: addArticleCorrection(input: $a) { ... on AddArticleCorrectionSuccess { article { corrections { text } } } }
      second: addArticleCorrection(input: $b) { ... on AddArticleCorrectionSuccess { article { corrections { text } } } } }`;
    const result = await client.query(
      TWICE,
      { a: { articleId: id, kind: 'CORRECTION', text: 'One.' }, b: { articleId: id, kind: 'UPDATE', text: 'Two.' } },
      editor,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.first.article.corrections).toEqual([{ text: 'One.' }]);
    expect(result.data.second.article.corrections).toEqual([{ text: 'One.' }, { text: 'Two.' }]);
  });

  it('appends notes in order, shows them to readers with the article, and moves updatedAt but not for a plain edit', async () => {
    const article = await createArticle(database.db, { slug: 'bridge-opens', publishedAt: '2026-03-01T09:00:00Z' });
    const id = globalId('Article', article.id);
    const page = async (headers?: Record<string, string>) =>
      (await client.query(PAGE, { slug: 'bridge-opens' }, headers)).data.article;
    expect(await page()).toMatchObject({
      publishedAt: '2026-03-01T09:00:00.000Z',
      updatedAt: '2026-03-01T09:00:00.000Z',
      corrections: [],
    });
    // A typo fix is not news: modifiedAt moves, updatedAt stays at publication.
    const edit = (
      await client.query(UPDATE, { input: { id, expectedVersion: 1, title: 'Bridge opens at last' } }, editor)
    ).data.updateArticle.article;
    expect(edit.updatedAt).toBe('2026-03-01T09:00:00.000Z');
    expect(edit.modifiedAt > '2026-03-01T09:00:00.000Z').toBe(true);
    expect(
      await add({
        articleId: id,
        kind: 'CORRECTION',
        text: '  An earlier version gave the wrong   span. ',
        expectedVersion: 2,
      }),
    ).toEqual({
      __typename: 'AddArticleCorrectionSuccess',
      article: { version: 3, corrections: [{ kind: 'CORRECTION', text: 'An earlier version gave the wrong span.' }] },
    });
    await add({ articleId: id, kind: 'UPDATE', text: 'The bridge reopened at 6 pm.' });
    const shown = await page();
    expect(shown.corrections.map((c: { kind: string }) => c.kind)).toEqual(['CORRECTION', 'UPDATE']);
    expect(shown.updatedAt).toBe(shown.corrections[1].createdAt);
    // The fast path (no token) and the loaders (a token) give the same page.
    expect(await page(reader)).toEqual(shown);
    // A substantive edit moves updatedAt too.
    const substantive = (
      await client.query(UPDATE, { input: { id, expectedVersion: 4, body: 'New facts.', substantive: true } }, editor)
    ).data.updateArticle.article;
    expect(substantive.updatedAt).toBe(substantive.modifiedAt);
    const revisions = await database.db
      .selectFrom('articleRevisions')
      .select('action')
      .where('articleId', '=', article.id)
      .orderBy('version')
      .execute();
    expect(revisions.map((r) => r.action)).toEqual(['IMPORT', 'UPDATE', 'ADD_CORRECTION', 'ADD_CORRECTION', 'UPDATE']);
  });

  it('hides the notes with the article, and refuses bad input, a stale version, a missing scope and too many notes', async () => {
    const article = await createArticle(database.db, { slug: 'draft-with-note', status: 'DRAFT', publishedAt: null });
    const id = globalId('Article', article.id);
    expect((await add({ articleId: id, kind: 'CLARIFICATION', text: 'Clearer now.' })).__typename).toBe(
      'AddArticleCorrectionSuccess',
    );
    expect(await client.query(PAGE, { slug: 'draft-with-note' })).toEqual({ data: { article: null } });
    expect((await client.query(PAGE, { slug: 'draft-with-note' }, reader)).data.article.corrections).toHaveLength(1);
    expect(await add({ articleId: id, kind: 'CORRECTION', text: '  ' })).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.text',
      reason: 'REQUIRED',
    });
    expect(await add({ articleId: id, kind: 'CORRECTION', text: 'x'.repeat(2001) })).toMatchObject({
      field: 'input.text',
      reason: 'TOO_LONG',
    });
    expect(await add({ articleId: id, kind: 'CORRECTION', text: 'x', expectedVersion: 1 })).toMatchObject({
      __typename: 'ConflictError',
      currentVersion: 2,
    });
    expect(await add({ articleId: 'nope', kind: 'CORRECTION', text: 'x' })).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.articleId',
      reason: 'INVALID_FORMAT',
    });
    const forbidden = await client.query(ADD, { input: { articleId: id, kind: 'CORRECTION', text: 'x' } }, reader);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const badKind = await client.query(ADD, { input: { articleId: id, kind: 'RETRACTION', text: 'x' } }, editor);
    expect(badKind.errors).toHaveLength(1);
    for (let i = 1; i < 50; i += 1) await add({ articleId: id, kind: 'UPDATE', text: `Update ${i}.` });
    expect(await add({ articleId: id, kind: 'UPDATE', text: 'One too many.' })).toMatchObject({
      __typename: 'ValidationError',
      reason: 'NOT_ALLOWED',
    });
  });

  it('imports notes, appending only those the article does not have, and moves updatedAt to the newest', async () => {
    const line = (corrections: unknown[]) =>
      validateRecord({
        externalId: 'wire-notes',
        slug: 'imported-notes',
        title: 'T',
        body: 'B.',
        publishedAt: '2026-02-01T00:00:00Z',
        corrections,
      });
    const first = { kind: 'CORRECTION', text: 'Fixed a name.', at: '2026-02-02T08:00:00Z' };
    expect(await writeRecord(database.db, line([first]))).toBe('created');
    expect(await writeRecord(database.db, line([first]))).toBe('unchanged');
    expect(
      await writeRecord(
        database.db,
        line([first, { kind: 'UPDATE', text: 'Later news.', at: '2026-02-03T08:00:00Z' }]),
      ),
    ).toBe('updated');
    const shown = (await client.query(PAGE, { slug: 'imported-notes' })).data.article;
    expect(shown.corrections.map((c: { kind: string; createdAt: string }) => [c.kind, c.createdAt])).toEqual([
      ['CORRECTION', '2026-02-02T08:00:00.000Z'],
      ['UPDATE', '2026-02-03T08:00:00.000Z'],
    ]);
    expect(shown.updatedAt).toBe('2026-02-03T08:00:00.000Z');
    expect(() => line([{ kind: 'RETRACTION', text: 'x' }])).toThrow(ImportLineError);
    expect(() => line([{ kind: 'UPDATE', text: ' ' }])).toThrow('corrections[0] needs a "text"');
    expect(() => line(Array.from({ length: 51 }, (_, i) => ({ kind: 'UPDATE', text: `n${i}` })))).toThrow('at most 50');
  });

  it('serves the article page with its notes, canonical slug, language, translations and both times in one statement, by an old slug too', async () => {
    const article = await createArticle(database.db, { slug: 'one-statement', publishedAt: '2026-03-02T00:00:00Z' });
    const id = globalId('Article', article.id);
    await add({ articleId: id, kind: 'CORRECTION', text: 'A fix.' });
    await client.query(UPDATE, { input: { id, expectedVersion: 2, slug: 'one-statement-renamed' } }, editor);
    const query = `query($slug: String!) { article(slug: $slug) { slug canonicalSlug language updatedAt modifiedAt
      corrections { id kind text createdAt } translations { slug } } }`;
    await client.query(query, { slug: 'one-statement' });
    const { result, statements } = await client.countStatements(query, { slug: 'one-statement' });
    expect(result.errors).toBeUndefined();
    expect(result.data.article).toMatchObject({
      slug: 'one-statement-renamed',
      canonicalSlug: 'one-statement-renamed',
      language: 'en',
      translations: [],
    });
    expect(result.data.article.corrections).toHaveLength(1);
    expect(statements).toBe(1);
    // The executor (an editor's request) gives the same answer.
    expect((await client.query(query, { slug: 'one-statement' }, reader)).data).toEqual(result.data);
  });
});
