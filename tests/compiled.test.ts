import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { compileOperation } from '../src/compiled/compile.js';
import type { CompiledReadsStats } from '../src/compiled/reads.js';
import { MAX_PAGE_SIZE } from '../src/config.js';

type CompiledReads = { stats: CompiledReadsStats };

import { parse } from 'graphql';
import { schema } from '../src/schema/index.js';
import { bodyHash } from '../src/text/text.js';
import { createToken } from './helpers/auth.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';
import { listenHttp } from './helpers/http.js';

// Compiled reads (src/compiled/) answer repeated anonymous queries from one SQL statement that
// builds the JSON. Every test here sends the same request to two real HTTP servers over the same
// database: one with compiled reads off (the executor, the reference) and one with them on, where
// the first request teaches the operation and the second is answered compiled. The two answers
// must be the same bytes.

let database: TestDatabase;
let reference: { app: App; url: string };
let compiled: { app: App; url: string; reads: CompiledReads };

const names = ['Ada Quill', 'Ben Marr', 'Cora Vance', 'Dov Leis'];
const ids: { id: number; slug: string }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  for (let i = 0; i < 14; i += 1) {
    ids.push(
      await createArticle(database.db, {
        slug: `story-${i}`,
        title: `Story "${i}" \\ with quotes`,
        standfirst: i % 3 === 0 ? undefined : `Standfirst ${i} — “curly” and\ttab`,
        section: i % 5 === 4 ? null : ['World', 'Sport'][i % 2],
        status: i === 6 ? 'DRAFT' : i === 9 ? 'SCHEDULED' : undefined,
        // story-9 is scheduled for a time already past (visible, reads as PUBLISHED); story-13 is
        // scheduled for the future (hidden).
        publishedAt:
          i === 13 ? '2099-01-01T00:00:00.000Z' : new Date(Date.UTC(2026, 1, 1, i, 0, 0, i * 7)).toISOString(),
        body: `${names[i % 4]} met ${names[(i + 1) % 4]} in Port Vale on Monday.\n\nThey spoke about the harbour for an hour, said Mr. Vance.\n\nLater, ${names[i % 4]} left for Lisbon. Nobody knows why.`,
        summary: i % 2 === 0 ? `Editorial summary ${i}.` : undefined,
        entities: [
          { name: names[i % 4]!, kind: 'PERSON' },
          { name: names[(i + 1) % 4]!, kind: 'PERSON' },
          { name: 'Port Vale', kind: 'PLACE' },
        ],
        bylines:
          i % 3 === 0 ? [{ credit: 'Staff and agencies' }] : [names[i % 4]!, ...(i % 2 ? [{ credit: 'Reuters' }] : [])],
        tags: i % 2 ? ['Harbour', 'Port Vale talks'] : ['Harbour'],
      }),
    );
  }
  // World sits under News (one level of nesting, issue #19).
  await sql`insert into sections (slug, name, position) values ('news', 'News', 1)`.execute(database.db);
  await sql`update sections set parent_id = (select id from sections where slug = 'news') where slug = 'world'`.execute(
    database.db,
  );
  await database.db.updateTable('articles').set({ status: 'SCHEDULED' }).where('slug', '=', 'story-13').execute();
  const entity = await database.db
    .selectFrom('entities')
    .select(['id'])
    .where('slug', '=', 'ada-quill')
    .executeTakeFirstOrThrow();
  await sql`insert into entity_slug_redirects (slug, entity_id) values ('ada-q', ${entity.id})`.execute(database.db);
  const off = createApp({ db: database.db, compiledReads: false });
  const on = createApp({ db: database.db });
  reference = { app: off, url: await listenHttp(off) };
  compiled = {
    app: on,
    url: await listenHttp(on),
    reads: (on as unknown as { compiledReads: CompiledReads }).compiledReads,
  };
});

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
}

async function send(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

/** Sends the request to both servers (twice to the compiled one) and says which path answered. */
async function both(body: unknown, headers: Record<string, string> = {}) {
  const expected = await send(reference.url, body, headers);
  await send(compiled.url, body, headers); // teaches the operation (or generates what it needs)
  const before = compiled.reads.stats.executed;
  const actual = await send(compiled.url, body, headers);
  return { expected, actual, viaCompiled: compiled.reads.stats.executed - before === 1 };
}

const ARTICLE_FIELDS = `
  __typename id slug title standfirst body wordCount readingTimeMinutes status publishedAt createdAt updatedAt
  section { __typename id slug name description }
  entities { __typename entity { __typename id slug name kind aliases } mentionCount firstOffset salience source }
  people: entities(kind: PERSON) { entity { name } }
  summary { __typename text length method generatedAt }
  medium: summary(length: MEDIUM) { text method }
  previousArticle { slug title publishedAt }
  nextArticle { slug section { slug } }
  sectionPrevious: previousArticle(scope: SECTION) { slug }
`;

describe('compiled reads answer exactly as the executor does', () => {
  it('the article page, by slug, for every article (visible, draft, scheduled, missing)', async () => {
    const query = `query Page($slug: String!) { article(slug: $slug) { ${ARTICLE_FIELDS} } }`;
    for (const slug of [...ids.map((a) => a.slug), 'no-such-story']) {
      const { expected, actual, viaCompiled } = await both({ query, variables: { slug }, operationName: 'Page' });
      expect(viaCompiled, slug).toBe(true);
      expect(actual, slug).toEqual(expected);
      expect(JSON.parse(actual.text).errors).toBeUndefined();
    }
    // the scheduled, due article reads as published; the draft and the future one are hidden
    const answers = await Promise.all(
      ['story-9', 'story-6', 'story-13'].map((slug) =>
        send(compiled.url, { query, variables: { slug }, operationName: 'Page' }),
      ),
    );
    expect(answers.map((a) => JSON.parse(a.text).data.article?.status ?? null)).toEqual(['PUBLISHED', null, null]);
  });

  it('by global id, with literals, aliases, fragments, inline fragments and repeated keys', async () => {
    const query = `query { a: article(id: "${globalId('Article', ids[3]!.id)}") { ...Head ... on Node { id } ... on Article { title section { name } } section { slug } }
      b: article(slug: "story-4") { __typename title entities { salience entity { kind } } }
      __typename }
      fragment Head on Article { slug title standfirst }`;
    const { expected, actual, viaCompiled } = await both({ query });
    expect(viaCompiled).toBe(true);
    expect(actual).toEqual(expected);
  });

  it('lists and entity pages with edges, cursors and pageInfo', async () => {
    const cases = [
      `{ articles(first: 5) { edges { cursor node { slug title section { name } entities { entity { name slug kind } } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      `{ articles { __typename edges { __typename node { slug } } } }`,
      `{ articles(first: 100) { pageInfo { hasNextPage endCursor } edges { node { slug summary { text } } } } }`,
      `query E($slug: String!) { entity(slug: $slug) { __typename id name kind aliases articles(first: 3) { edges { cursor node { slug publishedAt } } pageInfo { hasNextPage startCursor } } } }`,
    ];
    for (const query of cases) {
      for (const variables of [{ slug: 'ada-quill' }, { slug: 'ada-q' }, { slug: 'nobody' }]) {
        const { expected, actual, viaCompiled } = await both({ query, variables });
        expect(viaCompiled, query).toBe(true);
        expect(actual, query).toEqual(expected);
      }
    }
    // pageInfo alone, nothing of it reading the page size, with the size a parameter of the
    // statement: it once went untyped ("could not determine data type of parameter $1").
    const pageInfoOnly = [
      [`query A($n: Int) { articles(first: $n) { pageInfo { startCursor hasPreviousPage } } }`, { n: 2 }],
      [
        `query L($p: String) { entities(first: 2, kind: PERSON, nameStartsWith: $p) { pageInfo { startCursor a1: hasPreviousPage } } }`,
        { p: 'Ad' },
      ],
      [
        `query L($p: String) { entities(first: 2, kind: PERSON, nameStartsWith: $p) { pageInfo { startCursor a1: hasPreviousPage } } }`,
        { p: 'Pm-|v)&R' },
      ],
      [`query B($n: Int) { articles(last: $n) { pageInfo { endCursor hasNextPage } } }`, { n: 2 }],
    ] as const;
    for (const [query, variables] of pageInfoOnly) {
      const { expected, actual, viaCompiled } = await both({ query, variables });
      expect(viaCompiled, query).toBe(true);
      expect(actual, query).toEqual(expected);
      expect(JSON.parse(actual.text).errors, query).toBeUndefined();
    }
  });

  it('Entity.articleCount: compiled, as the executor answers it, and as its loader counts under a row parent', async () => {
    const query = `query E($slug: String!) { entity(slug: $slug) { slug articleCount } entities(first: 20) { edges { node { slug articleCount } } } }`;
    let counts: Record<string, number> = {};
    for (const slug of ['ada-quill', 'ada-q', 'port-vale', 'nobody']) {
      const { expected, actual, viaCompiled } = await both({ query, variables: { slug } });
      expect(viaCompiled, slug).toBe(true);
      expect(actual, slug).toEqual(expected);
      const data = JSON.parse(actual.text).data;
      counts = Object.fromEntries(data.entities.edges.map((e: any) => [e.node.slug, e.node.articleCount]));
    }
    // The visible articles only: story-6 (a draft) and story-13 (scheduled for 2099) mention Port Vale too.
    expect(counts['port-vale']).toBe(12);
    // Under a row parent (a filtered search's articles, read by the loaders) the resolver's loader answers. Five results:
    // fifty, each entity's count weighing 50 (COUNT_WEIGHT), are past the cost limit.
    const search = `{ search(query: "Vale", first: 5, filter: { section: "world" }) { edges { node { article { entities { entity { slug articleCount } } } } } } }`;
    const answer = JSON.parse((await send(reference.url, { query: search })).text);
    expect(answer.errors).toBeUndefined();
    const viaLoader = answer.data.search.edges.flatMap((e: any) => e.node.article.entities.map((m: any) => m.entity));
    expect(viaLoader.length).toBeGreaterThan(0);
    for (const entity of viaLoader) expect(entity.articleCount, entity.slug).toBe(counts[entity.slug]);
  });

  it('bylines, tags and the section with its parent on the article page; author and tag pages; section fronts', async () => {
    const cases = [
      `query($slug: String!) { article(slug: $slug) { slug bylines { name credit author { __typename id name slug role bio links } } tags { __typename id name slug description } section { name parent { name slug position } } } }`,
      `{ author(slug: "ada-quill") { __typename id name slug articles(first: 2) { edges { cursor node { slug bylines { name } } } pageInfo { hasNextPage endCursor } } } }`,
      `{ tag(slug: "port-vale-talks") { __typename id name slug entity { name } articles(first: 3) { edges { cursor node { slug tags { slug } } } pageInfo { hasNextPage } } } }`,
      `{ section(slug: "news") { __typename id name slug position parent { name } subsections { slug name } articles(first: 3) { edges { cursor node { slug section { slug } } } pageInfo { hasNextPage } } } }`,
    ];
    for (const query of cases) {
      for (const slug of ['story-1', 'story-3', 'story-6']) {
        const { expected, actual, viaCompiled } = await both({
          query,
          variables: query.includes('$slug') ? { slug } : undefined,
        });
        expect(viaCompiled, query).toBe(true);
        expect(actual, query).toEqual(expected);
        expect(JSON.parse(actual.text).errors, query).toBeUndefined();
      }
    }
    const page = JSON.parse((await send(compiled.url, { query: cases[0], variables: { slug: 'story-1' } })).text).data
      .article;
    expect(page).toMatchObject({
      bylines: [
        { name: 'Ben Marr', credit: null, author: { slug: 'ben-marr' } },
        { name: 'Reuters', credit: 'Reuters', author: null },
      ],
      tags: [{ slug: 'harbour' }, { slug: 'port-vale-talks' }],
      section: { name: 'Sport', parent: null },
    });
    const front = JSON.parse((await send(compiled.url, { query: cases[3] })).text).data.section;
    // The front of News lists World's articles (its subsection), newest first.
    expect(front.subsections).toEqual([{ slug: 'world', name: 'World' }]);
    expect(front.articles.edges.map((e: { node: { section: { slug: string } } }) => e.node.section.slug)).toEqual([
      'world',
      'world',
      'world',
    ]);
  });

  it('the cursors it returns page on through the executor', async () => {
    const first = JSON.parse(
      (await both({ query: '{ articles(first: 2) { edges { cursor node { slug } } pageInfo { endCursor } } }' })).actual
        .text,
    );
    const after = first.data.articles.pageInfo.endCursor;
    const page = await send(compiled.url, {
      query: 'query($after: String) { articles(first: 2, after: $after) { edges { node { slug } } } }',
      variables: { after },
    });
    const slugs = JSON.parse(page.text).data.articles.edges.map((e: { node: { slug: string } }) => e.node.slug);
    const all = JSON.parse(
      (await send(reference.url, { query: '{ articles(first: 4) { edges { node { slug } } } }' })).text,
    ).data.articles.edges.map((e: { node: { slug: string } }) => e.node.slug);
    expect(slugs).toEqual(all.slice(2, 4));
  });
});

describe('compiled search answers every page exactly as the executor does', () => {
  const QUERY = `query S($q: String!, $n: Int) { search(query: $q, first: $n) {
    __typename edges { __typename cursor node { __typename rank article { slug title publishedAt section { name } } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
  // Without cursors, and with the query and size written in the document.
  const PLAIN = (q: string, n: number | undefined) =>
    `{ search(query: ${JSON.stringify(q)}${n === undefined ? '' : `, first: ${n}`}) { edges { node { rank article { title slug } } } pageInfo { hasNextPage } } }`;
  const TERMS = [
    'harbour',
    'Lisbon',
    'Port Vale',
    '"spoke about"',
    'harbour -Lisbon',
    'Vance OR Quill',
    'nothingmatcheshere',
  ];

  // Windows of 3 matches (SEARCH_RANK_WINDOW=3) make the first pages span several windows.
  for (const window of [200, 3, 0]) {
    it(`with SEARCH_RANK_WINDOW=${window}, every term and page size, and the cursors page on`, async () => {
      const off = createApp({ db: database.db, compiledReads: false, searchRankWindow: window });
      const on = createApp({ db: database.db, searchRankWindow: window });
      const offUrl = await listenHttp(off);
      const onUrl = await listenHttp(on);
      const reads = (on as unknown as { compiledReads: CompiledReads }).compiledReads;
      let matched = 0;
      let windowsCrossed = 0;
      for (const q of TERMS) {
        for (const n of [1, 2, 5, 20, undefined]) {
          const body = { query: QUERY, variables: { q, n }, operationName: 'S' };
          const expected = await send(offUrl, body);
          await send(onUrl, body);
          const before = reads.stats.executed;
          const actual = await send(onUrl, body);
          expect(reads.stats.executed - before, `${q} ${n}`).toBe(1);
          expect(actual, `${q} ${n}`).toEqual(expected);
          const plain = { query: PLAIN(q, n) };
          const plainExpected = await send(offUrl, plain);
          await send(onUrl, plain);
          const plainBefore = reads.stats.executed;
          expect(await send(onUrl, plain), `${q} ${n} plain`).toEqual(plainExpected);
          expect(reads.stats.executed - plainBefore, `${q} ${n} plain`).toBe(1);
          const data = JSON.parse(actual.text).data.search;
          matched += data.edges.length;
          // Pages 2, 3 and 4 by `after`, compiled and through the executor: with windows of 3, their
          // cursors are in windows past the first (the page walks on through older windows).
          let after = data.pageInfo.hasNextPage ? data.pageInfo.endCursor : null;
          for (let page = 2; after && page <= 4; page += 1) {
            const next = {
              query:
                'query N($q: String!, $after: String) { search(query: $q, first: 3, after: $after) { edges { cursor node { rank highlights article { slug } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }',
              variables: { q, after },
            };
            const nextExpected = await send(offUrl, next);
            await send(onUrl, next);
            const nextBefore = reads.stats.executed;
            expect(await send(onUrl, next), `${q} ${n} page ${page}`).toEqual(nextExpected);
            expect(reads.stats.executed - nextBefore, `${q} ${n} page ${page}`).toBe(1);
            const nextPage = JSON.parse(nextExpected.text).data.search;
            expect(nextPage.pageInfo.hasPreviousPage).toBe(true);
            if (window === 3) windowsCrossed += nextPage.edges.length;
            after = nextPage.pageInfo.hasNextPage ? nextPage.pageInfo.endCursor : null;
          }
        }
      }
      // The terms find something: the comparison is over real pages, not empty ones.
      expect(matched).toBeGreaterThan(100);
      if (window === 3) expect(windowsCrossed).toBeGreaterThan(20);
    });
  }

  it('highlights and totalCount too, in the same statement, compiled and through the executor alike', async () => {
    const FIELDS = `totalCount edges { cursor node { rank highlights article { slug title section { name } } } }
      pageInfo { hasNextPage endCursor }`;
    // `filter: {}` narrows nothing: the same statement as no filter.
    const declared = `query S($q: String!, $n: Int) { search(query: $q, first: $n) { ${FIELDS} } }`;
    const empty = `query S($q: String!, $n: Int) { search(query: $q, first: $n, filter: {}) { ${FIELDS} } }`;
    let highlighted = 0;
    // 'curly' is only in standfirsts, which ts_headline does not read: the title's opening words.
    for (const q of [...TERMS, 'curly']) {
      for (const n of [1, 5, undefined]) {
        const variables = { q, n };
        const { expected, actual, viaCompiled } = await both({ query: declared, variables });
        expect(viaCompiled, `${q} ${n}`).toBe(true);
        expect(actual, `${q} ${n}`).toEqual(expected);
        const unfiltered = await both({ query: empty, variables });
        expect(unfiltered.viaCompiled, `${q} ${n} filter: {}`).toBe(true);
        expect(unfiltered.actual.text, `${q} ${n} filter: {}`).toBe(actual.text);
        expect(unfiltered.expected.text, `${q} ${n} filter: {}`).toBe(actual.text);
        const data = JSON.parse(actual.text).data.search;
        expect(data.totalCount).toBeGreaterThanOrEqual(data.edges.length);
        highlighted += data.edges.filter((e: { node: { highlights: string[] } }) =>
          e.node.highlights.some((h) => h.includes('<mark>')),
        ).length;
      }
    }
    expect(highlighted).toBeGreaterThan(20);
  });

  it('pages on by `after` and filters (section, entity, tag, author, dates, language) from the same declaration', async () => {
    const query = `query S($q: String!, $n: Int, $after: String, $filter: ArticleFilter) {
      search(query: $q, first: $n, after: $after, filter: $filter) {
        totalCount edges { cursor node { rank highlights article { slug section { slug } } } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    const filters = [
      undefined,
      { section: 'world' },
      { section: 'news' },
      { entity: 'ada-quill' },
      { entity: 'ada-q' },
      { entity: 'nobody' },
      { tag: 'port-vale-talks' },
      { author: 'cora-vance' },
      { publishedAfter: '2026-02-01T03:00:00Z' },
      { publishedAfter: '2026-02-01T02:00:00Z', publishedBefore: '2026-02-01T09:00:00Z', section: 'sport' },
      { language: 'en' },
    ];
    let pages = 0;
    for (const q of ['harbour', 'Vance OR Quill', 'Lisbon']) {
      for (const filter of filters) {
        let after: string | null = null;
        const slugs: string[] = [];
        for (let page = 1; page <= 4; page += 1) {
          const variables = { q, n: 2, after, filter };
          const { expected, actual, viaCompiled } = await both({ query, variables });
          const label = JSON.stringify(variables);
          expect(viaCompiled, label).toBe(true);
          expect(actual, label).toEqual(expected);
          const data = JSON.parse(actual.text).data.search;
          expect(data.pageInfo.hasPreviousPage, label).toBe(after !== null);
          slugs.push(...data.edges.map((e: { node: { article: { slug: string } } }) => e.node.article.slug));
          if (page > 1) pages += 1;
          if (!data.pageInfo.hasNextPage) break;
          after = data.pageInfo.endCursor;
        }
        // The pages walk the list the whole first page (first: 100) holds, each result once.
        const whole = JSON.parse((await send(reference.url, { query, variables: { q, n: 100, filter } })).text).data
          .search.edges;
        expect(slugs, `${q} ${JSON.stringify(filter)}`).toEqual(
          whole.slice(0, slugs.length).map((e: { node: { article: { slug: string } } }) => e.node.article.slug),
        );
      }
    }
    expect(pages).toBeGreaterThan(20);
    // The conditions are ArticleFilter's: a tag and an author narrow a search as they narrow `articles`.
    const slugsOf = async (filter: object, field: 'search' | 'articles') => {
      const document =
        field === 'search'
          ? 'query($filter: ArticleFilter) { search(query: "harbour", first: 100, filter: $filter) { edges { node { article { slug } } } } }'
          : 'query($filter: ArticleFilter) { articles(first: 100, filter: $filter) { edges { node { slug } } } }';
      const edges = JSON.parse((await send(compiled.url, { query: document, variables: { filter } })).text).data[field]
        .edges;
      return edges
        .map((e: { node: { slug?: string; article?: { slug: string } } }) => e.node.article?.slug ?? e.node.slug)
        .sort();
    };
    for (const filter of [{ tag: 'port-vale-talks' }, { author: 'cora-vance' }, { section: 'world' }]) {
      const found = await slugsOf(filter, 'search');
      expect(found.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(found.length, JSON.stringify(filter)).toBeLessThan((await slugsOf({}, 'search')).length);
      expect(found, JSON.stringify(filter)).toEqual(await slugsOf(filter, 'articles'));
    }
  });

  it('walks its first page through the first window alone when a window holds any page, through the general walk otherwise', () => {
    // The statement serves every `first` up to MAX_PAGE_SIZE (one row more for hasNextPage).
    const text = (window: number) =>
      compileOperation(schema, parse(PLAIN('harbour', 2)), undefined, { searchRankWindow: window })!.text;
    for (const window of [MAX_PAGE_SIZE + 1, 200])
      expect(text(window), String(window)).not.toContain("p.mode = 'below'");
    for (const window of [0, 3, MAX_PAGE_SIZE]) expect(text(window), String(window)).toContain("p.mode = 'below'");
  });

  it('hands the executor the errors of its arguments, which it reports as before', async () => {
    const harbour = JSON.parse(
      (await send(reference.url, { query: '{ search(query: "harbour", first: 1) { pageInfo { endCursor } } }' })).text,
    ).data.search.pageInfo.endCursor as string;
    const lisbon = JSON.parse(
      (await send(reference.url, { query: '{ search(query: "Lisbon", first: 1) { pageInfo { endCursor } } }' })).text,
    ).data.search.pageInfo.endCursor as string;
    const forged = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
    const [kind, ...position] = JSON.parse(Buffer.from(harbour, 'base64url').toString()) as unknown[];
    const cases: [Record<string, unknown>, string][] = [
      [{ q: '   ' }, 'BAD_USER_INPUT'],
      [{ q: 'x'.repeat(300) }, 'BAD_USER_INPUT'],
      [{ q: 'harbour', n: 500 }, 'PAGINATION_LIMIT_EXCEEDED'],
      [{ q: 'harbour', n: -1 }, 'BAD_USER_INPUT'],
      [{ q: 'harbour', after: 'bm90LWEtY3Vyc29y' }, 'INVALID_CURSOR'],
      // Another query's cursor, and this query's with a value no cursor holds.
      [{ q: 'harbour', after: lisbon }, 'INVALID_CURSOR'],
      [{ q: 'harbour', after: forged([kind, ...position.slice(0, 6), 0]) }, 'INVALID_CURSOR'],
      [{ q: 'harbour', n: 0, after: lisbon }, 'INVALID_CURSOR'],
      // The cursor first, then the filter.
      [{ q: 'harbour', after: lisbon, filter: { status: ['DRAFT'] } }, 'INVALID_CURSOR'],
      [{ q: 'harbour', filter: { status: ['DRAFT'] } }, 'FORBIDDEN'],
      [{ q: 'harbour', filter: { language: 'not a tag!' } }, 'BAD_USER_INPUT'],
      [
        { q: 'harbour', filter: { publishedAfter: '2026-02-02T00:00:00Z', publishedBefore: '2026-02-01T00:00:00Z' } },
        'BAD_USER_INPUT',
      ],
      // A slug of nothing empties the list before the filter's other errors.
      [{ q: 'harbour', after: harbour, filter: { section: 'nowhere', status: ['DRAFT'] } }, ''],
    ];
    // With the response cache on, searches are left to it (reads.ts passes search: false).
    expect(compileOperation(schema, parse(PLAIN('harbour', 2)))).not.toBeNull();
    expect(compileOperation(schema, parse(PLAIN('harbour', 2)), undefined, { search: false })).toBeNull();
    const query =
      'query S($q: String!, $n: Int, $filter: ArticleFilter, $after: String) { search(query: $q, first: $n, filter: $filter, after: $after) { totalCount edges { node { rank article { slug } } } pageInfo { hasNextPage hasPreviousPage } } }';
    await both({ query, variables: { q: 'harbour', n: 2 } });
    for (const [variables, code] of cases) {
      const { expected, actual, viaCompiled } = await both({ query, variables });
      const label = JSON.stringify(variables);
      expect(viaCompiled, label).toBe(false);
      expect(actual, label).toEqual(expected);
      const answer = JSON.parse(actual.text);
      expect(answer.errors?.[0]?.extensions?.code ?? '', label).toBe(code);
      if (!code)
        expect(answer.data.search, label).toEqual({
          totalCount: 0,
          edges: [],
          pageInfo: { hasNextPage: false, hasPreviousPage: true },
        });
    }
    // A field under an article that hands over without needs (an argument error) makes the article
    // its resolver's (SearchResult.article's need, the id; the loaded row), which reports the
    // error at that field (the list is non-null: the search is null).
    const nested = {
      query:
        '{ search(query: "harbour", first: 2) { edges { node { rank article { slug relatedArticles(first: 50) { slug } } } } } }',
    };
    const viaRows = await both(nested);
    expect(viaRows.actual).toEqual(viaRows.expected);
    const rows = JSON.parse(viaRows.actual.text);
    expect(rows.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    expect(rows.errors[0].path).toEqual(['search', 'edges', 0, 'node', 'article', 'relatedArticles']);
    // What it serves: a page of 0 (totalCount alone), a filter, a cursor.
    for (const variables of [
      { q: 'harbour', n: 0 },
      { q: 'harbour', n: 0, after: harbour },
      { q: 'harbour', filter: { section: 'world' } },
      { q: 'harbour', filter: { section: 'nowhere' } },
      { q: 'harbour', n: 2, after: harbour, filter: { entity: 'ada-quill' } },
    ]) {
      const { expected, actual, viaCompiled } = await both({ query, variables });
      expect(viaCompiled, JSON.stringify(variables)).toBe(true);
      expect(actual, JSON.stringify(variables)).toEqual(expected);
      expect(JSON.parse(actual.text).errors, JSON.stringify(variables)).toBeUndefined();
    }
  });
});

describe('forged cursors outside years 1 to 9999', () => {
  const forged = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
  const codes = (answer: Answer) => {
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text).not.toMatch(/out of range|syntax|invalid input/i);
    return (JSON.parse(answer.text).errors ?? []).map((e: { extensions: { code: string } }) => e.extensions.code);
  };

  it('a search cursor at the edges of PostgreSQL’s times is a position on both paths; past them, INVALID_CURSOR', async () => {
    const harbour = JSON.parse(
      (await send(reference.url, { query: '{ search(query: "harbour", first: 1) { pageInfo { endCursor } } }' })).text,
    ).data.search.pageInfo.endCursor as string;
    const [kind] = JSON.parse(Buffer.from(harbour, 'base64url').toString()) as string[];
    const query =
      'query S($after: String) { search(query: "harbour", first: 3, after: $after) { edges { cursor node { rank article { slug } } } pageInfo { hasNextPage hasPreviousPage } } }';
    // The largest int8 (294247 AD) and 4714 BC (PostgreSQL's first day), years 10000 and -1, and
    // infinity. Past int8, up to PostgreSQL's last day (294276), the statement failed with
    // "bigint out of range" (BAD_USER_INPUT) writing the key back.
    const latest = '9223372036854775807';
    const earliest = '-210866803200000000';
    for (const [top, bottom, code] of [
      [latest, earliest, ''],
      ['253402300800000000', '-62198755200000000', ''],
      ['infinity', earliest, ''],
      ['9224318016000000000', earliest, 'INVALID_CURSOR'],
      ['9224318015999999999', earliest, 'INVALID_CURSOR'],
      ['9223372036854775808', earliest, 'INVALID_CURSOR'],
      [latest, '-210866803200000001', 'INVALID_CURSOR'],
      ['1e30', earliest, 'INVALID_CURSOR'],
    ] as const) {
      for (const last of [0, 1]) {
        const variables = { after: forged([kind, top, 7, bottom, 3, last, 0.5, 5]) };
        const { expected, actual } = await both({ query, variables });
        expect(actual, JSON.stringify(variables)).toEqual(expected);
        expect(codes(actual), `${top} ${bottom}`).toEqual(code ? [code] : []);
      }
    }
  });

  it('an article cursor of year 10000 or before year 1 reads as the executor reads it, never a database error', async () => {
    const query =
      'query L($after: String, $before: String) { articles(first: 2, after: $after) { edges { node { slug } } } b: articles(last: 2, before: $before) { edges { node { slug } } } }';
    for (const at of [
      '+010000-01-01T00:00:00.000Z',
      '-000001-06-01T00:00:00.000Z',
      '0000-01-01T00:00:00.000000Z',
      '10000-01-01T00:00:00.000000Z',
      '-271821-04-20T00:00:00.000Z',
      '+275760-09-13T00:00:00.000Z',
    ]) {
      const cursor = forged(['article:PUBLISHED_AT_DESC', at, 1]);
      const { expected, actual } = await both({ query, variables: { after: cursor, before: cursor } });
      expect(actual, at).toEqual(expected);
      for (const code of codes(actual)) expect(code, at).toBe('INVALID_CURSOR');
    }
  });
});

describe('node and nodes: the type from the global id, each type by its declared lookup', () => {
  const TYPES = ['Article', 'Author', 'Entity', 'Section', 'Tag', 'Image'] as const;
  const TABLES = {
    Article: 'articles',
    Author: 'authors',
    Entity: 'entities',
    Section: 'sections',
    Tag: 'tags',
    Image: 'images',
  };
  const SELECTION = `__typename ... on Node { nodeId: id }
    ... on Article { title section { name } entities { entity { name } } }
    ... on Author { name slug } ... on Entity { name kind } ... on Section { name parent { slug } }
    ... on Tag { name slug } ... on Image { width alt }`;
  let every: { typename: string; id: string }[] = [];

  beforeAll(async () => {
    // Two images: one an article shows (public), one no article uses (editors only).
    const images = await sql<{
      id: number;
    }>`insert into images (external_url, mime_type, width, height, alt, created_at, updated_at)
      values ('https://img.example/a.jpg', 'image/jpeg', 800, 600, 'A harbour', now(), now()),
             ('https://img.example/b.jpg', 'image/jpeg', 640, 480, null, now(), now()) returning id`.execute(
      database.db,
    );
    await sql`update articles set lead_image_id = ${images.rows[0]!.id} where slug = 'story-1'`.execute(database.db);
    every = [];
    for (const typename of TYPES) {
      const rows = await sql<{ id: number }>`select id from ${sql.table(TABLES[typename])} order by id`.execute(
        database.db,
      );
      for (const { id } of rows.rows) every.push({ typename, id: globalId(typename, id) });
      // One that does not exist.
      every.push({ typename, id: globalId(typename, 999_999) });
    }
  });

  /**
   * The same object through `_entities`, a reference by the same id: read by the same lookups
   * through the federation's representations, it answers as `node` does.
   */
  async function viaLoaders(typename: string, id: string, headers: Record<string, string> = {}) {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ${SELECTION} } }`;
    const answer = await send(reference.url, { query, variables: { r: [{ __typename: typename, id }] } }, headers);
    return JSON.parse(answer.text).data._entities[0];
  }

  /** The object `node(id:)` answers, through the executor. */
  async function viaNode(id: string, headers: Record<string, string> = {}) {
    const query = `query($id: ID!) { node(id: $id) { ${SELECTION} } }`;
    return JSON.parse((await send(reference.url, { query, variables: { id } }, headers)).text).data.node;
  }

  it('node(id:) for every id of every Node type (visible, hidden, missing), compiled, as the executor and the loaders answer', async () => {
    const query = `query($id: ID!) { node(id: $id) { ${SELECTION} } }`;
    const editor = (await createToken(database.db, 'desk', ['read:drafts'])).headers;
    let found = 0;
    for (const { typename, id } of every) {
      const { expected, actual, viaCompiled } = await both({ query, variables: { id } });
      expect(viaCompiled, `${typename} ${id}`).toBe(true);
      expect(actual, `${typename} ${id}`).toEqual(expected);
      const node = JSON.parse(actual.text).data.node;
      expect(JSON.stringify(node), `${typename} ${id}`).toBe(JSON.stringify(await viaLoaders(typename, id)));
      if (node) found += 1;
      // Editors see drafts, unused images and hidden entities through the executor's read-through.
      const forEditor = JSON.parse((await send(reference.url, { query, variables: { id } }, editor)).text).data.node;
      expect(JSON.stringify(forEditor), `${typename} ${id} editor`).toBe(
        JSON.stringify(await viaLoaders(typename, id, editor)),
      );
    }
    // Every type answers some of its ids, and hides or misses others.
    expect(found).toBeGreaterThan(TYPES.length * 2);
    expect(found).toBeLessThan(every.length - TYPES.length);
  });

  it('the README article by node id, written in the document: one statement on both paths', async () => {
    const query = `{ node(id: "${globalId('Article', ids[3]!.id)}") { ... on Article { title section { name } entities { entity { name } } } } }`;
    const { expected, actual, viaCompiled } = await both({ query });
    expect(viaCompiled).toBe(true);
    expect(actual).toEqual(expected);
    expect(JSON.parse(actual.text).data.node.title).toBe('Story "3" \\ with quotes');
    // Only the Article branch is written: the id is known while compiling.
    const plan = compileOperation(schema, parse(query))!;
    expect(plan.text).toContain("'Article'");
    expect(plan.text).not.toContain("'Section'");
    for (const url of [compiled.url, reference.url]) {
      const before = database.stats.statements;
      await send(url, { query });
      expect(database.stats.statements - before, url).toBe(1);
    }
  });

  it('nodes(ids:) of every type at once, in order, compiled; with bad ids the executor reports each at its index', async () => {
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ${SELECTION} } }`;
    const all = every.map((e) => e.id);
    const good = await both({ query, variables: { ids: all } });
    expect(good.viaCompiled).toBe(true);
    expect(good.actual).toEqual(good.expected);
    const nodes = JSON.parse(good.actual.text).data.nodes;
    expect(nodes).toHaveLength(all.length);
    for (const [i, { typename, id }] of every.entries())
      expect(JSON.stringify(nodes[i]), id).toBe(JSON.stringify(await viaLoaders(typename, id)));
    for (const ids of [[], [all[0]!, all[0]!]]) {
      const { expected, actual, viaCompiled } = await both({ query, variables: { ids } });
      expect(viaCompiled, JSON.stringify(ids)).toBe(true);
      expect(actual).toEqual(expected);
    }
    const bad = [
      all[0]!,
      'not-an-id',
      globalId('Query', 1),
      all[all.length - 2]!,
      globalId('Nope', 3),
      'QXJ0aWNsZTox=',
    ];
    const { expected, actual, viaCompiled } = await both({ query, variables: { ids: bad } });
    expect(viaCompiled).toBe(false);
    expect(actual).toEqual(expected);
    const answer = JSON.parse(actual.text);
    expect(answer.errors.map((e: { path: unknown[] }) => e.path)).toEqual([
      ['nodes', 1],
      ['nodes', 2],
      ['nodes', 4],
      ['nodes', 5],
    ]);
    expect(answer.data.nodes[0]).not.toBeNull();
  });

  it('unknown and invalid ids in node(id:) go to the executor, which reports INVALID_ID as before', async () => {
    const query = `query($id: ID!) { node(id: $id) { ${SELECTION} } }`;
    for (const id of [
      'not-an-id',
      '',
      globalId('Query', 1),
      globalId('Nope', 1),
      globalId('Article', 0),
      'QXJ0aWNsZTox=',
    ]) {
      const { expected, actual, viaCompiled } = await both({ query, variables: { id } });
      expect(viaCompiled, id).toBe(false);
      expect(actual, id).toEqual(expected);
      const answer = JSON.parse(actual.text);
      expect(answer.data.node, id).toBeNull();
      expect(answer.errors[0].extensions.code, id).toBe('INVALID_ID');
    }
    // Written in the document, the bad id is refused on every request, never compiled as null.
    const literal = await both({ query: `{ node(id: "not-an-id") { __typename } }` });
    expect(literal.viaCompiled).toBe(false);
    expect(literal.actual).toEqual(literal.expected);
  });

  it("_entities by id and by slug, every entity type at once, in order, compiled; bad references are the executor's, each at its index", async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ${SELECTION} } }`;
    const slugs: { typename: string; id: string; slug: string }[] = [];
    for (const typename of TYPES.filter((t) => t !== 'Image')) {
      const rows = await sql<{
        id: number;
        slug: string;
      }>`select id, slug from ${sql.table(TABLES[typename])} order by id`.execute(database.db);
      for (const { id, slug } of rows.rows) slugs.push({ typename, id: globalId(typename, id), slug });
      slugs.push({ typename, id: globalId(typename, 999_999), slug: 'no-such-slug' });
    }
    const representations = [
      ...every.map(({ typename, id }) => ({ __typename: typename, id })),
      ...slugs.map(({ typename, slug }) => ({ __typename: typename, slug })),
    ];
    const editor = (await createToken(database.db, 'desk', ['read:drafts'])).headers;
    for (const headers of [{}, editor]) {
      const { expected, actual, viaCompiled } = await both({ query, variables: { r: representations } }, headers);
      if (headers !== editor) expect(viaCompiled).toBe(true);
      expect(actual).toEqual(expected);
      const answers = JSON.parse(actual.text).data._entities;
      expect(answers).toHaveLength(representations.length);
      // By id, as node answers; by slug, as the same row by id (null where the slug is unknown).
      for (const [i, { typename, id }] of every.entries())
        expect(JSON.stringify(answers[i]), `${typename} ${id}`).toBe(JSON.stringify(await viaNode(id, headers)));
      let named = 0;
      for (const [j, { typename, id, slug }] of slugs.entries()) {
        const bySlug = answers[every.length + j];
        if (slug === 'no-such-slug') expect(bySlug, typename).toBeNull();
        else {
          expect(JSON.stringify(bySlug), `${typename} ${slug}`).toBe(JSON.stringify(await viaNode(id, headers)));
          if (bySlug) named += 1;
        }
      }
      expect(named).toBeGreaterThan(5);
    }
    const bad = [
      representations[0]!,
      { __typename: 'Article', id: 'not-an-id' },
      { __typename: 'Image', slug: 'a-harbour' },
      { __typename: 'Tag' },
      { __typename: 'Section', id: globalId('Tag', 1) },
      representations[representations.length - 2]!,
    ];
    const { expected, actual, viaCompiled } = await both({ query, variables: { r: bad } });
    expect(viaCompiled).toBe(false);
    expect(actual).toEqual(expected);
    const answer = JSON.parse(actual.text);
    expect(answer.errors.map((e: { path: unknown[] }) => e.path)).toEqual([
      ['_entities', 1],
      ['_entities', 2],
      ['_entities', 3],
      ['_entities', 4],
    ]);
    expect(answer.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual([
      'INVALID_ID',
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
      'INVALID_ID',
    ]);
    expect(answer.data._entities[0]).not.toBeNull();
    expect(answer.data._entities[5]).not.toBeNull();
    // A slug PostgreSQL cannot take: the loaders' batch reports it in its own slot, as before.
    const nul = await both({ query, variables: { r: [representations[0]!, { __typename: 'Tag', slug: 'a\u0000b' }] } });
    expect(nul.viaCompiled).toBe(false);
    expect(nul.actual).toEqual(nul.expected);
    const nulAnswer = JSON.parse(nul.actual.text);
    expect(nulAnswer.errors.map((e: { path: unknown[] }) => e.path)).toEqual([['_entities', 1]]);
    expect(nulAnswer.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(nulAnswer.data._entities[0]).not.toBeNull();
  });
});

describe('what compiled reads leave to the executor', () => {
  it('errors: bad ids, both or neither of id and slug, page sizes, wrong variables', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['query($id: ID) { article(id: $id) { slug } }', { id: 'not-an-id' }],
      ['query($id: ID) { article(id: $id) { slug } }', { id: globalId('Entity', 1) }],
      [
        'query($id: ID, $slug: String) { article(id: $id, slug: $slug) { slug } }',
        { id: globalId('Article', ids[0]!.id), slug: 'story-1' },
      ],
      ['query($id: ID, $slug: String) { article(id: $id, slug: $slug) { slug } }', {}],
      ['query($n: Int) { articles(first: $n) { edges { node { slug } } } }', { n: 500 }],
      ['query($n: Int) { articles(first: $n) { edges { node { slug } } } }', { n: -1 }],
      ['query($n: Int) { articles(first: $n) { edges { node { slug } } } }', { n: 'five' }],
      ['query($slug: String!) { article(slug: $slug) { slug } }', {}],
    ];
    for (const [query, variables] of cases) {
      const { expected, actual, viaCompiled } = await both({ query, variables });
      expect(viaCompiled, JSON.stringify(variables)).toBe(false);
      expect(actual, query).toEqual(expected);
      expect(JSON.parse(actual.text).errors?.length ?? 0, query).toBeGreaterThan(0);
    }
  });

  it('an argument out of range under an article of a list is that field’s BAD_USER_INPUT, at its path, on both paths', async () => {
    // The list has no resolver of its own to fall back on: the field hands itself over with what
    // its resolver reads (relatedArticles the article's id; url and srcset the image's source).
    // Without that, the whole list answered INTERNAL_SERVER_ERROR.
    const image = await sql<{
      id: number;
    }>`insert into images (external_url, mime_type, width, height, created_at, updated_at)
      values ('https://img.example/c.jpg', 'image/jpeg', 800, 600, now(), now()) returning id`.execute(database.db);
    await sql`update articles set lead_image_id = ${image.rows[0]!.id} where slug = 'story-2'`.execute(database.db);
    const cases: [string, Record<string, unknown>, (string | number)[]][] = [
      [
        '{ articles(first: 3) { edges { node { slug relatedArticles(first: 21) { slug } } } } }',
        {},
        ['relatedArticles'],
      ],
      [
        'query($n: Int!) { articles(first: 2) { edges { node { relatedArticles(first: $n) { slug } } } } }',
        { n: -1 },
        ['relatedArticles'],
      ],
      [
        'query($w: Int!) { articles(first: 20) { edges { node { leadImage { url(width: $w) } } } } }',
        { w: 0 },
        ['leadImage', 'url'],
      ],
      [
        '{ articles(first: 20) { edges { node { leadImage { srcset(widths: [320, 0]) } } } } }',
        {},
        ['leadImage', 'srcset'],
      ],
    ];
    for (const [query, variables, tail] of cases) {
      const { expected, actual, viaCompiled } = await both({ query, variables });
      expect(viaCompiled, query).toBe(false);
      expect(actual, query).toEqual(expected);
      const { errors } = JSON.parse(actual.text) as {
        errors: { path: (string | number)[]; extensions: { code: string } }[];
      };
      expect(errors.length, query).toBeGreaterThan(0);
      for (const error of errors) {
        expect(error.extensions.code, query).toBe('BAD_USER_INPUT');
        expect(error.path.slice(0, 2), query).toEqual(['articles', 'edges']);
        expect(error.path.slice(-tail.length), query).toEqual(tail);
      }
    }
  });

  it('the same operation with good variables is then compiled', async () => {
    const query = 'query($n: Int) { articles(first: $n) { edges { node { slug } } } }';
    const { actual, expected, viaCompiled } = await both({ query, variables: { n: 3 } });
    expect(viaCompiled).toBe(true);
    expect(actual).toEqual(expected);
  });

  it('fields it does not compile and viewers who see drafts; a token without read:drafts, cookies, GET and the other media type compile', async () => {
    for (const query of [
      '{ article(slug: "story-1") { title paragraphs } }',
      '{ article(slug: "story-1") { relatedArticles(first: 3) { slug title section { slug } } } }',
      '{ sections { slug name parent { slug } articles(last: 2) { totalCount edges { cursor node { slug } } } } }',
    ]) {
      const compiledNow = await both({ query });
      expect(compiledNow.viaCompiled, query).toBe(true);
      expect(compiledNow.actual, query).toEqual(compiledNow.expected);
    }
    // Out of range: the executor answers with its coded error.
    const outOfRange = await both({ query: '{ article(slug: "story-1") { relatedArticles(first: 21) { slug } } }' });
    expect(outOfRange.viaCompiled).toBe(false);
    expect(outOfRange.actual).toEqual(outOfRange.expected);
    const notCompiled = [
      '{ article(slug: "story-1") { summary { sentences } } }',
      'query($skip: Boolean!) { article(slug: "story-1") { title @skip(if: $skip) } }',
    ];
    for (const query of notCompiled) {
      expect(compileOperation(schema, parse(query)), query).toBeNull();
      const { expected, actual, viaCompiled } = await both({ query, variables: { skip: false } });
      expect(viaCompiled, query).toBe(false);
      expect(actual, query).toEqual(expected);
    }
    const query = '{ article(slug: "story-2") { title } }';
    await both({ query });
    // The compiled SQL applies the public visibility rule: a viewer who sees drafts takes the executor.
    const editor = (await createToken(database.db, 'reader', ['read:drafts'])).headers;
    const writer = (await createToken(database.db, 'writer', ['write:entities'])).headers;
    for (const [headers, compiles] of [
      [editor, false],
      [writer, true],
      [{ accept: 'application/graphql-response+json' }, true],
      [{ accept: 'application/graphql-response+json,application/json;q=0.9' }, true],
      [{ cookie: 'a=b' }, true],
    ] as const) {
      const before = compiled.reads.stats.executed;
      const { expected, actual } = await both({ query }, headers);
      expect(compiled.reads.stats.executed - before, JSON.stringify(headers)).toBe(compiles ? 2 : 0);
      expect(actual).toEqual(expected);
    }
    const get = async (url: string) => {
      const response = await fetch(`${url}?query=${encodeURIComponent(query)}`);
      return {
        status: response.status,
        contentType: response.headers.get('content-type'),
        text: await response.text(),
      };
    };
    const before = compiled.reads.stats.executed;
    expect(await get(compiled.url)).toEqual(await get(reference.url));
    expect(compiled.reads.stats.executed - before).toBe(1);
  });

  it('a summary that has to be generated goes to the executor once, then compiles', async () => {
    const { id, slug } = await createArticle(database.db, {
      slug: 'fresh-story',
      body: 'Ada Quill opened the new harbour bridge in Port Vale on Monday.\n\nThe bridge took four years to build.',
    });
    expect(id).toBeGreaterThan(0);
    const query = `{ article(slug: "${slug}") { summary(length: LONG) { text method } } }`;
    const first = await send(compiled.url, { query });
    expect(JSON.parse(first.text).data.article.summary.method).toBe('EXTRACTIVE');
    const before = compiled.reads.stats.executed;
    const second = await send(compiled.url, { query });
    expect(compiled.reads.stats.executed - before).toBe(1);
    expect(second.text).toBe(first.text);
    // A changed body makes the stored summary stale: the executor answers (and regenerates).
    await database.db
      .updateTable('articles')
      .set({ body: 'Ben Marr closed the old harbour bridge in Port Vale on Friday.' })
      .where('id', '=', id)
      .execute();
    const stale = compiled.reads.stats.executed;
    const third = await send(compiled.url, { query });
    expect(compiled.reads.stats.executed).toBe(stale);
    expect(JSON.parse(third.text).data.article.summary.text).toContain('Ben Marr');
  });

  it("the database's body hash is the executor's for stored bodies (what makes a summary current)", async () => {
    const bodies = [
      'One paragraph.',
      'Zoë Ångström met 李雷 in Kraków — “quoted”, \u2028 and emoji 🚀.\n\nA second paragraph with\ttabs.',
      'x'.repeat(20_000),
    ];
    for (const [i, body] of bodies.entries()) {
      const { id } = await createArticle(database.db, { slug: `hash-${i}`, body });
      const row = await database.db
        .selectFrom('articles')
        .select(['body', 'bodyHash'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.bodyHash).toMatch(/^[0-9a-f]{32}$/);
      expect(row.bodyHash).toBe(bodyHash(row.body));
    }
  });

  it('works out each value once, however often its codec names it', () => {
    // [String!]! is checked and written naming its value four times, which PostgreSQL computed four
    // times: ts_headline over every result's body for highlights (215 ms of 257 for a page of 100
    // at 10,000 articles), the split of every body for paragraphs.
    const text = compileOperation(
      schema,
      parse('{ search(query: "harbour", first: 100) { edges { node { highlights article { paragraphs } } } } }'),
    )!.text;
    expect(text.match(/ts_headline\(/g)).toHaveLength(1);
    expect(text.match(/regexp_split_to_table\(/g)).toHaveLength(1);
    // A column is named as it is (nothing to work out).
    const columns = compileOperation(schema, parse('{ articles(first: 1) { edges { node { publishedAt } } } }'))!.text;
    expect(columns).not.toContain('codec_once');
  });

  it('writes values the document spells out into the statement, and keeps variables as parameters', () => {
    const constant = compileOperation(
      schema,
      parse(
        '{ entity(slug: "x") { articles(first: 20) { edges { node { title summary(length: SHORT) { text } entities { salience } } } } } }',
      ),
    )!;
    expect(constant.text).toContain('limit 20::int');
    expect(constant.text).toContain("= 'SHORT'::summary_length");
    expect(constant.text).toContain("'x'::text");
    expect(constant.text).not.toMatch(/\$\d/);
    expect(constant.parameters({})).toEqual([]);
    const variable = compileOperation(
      schema,
      parse(
        'query Q($slug: String!, $n: Int) { entity(slug: $slug) { articles(first: $n) { edges { node { title } } } } }',
      ),
    )!;
    expect(variable.text).toContain('$1::text');
    expect(variable.text).toContain('limit $2::int');
    expect(variable.parameters({ slug: 'x', n: 5 })).toEqual(['x', 5]);
    // A slug with a quote is not written into the text.
    const quoted = compileOperation(schema, parse(`{ article(slug: "o'neil") { title } }`))!;
    expect(quoted.parameters({})).toEqual(["o'neil"]);
  });

  it('costs one statement per request', async () => {
    const query = `query Page($slug: String!) { article(slug: $slug) { ${ARTICLE_FIELDS} } }`;
    await both({ query, variables: { slug: 'story-1' }, operationName: 'Page' });
    const before = database.stats.statements;
    const executed = compiled.reads.stats.executed;
    await send(compiled.url, { query, variables: { slug: 'story-3' }, operationName: 'Page' });
    expect(compiled.reads.stats.executed - executed).toBe(1);
    expect(database.stats.statements - before).toBe(1);
  });
});
