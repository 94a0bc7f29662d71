import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import {
  MAX_IF_NONE_MATCH_LENGTH,
  MAX_IF_NONE_MATCH_TAGS,
  mergeVary,
  noneMatchFails,
  notModifiedSince,
  parseIfNoneMatch,
} from '../src/http/http-cache.js';
import { sha256 } from '../src/http/persisted.js';
import type { HttpPluginOptions } from '../src/http/plugins.js';
import { createToken } from './helpers/auth.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';
import { get, listenHttp, post, type RawResponse, send } from './helpers/http.js';
import { quietLogger } from './helpers/logger.js';

// HTTP caching of the GraphQL endpoint (src/http/http-cache.ts), on both paths that answer a
// public query: compiled reads (src/compiled/reads.ts) and the executor. tests/nginx-cache.test.ts
// puts a real proxy cache in front.

let database: TestDatabase;
let articleId: number;
let sectionId: number;
let entityId: number;
const SLUG = 'http-cache-a';
const ARTICLE = `{ article(slug: "${SLUG}") { title } }`;
const JSON_ACCEPT = { accept: 'application/json' };
const VARY = 'Accept, Authorization, Broadsheet-Preview, Origin';
const STRONG_TAG = /^"[A-Za-z0-9_-]{32}"$/;

beforeAll(async () => {
  database = await createTestDatabase();
  articleId = (
    await createArticle(database.db, {
      slug: SLUG,
      title: 'Harbour reopens',
      section: 'World',
      publishedAt: '2026-03-01T08:00:00Z',
      body: 'Ada Quill said the harbour would reopen.',
      entities: [{ name: 'Ada Quill', kind: 'PERSON' }],
    })
  ).id;
  sectionId = (
    await database.db.selectFrom('articles').select('sectionId').where('id', '=', articleId).executeTakeFirstOrThrow()
  ).sectionId!;
  entityId = (
    await database.db.selectFrom('entities').select('id').where('slug', '=', 'ada-quill').executeTakeFirstOrThrow()
  ).id;
});

function appWith(compiledReads: boolean, httpPlugins: HttpPluginOptions = {}): App {
  return createApp({
    db: database.db,
    compiledReads,
    httpPlugins: {
      pool: database.pool,
      logger: quietLogger,
      nodeEnv: 'production',
      responseCache: { ttlMs: 60_000 },
      ...httpPlugins,
    },
  });
}

async function retitle(app: App, title: string): Promise<void> {
  await database.db.updateTable('articles').set({ title }).where('id', '=', articleId).execute();
  await app.ops.invalidation.invalidateArticles([articleId]);
}

async function statementsOf<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const before = database.stats.statements;
  const result = await work();
  return { result, statements: database.stats.statements - before };
}

/** A counter of the app's /metrics, by its full series name (labels included). */
async function counter(app: App, series: string): Promise<number> {
  const text = (await send(app, '/metrics')).text;
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return Number(line?.slice(series.length + 1) ?? 0);
}

/**
 * A GET whose answer has a Last-Modified: none is sent within the second of a content change, so
 * this waits for that second to pass (it asserts nothing about time).
 */
async function getWithLastModified(app: App, headers: Record<string, string> = {}): Promise<RawResponse> {
  for (;;) {
    const answer = await get(app, { query: ARTICLE }, headers);
    if (answer.headers.has('last-modified')) return answer;
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
  }
}

const paths: [string, boolean][] = [
  ['compiled reads', true],
  ['the executor', false],
];

for (const [path, compiledReads] of paths) {
  describe(`conditional GETs answered by ${path}`, () => {
    let app: App;
    const hits = () => counter(app, 'broadsheet_compiled_reads_total{result="hit"}');
    beforeAll(async () => {
      app = appWith(compiledReads);
      await retitle(app, 'Harbour reopens');
    });

    it(`is answered by ${path}`, async () => {
      await app.ops.invalidation.invalidateAll();
      const before = await hits();
      expect((await get(app, { query: ARTICLE })).json).toEqual({ data: { article: { title: 'Harbour reopens' } } });
      expect((await hits()) - before).toBe(compiledReads ? 1 : 0);
      expect(app.compiledReads !== undefined).toBe(compiledReads);
    });

    it('sends a strong, quoted ETag, Cache-Control and Vary with a public answer, and 304 to its If-None-Match', async () => {
      const first = await get(app, { query: ARTICLE });
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(STRONG_TAG);
      expect(first.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=60');
      expect(first.headers.get('vary')).toBe(VARY);
      const notModified = await get(app, { query: ARTICLE }, { 'if-none-match': etag });
      expect(notModified.status).toBe(304);
      expect(notModified.text).toBe('');
      expect(notModified.headers.get('etag')).toBe(etag);
      expect(notModified.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=60');
      expect(notModified.headers.get('vary')).toBe(VARY);
      expect(notModified.headers.has('content-type')).toBe(false);
    });

    it('changes the ETag when the title changes: revalidating the old copy gets the new title', async () => {
      const old = await get(app, { query: ARTICLE });
      await retitle(app, 'Harbour reopens after storm');
      try {
        const revalidated = await get(app, { query: ARTICLE }, { 'if-none-match': old.headers.get('etag')! });
        expect(revalidated.status).toBe(200);
        expect(revalidated.json).toEqual({ data: { article: { title: 'Harbour reopens after storm' } } });
        expect(revalidated.headers.get('etag')).toMatch(STRONG_TAG);
        expect(revalidated.headers.get('etag')).not.toBe(old.headers.get('etag'));
      } finally {
        await retitle(app, 'Harbour reopens');
      }
    });

    it('reads If-None-Match as RFC 9110 says: lists, W/ (weak comparison) and *', async () => {
      const etag = (await get(app, { query: ARTICLE })).headers.get('etag')!;
      const statusWith = async (ifNoneMatch: string) =>
        (await get(app, { query: ARTICLE }, { 'if-none-match': ifNoneMatch })).status;
      expect(await statusWith(`W/${etag}`)).toBe(304);
      expect(await statusWith(`"elsewhere", ${etag}`)).toBe(304);
      expect(await statusWith(`"a","b",W/${etag}`)).toBe(304);
      expect(await statusWith('*')).toBe(304);
      expect(await statusWith(etag.slice(1, -1))).toBe(304);
      expect(await statusWith('"elsewhere"')).toBe(200);
      expect(await statusWith(`W/"${etag.slice(2)}`)).toBe(200);
      expect(await statusWith('')).toBe(200);
    });

    it('answers 304 when the answer is made again unchanged (the cache dropped, its TTL over): it is compared, not remembered', async () => {
      const etag = (await get(app, { query: ARTICLE })).headers.get('etag')!;
      await app.ops.invalidation.invalidateAll();
      const before = await hits();
      const again = await statementsOf(() => get(app, { query: ARTICLE }, { 'if-none-match': etag }));
      expect(again.statements).toBeGreaterThan(0);
      expect(again.result.status).toBe(304);
      expect((await hits()) - before).toBe(compiledReads ? 1 : 0);
      // And with no response cache at all: caches revalidate every time, and get 304s.
      const uncached = appWith(compiledReads, { responseCache: false });
      const first = await get(uncached, { query: ARTICLE });
      expect(first.headers.get('etag')).toBe(etag);
      expect(first.headers.get('cache-control')).toBe('public, no-cache');
      expect((await get(uncached, { query: ARTICLE }, { 'if-none-match': etag })).status).toBe(304);
    });

    it('sends Last-Modified and answers If-Modified-Since, where If-None-Match takes precedence', async () => {
      const first = await getWithLastModified(app);
      const lastModified = first.headers.get('last-modified')!;
      expect(new Date(lastModified).getTime()).toBeLessThanOrEqual(
        new Date(first.headers.get('date') ?? Date.now()).getTime(),
      );
      const since = (date: string, more: Record<string, string> = {}) =>
        get(app, { query: ARTICLE }, { 'if-modified-since': date, ...more });
      const notModified = await since(lastModified);
      expect(notModified.status).toBe(304);
      expect(notModified.headers.get('last-modified')).toBe(lastModified);
      // A later date, up to the server's clock, is current; a date in the future is ignored (RFC 9110 13.1.3).
      expect((await since(new Date(Math.floor(Date.now() / 1000) * 1000).toUTCString())).status).toBe(304);
      expect((await since(new Date(Date.now() + 3_600_000).toUTCString())).status).toBe(200);
      expect((await since('Fri, 01 Jan 2100 00:00:00 GMT')).status).toBe(200);
      expect((await since(new Date(Date.parse(lastModified) - 1000).toUTCString())).status).toBe(200);
      expect((await since('yesterday')).status).toBe(200);
      // If-None-Match decides alone when sent: a tag that does not match wins over a current date.
      expect((await since(lastModified, { 'if-none-match': '"elsewhere"' })).status).toBe(200);
      expect(
        (await since('Thu, 01 Jan 1970 00:00:00 GMT', { 'if-none-match': first.headers.get('etag')! })).status,
      ).toBe(304);
      // A content change moves Last-Modified on: the old date is modified since. (A write that
      // leaves the answer as it was does not: the date is the bytes'.)
      await retitle(app, 'Harbour reopens');
      expect((await since(lastModified)).status).toBe(304);
      await retitle(app, 'Harbour reopens at dawn');
      const changed = await since(lastModified);
      expect(changed.status).toBe(200);
      expect(changed.json).toEqual({ data: { article: { title: 'Harbour reopens at dawn' } } });
      const later = await getWithLastModified(app);
      expect(Date.parse(later.headers.get('last-modified')!)).toBeGreaterThan(Date.parse(lastModified));
      await retitle(app, 'Harbour reopens');
    });

    it('gives each JSON media type its own ETag, so one is never revalidated as the other', async () => {
      const json = await get(app, { query: ARTICLE }, JSON_ACCEPT);
      const graphql = await get(app, { query: ARTICLE });
      expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(graphql.headers.get('content-type')).toBe('application/graphql-response+json; charset=utf-8');
      expect(json.text).toBe(graphql.text);
      expect(json.headers.get('etag')).toMatch(STRONG_TAG);
      expect(json.headers.get('etag')).not.toBe(graphql.headers.get('etag'));
      expect(
        (await get(app, { query: ARTICLE }, { ...JSON_ACCEPT, 'if-none-match': graphql.headers.get('etag')! })).status,
      ).toBe(200);
      expect(
        (await get(app, { query: ARTICLE }, { ...JSON_ACCEPT, 'if-none-match': json.headers.get('etag')! })).status,
      ).toBe(304);
    });

    it('keeps validators and 304s to public GETs: credentials, POSTs and partial answers are no-store', async () => {
      const { headers } = await createToken(database.db, `http-cache-${randomBytes(3).toString('hex')}`, [
        'read:drafts',
      ]);
      const authenticated = await get(app, { query: ARTICLE }, { ...headers, 'if-none-match': '*' });
      expect(authenticated.status).toBe(200);
      expect(authenticated.headers.get('cache-control')).toBe('no-store');
      expect(authenticated.headers.has('etag')).toBe(false);
      expect(authenticated.headers.get('vary')).toBe(VARY);
      const viaPost = await post(app, { query: ARTICLE }, { 'if-none-match': '*' });
      expect(viaPost.status).toBe(200);
      expect(viaPost.headers.get('cache-control')).toBe('no-store');
      expect(viaPost.headers.has('etag')).toBe(false);
      expect(viaPost.headers.has('last-modified')).toBe(false);
      expect(viaPost.headers.get('vary')).toBe(VARY);
      const partial = await get(
        app,
        { query: `{ article(slug: "${SLUG}") { title } node(id: "not-a-global-id") { id } }` },
        { 'if-none-match': '*' },
      );
      expect(partial.status).toBe(200);
      expect(partial.json.data.article).toEqual({ title: 'Harbour reopens' });
      expect(partial.json.errors).toHaveLength(1);
      expect(partial.headers.get('cache-control')).toBe('no-store');
      expect(partial.headers.has('etag')).toBe(false);
      const form = await send(app, '/graphql', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: ARTICLE,
      });
      expect(form.status).toBe(415);
      expect(form.headers.get('cache-control')).toBe('no-store');
      expect(form.headers.get('vary')).toBe(VARY);
      const refused = await get(app, { query: '{ nope }' });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('cache-control')).toBe('no-store');
      expect(refused.headers.get('vary')).toBe(VARY);
    });

    it('varies by Origin along with CORS, naming it once', async () => {
      const answer = await get(app, { query: ARTICLE }, { origin: 'https://news.example' });
      expect(answer.headers.get('access-control-allow-origin')).toBe('https://news.example');
      expect(answer.headers.get('vary')).toBe('Origin, Accept, Authorization, Broadsheet-Preview');
      expect(answer.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=60');
    });

    it('names the objects in a cacheable answer in Surrogate-Key and Cache-Tag, for purging by key', async () => {
      const page = `{ article(slug: "${SLUG}") { title section { name } entities { entity { name } } } }`;
      await app.ops.invalidation.invalidateAll();
      const keys = [
        'article',
        'section',
        'entity',
        `article:${articleId}`,
        `section:${sectionId}`,
        `entity:${entityId}`,
      ];
      const before = await hits();
      const made = await get(app, { query: page });
      expect((await hits()) - before).toBe(compiledReads ? 1 : 0);
      expect(made.json.data.article.entities).toEqual([{ entity: { name: 'Ada Quill' } }]);
      expect(made.headers.get('surrogate-key')!.split(' ').sort()).toEqual([...keys].sort());
      expect(made.headers.get('cache-tag')).toBe(made.headers.get('surrogate-key')!.replaceAll(' ', ','));
      // Read from the response cache, and in a 304, the same keys.
      const stored = await statementsOf(() => get(app, { query: page }));
      expect(stored.statements).toBe(0);
      expect(stored.result.headers.get('surrogate-key')).toBe(made.headers.get('surrogate-key'));
      const notModified = await get(app, { query: page }, { 'if-none-match': made.headers.get('etag')! });
      expect(notModified.status).toBe(304);
      expect(notModified.headers.get('surrogate-key')).toBe(made.headers.get('surrogate-key'));
      // Nothing to purge where nothing is kept.
      const viaPost = await post(app, { query: page });
      expect(viaPost.headers.has('surrogate-key')).toBe(false);
      expect(viaPost.headers.has('cache-tag')).toBe(false);
    });

    it('counts revalidations in /metrics', async () => {
      const series = (result: string) => counter(app, `broadsheet_http_conditional_requests_total{result="${result}"}`);
      const status304 = () =>
        counter(app, 'broadsheet_http_requests_total{method="GET",route="/graphql",status="304"}');
      const [notModified, modified, answered304] = [
        await series('not_modified'),
        await series('modified'),
        await status304(),
      ];
      const etag = (await get(app, { query: ARTICLE })).headers.get('etag')!;
      await get(app, { query: ARTICLE }, { 'if-none-match': etag });
      await get(app, { query: ARTICLE }, { 'if-none-match': '"elsewhere"' });
      expect((await series('not_modified')) - notModified).toBe(1);
      expect((await series('modified')) - modified).toBe(1);
      expect((await status304()) - answered304).toBe(1);
    });
  });
}

describe('both paths', () => {
  it('send the same validators and caching headers for the same answer', async () => {
    const compiled = appWith(true);
    const executor = appWith(false);
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const [a, b] = [await getWithLastModified(compiled, { accept }), await getWithLastModified(executor, { accept })];
      const caching = (answer: RawResponse) =>
        Object.fromEntries(
          ['etag', 'cache-control', 'vary', 'content-type'].map((name) => [name, answer.headers.get(name)]),
        );
      expect(caching(a)).toEqual(caching(b));
      expect(a.text).toBe(b.text);
      expect(a.headers.has('last-modified') && b.headers.has('last-modified')).toBe(true);
    }
  });
});

describe('Last-Modified dates the bytes of an answer', () => {
  it('a saved draft, which the answer does not show, leaves it as it was; a change the answer shows moves it', async () => {
    const app = appWith(true);
    const draft = await createArticle(database.db, { slug: 'desk-draft', status: 'DRAFT', publishedAt: null });
    const first = await getWithLastModified(app);
    const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
    await nextSecond();
    // What a mutation on the draft does: the write commits and the app's port hears of it.
    await database.db.updateTable('articles').set({ title: 'Still a draft' }).where('id', '=', draft.id).execute();
    await app.ops.invalidation.invalidateArticles([draft.id]);
    await nextSecond();
    const after = await getWithLastModified(app);
    expect(after.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(after.headers.get('last-modified')).toBe(first.headers.get('last-modified'));
    expect(
      (await get(app, { query: ARTICLE }, { 'if-modified-since': first.headers.get('last-modified')! })).status,
    ).toBe(304);
    // The public article's own change is dated by that change.
    const title = (await get(app, { query: ARTICLE })).json.data.article.title as string;
    await retitle(app, `${title} again`);
    const moved = await getWithLastModified(app);
    expect(Date.parse(moved.headers.get('last-modified')!)).toBeGreaterThan(
      Date.parse(first.headers.get('last-modified')!),
    );
    await retitle(app, title);
  });
});

describe('GET with documentId', () => {
  const document = 'query Headline($slug: String!) { article(slug: $slug) { title } }';
  const hash = sha256(document);
  const params = (documentId: string) => ({
    documentId,
    operationName: 'Headline',
    variables: JSON.stringify({ slug: SLUG }),
  });

  for (const [path, compiledReads] of paths) {
    it(`runs a trusted document by its id, cacheable like any public GET (${path})`, async () => {
      const app = appWith(compiledReads, { trustedDocuments: new Map([[hash, document]]) });
      for (const id of [`sha256:${hash}`, hash]) {
        const answer = await get(app, params(id));
        expect(answer.status).toBe(200);
        expect(answer.json).toEqual({ data: { article: { title: 'Harbour reopens' } } });
        expect(answer.headers.get('etag')).toMatch(STRONG_TAG);
        expect((await get(app, params(id), { 'if-none-match': answer.headers.get('etag')! })).status).toBe(304);
      }
      const missing = await get(app, params(`sha256:${sha256('{ __typename }')}`));
      expect(missing.status).toBe(404);
      expect(missing.json.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(missing.headers.get('cache-control')).toBe('no-store');
    });
  }

  it('runs a document registered by automatic persisted queries by its id', async () => {
    const app = appWith(true);
    expect((await get(app, params(`sha256:${hash}`))).status).toBe(404);
    await post(app, {
      query: document,
      operationName: 'Headline',
      variables: { slug: SLUG },
      extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
    });
    const answer = await get(app, params(`sha256:${hash}`));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ data: { article: { title: 'Harbour reopens' } } });
    expect(answer.headers.get('etag')).toMatch(STRONG_TAG);
    const malformed = await get(app, params('sha256:nothex'));
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});

describe('header rules', () => {
  it('If-None-Match lists are read tag by tag, W/ dropped', () => {
    expect(parseIfNoneMatch(' * ')).toBe('*');
    expect(parseIfNoneMatch('"a", W/"b",c ,  "d,e"')).toEqual(['"a"', '"b"', '"c"', '"d,e"']);
    expect(noneMatchFails('W/"a"', '"a"')).toBe(true);
    expect(noneMatchFails('"a"', 'W/"a"')).toBe(true);
    expect(noneMatchFails('"ab"', '"a"')).toBe(false);
    // Elements that are no entity tag are dropped, the rest of the list still read.
    expect(parseIfNoneMatch('a"b, "c"d , "e", "unterminated')).toEqual(['"e"']);
    expect(parseIfNoneMatch(',, ,"a",,W/b,')).toEqual(['"a"', '"b"']);
    expect(parseIfNoneMatch('W/')).toEqual([]);
    expect(parseIfNoneMatch('')).toEqual([]);
  });

  it('If-None-Match costs its length, and a field too long or too full is bounded', () => {
    // The attack report's fields: a quoted tag never closed, and `W/` repeated. A backtracking
    // pattern took seconds on each; read 200 times here, they would time the test out.
    const pathological = [
      `${'a'.repeat(MAX_IF_NONE_MATCH_LENGTH - 1)}"`,
      `${'W/'.repeat((MAX_IF_NONE_MATCH_LENGTH - 1) / 2)}"`,
      `"${'a,'.repeat(4000)}`,
      ' '.repeat(MAX_IF_NONE_MATCH_LENGTH),
    ];
    for (const field of pathological) {
      expect(field.length).toBeLessThanOrEqual(MAX_IF_NONE_MATCH_LENGTH);
      for (let i = 0; i < 200; i++) expect(parseIfNoneMatch(field)).toEqual([]);
    }
    // Longer than the limit: not read at all (no 304), whatever it says.
    expect(noneMatchFails(`"a", ${' '.repeat(MAX_IF_NONE_MATCH_LENGTH)}`, '"a"')).toBe(false);
    const many = Array.from({ length: MAX_IF_NONE_MATCH_TAGS + 1 }, (_, i) => `"t${i}"`).join(',');
    expect(parseIfNoneMatch(many)).toHaveLength(MAX_IF_NONE_MATCH_TAGS);
    expect(noneMatchFails(many, '"t0"')).toBe(true);
    expect(noneMatchFails(many, `"t${MAX_IF_NONE_MATCH_TAGS}"`)).toBe(false);
  });

  it("answers the attack report's If-None-Match fields over real HTTP with the whole answer", async () => {
    const url = await listenHttp(appWith(true));
    const query = new URLSearchParams({ query: ARTICLE });
    for (const field of [`${'a'.repeat(15_500)}"`, `${'W/'.repeat(7700)}"`]) {
      const response = await fetch(`${url}?${query}`, { headers: { 'if-none-match': field } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { article: { title: 'Harbour reopens' } } });
    }
  });

  it('If-Modified-Since later than the clock, unreadable or overlong is ignored', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    const lastModified = Date.parse('2026-03-01T08:00:00Z');
    expect(notModifiedSince('Sun, 01 Mar 2026 12:00:00 GMT', lastModified, now)).toBe(true);
    expect(notModifiedSince('Sun, 01 Mar 2026 08:00:00 GMT', lastModified, now)).toBe(true);
    expect(notModifiedSince('Sun, 01 Mar 2026 07:59:59 GMT', lastModified, now)).toBe(false);
    expect(notModifiedSince('Sun, 01 Mar 2026 12:00:01 GMT', lastModified, now)).toBe(false);
    expect(notModifiedSince('Fri, 01 Jan 2100 00:00:00 GMT', lastModified, now)).toBe(false);
    expect(notModifiedSince(`Sun, 01 Mar 2026 12:00:00 GMT${' '.repeat(100)}`, lastModified, now)).toBe(false);
  });

  it('Vary keeps what is there and names each header once', () => {
    expect(mergeVary(null, ['Accept', 'Authorization'])).toBe('Accept, Authorization');
    expect(mergeVary('Origin, accept', ['Accept', 'Authorization', 'Origin'])).toBe('Origin, accept, Authorization');
  });
});
