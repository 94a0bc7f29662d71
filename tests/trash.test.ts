import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateRecord, writeRecord } from '../src/content/importer.js';
import { purgeTrashedArticles } from '../src/db/queries/articles.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;
let editor: Record<string, string>;
let wire: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database);
  editor = (await createToken(database.db, 'Night desk', ['write:articles', 'read:drafts'])).headers;
  wire = (await createToken(database.db, 'Wire feed', ['write:articles'])).headers;
});

const RESULT = `__typename ... on MutationError { message code field } ... on ValidationError { reason }`;
const DELETE = `mutation($id: ID!) { deleteArticle(id: $id) { ${RESULT} ... on DeleteArticleSuccess { deletedId } } }`;
const RESTORE = `mutation($id: ID!, $v: Int) { restoreArticle(id: $id, expectedVersion: $v) { ${RESULT} ... on RestoreArticleSuccess { article { slug status version } } } }`;
const TRASH = `query($after: String) { trashedArticles(first: 2, after: $after) { edges { node { deletedBy article { slug version } } } pageInfo { hasNextPage endCursor } } }`;

const ENTITY = { name: 'Ada Quillfeather', kind: 'PERSON' as const };

describe('the trash', () => {
  it('takes a deleted article out of every read, the public’s and the editors’, and gives it back on restore', async () => {
    const article = await createArticle(database.db, {
      slug: 'doomed',
      title: 'Ada Quillfeather speaks',
      entities: [ENTITY],
      publishedAt: '2026-02-01T00:00:00Z',
    });
    const before = await createArticle(database.db, { slug: 'before-doomed', publishedAt: '2026-01-31T00:00:00Z' });
    const id = globalId('Article', article.id);
    const reads = `{ article(slug: "doomed") { slug } byId: article(id: "${id}") { slug }
      articles(first: 100) { edges { node { slug } } }
      other: article(slug: "before-doomed") { nextArticle { slug } }
      entity(slug: "ada-quillfeather") { name articles(first: 5) { edges { node { slug } } } }
      search(query: "Quillfeather") { edges { node { article { slug } } } } }`;
    const seen = (data: any) => ({
      page: data.article?.slug ?? null,
      byId: data.byId?.slug ?? null,
      listed: data.articles.edges.some((e: any) => e.node.slug === 'doomed'),
      next: data.other.nextArticle?.slug ?? null,
      entity: data.entity?.articles.edges.map((e: any) => e.node.slug) ?? null,
      search: data.search.edges.map((e: any) => e.node.article.slug),
    });
    const first = await client.query(reads);
    expect(first.errors).toBeUndefined();
    const live = {
      page: 'doomed',
      byId: 'doomed',
      listed: true,
      next: 'doomed',
      entity: ['doomed'],
      search: ['doomed'],
    };
    expect(seen((await client.query(reads)).data)).toEqual(live);
    expect((await client.query(DELETE, { id }, editor)).data.deleteArticle).toEqual({
      __typename: 'DeleteArticleSuccess',
      deletedId: id,
    });
    // The entity's public view is refreshed from the mentions' copies (the only article naming it is gone).
    const gone = { page: null, byId: null, listed: false, next: null, entity: null, search: [] };
    expect(seen((await client.query(reads)).data)).toEqual(gone);
    const forEditor = seen((await client.query(reads, undefined, editor)).data);
    expect({ ...forEditor, entity: forEditor.entity ?? [] }).toEqual({ ...gone, entity: [] });
    expect(before.slug).toBe('before-doomed');
    // Writes do not reach it, and a second delete finds nothing.
    expect((await client.query(DELETE, { id }, editor)).data.deleteArticle).toMatchObject({
      __typename: 'NotFoundError',
    });
    // The trash lists it for editors, not for the public nor a token without read:drafts.
    expect((await client.query(TRASH, {}, editor)).data.trashedArticles.edges[0].node).toEqual({
      deletedBy: 'Night desk',
      article: { slug: 'doomed', version: 2 },
    });
    expect((await client.query(TRASH)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await client.query(TRASH, {}, wire)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Its slug stays its own while it is in the trash.
    const taken = await client.query(
      `mutation { createArticle(input: { title: "Doomed", body: "x", slug: "doomed" }) { ${RESULT} } }`,
      undefined,
      editor,
    );
    expect(taken.data.createArticle).toMatchObject({ __typename: 'ValidationError', reason: 'TAKEN' });
    // The importer leaves it alone.
    const externalId = (
      await database.db
        .selectFrom('articles')
        .select('externalId')
        .where('id', '=', article.id)
        .executeTakeFirstOrThrow()
    ).externalId!;
    await expect(writeRecord(database.db, validateRecord({ externalId, title: 'Back', body: 'x' }))).rejects.toThrow(
      /in the trash/,
    );
    expect(
      await writeRecord(database.db, validateRecord({ externalId, title: 'Back', body: 'x' }), { createOnly: true }),
    ).toBe('unchanged');
    // Restore: a stale version is a conflict; then everything is back as it was.
    expect((await client.query(RESTORE, { id, v: 1 }, editor)).data.restoreArticle).toMatchObject({
      __typename: 'ConflictError',
    });
    expect((await client.query(RESTORE, { id, v: 2 }, editor)).data.restoreArticle).toEqual({
      __typename: 'RestoreArticleSuccess',
      article: { slug: 'doomed', status: 'PUBLISHED', version: 3 },
    });
    expect(seen((await client.query(reads)).data)).toEqual(live);
    expect((await client.query(RESTORE, { id }, editor)).data.restoreArticle).toMatchObject({
      __typename: 'NotFoundError',
    });
    const revisions = await database.db
      .selectFrom('articleRevisions')
      .select(['version', 'action', 'actorName'])
      .where('articleId', '=', article.id)
      .orderBy('version')
      .execute();
    expect(revisions).toEqual([
      { version: 1, action: 'IMPORT', actorName: 'import' },
      { version: 2, action: 'DELETE', actorName: 'Night desk' },
      { version: 3, action: 'UNDELETE', actorName: 'Night desk' },
    ]);
  });

  it('lets a token without read:drafts restore only what it created, and pages the trash', async () => {
    const create = (slug: string) =>
      client.query(
        `mutation { createArticle(input: { title: "T ${slug}", body: "x", slug: "${slug}" }) { ... on CreateArticleSuccess { article { id } } } }`,
        undefined,
        wire,
      );
    const own = (await create('wire-own')).data.createArticle.article.id;
    const theirs = (await createArticle(database.db, { slug: 'desk-own' })).id;
    expect((await client.query(DELETE, { id: own }, wire)).data.deleteArticle.__typename).toBe('DeleteArticleSuccess');
    expect(
      (await client.query(DELETE, { id: globalId('Article', theirs) }, editor)).data.deleteArticle.__typename,
    ).toBe('DeleteArticleSuccess');
    expect((await client.query(RESTORE, { id: globalId('Article', theirs) }, wire)).data.restoreArticle).toMatchObject({
      __typename: 'NotFoundError',
    });
    const first = (await client.query(TRASH, {}, editor)).data.trashedArticles;
    expect(first.edges.map((e: any) => e.node.article.slug)).toEqual(['desk-own', 'wire-own']);
    expect(first.pageInfo.hasNextPage).toBe(false);
    expect((await client.query(RESTORE, { id: own }, wire)).data.restoreArticle.__typename).toBe(
      'RestoreArticleSuccess',
    );
    expect(
      (await client.query(RESTORE, { id: globalId('Article', theirs) }, editor)).data.restoreArticle.__typename,
    ).toBe('RestoreArticleSuccess');
  });

  it('pages through rows deleted within one millisecond, one by one, none skipped (cursors at microseconds)', async () => {
    const made = [];
    for (const n of [0, 1, 2, 3]) made.push(await createArticle(database.db, { slug: `same-ms-${n}` }));
    for (const a of made) await client.query(DELETE, { id: globalId('Article', a.id) }, editor);
    // One millisecond, microseconds 3, 1, 3, 2: newest first, ties by id, is 2, 0, 3, 1.
    const micros = [3, 1, 3, 2];
    await sql`update articles a set deleted_at = date_trunc('milliseconds', now()) + m.us * interval '1 microsecond'
      from unnest(${made.map((a) => a.id)}::int[], ${micros}::int[]) m(id, us) where a.id = m.id`.execute(database.db);
    const page = `query($after: String) { trashedArticles(first: 1, after: $after) { edges { cursor node { article { slug } } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i += 1) {
      const result: any = await client.query(page, { after }, editor);
      expect(result.errors).toBeUndefined();
      const { edges, pageInfo } = result.data.trashedArticles;
      seen.push(...edges.map((e: any) => e.node.article.slug));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen.filter((slug) => slug.startsWith('same-ms-'))).toEqual([
      'same-ms-2',
      'same-ms-0',
      'same-ms-3',
      'same-ms-1',
    ]);
    // A cursor written at milliseconds (before microseconds) still reads: past every row of that millisecond.
    const { rows } = await sql<{ at: Date }>`select deleted_at as at from articles where id = ${made[2]!.id}`.execute(
      database.db,
    );
    const old = Buffer.from(JSON.stringify(['trash', rows[0]!.at.toISOString(), made[2]!.id])).toString('base64url');
    const fromOld: any = await client.query(page, { after: old }, editor);
    expect(fromOld.errors).toBeUndefined();
    const slugs: string[] = fromOld.data.trashedArticles.edges.map((e: any) => e.node.article.slug);
    expect(slugs.some((slug) => slug.startsWith('same-ms-'))).toBe(false);
    for (const a of made)
      expect(
        (await client.query(RESTORE, { id: globalId('Article', a.id) }, editor)).data.restoreArticle.__typename,
      ).toBe('RestoreArticleSuccess');
  });

  it('purges what has been in the trash longer than the retention, with its dependent rows, keeping a PURGE revision', async () => {
    const old = await createArticle(database.db, { slug: 'old-trash', entities: [ENTITY], summary: 'A summary.' });
    const recent = await createArticle(database.db, { slug: 'recent-trash' });
    await client.query(
      `mutation { updateArticle(input: { id: "${globalId('Article', old.id)}", expectedVersion: 1, slug: "old-trash-renamed" }) { __typename } }`,
      undefined,
      editor,
    );
    for (const a of [old, recent]) await client.query(DELETE, { id: globalId('Article', a.id) }, editor);
    await database.db
      .updateTable('articles')
      .set({ deletedAt: sql`now() - interval '40 days'` })
      .where('id', '=', old.id)
      .execute();
    const purged = await database.db
      .transaction()
      .execute((trx) => purgeTrashedArticles(trx, new Date(Date.now() - 30 * 86_400_000), 100));
    expect(purged).toEqual([old.id]);
    const count = async (table: 'articles' | 'articleEntities' | 'summaries' | 'articleSlugHistory', column: string) =>
      Number(
        (
          await database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where(column as never, '=', old.id as never)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect([
      await count('articles', 'id'),
      await count('articleEntities', 'articleId'),
      await count('summaries', 'articleId'),
      await count('articleSlugHistory', 'articleId'),
    ]).toEqual([0, 0, 0, 0]);
    const revisions = await database.db
      .selectFrom('articleRevisions')
      .select(['action', 'snapshot'])
      .where('articleId', '=', old.id)
      .execute();
    expect(revisions).toEqual([
      { action: 'PURGE', snapshot: expect.objectContaining({ slug: 'old-trash-renamed', body: '' }) },
    ]);
    // The slugs are free again; the recent one is still in the trash.
    const reuse = await client.query(
      `mutation { createArticle(input: { title: "T", body: "x", slug: "old-trash" }) { __typename } }`,
      undefined,
      editor,
    );
    expect(reuse.data.createArticle.__typename).toBe('CreateArticleSuccess');
    expect(
      await database.db.selectFrom('articles').select('id').where('id', '=', recent.id).executeTakeFirst(),
    ).toEqual({ id: recent.id });
  });

  it('`npm run purge` purges with TRASH_RETENTION_DAYS from the environment', async () => {
    const doomed = await createArticle(database.db, { slug: 'purged-by-cli' });
    await client.query(DELETE, { id: globalId('Article', doomed.id) }, editor);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/purge.ts'], {
      env: { ...process.env, DATABASE_URL: database.url, TRASH_RETENTION_DAYS: '0' },
    });
    expect(stdout).toMatch(/purged [1-9]\d* article\(s\) deleted before .* \(TRASH_RETENTION_DAYS=0\)/);
    expect(
      await database.db.selectFrom('articles').select('id').where('id', '=', doomed.id).executeTakeFirst(),
    ).toBeUndefined();
  }, 60_000);
});
