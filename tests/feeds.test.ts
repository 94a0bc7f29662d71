import { gunzipSync } from 'node:zlib';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { type App, type AppOptions, createApp as createAppOf } from '../src/app.js';
import type { ContentChange } from '../src/changes.js';
import { loadFeedsConfig } from '../src/config.js';
import type { FeedItem } from '../src/feeds/items.js';
import { FEED_FORMATS } from '../src/feeds/render.js';
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
const markContentChanged = () => {
  for (const each of apps) each.changes.markChanged();
};
const reportContentChanged = async (change: ContentChange) => {
  for (const each of apps) await each.changes.notify(change);
};

// Feeds (src/feeds): RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the site, a section, an entity, a tag and an author,
// read by real parsers (fast-xml-parser for well-formedness, @rowanmanning/feed-parser as a feed
// reader reads them, JSON Feed against the 1.1 spec's required fields), served through app.fetch.

let database: TestDatabase;
let app: App;
const SITE = 'https://news.example';
const API = 'https://api.news.example';
const feeds = loadFeedsConfig({
  PUBLIC_SITE_URL: SITE,
  PUBLIC_API_URL: API,
  SITE_TITLE: 'The Example Times',
  FEED_ITEMS: '4',
  ARTICLE_URL_TEMPLATE: '/{section}/{yyyy}/{mm}/{slug}',
});
const FORMATS = ['rss.xml', 'atom.xml', 'feed.json'] as const;
const HIDDEN = ['SECRET-DRAFT', 'SECRET-EMBARGO', 'SECRET-DELETED', 'SECRET-ARCHIVED'];
let entityId: number;
let harbour: { id: number; slug: string };
const id = async (table: 'tags' | 'authors' | 'sections', slug: string) =>
  (await database.db.selectFrom(table).select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  database = await createTestDatabase();
  harbour = await createArticle(database.db, {
    slug: 'harbour-reopens',
    title: 'Harbour & "docks" <reopen>',
    section: 'World',
    publishedAt: '2026-03-01T08:00:00Z',
    body: 'Ada Quill said the harbour would reopen on Monday.\n\nAda Quill thanked the crews.',
    summary: 'The harbour reopens on Monday, Ada Quill said.',
    entities: [{ name: 'Ada Quill', kind: 'PERSON' }],
    bylines: ['Mina Harker', { credit: 'Staff and agencies' }],
    // "Ada Quill" is an entity of the article too: one category of that name.
    tags: ['Port Strikes', 'Ada Quill'],
  });
  await createArticle(database.db, {
    slug: 'markets-rally',
    title: 'Markets rally',
    section: 'Business',
    standfirst: 'Shares rose for a third day.',
    publishedAt: '2026-03-02T08:00:00Z',
    bylines: ['Tom Okafor', 'Mina Harker'],
  });
  for (let n = 1; n <= 4; n += 1) {
    await createArticle(database.db, {
      slug: `world-brief-${n}`,
      title: `World brief ${n}`,
      section: 'World',
      publishedAt: `2026-02-0${n}T08:00:00Z`,
    });
  }
  // Hidden, each in World and mentioning Ada Quill, newer than everything visible.
  // A tag and an author only on hidden articles (and the visible tag and author there too).
  const secretly = { bylines: ['Mina Harker', 'Ghost Writer'], tags: ['Port Strikes', 'Secret Plans'] };
  await createArticle(database.db, {
    slug: 'secret-draft',
    title: 'SECRET-DRAFT story',
    section: 'World',
    status: 'DRAFT',
    publishedAt: null,
    body: 'Ada Quill resigns.',
    entities: [{ name: 'Ada Quill', kind: 'PERSON' }],
    ...secretly,
  });
  await createArticle(database.db, {
    slug: 'secret-embargo',
    title: 'SECRET-EMBARGO story',
    section: 'World',
    status: 'SCHEDULED',
    publishedAt: '2099-01-01T00:00:00Z',
    body: 'Ada Quill wins.',
    entities: [{ name: 'Ada Quill', kind: 'PERSON' }],
    ...secretly,
  });
  await createArticle(database.db, {
    slug: 'secret-archived',
    title: 'SECRET-ARCHIVED story',
    section: 'World',
    status: 'ARCHIVED',
    publishedAt: '2026-03-05T00:00:00Z',
    entities: [{ name: 'Ada Quill', kind: 'PERSON' }],
  });
  const deleted = await createArticle(database.db, {
    slug: 'secret-deleted',
    title: 'SECRET-DELETED story',
    section: 'World',
    publishedAt: '2026-03-06T00:00:00Z',
    body: 'Ada Quill leaves.',
    entities: [{ name: 'Ada Quill', kind: 'PERSON' }],
  });
  await database.db.deleteFrom('articles').where('id', '=', deleted.id).execute();
  entityId = (
    await database.db.selectFrom('entities').select('id').where('slug', '=', 'ada-quill').executeTakeFirstOrThrow()
  ).id;
  // An old slug of the entity (a rename): the feed moved.
  await database.db.insertInto('entitySlugRedirects').values({ slug: 'ada-quill-old', entityId, form: null }).execute();
  await database.db
    .insertInto('tagSlugRedirects')
    .values({ slug: 'dock-strikes', tagId: await id('tags', 'port-strikes') })
    .execute();
  await database.db
    .insertInto('authorSlugRedirects')
    .values({ slug: 'mina-h', authorId: await id('authors', 'mina-harker') })
    .execute();
  await database.db
    .insertInto('sectionSlugRedirects')
    .values({ slug: 'international', sectionId: await id('sections', 'world') })
    .execute();
  // Lead images: an external original, and one in the media store (served by this API's /media/).
  const image = (values: {
    externalUrl?: string;
    storageKey?: string;
    mimeType: string;
    byteSize: number | null;
    alt: string | null;
  }) =>
    database.db
      .insertInto('images')
      .values({
        externalId: null,
        externalUrl: values.externalUrl ?? null,
        storageKey: values.storageKey ?? null,
        mimeType: values.mimeType,
        byteSize: values.byteSize,
        width: 1200,
        height: 800,
        alt: values.alt,
        caption: null,
        credit: null,
        licence: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  const wire = await image({
    externalUrl: 'https://images.wire.example/harbour.jpg',
    mimeType: 'image/jpeg',
    byteSize: null,
    alt: 'The harbour & its cranes',
  });
  const stored = await image({
    storageKey: '2026/03/0123456789abcdef0123456789abcdef.png',
    mimeType: 'image/png',
    byteSize: 52_000,
    alt: null,
  });
  await database.db.updateTable('articles').set({ leadImageId: wire.id }).where('slug', '=', 'world-brief-4').execute();
  await database.db
    .updateTable('articles')
    .set({ leadImageId: stored.id })
    .where('slug', '=', 'world-brief-3')
    .execute();
  app = createApp({
    db: database.db,
    feeds,
    httpPlugins: { pool: database.pool, logger: quietLogger, responseCache: { ttlMs: 60_000 } },
  });
});

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

/** Parses an XML feed strictly (well-formed or the test fails with the parser's reason), then as a feed reader does. */
function readXmlFeed(text: string) {
  const valid = XMLValidator.validate(text);
  expect(valid, JSON.stringify(valid)).toBe(true);
  return { tree: xml.parse(text), feed: parseFeed(text) };
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The JSON Feed 1.1 spec's requirements (https://www.jsonfeed.org/version/1.1/), each checked. */
function checkJsonFeed(feed: any): void {
  expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
  expect(typeof feed.title).toBe('string');
  expect(Array.isArray(feed.items)).toBe(true);
  for (const key of ['home_page_url', 'feed_url']) if (key in feed) expect(() => new URL(feed[key])).not.toThrow();
  for (const author of feed.authors ?? [])
    expect(typeof author.name === 'string' || typeof author.url === 'string').toBe(true);
  for (const item of feed.items) {
    expect(typeof item.id).toBe('string');
    // "content_html and content_text are each optional strings — but one or the other must be present."
    expect(typeof item.content_text === 'string' || typeof item.content_html === 'string').toBe(true);
    for (const key of ['date_published', 'date_modified']) if (key in item) expect(item[key]).toMatch(RFC3339);
    if ('tags' in item) expect(item.tags.every((tag: unknown) => typeof tag === 'string')).toBe(true);
    if ('authors' in item)
      expect(item.authors.every((a: any) => typeof a.name === 'string' || typeof a.url === 'string')).toBe(true);
  }
}

async function feedTitles(path: string, server: App = app): Promise<string[]> {
  const answer = await send(server, path);
  expect(answer.status, `${path}: ${answer.text}`).toBe(200);
  if (path.endsWith('.json')) {
    checkJsonFeed(answer.json);
    return answer.json.items.map((item: { title: string }) => item.title);
  }
  return readXmlFeed(answer.text).feed.items.map((item) => item.title!);
}

describe('the site feed', () => {
  it('RSS 2.0: the newest visible articles with links, ids, dates, summaries and categories', async () => {
    const answer = await send(app, '/feeds/rss.xml');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const { tree, feed } = readXmlFeed(answer.text);
    expect(tree.rss['@version']).toBe('2.0');
    expect(feed.title).toBe('The Example Times');
    expect(feed.url).toBe(SITE);
    expect(feed.self).toBe(`${API}/feeds/rss.xml`);
    expect(feed.language).toBe('en');
    // FEED_ITEMS=4, newest first.
    expect(feed.items.map((item) => item.title)).toEqual([
      'Markets rally',
      'Harbour & "docks" <reopen>',
      'World brief 4',
      'World brief 3',
    ]);
    const item = feed.items[1]!;
    expect(item.url).toBe(`${SITE}/world/2026/03/harbour-reopens`);
    expect(item.id).toBe(`urn:broadsheet:news.example:article:${harbour.id}`);
    expect(item.published?.toISOString()).toBe('2026-03-01T08:00:00.000Z');
    expect(item.description).toBe('The harbour reopens on Monday, Ada Quill said.');
    // The section, the tags, the entities: one of each name.
    expect(item.categories.map((c) => c.label ?? c.term)).toEqual(['World', 'Port Strikes', 'Ada Quill']);
    // Bylines: one dc:creator per place, authors and free-text credits alike.
    expect(item.authors.map((a) => a.name)).toEqual(['Mina Harker', 'Staff and agencies']);
    expect(tree.rss.channel.item[1]['dc:creator']).toEqual(['Mina Harker', 'Staff and agencies']);
    expect(feed.items[0]!.authors.map((a) => a.name)).toEqual(['Tom Okafor', 'Mina Harker']);
    expect(feed.items[2]!.authors).toEqual([]);
    // The standfirst when no summary is stored; never a generated one.
    expect(feed.items[0]!.description).toBe('Shares rose for a third day.');
    expect(feed.items[2]!.description).toBeNull();
    const stored = await database.db.selectFrom('summaries').select('method').execute();
    expect(stored.map((row) => row.method)).toEqual(['EDITORIAL']);
  });

  it('Atom 1.0: ids, updated dates, summaries, categories with schemes', async () => {
    const answer = await send(app, '/feeds/atom.xml');
    expect(answer.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const { tree, feed } = readXmlFeed(answer.text);
    expect(tree.feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(tree.feed.id).toBe(`${API}/feeds/atom.xml`);
    expect(tree.feed.updated).toMatch(RFC3339);
    expect(feed.self).toBe(`${API}/feeds/atom.xml`);
    expect(feed.authors[0]?.name).toBe('The Example Times');
    const entry = feed.items[1]!;
    expect(entry.id).toBe(`urn:broadsheet:news.example:article:${harbour.id}`);
    expect(entry.url).toBe(`${SITE}/world/2026/03/harbour-reopens`);
    expect(entry.title).toBe('Harbour & "docks" <reopen>');
    expect(entry.description).toBe('The harbour reopens on Monday, Ada Quill said.');
    expect(entry.categories).toEqual([
      { term: 'world', label: 'World', url: `${SITE}/sections/world` },
      { term: 'port-strikes', label: 'Port Strikes', url: `${SITE}/tags/port-strikes` },
      { term: 'ada-quill', label: 'Ada Quill', url: `${SITE}/tags/ada-quill` },
    ]);
    // An author's name and page; a credit's name alone.
    expect(entry.authors).toEqual([
      { name: 'Mina Harker', email: null, url: `${SITE}/authors/mina-harker` },
      { name: 'Staff and agencies', email: null, url: null },
    ]);
    // Every entry has an updated date and an id (RFC 4287 4.1.2).
    for (const e of tree.feed.entry) expect(e.updated).toMatch(RFC3339);
  });

  it('JSON Feed 1.1: the spec’s required fields on the feed and every item', async () => {
    const answer = await send(app, '/feeds/feed.json');
    expect(answer.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    checkJsonFeed(answer.json);
    expect(answer.json.feed_url).toBe(`${API}/feeds/feed.json`);
    expect(answer.json.items[1]).toEqual({
      id: `urn:broadsheet:news.example:article:${harbour.id}`,
      url: `${SITE}/world/2026/03/harbour-reopens`,
      title: 'Harbour & "docks" <reopen>',
      content_text: 'The harbour reopens on Monday, Ada Quill said.',
      summary: 'The harbour reopens on Monday, Ada Quill said.',
      date_published: '2026-03-01T08:00:00Z',
      date_modified: expect.stringMatching(RFC3339),
      authors: [{ name: 'Mina Harker', url: `${SITE}/authors/mina-harker` }, { name: 'Staff and agencies' }],
      tags: ['World', 'Port Strikes', 'Ada Quill'],
    });
  });
});

describe('summaries: the API’s public one, never generated by a feed', () => {
  it('an item’s summary is the one the API serves once stored; before that, the standfirst or none', async () => {
    const before = await database.db.selectFrom('summaries').select('articleId').execute();
    const server = createApp({ db: database.db, feeds, httpPlugins: { pool: database.pool, logger: quietLogger } });
    const item = async (slug: string) =>
      (await send(server, '/feeds/feed.json')).json.items.find((i: { url: string }) => i.url.endsWith(`/${slug}`));
    expect((await item('world-brief-4')).summary).toBeUndefined();
    for (let n = 0; n < 3; n += 1) await send(server, '/feeds/feed.json');
    expect(await database.db.selectFrom('summaries').select('articleId').execute()).toEqual(before);
    // A reader of the API asks for one: it is generated and stored, and from then on the feed shows it.
    const query = '{ article(slug: "world-brief-4") { summary(length: SHORT) { text method } } }';
    const api = await send(server, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const summary = api.json.data.article.summary;
    expect(summary.method).toBe('EXTRACTIVE');
    const later = createApp({ db: database.db, feeds, httpPlugins: { pool: database.pool, logger: quietLogger } });
    const shown = (await send(later, '/feeds/feed.json')).json.items.find((i: { url: string }) =>
      i.url.endsWith('/world-brief-4'),
    );
    expect(shown.summary).toBe(summary.text);
    // The editorial one of the harbour article: the same text through the API (compiled reads) and the feed.
    const harbourApi = await send(later, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ article(slug: "harbour-reopens") { summary(length: SHORT) { text method } } }',
      }),
    });
    expect(harbourApi.json.data.article.summary).toEqual({
      text: 'The harbour reopens on Monday, Ada Quill said.',
      method: 'EDITORIAL',
    });
    await database.db.deleteFrom('summaries').where('method', '=', 'EXTRACTIVE').execute();
  });
});

describe('section, entity, tag and author feeds', () => {
  it('a section lists only its own articles', async () => {
    for (const format of FORMATS) {
      expect(await feedTitles(`/feeds/sections/business/${format}`)).toEqual(['Markets rally']);
      expect(await feedTitles(`/feeds/sections/world/${format}`)).toEqual([
        'Harbour & "docks" <reopen>',
        'World brief 4',
        'World brief 3',
        'World brief 2',
      ]);
    }
    const { feed } = readXmlFeed((await send(app, '/feeds/sections/world/atom.xml')).text);
    expect(feed.title).toBe('World | The Example Times');
    expect(feed.url).toBe(`${SITE}/sections/world`);
  });

  it('an entity lists the visible articles that mention it', async () => {
    for (const format of FORMATS)
      expect(await feedTitles(`/feeds/entities/ada-quill/${format}`)).toEqual(['Harbour & "docks" <reopen>']);
  });

  it('a section front includes its subsections’ articles, as Section.articles does', async () => {
    const server = createApp({ db: database.db, feeds, httpPlugins: { pool: database.pool, logger: quietLogger } });
    const europe = await createArticle(database.db, {
      slug: 'europe-brief',
      title: 'Europe brief',
      section: 'Europe',
      publishedAt: '2026-03-01T09:00:00Z',
    });
    await database.db
      .updateTable('sections')
      .set({ parentId: await id('sections', 'world') })
      .where('slug', '=', 'europe')
      .execute();
    const query = '{ section(slug: "world") { articles(first: 4) { edges { node { title } } } } }';
    const api = await send(server, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const front = api.json.data.section.articles.edges.map((edge: { node: { title: string } }) => edge.node.title);
    expect(front).toEqual(['Europe brief', 'Harbour & "docks" <reopen>', 'World brief 4', 'World brief 3']);
    for (const format of FORMATS) {
      expect(await feedTitles(`/feeds/sections/world/${format}`, server)).toEqual(front);
      expect(await feedTitles(`/feeds/sections/europe/${format}`, server)).toEqual(['Europe brief']);
    }
    await database.db.deleteFrom('articles').where('id', '=', europe.id).execute();
    markContentChanged();
  });

  it('a tag lists the visible articles filed under it', async () => {
    for (const format of FORMATS)
      expect(await feedTitles(`/feeds/tags/port-strikes/${format}`)).toEqual(['Harbour & "docks" <reopen>']);
    const { feed } = readXmlFeed((await send(app, '/feeds/tags/port-strikes/rss.xml')).text);
    expect(feed.title).toBe('Port Strikes | The Example Times');
    expect(feed.url).toBe(`${SITE}/tags/port-strikes`);
    expect(feed.self).toBe(`${API}/feeds/tags/port-strikes/rss.xml`);
  });

  it('an author lists the visible articles with them in the byline', async () => {
    for (const format of FORMATS) {
      expect(await feedTitles(`/feeds/authors/mina-harker/${format}`)).toEqual([
        'Markets rally',
        'Harbour & "docks" <reopen>',
      ]);
      expect(await feedTitles(`/feeds/authors/tom-okafor/${format}`)).toEqual(['Markets rally']);
    }
    const { feed } = readXmlFeed((await send(app, '/feeds/authors/mina-harker/atom.xml')).text);
    expect(feed.title).toBe('Mina Harker | The Example Times');
    expect(feed.url).toBe(`${SITE}/authors/mina-harker`);
  });

  it('a slug the entity, tag, author or section had before redirects (301) to the feed at its current slug', async () => {
    const moves = [
      ['entities/ada-quill-old', 'entities/ada-quill'],
      ['tags/dock-strikes', 'tags/port-strikes'],
      ['authors/mina-h', 'authors/mina-harker'],
      ['sections/international', 'sections/world'],
    ];
    for (const [from, to] of moves) {
      for (const format of FORMATS) {
        const answer = await send(app, `/feeds/${from}/${format}`);
        expect(answer.status, from).toBe(301);
        expect(answer.headers.get('location')).toBe(`${API}/feeds/${to}/${format}`);
      }
    }
  });

  it('unknown scopes are 404; a path that cannot name a feed is refused before any statement', async () => {
    expect((await send(app, '/feeds/sections/no-such-section/rss.xml')).status).toBe(404);
    expect((await send(app, '/feeds/entities/no-such-entity/feed.json')).status).toBe(404);
    expect((await send(app, '/feeds/tags/no-such-tag/atom.xml')).status).toBe(404);
    expect((await send(app, '/feeds/authors/no-such-author/rss.xml')).status).toBe(404);
    const before = database.stats.statements;
    for (const path of [
      '/feeds/sections/Not_A_Slug/rss.xml',
      `/feeds/entities/${'a'.repeat(500)}/rss.xml`,
      `/feeds/authors/${'a'.repeat(121)}/rss.xml`,
      '/feeds/people/x/rss.xml',
      '/feeds/tags/Port_Strikes/rss.xml',
      '/feeds/rss.json',
      '/feeds/sections/world/extra/rss.xml',
    ]) {
      expect((await send(app, path)).status, path).toBe(404);
    }
    expect(database.stats.statements).toBe(before);
  });
});

describe('visibility: the API’s public rule', () => {
  it('drafts, embargoed, archived and deleted articles appear in no feed, and a section only they fill has none', async () => {
    const paths = [
      '/feeds',
      '/feeds/sections/world',
      '/feeds/entities/ada-quill',
      '/feeds/tags/port-strikes',
      '/feeds/authors/mina-harker',
    ].flatMap((base) => FORMATS.map((format) => `${base}/${format}`));
    for (const path of paths) {
      const answer = await send(app, path);
      expect(answer.status, path).toBe(200);
      for (const secret of HIDDEN) expect(answer.text, `${path} shows ${secret}`).not.toContain(secret);
    }
    await createArticle(database.db, {
      slug: 'desk-draft',
      title: 'SECRET-DRAFT desk',
      section: 'Embargo Desk',
      status: 'DRAFT',
      publishedAt: null,
    });
    expect((await send(app, '/feeds/sections/embargo-desk/rss.xml')).status).toBe(404);
  });

  it('a tag or an author whose only articles are drafts or embargoed has no feed, as the tag has no page', async () => {
    for (const format of FORMATS) {
      expect((await send(app, `/feeds/tags/secret-plans/${format}`)).status).toBe(404);
      expect((await send(app, `/feeds/authors/ghost-writer/${format}`)).status).toBe(404);
    }
    const query = '{ tag(slug: "secret-plans") { name } }';
    const api = await send(app, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    expect(api.json.data).toEqual({ tag: null });
    // Their names appear in no feed either: not as a category, not in a byline.
    for (const path of [
      '/feeds/rss.xml',
      '/feeds/atom.xml',
      '/feeds/feed.json',
      '/feeds/authors/mina-harker/rss.xml',
      '/feeds/tags/port-strikes/feed.json',
    ]) {
      const text = (await send(app, path)).text;
      expect(text).not.toContain('Secret Plans');
      expect(text).not.toContain('Ghost Writer');
    }
    // The embargo lifts (its time comes): the tag and the author have feeds, with the story.
    await database.db
      .updateTable('articles')
      .set({ publishedAt: new Date(Date.now() - 60_000) })
      .where('slug', '=', 'secret-embargo')
      .execute();
    markContentChanged();
    const server = createApp({ db: database.db, feeds, httpPlugins: { pool: database.pool, logger: quietLogger } });
    expect(await feedTitlesOf(server, '/feeds/tags/secret-plans/feed.json')).toEqual(['SECRET-EMBARGO story']);
    expect(await feedTitlesOf(server, '/feeds/authors/ghost-writer/feed.json')).toEqual(['SECRET-EMBARGO story']);
    await database.db
      .updateTable('articles')
      .set({ publishedAt: new Date('2099-01-01T00:00:00Z') })
      .where('slug', '=', 'secret-embargo')
      .execute();
    markContentChanged();
    expect((await send(server, '/feeds/authors/ghost-writer/feed.json')).status).toBe(404);
  });
});

describe('HTTP', () => {
  const fresh = () =>
    createApp({
      db: database.db,
      feeds,
      httpPlugins: { pool: database.pool, logger: quietLogger, responseCache: { ttlMs: 60_000 } },
    });

  it('strong ETag and Last-Modified; 304 on If-None-Match and on If-Modified-Since; a change makes a new ETag', async () => {
    const server = fresh();
    let first: RawResponse;
    // Last-Modified is never later than the answer: within the second of a change there is none.
    for (;;) {
      first = await send(server, '/feeds/sections/world/rss.xml');
      if (first.headers.has('last-modified')) break;
      await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
    }
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=60');
    const byTag = await send(server, '/feeds/sections/world/rss.xml', { headers: { 'if-none-match': etag } });
    expect(byTag.status).toBe(304);
    expect(byTag.text).toBe('');
    expect(byTag.headers.get('etag')).toBe(etag);
    const byDate = await send(server, '/feeds/sections/world/rss.xml', {
      headers: { 'if-modified-since': first.headers.get('last-modified')! },
    });
    expect(byDate.status).toBe(304);
    // Another representation's tag: the whole answer.
    expect((await send(server, '/feeds/sections/world/atom.xml', { headers: { 'if-none-match': etag } })).status).toBe(
      200,
    );

    await database.db
      .updateTable('articles')
      .set({ title: 'Harbour reopens at last', updatedAt: new Date() })
      .where('id', '=', harbour.id)
      .execute();
    await server.ops.invalidation.invalidateArticles([harbour.id]);
    const changed = await send(server, '/feeds/sections/world/rss.xml', { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.text).toContain('Harbour reopens at last');
    expect(changed.headers.get('etag')).not.toBe(etag);
    await database.db
      .updateTable('articles')
      .set({ title: 'Harbour & "docks" <reopen>' })
      .where('id', '=', harbour.id)
      .execute();
    markContentChanged();
  });

  it('a saved draft moves neither Last-Modified nor ETag of a public feed (dated by its bytes, not by any write)', async () => {
    const server = fresh();
    const paths = [
      '/feeds/rss.xml',
      '/feeds/sections/world/atom.xml',
      '/feeds/entities/ada-quill/feed.json',
      '/sitemaps/articles-1.xml',
      '/sitemaps/index.xml',
    ];
    // Within the second of a change an answer has no Last-Modified yet; wait for one on every path.
    let first: RawResponse[];
    for (;;) {
      first = await Promise.all(paths.map((path) => send(server, path)));
      if (first.every((answer) => answer.headers.has('last-modified'))) break;
      await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
    }
    // The next second, so a Last-Modified taken from the write would differ.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
    const draft = await database.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', 'secret-draft')
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable('articles')
      .set({ title: 'SECRET-DRAFT story, edited', updatedAt: new Date() })
      .where('id', '=', draft.id)
      .execute();
    await reportContentChanged({ articleIds: [draft.id], entityIds: [entityId] });
    const after = await Promise.all(paths.map((path) => send(server, path)));
    for (const [i, path] of paths.entries()) {
      expect(after[i]!.headers.get('etag'), path).toBe(first[i]!.headers.get('etag'));
      expect(after[i]!.headers.get('last-modified'), path).toBe(first[i]!.headers.get('last-modified'));
      expect(
        (await send(server, path, { headers: { 'if-modified-since': first[i]!.headers.get('last-modified')! } }))
          .status,
        path,
      ).toBe(304);
    }
    // A change the public sees moves both.
    await database.db
      .updateTable('articles')
      .set({ title: 'Harbour reopens at last', updatedAt: new Date() })
      .where('id', '=', harbour.id)
      .execute();
    await reportContentChanged({ articleIds: [harbour.id], entityIds: [] });
    const changed = await send(server, '/feeds/rss.xml');
    expect(changed.headers.get('etag')).not.toBe(first[0]!.headers.get('etag'));
    expect(new Date(changed.headers.get('last-modified') ?? Date.now()).getTime()).toBeGreaterThan(
      new Date(first[0]!.headers.get('last-modified')!).getTime(),
    );
    expect(
      (
        await send(server, '/feeds/rss.xml', {
          headers: { 'if-modified-since': first[0]!.headers.get('last-modified')! },
        })
      ).status,
    ).toBe(200);
    await database.db
      .updateTable('articles')
      .set({ title: 'Harbour & "docks" <reopen>' })
      .where('id', '=', harbour.id)
      .execute();
    await reportContentChanged({ articleIds: [harbour.id], entityIds: [] });
  });

  it('the three formats drop the same characters XML cannot carry (C0 controls, U+FFFE, U+FFFF)', async () => {
    const server = fresh();
    await database.db
      .updateTable('articles')
      .set({ title: 'Harbour\u0001 reopens\uFFFE at\uFFFF last \u{1F6A2}\ttoday' })
      .where('id', '=', harbour.id)
      .execute();
    await reportContentChanged({ articleIds: [harbour.id], entityIds: [] });
    try {
      const clean = 'Harbour reopens at last \u{1F6A2}\ttoday';
      const json = (await send(server, '/feeds/feed.json')).json;
      expect(json.items.map((item: { title: string }) => item.title)).toContain(clean);
      const rss = (await send(server, '/feeds/rss.xml')).text;
      const atom = (await send(server, '/feeds/atom.xml')).text;
      expect(rss).toContain(`<title>${clean}</title>`);
      expect(atom).toContain(`<title type="text">${clean}</title>`);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the feeds must not carry the control character the article had
      for (const text of [JSON.stringify(json), rss, atom]) expect(text).not.toMatch(/[\u0001\uFFFE\uFFFF]|\\u0001/i);
    } finally {
      await database.db
        .updateTable('articles')
        .set({ title: 'Harbour & "docks" <reopen>' })
        .where('id', '=', harbour.id)
        .execute();
      await reportContentChanged({ articleIds: [harbour.id], entityIds: [] });
    }
  });

  it('Vary: Origin and Accept-Encoding on every answer, with or without Origin; gzip when accepted', async () => {
    const server = fresh();
    for (const path of [
      '/feeds/rss.xml',
      '/feeds/feed.json',
      '/sitemaps/index.xml',
      '/sitemaps/news.xml',
      '/robots.txt',
      '/feeds/sections/no-such/rss.xml',
    ]) {
      for (const headers of [{}, { origin: 'https://reader.example' }, { 'accept-encoding': 'gzip' }] as Record<
        string,
        string
      >[]) {
        const vary = (await send(server, path, { headers })).headers.get('vary') ?? '';
        const names = vary.split(',').map((name) => name.trim().toLowerCase());
        expect(names, `${path} ${JSON.stringify(headers)}`).toContain('origin');
        expect(names, `${path} ${JSON.stringify(headers)}`).toContain('accept-encoding');
      }
    }
    const plain = await send(server, '/feeds/rss.xml');
    expect(plain.headers.get('content-encoding')).toBeNull();
    const zipped = await server.fetch('http://localhost/feeds/rss.xml', {
      headers: { 'accept-encoding': 'br;q=1, gzip;q=0.5' },
    });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()).toBe(plain.text);
    // Each encoding its own strong tag; a copy of either is current.
    expect(zipped.headers.get('etag')).not.toBe(plain.headers.get('etag'));
    expect(
      (await send(server, '/feeds/rss.xml', { headers: { 'if-none-match': zipped.headers.get('etag')! } })).status,
    ).toBe(304);
    expect(
      (await send(server, '/feeds/rss.xml', { headers: { 'accept-encoding': 'gzip;q=0, identity' } })).headers.get(
        'content-encoding',
      ),
    ).toBeNull();
  });

  it('without a response cache: revalidated every time (no-cache), and still 304', async () => {
    const server = createApp({ db: database.db, feeds, httpPlugins: { pool: database.pool, logger: quietLogger } });
    const first = await send(server, '/feeds/feed.json');
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    expect(
      (await send(server, '/feeds/feed.json', { headers: { 'if-none-match': `"x", ${first.headers.get('etag')}` } }))
        .status,
    ).toBe(304);
  });

  it('served in the app’s pipeline: CORS, metrics by route family, HEAD, 405 for other methods', async () => {
    const server = fresh();
    const answer = await send(server, '/feeds/rss.xml', { headers: { origin: 'https://reader.example' } });
    expect(answer.headers.get('access-control-allow-origin')).toBeTruthy();
    const head = await send(server, '/feeds/rss.xml', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(head.headers.get('etag')).toBe(answer.headers.get('etag'));
    const post = await send(server, '/feeds/rss.xml', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    await send(server, '/feeds/sections/no-such/rss.xml');
    const metrics = (await send(server, '/metrics')).text;
    expect(metrics).toMatch(/broadsheet_http_requests_total\{method="GET",route="\/feeds",status="200"\} [1-9]/);
    expect(metrics).toMatch(/route="\/feeds",status="404"/);
    expect(metrics).not.toMatch(/route="\/feeds\/sections/);
  });

  it('a content change reaches the kept representations: a new article shows at once, a deleted one goes', async () => {
    const server = fresh();
    expect(await feedTitlesOf(server, '/feeds/sections/business/feed.json')).toEqual(['Markets rally']);
    const added = await createArticle(database.db, {
      slug: 'rates-hold',
      title: 'Rates hold',
      section: 'Business',
      publishedAt: '2026-03-03T08:00:00Z',
    });
    await server.ops.invalidation.invalidateArticles([added.id]);
    expect(await feedTitlesOf(server, '/feeds/sections/business/feed.json')).toEqual(['Rates hold', 'Markets rally']);
    // A write reports itself (reportContentChanged, as mutations and the change feed do).
    await database.db.deleteFrom('articles').where('id', '=', added.id).execute();
    await reportContentChanged({ articleIds: [added.id], entityIds: [] });
    expect(await feedTitlesOf(server, '/feeds/sections/business/feed.json')).toEqual(['Markets rally']);
  });
});

describe('cost and bounds', () => {
  const fresh = () =>
    createApp({
      db: database.db,
      feeds,
      httpPlugins: { pool: database.pool, logger: quietLogger, responseCache: { ttlMs: 60_000 } },
    });
  const statementsOf = async (work: () => Promise<unknown>) => {
    const before = database.stats.statements;
    await work();
    return database.stats.statements - before;
  };
  const cacheBytes = async (server: App) =>
    Number(/^broadsheet_feed_cache_bytes (\d+)$/m.exec((await send(server, '/metrics')).text)?.[1]);

  it('one statement for a page of items (with sections, summaries, entities); a scope lookup is one more; kept answers cost none', async () => {
    const server = fresh();
    expect(await statementsOf(() => send(server, '/feeds/rss.xml'))).toBe(1);
    expect(await statementsOf(() => send(server, '/feeds/sections/world/atom.xml'))).toBe(2);
    expect(await statementsOf(() => send(server, '/feeds/entities/ada-quill/feed.json'))).toBe(2);
    // Bylines and tags are in the page's statement.
    expect(await statementsOf(() => send(server, '/feeds/tags/port-strikes/rss.xml'))).toBe(2);
    expect(await statementsOf(() => send(server, '/feeds/authors/mina-harker/atom.xml'))).toBe(2);
    // A redirect is the lookup alone; an unknown slug too.
    expect(await statementsOf(() => send(server, '/feeds/tags/dock-strikes/rss.xml'))).toBe(1);
    expect(await statementsOf(() => send(server, '/feeds/authors/nobody/rss.xml'))).toBe(1);
    expect(await statementsOf(() => send(server, '/feeds/rss.xml'))).toBe(0);
    expect(await statementsOf(() => send(server, '/feeds/sections/world/atom.xml'))).toBe(1);
  });

  it('concurrent requests for one feed share its statements', async () => {
    const server = fresh();
    const statements = await statementsOf(() =>
      Promise.all(Array.from({ length: 20 }, () => send(server, '/feeds/feed.json'))),
    );
    expect(statements).toBe(1);
  });

  it('unknown slugs and junk paths never enter the kept answers', async () => {
    const server = fresh();
    for (const format of FORMATS) {
      await send(server, `/feeds/${format}`);
      await send(server, `/feeds/sections/world/${format}`);
    }
    const kept = await cacheBytes(server);
    expect(kept).toBeGreaterThan(0);
    for (let n = 0; n < 300; n += 1) {
      await send(server, `/feeds/entities/nobody-${n}/rss.xml`);
      await send(server, `/feeds/sections/nowhere-${n}/atom.xml`);
      await send(server, `/feeds/${n}/rss.xml`);
      await send(server, `/sitemaps/articles-${40_000 + n}.xml`);
    }
    expect(await cacheBytes(server)).toBe(kept);
  });
});

async function feedTitlesOf(server: App, path: string): Promise<string[]> {
  return (await send(server, path)).json.items.map((item: { title: string }) => item.title);
}

describe('lead images, read in the page’s statement', () => {
  it('RSS: an enclosure and media:content with the original’s type, size and alt text; Atom: an enclosure link; JSON Feed: image', async () => {
    const { tree, feed } = readXmlFeed((await send(app, '/feeds/rss.xml')).text);
    const [wire, stored] = [feed.items[2]!, feed.items[3]!];
    expect([wire.title, stored.title]).toEqual(['World brief 4', 'World brief 3']);
    expect(wire.media).toContainEqual(
      expect.objectContaining({ url: 'https://images.wire.example/harbour.jpg', mimeType: 'image/jpeg' }),
    );
    expect(tree.rss.channel.item[2]['media:content']).toMatchObject({
      '@url': 'https://images.wire.example/harbour.jpg',
      '@medium': 'image',
      '@type': 'image/jpeg',
      '@width': '1200',
      '@height': '800',
      'media:description': { '#text': 'The harbour & its cranes' },
    });
    // Size unknown: the enclosure's length is 0, as the RSS board advises.
    expect(tree.rss.channel.item[2].enclosure).toMatchObject({
      '@url': 'https://images.wire.example/harbour.jpg',
      '@length': '0',
      '@type': 'image/jpeg',
    });
    const original = `${API}/media/2026/03/0123456789abcdef0123456789abcdef.png`;
    expect(tree.rss.channel.item[3].enclosure).toMatchObject({
      '@url': original,
      '@length': '52000',
      '@type': 'image/png',
    });
    expect(stored.media.map((m) => m.url)).toContain(original);
    // No lead image: neither element.
    expect(tree.rss.channel.item[0].enclosure).toBeUndefined();
    expect(tree.rss.channel.item[0]['media:content']).toBeUndefined();
    const atom = readXmlFeed((await send(app, '/feeds/atom.xml')).text).feed;
    expect(atom.items[3]!.media).toContainEqual(expect.objectContaining({ url: original, mimeType: 'image/png' }));
    const json = (await send(app, '/feeds/feed.json')).json;
    expect(json.items.map((item: { image?: string }) => item.image ?? null)).toEqual([
      null,
      null,
      'https://images.wire.example/harbour.jpg',
      original,
    ]);
  });
});

describe('every format on items made by hand (an image of unknown type among them)', () => {
  const item = (articleId: number, image: FeedItem['image']): FeedItem => ({
    articleId,
    id: `urn:broadsheet:news.example:article:${articleId}`,
    url: `${SITE}/world/2026/03/story-${articleId}`,
    title: `Story ${articleId}`,
    summary: null,
    publishedAt: new Date('2026-03-01T08:00:00Z'),
    updatedAt: new Date('2026-03-01T09:00:00Z'),
    categories: [],
    authors: [{ name: 'Mina Harker', url: `${SITE}/authors/mina-harker` }],
    image,
  });
  const items = [
    item(1, {
      url: `${SITE}/images/harbour.jpg`,
      type: 'image/jpeg',
      width: 1200,
      height: 800,
      bytes: 123456,
      alt: 'The harbour & its cranes',
    }),
    item(2, { url: `${SITE}/images/brief-2` }),
  ];
  const render = (file: string) => {
    const format = FEED_FORMATS.find((f) => f.file === file)!;
    const scope = {
      key: 'site',
      path: '/feeds',
      title: 'The Example Times',
      description: 'News.',
      link: SITE,
      filter: {},
    };
    return format.render({ scope, selfUrl: `${API}/feeds/${file}`, items, config: feeds });
  };

  it('RSS: an enclosure and media:content', () => {
    const { tree, feed } = readXmlFeed(render('rss.xml'));
    expect(feed.items[0]!.media).toContainEqual(
      expect.objectContaining({ url: `${SITE}/images/harbour.jpg`, mimeType: 'image/jpeg', length: 123456 }),
    );
    const raw = tree.rss.channel.item[0];
    expect(raw['media:content']).toMatchObject({
      '@url': `${SITE}/images/harbour.jpg`,
      '@medium': 'image',
      '@width': '1200',
      '@height': '800',
      'media:description': { '#text': 'The harbour & its cranes' },
    });
    // An image of unknown type: media:content only (an RSS enclosure must name its type).
    expect(feed.items[1]!.media.map((m) => m.url)).toEqual([`${SITE}/images/brief-2`]);
    expect(tree.rss.channel.item[1].enclosure).toBeUndefined();
    expect(tree.rss.channel.item[1]['media:content']['@medium']).toBe('image');
  });

  it('Atom: an enclosure link; JSON Feed: image', () => {
    const { feed } = readXmlFeed(render('atom.xml'));
    expect(feed.items[0]!.media).toContainEqual(
      expect.objectContaining({ url: `${SITE}/images/harbour.jpg`, mimeType: 'image/jpeg' }),
    );
    const json = JSON.parse(render('feed.json'));
    checkJsonFeed(json);
    expect(json.items[0]).toMatchObject({
      image: `${SITE}/images/harbour.jpg`,
      authors: [{ name: 'Mina Harker', url: `${SITE}/authors/mina-harker` }],
    });
  });
});
