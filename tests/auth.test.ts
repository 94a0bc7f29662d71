import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;
const tokens: Record<string, Awaited<ReturnType<typeof createToken>>> = {};
let draftId: string;
let entityId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database);
  await createArticle(database.db, { slug: 'public-story', entities: [{ name: 'Ada Quill', kind: 'PERSON' }] });
  draftId = globalId(
    'Article',
    (await createArticle(database.db, { slug: 'hidden-draft', status: 'DRAFT', publishedAt: null })).id,
  );
  for (const scope of ['read:drafts', 'write:articles', 'write:entities', 'admin'])
    tokens[scope] = await createToken(database.db, `token ${scope}`, [scope]);
  tokens.revoked = await createToken(database.db, 'revoked', ['admin']);
  await database.db
    .updateTable('apiTokens')
    .set({ revokedAt: new Date() })
    .where('id', '=', tokens.revoked.id)
    .execute();
  entityId = (await client.query('{ entity(slug: "ada-quill") { id } }')).data.entity.id;
});

async function raw(headers: Record<string, string>, query = '{ article(slug: "public-story") { slug } }') {
  const response = await client.app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query }),
  });
  return {
    status: response.status,
    authenticate: response.headers.get('www-authenticate'),
    body: await response.json(),
  };
}

const CREATE =
  'mutation { createArticle(input: { title: "By token", body: "Text." }) { __typename ... on CreateArticleSuccess { article { slug } } } }';
const RENAME = (id: string) => `mutation { renameEntity(id: "${id}", name: "Ada Quill") { __typename } }`;
const DRAFT = '{ article(slug: "hidden-draft") { slug status } }';
const REVISIONS = '{ article(slug: "public-story") { slug revisions { version } } }';

describe('tokens', () => {
  it('without a token: the public read API only', async () => {
    expect(await raw({})).toEqual({
      status: 200,
      authenticate: null,
      body: { data: { article: { slug: 'public-story' } } },
    });
    expect(await client.query(DRAFT)).toEqual({ data: { article: null } });
    const denied = await client.query(CREATE);
    expect(denied.data).toBeNull();
    expect(denied.errors).toEqual([
      {
        message: 'Mutation.createArticle needs an API token (Authorization: Bearer <token>) with the right scope',
        path: ['createArticle'],
        locations: expect.any(Array),
        extensions: { code: 'FORBIDDEN' },
      },
    ]);
    // The rest of the article still renders; only the history is refused.
    const revisions = await client.query(REVISIONS);
    expect(revisions.data).toEqual({ article: { slug: 'public-story', revisions: null } });
    expect(revisions.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const statusFilter = await client.query('{ articles(filter: { status: [DRAFT] }) { totalCount } }');
    expect(statusFilter.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', argument: 'filter.status' });
  });

  it('refuses malformed headers and tokens with 401 UNAUTHENTICATED', async () => {
    for (const authorization of [
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer not-a-broadsheet-token',
      `Bearer ${tokens.admin!.token}x`,
    ]) {
      const result = await raw({ authorization });
      expect(result).toEqual({
        status: 401,
        authenticate: 'Bearer realm="broadsheet"',
        body: {
          errors: [
            {
              message: 'Malformed Authorization header: expected "Bearer <token>" with a Broadsheet API token',
              extensions: { code: 'UNAUTHENTICATED' },
            },
          ],
        },
      });
    }
  });

  it('answers an unknown token and a revoked one identically, so neither leaks that a token exists', async () => {
    const unknown = await raw({ authorization: `Bearer bs_${'A'.repeat(43)}` });
    const revoked = await raw(tokens.revoked!.headers);
    expect(unknown).toEqual({
      status: 401,
      authenticate: 'Bearer realm="broadsheet"',
      body: { errors: [{ message: 'Invalid or revoked API token', extensions: { code: 'UNAUTHENTICATED' } }] },
    });
    expect(revoked).toEqual(unknown);
  });

  it('stores only a SHA-256 hash of the token and records when it was last used', async () => {
    const row = await database.db
      .selectFrom('apiTokens')
      .selectAll()
      .where('id', '=', tokens['read:drafts']!.id)
      .executeTakeFirstOrThrow();
    expect(row.secretHash).toBe(createHash('sha256').update(tokens['read:drafts']!.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(tokens['read:drafts']!.token);
    await client.query(DRAFT, undefined, tokens['read:drafts']!.headers);
    const used = await database.db
      .selectFrom('apiTokens')
      .select('lastUsedAt')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(used.lastUsedAt).toBeInstanceOf(Date);
  });
});

describe('scopes', () => {
  const cases: [string, { draft: boolean; revisions: boolean; createArticle: boolean; renameEntity: boolean }][] = [
    ['read:drafts', { draft: true, revisions: true, createArticle: false, renameEntity: false }],
    ['write:articles', { draft: false, revisions: false, createArticle: true, renameEntity: false }],
    ['write:entities', { draft: false, revisions: false, createArticle: false, renameEntity: true }],
    ['admin', { draft: true, revisions: true, createArticle: true, renameEntity: true }],
  ];

  it.each(cases)('a %s token gets exactly what the scope allows', async (scope, allowed) => {
    const headers = tokens[scope]!.headers;
    const draft = await client.query(DRAFT, undefined, headers);
    expect(draft).toEqual({ data: { article: allowed.draft ? { slug: 'hidden-draft', status: 'DRAFT' } : null } });
    const revisions = await client.query(REVISIONS, undefined, headers);
    expect(revisions.data.article.revisions === null).toBe(!allowed.revisions);
    const created = await client.query(CREATE, undefined, headers);
    if (allowed.createArticle)
      expect(created).toEqual({
        data: {
          createArticle: { __typename: 'CreateArticleSuccess', article: { slug: expect.stringMatching(/^by-token/) } },
        },
      });
    else
      expect(created.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
        ['FORBIDDEN', 'The API token lacks the scope that Mutation.createArticle needs'],
      ]);
    const renamed = await client.query(RENAME(entityId), undefined, headers);
    if (allowed.renameEntity)
      expect(renamed).toEqual({ data: { renameEntity: { __typename: 'RenameEntitySuccess' } } });
    else expect(renamed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets read:drafts filter by status (editors see the whole newsroom)', async () => {
    const result = await client.query(
      '{ articles(filter: { status: [DRAFT] }, orderBy: UPDATED_AT_DESC) { edges { node { slug } } } }',
      undefined,
      tokens['read:drafts']!.headers,
    );
    expect(result.data.articles.edges.map((e: any) => e.node.slug)).toContain('hidden-draft');
    expect(result.data.articles.edges.map((e: any) => e.node.slug)).not.toContain('public-story');
  });

  it('a refused mutation writes nothing', async () => {
    const before = await database.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await client.query(CREATE, undefined, tokens['read:drafts']!.headers);
    await client.query(
      `mutation { deleteArticle(id: "${draftId}") { __typename } }`,
      undefined,
      tokens['write:entities']!.headers,
    );
    const after = await database.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe('npm run token', () => {
  const run = promisify(execFile);
  const token = (...args: string[]) =>
    run('npx', ['tsx', 'src/cli/token.ts', ...args], {
      env: { ...process.env, DATABASE_URL: database.url, SEED_DEMO: 'false' },
    });

  it('creates a token that works at once, lists it and revokes it', async () => {
    const created = await token('create', '--name', 'CLI desk', '--scopes', 'read:drafts,write:articles');
    const plain = created.stdout.trim().split('\n').at(-1)!;
    expect(plain).toMatch(/^bs_[A-Za-z0-9_-]{43}$/);
    const id = Number(
      /created token (\d+) "CLI desk" with scopes read:drafts,write:articles/.exec(created.stdout)?.[1],
    );
    expect(await client.query(DRAFT, undefined, { authorization: `Bearer ${plain}` })).toEqual({
      data: { article: { slug: 'hidden-draft', status: 'DRAFT' } },
    });
    const listed = await token('list');
    expect(listed.stdout).toMatch(
      new RegExp(`^${id}\\tCLI desk\\tread:drafts,write:articles\\tcreated .*\\tlast used .*\\tactive$`, 'm'),
    );
    expect(listed.stdout).not.toContain(plain);
    expect((await token('revoke', String(id))).stdout.trim()).toBe(`revoked token ${id}`);
    expect((await raw({ authorization: `Bearer ${plain}` })).status).toBe(401);
    await expect(token('create', '--name', 'x', '--scopes', 'write:everything')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown scope(s): write:everything'),
    });
    await expect(token('revoke', String(id))).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`no active token ${id}`),
    });
  }, 120_000);
});
