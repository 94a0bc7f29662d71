import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { createToken } from './helpers/auth.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';
import { codes, get, post, type RawResponse } from './helpers/http.js';
import { quietLogger } from './helpers/logger.js';

let database: TestDatabase;
let app: App;
let editor: Record<string, string>;
let reader: Record<string, string>;
const ids: Record<string, number> = {};

const SITE_URL = 'https://news.example/';

beforeAll(async () => {
  database = await createTestDatabase();
  ids.draft = (
    await createArticle(database.db, {
      slug: 'secret-draft',
      title: 'Secret draft',
      status: 'DRAFT',
      publishedAt: null,
      body: 'Wilma Quarrington signed the harbour deal.\n\nThe second paragraph.',
      entities: [{ name: 'Wilma Quarrington', kind: 'PERSON' }],
    })
  ).id;
  ids.otherDraft = (
    await createArticle(database.db, { slug: 'other-draft', title: 'Other draft', status: 'DRAFT', publishedAt: null })
  ).id;
  ids.scheduled = (
    await createArticle(database.db, {
      slug: 'scheduled-story',
      title: 'Scheduled story',
      status: 'SCHEDULED',
      publishedAt: '2099-01-01T00:00:00Z',
    })
  ).id;
  ids.published = (await createArticle(database.db, { slug: 'public-story', title: 'Public story' })).id;
  editor = (await createToken(database.db, 'news desk', ['read:drafts', 'write:articles'])).headers;
  reader = (await createToken(database.db, 'front end', ['read:drafts'])).headers;
  app = createApp({
    db: database.db,
    siteUrl: SITE_URL,
    httpPlugins: { pool: database.pool, logger: quietLogger, responseCache: { ttlMs: 60_000 } },
  });
});

const CREATE = `mutation Create($articleId: ID!, $expiresIn: Int!) {
  createPreviewLink(articleId: $articleId, expiresIn: $expiresIn) {
    __typename
    ... on CreatePreviewLinkSuccess { previewLink { token url link { id articleId state createdBy expiresAt revokedAt } } }
    ... on MutationError { code field message }
  }
}`;

async function createLink(
  articleId: number,
  expiresIn = 3600,
  headers = editor,
): Promise<{ token: string; id: string; url: string | null }> {
  const response = await post(
    app,
    { query: CREATE, variables: { articleId: globalId('Article', articleId), expiresIn } },
    headers,
  );
  const created = response.json.data.createPreviewLink.previewLink;
  return { token: created.token, id: created.link.id, url: created.url };
}

const ARTICLE = (slug: string) =>
  `{ article(slug: "${slug}") { title status paragraphs section { name } entities { entity { name } } } }`;
const preview = (token: string) => ({ 'broadsheet-preview': token });
const asPreview = (query: string, token: string): Promise<RawResponse> => get(app, { query }, preview(token));

describe('creating a link', () => {
  it('gives an editor a token, shown once, a URL on SITE_URL, and stores only its hash', async () => {
    const response = await post(
      app,
      { query: CREATE, variables: { articleId: globalId('Article', ids.draft!), expiresIn: 3600 } },
      editor,
    );
    const result = response.json.data.createPreviewLink;
    expect(result.__typename).toBe('CreatePreviewLinkSuccess');
    const { token, url, link } = result.previewLink;
    expect(token).toMatch(/^bsp_[A-Za-z0-9_-]{43}$/);
    expect(url).toBe(`https://news.example/preview/secret-draft?token=${token}`);
    expect(link).toMatchObject({
      articleId: globalId('Article', ids.draft!),
      state: 'ACTIVE',
      createdBy: 'news desk',
      revokedAt: null,
    });
    const expiresIn = new Date(link.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(3500_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);
    const stored = await database.db
      .selectFrom('previewLinks')
      .selectAll()
      .where('articleId', '=', ids.draft!)
      .execute();
    expect(stored.map((row) => row.secretHash)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('needs write:articles, a live article and a life of a minute to thirty days', async () => {
    const variables = { articleId: globalId('Article', ids.draft!), expiresIn: 3600 };
    expect(codes(await post(app, { query: CREATE, variables }))).toEqual(['FORBIDDEN']);
    expect(codes(await post(app, { query: CREATE, variables }, reader))).toEqual(['FORBIDDEN']);
    const tooLong = await post(app, { query: CREATE, variables: { ...variables, expiresIn: 31 * 24 * 3600 } }, editor);
    expect(tooLong.json.data.createPreviewLink).toMatchObject({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      field: 'expiresIn',
    });
    const tooShort = await post(app, { query: CREATE, variables: { ...variables, expiresIn: 10 } }, editor);
    expect(tooShort.json.data.createPreviewLink).toMatchObject({ __typename: 'ValidationError', field: 'expiresIn' });
    const missing = await post(
      app,
      { query: CREATE, variables: { ...variables, articleId: globalId('Article', 987_654) } },
      editor,
    );
    expect(missing.json.data.createPreviewLink).toMatchObject({ __typename: 'NotFoundError', field: 'articleId' });
  });
});

describe('reading with a link', () => {
  it('opens exactly its article, draft or scheduled, with its fields, answered private and never stored', async () => {
    const { token } = await createLink(ids.draft!);
    expect((await get(app, { query: ARTICLE('secret-draft') })).json).toEqual({ data: { article: null } });
    const response = await asPreview(ARTICLE('secret-draft'), token);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      data: {
        article: {
          title: 'Secret draft',
          status: 'DRAFT',
          paragraphs: ['Wilma Quarrington signed the harbour deal.', 'The second paragraph.'],
          section: { name: 'World' },
          entities: [{ entity: { name: 'Wilma Quarrington' } }],
        },
      },
    });
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('etag')).toBeNull();
    expect(response.headers.get('vary')).toContain('Broadsheet-Preview');
    const byId = await asPreview(`{ article(id: "${globalId('Article', ids.draft!)}") { title } }`, token);
    expect(byId.json).toEqual({ data: { article: { title: 'Secret draft' } } });

    const scheduled = await createLink(ids.scheduled!);
    expect((await asPreview('{ article(slug: "scheduled-story") { title status } }', scheduled.token)).json).toEqual({
      data: { article: { title: 'Scheduled story', status: 'SCHEDULED' } },
    });
  });

  it('opens nothing else: other drafts, lists, nodes and the draft’s entities stay public-only', async () => {
    const { token } = await createLink(ids.draft!);
    expect((await asPreview(ARTICLE('other-draft'), token)).json).toEqual({ data: { article: null } });
    const list = await asPreview('{ articles(first: 50) { edges { node { slug } } } }', token);
    const slugs = list.json.data.articles.edges.map((edge: { node: { slug: string } }) => edge.node.slug);
    expect(slugs).toContain('public-story');
    expect(slugs).not.toContain('secret-draft');
    expect(slugs).not.toContain('scheduled-story');
    const node = await asPreview(`{ node(id: "${globalId('Article', ids.draft!)}") { id } }`, token);
    expect(node.json).toEqual({ data: { node: null } });
    expect((await asPreview('{ entity(slug: "wilma-quarrington") { name } }', token)).json).toEqual({
      data: { entity: null },
    });
    // A public article reads as it does for anyone.
    expect((await asPreview('{ article(slug: "public-story") { title } }', token)).json).toEqual({
      data: { article: { title: 'Public story' } },
    });
  });

  it('bypasses the response cache and the compiled reads, and never fills them', async () => {
    const { token } = await createLink(ids.draft!);
    const query = '{ article(slug: "secret-draft") { title } }';
    // The public answer (null) is cached...
    expect((await get(app, { query })).json).toEqual({ data: { article: null } });
    const before = database.stats.statements;
    expect((await get(app, { query })).json).toEqual({ data: { article: null } });
    expect(database.stats.statements - before).toBe(0);
    // ...and a preview never gets it, nor leaves its answer behind.
    for (let i = 0; i < 2; i += 1) {
      const started = database.stats.statements;
      expect((await asPreview(query, token)).json).toEqual({ data: { article: { title: 'Secret draft' } } });
      expect(database.stats.statements - started).toBeGreaterThan(0);
    }
    expect((await get(app, { query })).json).toEqual({ data: { article: null } });
    // Over POST too, where compiled reads answer public queries.
    const compiledBefore = app.compiledReads!.stats.executed;
    const posted = await post(app, { query }, preview(token));
    expect(posted.json).toEqual({ data: { article: { title: 'Secret draft' } } });
    expect(app.compiledReads!.stats.executed).toBe(compiledBefore);
    expect((await post(app, { query })).json).toEqual({ data: { article: null } });
  });

  it('refuses expired, revoked and tampered tokens with typed errors', async () => {
    const expiring = await createLink(ids.draft!, 60);
    await database.db
      .updateTable('previewLinks')
      .set({ createdAt: new Date(Date.now() - 7200_000), expiresAt: new Date(Date.now() - 1000) })
      .where('id', '=', decodeId(expiring.id))
      .execute();
    const expired = await asPreview(ARTICLE('secret-draft'), expiring.token);
    expect(expired.status).toBe(403);
    expect(codes(expired)).toEqual(['PREVIEW_LINK_EXPIRED']);
    expect(expired.json.data).toBeUndefined();

    const revoking = await createLink(ids.draft!);
    const revoke = await post(
      app,
      {
        query: `mutation { revokePreviewLink(id: "${revoking.id}") { __typename ... on RevokePreviewLinkSuccess { previewLink { state revokedAt } } } }`,
      },
      editor,
    );
    expect(revoke.json.data.revokePreviewLink).toMatchObject({
      __typename: 'RevokePreviewLinkSuccess',
      previewLink: { state: 'REVOKED' },
    });
    const revoked = await asPreview(ARTICLE('secret-draft'), revoking.token);
    expect(revoked.status).toBe(403);
    expect(codes(revoked)).toEqual(['PREVIEW_LINK_REVOKED']);

    const valid = await createLink(ids.draft!);
    const last = valid.token.at(-1) === 'A' ? 'B' : 'A';
    for (const tampered of [
      `${valid.token.slice(0, -1)}${last}`,
      'bsp_short',
      `bs_${valid.token.slice(4)}`,
      `${valid.token} extra`,
    ]) {
      const response = await asPreview(ARTICLE('secret-draft'), tampered);
      expect([tampered, response.status]).toEqual([tampered, 403]);
      expect(codes(response)).toEqual(['PREVIEW_LINK_INVALID']);
    }
  });
});

const decodeId = (id: string) => Number(Buffer.from(id, 'base64').toString().split(':')[1]);

describe('listing and revoking', () => {
  it('lists an article’s live links for editors, and the inactive ones when asked', async () => {
    const fresh = await createArticle(database.db, { slug: 'listed-draft', status: 'DRAFT', publishedAt: null });
    const first = await createLink(fresh.id);
    const second = await createLink(fresh.id);
    await post(app, { query: `mutation { revokePreviewLink(id: "${first.id}") { __typename } }` }, editor);
    const query = (all: boolean) =>
      `{ previewLinks(articleId: "${globalId('Article', fresh.id)}", includeInactive: ${all}) { id state article { slug } } }`;
    expect((await post(app, { query: query(false) }, editor)).json.data.previewLinks).toEqual([
      { id: second.id, state: 'ACTIVE', article: { slug: 'listed-draft' } },
    ]);
    expect(
      (await post(app, { query: query(true) }, editor)).json.data.previewLinks.map(
        (link: { state: string }) => link.state,
      ),
    ).toEqual(['ACTIVE', 'REVOKED']);
    expect(codes(await post(app, { query: query(false) }, reader))).toEqual(['FORBIDDEN']);
    expect(codes(await post(app, { query: query(false) }))).toEqual(['FORBIDDEN']);
    const unknown = await post(
      app,
      {
        query: `mutation { revokePreviewLink(id: "${Buffer.from('PreviewLink:999999').toString('base64')}") { __typename } }`,
      },
      editor,
    );
    expect(unknown.json.data.revokePreviewLink.__typename).toBe('NotFoundError');
  });
});
