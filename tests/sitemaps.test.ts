import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, type AppOptions, createApp as createAppOf } from '../src/app.js';
import type { ContentChange } from '../src/changes.js';
import { DEFAULT_FEED_CACHE_BYTES, loadFeedsConfig } from '../src/config.js';
import { BusyError, createBuildLimit } from '../src/feeds/encoded.js';
import { SITEMAP_BUILDS_RUNNING, SITEMAP_BUILDS_WAITING } from '../src/feeds/routes.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';
import { type RawResponse, send } from './helpers/http.js';
import { quietLogger } from './helpers/logger.js';

// Every app this file makes hears of the changes the tests make in the database directly, as all
// of them would from the writer's port.
const apps: App[] = [];
const createApp = (options: AppOptions): App => {
  const made = createAppOf(options);
  apps.push(made);
  return made;
};
const reportContentChanged = async (change: ContentChange) => {
  for (const each of apps) await each.changes.notify(change);
};

// Sitemaps (src/feeds/sitemaps.ts): the index and its children, paged by id range, and the news
// sitemap, each validated by xmllint against the published schemas in tests/fixtures/sitemaps
// (sitemaps.org's sitemap.xsd and siteindex.xsd, Google's sitemap-news.xsd).

const SCHEMAS = path.resolve(import.meta.dirname, 'fixtures/sitemaps');
const SITE = 'https://news.example';
const API = 'https://api.news.example';
const PAGE_SIZE = 3;
let database: TestDatabase;
let app: App;
let scratch: string;
/** Every visible article's page URL, and the hidden ones' slugs. */
const visibleUrls: string[] = [];
const hiddenSlugs = ['secret-draft', 'secret-embargo', 'secret-archived', 'secret-deleted'];
const HOUR = 3600_000;

beforeAll(async () => {
  // Checked first, so a machine without it fails with the fix instead of a spawn error.
  const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'xmllint is missing: the sitemap tests validate against the published XSDs with it. Install Debian’s libxml2-utils (apt-get install libxml2-utils); .ci/run does.',
    );
  }
  scratch = mkdtempSync(path.join(tmpdir(), 'sitemaps-'));
  database = await createTestDatabase();
  const now = Date.now();
  const articles: {
    slug: string;
    publishedAt: string | null;
    status?: 'DRAFT' | 'SCHEDULED' | 'ARCHIVED';
    title?: string;
  }[] = [
    { slug: 'old-1', publishedAt: '2026-01-01T08:00:00Z' },
    { slug: 'old-2', publishedAt: '2026-01-02T08:00:00Z' },
    { slug: 'secret-draft', publishedAt: null, status: 'DRAFT' },
    { slug: 'old-3', publishedAt: '2026-01-03T08:00:00Z' },
    { slug: 'secret-embargo', publishedAt: new Date(now + 24 * HOUR).toISOString(), status: 'SCHEDULED' },
    { slug: 'secret-archived', publishedAt: new Date(now - 2 * HOUR).toISOString(), status: 'ARCHIVED' },
    { slug: 'secret-deleted', publishedAt: new Date(now - 3 * HOUR).toISOString() },
    { slug: 'fresh-1', publishedAt: new Date(now - 5 * HOUR).toISOString(), title: 'Tide & "time" <wait>' },
    { slug: 'fresh-2', publishedAt: new Date(now - 47 * HOUR).toISOString() },
    { slug: 'stale-news', publishedAt: new Date(now - 49 * HOUR).toISOString() },
  ];
  for (const article of articles) {
    const made = await createArticle(database.db, {
      ...article,
      section: 'World',
      title: article.title ?? `Story ${article.slug}`,
    });
    if (!hiddenSlugs.includes(made.slug)) visibleUrls.push(`${SITE}/articles/${made.slug}`);
  }
  await database.db.deleteFrom('articles').where('slug', '=', 'secret-deleted').execute();
  app = createApp({
    db: database.db,
    feeds: loadFeedsConfig({
      PUBLIC_SITE_URL: SITE,
      PUBLIC_API_URL: API,
      SITE_TITLE: 'The Example Times',
      SITE_LANGUAGE: 'en',
      SITEMAP_PAGE_SIZE: String(PAGE_SIZE),
    }),
    httpPlugins: { pool: database.pool, logger: quietLogger, responseCache: { ttlMs: 60_000 } },
  });
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Validates `text` with xmllint against a schema of tests/fixtures/sitemaps; fails with xmllint's words. */
function validate(text: string, schema: string): void {
  const file = path.join(scratch, `doc-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, text);
  const result = spawnSync('xmllint', ['--noout', '--nonet', '--schema', path.join(SCHEMAS, schema), file], {
    encoding: 'utf8',
  });
  expect(result.status, `xmllint --schema ${schema}: ${result.stderr}`).toBe(0);
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['sitemap', 'url'].includes(name),
});

describe('the schemas', () => {
  it('xmllint rejects what they forbid (the validation can fail)', () => {
    const file = path.join(scratch, 'bad.xml');
    writeFileSync(
      file,
      '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><lastmod>yesterday</lastmod></url></urlset>',
    );
    expect(() =>
      execFileSync('xmllint', ['--noout', '--nonet', '--schema', path.join(SCHEMAS, 'sitemap.xsd'), file], {
        stdio: 'pipe',
      }),
    ).toThrow();
  });

  it('an empty urlset or sitemapindex is invalid (each needs one entry at least)', () => {
    const cases = [
      ['<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>', 'sitemap.xsd'],
      [
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"></urlset>',
        'news-sitemap.xsd',
      ],
      ['<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></sitemapindex>', 'siteindex.xsd'],
    ];
    for (const [text, schema] of cases) {
      const file = path.join(scratch, 'empty.xml');
      writeFileSync(file, `<?xml version="1.0"?>${text}`);
      const result = spawnSync('xmllint', ['--noout', '--nonet', '--schema', path.join(SCHEMAS, schema!), file], {
        encoding: 'utf8',
      });
      expect(result.status, schema).not.toBe(0);
      expect(result.stderr).toMatch(/Missing child element/);
    }
  });
});

describe('the sitemap index and its children', () => {
  it('names every non-empty id range, each child within the page size, together every visible article once', async () => {
    const index = await send(app, '/sitemaps/index.xml');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    validate(index.text, 'siteindex.xsd');
    const children = xml.parse(index.text).sitemapindex.sitemap as { loc: string; lastmod: string }[];
    // Ten articles, ids 1 to 10, three ids a child: 1-3, 4-6, 7-9, 10; visible in each.
    expect(children.map((c) => c.loc)).toEqual([1, 2, 3, 4].map((n) => `${API}/sitemaps/articles-${n}.xml`));
    const listed: string[] = [];
    for (const child of children) {
      expect(child.lastmod).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      const answer = await send(app, new URL(child.loc).pathname);
      expect(answer.status).toBe(200);
      validate(answer.text, 'sitemap.xsd');
      const urls = xml.parse(answer.text).urlset.url as { loc: string; lastmod: string }[];
      expect(urls.length).toBeGreaterThan(0);
      expect(urls.length).toBeLessThanOrEqual(PAGE_SIZE);
      // The child's lastmod is its newest article's.
      expect(child.lastmod).toBe(
        urls
          .map((u) => u.lastmod)
          .sort()
          .at(-1),
      );
      listed.push(...urls.map((u) => u.loc));
    }
    expect(listed.sort()).toEqual([...visibleUrls].sort());
    for (const slug of hiddenSlugs) expect(listed.join(' ')).not.toContain(slug);
  });

  it('a range with only hidden articles is left out of the index and is 404, at once', async () => {
    await send(app, '/sitemaps/index.xml');
    const staleNews = await database.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', 'stale-news')
      .executeTakeFirstOrThrow();
    await database.db.updateTable('articles').set({ status: 'DRAFT' }).where('id', '=', staleNews.id).execute();
    // The write reports the article (as mutations and the change feed do): the kept index is patched
    // (its child read again, one statement) rather than made again, and the child follows too.
    const before = database.stats.statements;
    await reportContentChanged({ articleIds: [staleNews.id], entityIds: [] });
    expect(database.stats.statements - before).toBe(1);
    const childrenOf = async (server: App) =>
      (xml.parse((await send(server, '/sitemaps/index.xml')).text).sitemapindex.sitemap as { loc: string }[]).map(
        (c) => c.loc,
      );
    expect(await childrenOf(app)).toEqual([1, 2, 3].map((n) => `${API}/sitemaps/articles-${n}.xml`));
    expect((await send(app, '/sitemaps/articles-4.xml')).status).toBe(404);
    const later = createApp({
      db: database.db,
      feeds: loadFeedsConfig({ PUBLIC_SITE_URL: SITE, PUBLIC_API_URL: API, SITEMAP_PAGE_SIZE: String(PAGE_SIZE) }),
      httpPlugins: { pool: database.pool, logger: quietLogger },
    });
    expect(await childrenOf(later)).toEqual(await childrenOf(app));
    await database.db.updateTable('articles').set({ status: 'PUBLISHED' }).where('id', '=', staleNews.id).execute();
    await reportContentChanged({ articleIds: [staleNews.id], entityIds: [] });
    expect((await send(app, '/sitemaps/articles-4.xml')).status).toBe(200);
    expect(await childrenOf(app)).toEqual([1, 2, 3, 4].map((n) => `${API}/sitemaps/articles-${n}.xml`));
  });

  it('an unpublished article’s date leaves the kept index at once (its child is dated by what is still visible)', async () => {
    const now = Date.now();
    // Child 3 holds fresh-1 (changed an hour ago) and fresh-2 (40 hours ago).
    await database.db
      .updateTable('articles')
      .set({ updatedAt: new Date(now - HOUR) })
      .where('slug', '=', 'fresh-1')
      .execute();
    await database.db
      .updateTable('articles')
      .set({ updatedAt: new Date(now - 40 * HOUR) })
      .where('slug', '=', 'fresh-2')
      .execute();
    await reportContentChanged({ articleIds: [], entityIds: [], bulk: true });
    const lastmodOf = async (page: number) =>
      (
        xml.parse((await send(app, '/sitemaps/index.xml')).text).sitemapindex.sitemap as {
          loc: string;
          lastmod: string;
        }[]
      ).find((c) => c.loc.endsWith(`/articles-${page}.xml`))?.lastmod;
    expect(await lastmodOf(3)).toBe(new Date(now - HOUR).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    const fresh1 = await database.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', 'fresh-1')
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable('articles')
      .set({ status: 'DRAFT', updatedAt: new Date() })
      .where('id', '=', fresh1.id)
      .execute();
    await reportContentChanged({ articleIds: [fresh1.id], entityIds: [] });
    try {
      expect(await lastmodOf(3)).toBe(new Date(now - 40 * HOUR).toISOString().replace(/\.\d{3}Z$/, 'Z'));
      const child = xml.parse((await send(app, '/sitemaps/articles-3.xml')).text).urlset.url as { loc: string }[];
      expect(child.map((u) => u.loc)).toEqual([`${SITE}/articles/fresh-2`]);
    } finally {
      await database.db.updateTable('articles').set({ status: 'PUBLISHED' }).where('id', '=', fresh1.id).execute();
      await reportContentChanged({ articleIds: [fresh1.id], entityIds: [] });
    }
  });

  it('page numbers are bounded and checked before any statement', async () => {
    const before = database.stats.statements;
    for (const page of ['0', '-1', '50001', '999999999999', 'x', '01', '1.5']) {
      expect((await send(app, `/sitemaps/articles-${page}.xml`)).status, page).toBe(404);
    }
    expect((await send(app, '/sitemaps/other.xml')).status).toBe(404);
    expect(database.stats.statements).toBe(before);
    expect((await send(app, '/sitemaps/articles-50000.xml')).status).toBe(404);
  });

  it('conditional GET: strong ETag, 304 on If-None-Match and If-Modified-Since', async () => {
    let first = await send(app, '/sitemaps/index.xml');
    while (!first.headers.has('last-modified')) {
      await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
      first = await send(app, '/sitemaps/index.xml');
    }
    expect(first.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(
      (await send(app, '/sitemaps/index.xml', { headers: { 'if-none-match': first.headers.get('etag')! } })).status,
    ).toBe(304);
    expect(
      (
        await send(app, '/sitemaps/index.xml', {
          headers: { 'if-modified-since': first.headers.get('last-modified')! },
        })
      ).status,
    ).toBe(304);
    const child = await send(app, '/sitemaps/articles-1.xml');
    expect(
      (await send(app, '/sitemaps/articles-1.xml', { headers: { 'if-none-match': child.headers.get('etag')! } }))
        .status,
    ).toBe(304);
  });
});

describe('child sitemaps larger than one entry of the feed cache', () => {
  // Two children of 6,000 URLs: about 600 kB of text each, 1.2 MB as a JS string, over the 1 MiB a
  // string entry of the 8 MiB feed cache could take (a child of that size was made on every request).
  const URLS = 12_000;
  const BIG_PAGE = 6_000;
  let big: TestDatabase;
  let bigApp: App;
  // What a reported change sets off in the background (the kept index's patch) settles before a
  // request's statements are counted: on a loaded machine it can land inside the window measured.
  const settle = async () => {
    let last = big.stats.statements;
    for (let i = 0; i < 40; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (big.stats.statements === last) return;
      last = big.stats.statements;
    }
  };
  const statementsOf = async (work: () => Promise<unknown>) => {
    const before = big.stats.statements;
    await work();
    return big.stats.statements - before;
  };
  const gzipped = async (path: string) => {
    const response = await bigApp.fetch(`http://localhost${path}`, {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  };

  beforeAll(async () => {
    big = await createTestDatabase();
    // The data, not what is tested: a bulk insert whose triggers fill the page indexes can outlast the
    // pool's statement timeout on a shared, loaded machine, so this one transaction lifts it.
    await big.db.transaction().execute(async (trx) => {
      await sql`set local statement_timeout = 0`.execute(trx);
      await sql`insert into articles (slug, title, body, status, published_at)
        select 'bulk-story-' || n, 'Bulk story ' || n, 'Text.', 'PUBLISHED', timestamptz '2026-01-01T00:00:00Z' + n * interval '1 minute'
        from generate_series(1, ${URLS}::int) n`.execute(trx);
    });
    bigApp = createApp({
      db: big.db,
      feeds: loadFeedsConfig({ PUBLIC_SITE_URL: SITE, PUBLIC_API_URL: API, SITEMAP_PAGE_SIZE: String(BIG_PAGE) }),
      httpPlugins: { pool: big.pool, logger: quietLogger, responseCache: { ttlMs: 60_000 } },
    });
  });

  it('is kept gzipped, served gzipped when accepted and as the same text otherwise, and costs no statement once kept', async () => {
    const plain = await send(bigApp, '/sitemaps/articles-1.xml');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect((xml.parse(plain.text).urlset.url as unknown[]).length).toBe(BIG_PAGE);
    validate(plain.text, 'sitemap.xsd');
    expect(2 * plain.text.length).toBeGreaterThan(DEFAULT_FEED_CACHE_BYTES / 8);
    expect(await statementsOf(() => send(bigApp, '/sitemaps/articles-1.xml'))).toBe(0);
    let zipped!: Awaited<ReturnType<typeof gzipped>>;
    expect(await statementsOf(async () => (zipped = await gzipped('/sitemaps/articles-1.xml')))).toBe(0);
    expect(zipped.response.headers.get('content-encoding')).toBe('gzip');
    expect(Number(zipped.response.headers.get('content-length'))).toBe(zipped.bytes.length);
    expect(zipped.bytes.length * 10).toBeLessThan(Buffer.byteLength(plain.text));
    expect(gunzipSync(zipped.bytes).toString()).toBe(plain.text);
    const metrics = (await send(bigApp, '/metrics')).text;
    const kept = Number(/^broadsheet_feed_cache_bytes (\d+)$/m.exec(metrics)?.[1]);
    expect(kept).toBeGreaterThan(zipped.bytes.length);
    expect(kept).toBeLessThan(Buffer.byteLength(plain.text));
  });

  it('a change drops only the child whose range it touched; concurrent requests for a cold child run one statement', async () => {
    await send(bigApp, '/sitemaps/articles-1.xml');
    await send(bigApp, '/sitemaps/articles-2.xml');
    await sql`update articles set title = 'Bulk story, corrected', updated_at = now() where id = ${BIG_PAGE + 1}::int`.execute(
      big.db,
    );
    await reportContentChanged({ articleIds: [BIG_PAGE + 1], entityIds: [] });
    await settle();
    expect(await statementsOf(() => send(bigApp, '/sitemaps/articles-1.xml'))).toBe(0);
    const answers: RawResponse[] = [];
    const statements = await statementsOf(async () =>
      answers.push(...(await Promise.all(Array.from({ length: 16 }, () => send(bigApp, '/sitemaps/articles-2.xml'))))),
    );
    expect(statements).toBe(1);
    expect(new Set(answers.map((a) => a.headers.get('etag'))).size).toBe(1);
    expect(answers.every((a) => a.status === 200)).toBe(true);
  });

  it('one index-only statement answers 304 for a dropped child that did not change, and keeps a kept one past its time', async () => {
    const page2 = `/sitemaps/articles-2.xml`;
    let held = await send(bigApp, page2);
    // A child made within the current second has no Last-Modified yet (its date, rounded up to the
    // next second, would be later than the answer's own Date): ask again once that second is past.
    if (!held.headers.get('last-modified')) {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      held = await send(bigApp, page2);
    }
    expect(held.headers.get('last-modified')).not.toBeNull();
    const etag = held.headers.get('etag')!;
    // A change reported in its range that leaves it as it was (a draft saved there): dropped, yet current.
    await reportContentChanged({ articleIds: [BIG_PAGE + 2], entityIds: [] });
    await settle();
    let answer!: RawResponse;
    expect(
      await statementsOf(async () => (answer = await send(bigApp, page2, { headers: { 'if-none-match': etag } }))),
    ).toBe(1);
    expect(answer.status).toBe(304);
    expect(answer.headers.get('etag')).toBe(etag);
    const heldSince = held.headers.get('last-modified')!;
    expect(
      await statementsOf(
        async () => (answer = await send(bigApp, page2, { headers: { 'if-modified-since': heldSince } })),
      ),
    ).toBe(1);
    expect(answer.status).toBe(304);
    // A change it shows: the fingerprint differs, and the child is made again.
    await sql`update articles set updated_at = now() + interval '1 second' where id = ${BIG_PAGE + 2}::int`.execute(
      big.db,
    );
    await reportContentChanged({ articleIds: [BIG_PAGE + 2], entityIds: [] });
    await settle();
    expect(
      await statementsOf(async () => (answer = await send(bigApp, page2, { headers: { 'if-none-match': etag } }))),
    ).toBe(2);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('etag')).not.toBe(etag);

    // Kept past the response cache's TTL: checked by its fingerprint, not made again.
    const shortLived = createApp({
      db: big.db,
      feeds: loadFeedsConfig({ PUBLIC_SITE_URL: SITE, PUBLIC_API_URL: API, SITEMAP_PAGE_SIZE: String(BIG_PAGE) }),
      httpPlugins: { pool: big.pool, logger: quietLogger, responseCache: { ttlMs: 1000 } },
    });
    const first = await send(shortLived, '/sitemaps/articles-1.xml');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await statementsOf(async () => (answer = await send(shortLived, '/sitemaps/articles-1.xml')))).toBe(1);
    expect(answer.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await statementsOf(() => send(shortLived, '/sitemaps/articles-1.xml'))).toBe(0);
  });

  it('makes at most SITEMAP_BUILDS_RUNNING children at once and queues SITEMAP_BUILDS_WAITING more; beyond that, 503 with Retry-After', async () => {
    const limit = createBuildLimit(2, 1);
    const gates: (() => void)[] = [];
    const held = () => limit.run(() => new Promise<void>((resolve) => gates.push(resolve)));
    const running = [held(), held(), held()];
    await expect(limit.run(async () => 'never')).rejects.toBeInstanceOf(BusyError);
    expect(gates.length).toBe(2);
    gates.shift()!();
    await running[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect(gates.length).toBe(2);
    for (const gate of gates.splice(0)) gate();
    await Promise.all(running);
    expect(limit.active).toBe(0);

    // Through HTTP: more cold children asked for at once than may be made or wait get 503.
    const pages = SITEMAP_BUILDS_RUNNING + SITEMAP_BUILDS_WAITING + 4;
    const many = createApp({
      db: big.db,
      feeds: loadFeedsConfig({ PUBLIC_SITE_URL: SITE, PUBLIC_API_URL: API, SITEMAP_PAGE_SIZE: '1' }),
      httpPlugins: { pool: big.pool, logger: quietLogger },
    });
    const answers = await Promise.all(
      Array.from({ length: pages }, (_, i) => send(many, `/sitemaps/articles-${i + 1}.xml`)),
    );
    const refused = answers.filter((a) => a.status === 503);
    expect(answers.filter((a) => a.status === 200).length).toBe(SITEMAP_BUILDS_RUNNING + SITEMAP_BUILDS_WAITING);
    expect(refused.length).toBe(4);
    for (const answer of refused) expect(answer.headers.get('retry-after')).toBe('5');
  });
});

describe('the news sitemap', () => {
  it('lists the visible articles of the last two days with publication, date and title, valid against Google’s schema', async () => {
    const answer = await send(app, '/sitemaps/news.xml');
    expect(answer.status).toBe(200);
    validate(answer.text, 'news-sitemap.xsd');
    const urls = xml.parse(answer.text).urlset.url as any[];
    expect(urls.map((u) => u.loc)).toEqual([`${SITE}/articles/fresh-1`, `${SITE}/articles/fresh-2`]);
    expect(urls[0]['news:news']).toEqual({
      'news:publication': { 'news:name': 'The Example Times', 'news:language': 'en' },
      'news:publication_date': expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      'news:title': 'Tide & "time" <wait>',
    });
    for (const slug of hiddenSlugs) expect(answer.text).not.toContain(slug);
    // Dated by articles ageing out, not by writes: an ETag, no Last-Modified.
    expect(answer.headers.get('last-modified')).toBeNull();
    expect(
      (await send(app, '/sitemaps/news.xml', { headers: { 'if-none-match': answer.headers.get('etag')! } })).status,
    ).toBe(304);
  });
});

describe('a site with nothing to list: still valid documents', () => {
  let empty: TestDatabase;
  let server: App;
  const fresh = () =>
    createApp({
      db: empty.db,
      feeds: loadFeedsConfig({
        PUBLIC_SITE_URL: `${SITE}/edition`,
        PUBLIC_API_URL: API,
        SITEMAP_PAGE_SIZE: String(PAGE_SIZE),
      }),
      httpPlugins: { pool: empty.pool, logger: quietLogger },
    });
  beforeAll(async () => {
    empty = await createTestDatabase();
    server = fresh();
  });
  afterAll(async () => {
    await empty?.close();
  });
  const urlsOf = (text: string) =>
    (xml.parse(text).urlset.url as { loc: string; 'news:news'?: unknown }[]).map((u) => u.loc);

  it('no visible article at all: the index names child 1, which lists the home page; so does the news sitemap', async () => {
    await createArticle(empty.db, { slug: 'only-a-draft', status: 'DRAFT', publishedAt: null });
    const index = await send(server, '/sitemaps/index.xml');
    expect(index.status).toBe(200);
    validate(index.text, 'siteindex.xsd');
    expect(xml.parse(index.text).sitemapindex.sitemap).toEqual([{ loc: `${API}/sitemaps/articles-1.xml` }]);
    const child = await send(server, '/sitemaps/articles-1.xml');
    expect(child.status).toBe(200);
    validate(child.text, 'sitemap.xsd');
    expect(urlsOf(child.text)).toEqual([`${SITE}/edition/`]);
    const news = await send(server, '/sitemaps/news.xml');
    expect(news.status).toBe(200);
    validate(news.text, 'news-sitemap.xsd');
    expect(urlsOf(news.text)).toEqual([`${SITE}/edition/`]);
    expect(news.text).not.toContain('news:news');
    expect(news.text).not.toContain('only-a-draft');
    // Other empty children are still 404.
    expect((await send(server, '/sitemaps/articles-2.xml')).status).toBe(404);
  });

  it('nothing published in the last two days: the news sitemap is valid and lists no article as news', async () => {
    await createArticle(empty.db, {
      slug: 'last-week',
      publishedAt: new Date(Date.now() - 7 * 24 * HOUR).toISOString(),
    });
    await reportContentChanged({ articleIds: [], entityIds: [], bulk: true });
    const later = fresh();
    const news = await send(later, '/sitemaps/news.xml');
    validate(news.text, 'news-sitemap.xsd');
    expect(urlsOf(news.text)).toEqual([`${SITE}/edition/`]);
    const index = await send(later, '/sitemaps/index.xml');
    validate(index.text, 'siteindex.xsd');
    const children = xml.parse(index.text).sitemapindex.sitemap as { loc: string; lastmod?: string }[];
    expect(children.map((c) => c.loc)).toEqual([`${API}/sitemaps/articles-1.xml`]);
    expect(children[0]!.lastmod).toMatch(/^\d{4}-/);
    const child = await send(later, '/sitemaps/articles-1.xml');
    validate(child.text, 'sitemap.xsd');
    expect(urlsOf(child.text)).toEqual([`${SITE}/edition/articles/last-week`]);
  });
});

describe('robots.txt', () => {
  it('points crawlers at the sitemaps', async () => {
    const answer = await send(app, '/robots.txt');
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(`Sitemap: ${API}/sitemaps/index.xml\n`);
    expect(answer.text).toContain(`Sitemap: ${API}/sitemaps/news.xml\n`);
  });
});
