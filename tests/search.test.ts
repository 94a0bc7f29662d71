import { sql } from 'kysely';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createDatabase } from '../src/db/database.js';
import {
  HEADLINE_DELIMITER,
  HEADLINE_OPTIONS,
  type SearchProbeTuning,
  type SearchRow,
  searchHighlightsSql,
} from '../src/db/queries/article-search.js';
import type { ArticleFilterValues } from '../src/db/queries/articles.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';
import { type SearchValues, searchArticles, searchSqlOf } from './helpers/search.js';

// Search ranks by relevance within recency windows: the matches, newest first (drafts without a
// publication time first of all), cut into windows of W, ordered by (window, rank desc, id desc).
// Every page here is checked against that rule computed in JavaScript over every match, for small
// W, every page size, filters, editors, and every way the statement may read its candidates.

let database: TestDatabase;
let editor: Record<string, string>;
const VOCABULARY = ['council', 'budget', 'ferry', 'storm', 'quay', 'crane', 'market', 'river', 'school', 'bridge'];

beforeAll(async () => {
  database = await createTestDatabase();
  editor = (await createToken(database.db, 'Search desk', ['read:drafts'])).headers;
  for (let i = 0; i < 48; i += 1) {
    // 'harbour' 0-3 times in the body and in every fifth title, so ranks differ and also tie.
    const words = Array.from({ length: 12 + (i % 7) }, (_, j) => VOCABULARY[(i * 3 + j * 7) % VOCABULARY.length]!);
    for (let h = 0; h < i % 4; h += 1) words.splice((i + h * 5) % words.length, 0, 'harbour');
    // Publication times collide (ties broken by id) and are not in id order.
    const hour = (i * 7) % 19;
    const special: Partial<Parameters<typeof createArticle>[1]> =
      i === 3 || i === 11 || i === 12
        ? { status: 'DRAFT', publishedAt: null }
        : i === 4
          ? { status: 'SCHEDULED', publishedAt: '2099-01-01T00:00:00Z' }
          : i === 8
            ? { status: 'ARCHIVED', publishedAt: '2026-02-10T05:00:00Z' }
            : i === 9
              ? { status: 'DRAFT', publishedAt: '2026-02-11T06:00:00Z' }
              : {};
    await createArticle(database.db, {
      slug: `story-${i}`,
      title: i % 5 === 0 ? `Harbour story ${i}` : `Story ${i}`,
      body: `${words.join(' ')}.\n\nThe ${VOCABULARY[i % 10]} report ends here.`,
      section: i % 3 === 0 ? 'Sport' : 'World',
      publishedAt: new Date(Date.UTC(2026, 1, 1 + (hour % 6), hour)).toISOString(),
      ...(i % 4 === 0 ? { entities: [{ name: 'Ada Quill', kind: 'PERSON' as const }] } : {}),
      ...special,
    });
  }
});

interface Match {
  id: number;
  slug: string;
  rank: number;
  /** Microseconds since the epoch; null: no publication time (newest of all). */
  micros: bigint | null;
}

/** Every match of the query, ranked by PostgreSQL, with no window logic at all. */
async function allMatches(
  text: string,
  filter: ArticleFilterValues,
  includeHidden: boolean,
  db = database.db,
): Promise<Match[]> {
  const conditions = [sql`a.search @@ q`];
  if (!includeHidden) conditions.push(sql`a.status in ('PUBLISHED', 'SCHEDULED') and a.published_at <= now()`);
  else if (filter.statuses) conditions.push(sql`a.status = any(${filter.statuses}::article_status[])`);
  if (filter.sectionIds) conditions.push(sql`a.section_id = any(${filter.sectionIds}::int[])`);
  if (filter.entityIds)
    conditions.push(
      sql`a.id in (select article_id from article_entities where entity_id = any(${filter.entityIds}::int[]))`,
    );
  if (filter.publishedAfter) conditions.push(sql`a.published_at >= ${filter.publishedAfter}`);
  if (filter.publishedBefore) conditions.push(sql`a.published_at < ${filter.publishedBefore}`);
  const { rows } = await sql<{ id: number; slug: string; rank: number; micros: string | null }>`
    select a.id, a.slug, ts_rank_cd(a.search, q) as rank, (extract(epoch from a.published_at) * 1000000)::int8::text as micros
      from articles a, websearch_to_tsquery('english', ${text}) q where ${sql.join(conditions, sql` and `)}`.execute(
    db,
  );
  return rows.map((r) => ({ ...r, micros: r.micros === null ? null : BigInt(r.micros) }));
}

/** The rule itself: newest first into windows of W (0: one window), then rank desc, id desc within each. */
function expectedOrder(matches: Match[], W: number): Match[] {
  const newestFirst = [...matches].sort((x, y) => {
    if (x.micros !== y.micros) {
      if (x.micros === null) return -1;
      if (y.micros === null) return 1;
      return x.micros > y.micros ? -1 : 1;
    }
    return y.id - x.id;
  });
  const size = W === 0 ? Math.max(newestFirst.length, 1) : W;
  const ordered: Match[] = [];
  for (let i = 0; i < newestFirst.length; i += size) {
    ordered.push(...newestFirst.slice(i, i + size).sort((x, y) => y.rank - x.rank || y.id - x.id));
  }
  return ordered;
}

const SEARCH = `query($q: String!, $first: Int, $after: String, $filter: ArticleFilter) {
  search(query: $q, first: $first, after: $after, filter: $filter) {
    totalCount edges { cursor node { rank highlights article { slug } } } pageInfo { hasNextPage hasPreviousPage endCursor }
  } }`;

/** Pages through a search with cursors until the end; returns the results in the order seen. */
async function pageThrough(
  client: ReturnType<typeof createTestClient>,
  q: string,
  first: number,
  filter?: object,
  headers?: Record<string, string>,
) {
  const seen: { slug: string; rank: number }[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (let page = 0; page < 200; page += 1) {
    const result: any = await client.query(SEARCH, { q, first, after, filter }, headers);
    expect(result.errors).toBeUndefined();
    const connection = result.data.search;
    totalCount = connection.totalCount;
    expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
    seen.push(...connection.edges.map((e: any) => ({ slug: e.node.article.slug, rank: e.node.rank })));
    if (!connection.pageInfo.hasNextPage) return { seen, totalCount };
    expect(connection.edges).toHaveLength(first);
    after = connection.pageInfo.endCursor;
  }
  throw new Error('did not reach the last page');
}

async function sectionId(slug: string): Promise<number> {
  return (await database.db.selectFrom('sections').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

describe('search ranks by relevance within recency windows', () => {
  it('visits every match exactly once, in (window, rank desc, id desc) order, whatever the page size', async () => {
    for (const W of [1, 3, 7]) {
      const client = createTestClient(database, { searchRankWindow: W });
      const expected = expectedOrder(await allMatches('harbour', {}, false), W);
      expect(expected.length).toBeGreaterThan(3 * W);
      for (const first of [1, 2, 3, 5, 100]) {
        const { seen, totalCount } = await pageThrough(client, 'harbour', first);
        expect(seen, `W=${W} first=${first}`).toEqual(expected.map((m) => ({ slug: m.slug, rank: m.rank })));
        expect(totalCount).toBe(expected.length);
      }
    }
  });

  it('with SEARCH_RANK_WINDOW=0, or with at most W matches, ranks exactly as over all matches', async () => {
    const exact = (matches: Match[]) => [...matches].sort((x, y) => y.rank - x.rank || y.id - x.id).map((m) => m.slug);
    const matches = await allMatches('harbour', {}, false);
    const whole = createTestClient(database, { searchRankWindow: 0 });
    for (const first of [1, 4, 100])
      expect((await pageThrough(whole, 'harbour', first)).seen.map((s) => s.slug)).toEqual(exact(matches));
    const wide = createTestClient(database, { searchRankWindow: matches.length });
    expect((await pageThrough(wide, 'harbour', 3)).seen.map((s) => s.slug)).toEqual(exact(matches));
    // 'harbour budget' matches fewer than the default window of 200: the exact order.
    const few = await allMatches('harbour budget', {}, false);
    expect(few.length).toBeGreaterThan(1);
    const client = createTestClient(database);
    expect((await pageThrough(client, 'harbour budget', 2)).seen.map((s) => s.slug)).toEqual(exact(few));
  });

  it('applies section, entity and date filters within the windows', async () => {
    const client = createTestClient(database, { searchRankWindow: 2 });
    const sport = await sectionId('sport');
    const quill = (
      await database.db.selectFrom('entities').select('id').where('slug', '=', 'ada-quill').executeTakeFirstOrThrow()
    ).id;
    const cases: [object, ArticleFilterValues][] = [
      [{ section: 'sport' }, { sectionIds: [sport] }],
      [{ entity: 'ada-quill' }, { entityIds: [quill] }],
      [{ publishedAfter: '2026-02-03T00:00:00Z' }, { publishedAfter: new Date('2026-02-03T00:00:00Z') }],
      [{ publishedBefore: '2026-02-04T12:00:00Z' }, { publishedBefore: new Date('2026-02-04T12:00:00Z') }],
      [
        { publishedAfter: '2026-02-02T00:00:00Z', publishedBefore: '2026-02-05T00:00:00Z', section: 'world' },
        {
          publishedAfter: new Date('2026-02-02T00:00:00Z'),
          publishedBefore: new Date('2026-02-05T00:00:00Z'),
          sectionIds: [await sectionId('world')],
        },
      ],
    ];
    for (const [graphqlFilter, values] of cases) {
      const expected = expectedOrder(await allMatches('harbour', values, false), 2);
      expect(expected.length, JSON.stringify(graphqlFilter)).toBeGreaterThan(2);
      const { seen } = await pageThrough(client, 'harbour', 3, graphqlFilter);
      expect(
        seen.map((s) => s.slug),
        JSON.stringify(graphqlFilter),
      ).toEqual(expected.map((m) => m.slug));
    }
  });

  it('shows editors drafts (as the newest), scheduled and archived articles, and filters them by status', async () => {
    const client = createTestClient(database, { searchRankWindow: 2 });
    const all = await allMatches('harbour', {}, true);
    expect(all.filter((m) => m.micros === null).length).toBeGreaterThanOrEqual(2);
    const expected = expectedOrder(all, 2);
    for (const first of [1, 3, 50]) {
      expect((await pageThrough(client, 'harbour', first, undefined, editor)).seen.map((s) => s.slug)).toEqual(
        expected.map((m) => m.slug),
      );
    }
    const drafts = expectedOrder(await allMatches('harbour', { statuses: ['DRAFT'] }, true), 2);
    expect((await pageThrough(client, 'harbour', 2, { status: ['DRAFT'] }, editor)).seen.map((s) => s.slug)).toEqual(
      drafts.map((m) => m.slug),
    );
    // The public sees none of them.
    const publicSlugs = (await pageThrough(client, 'harbour', 50)).seen.map((s) => s.slug);
    for (const slug of ['story-3', 'story-4', 'story-8', 'story-9', 'story-11'])
      expect(publicSlugs).not.toContain(slug);
  });

  // About 4,000 statements (every run, window, tuning and page size, paged to the end): seconds
  // alone, and several times that on a loaded two-core machine.
  it('returns the same pages whichever way the statement reads its candidates (probe widths, the archive tail, every match)', {
    timeout: 240_000,
  }, async () => {
    // A pool of its own: statements it still sends after a failure or a timeout are not counted
    // by the tests that count the shared pool's.
    const own = createDatabase(database.url, { poolMax: 2 });
    onTestFinished(() => own.close());
    const tunings: (SearchProbeTuning | undefined)[] = [
      undefined,
      { firstProbeArticles: 0.01 },
      { firstProbeArticles: 1, reachArticles: 1e9 },
      { firstProbeArticles: 1000 },
      { reachArticles: 0 },
      { reachArticles: 5 },
      { heapRowInEntries: 0 },
      { heapRowInEntries: 1e6, reachArticles: 1e9 },
    ];
    const runs: [string, boolean, ArticleFilterValues][] = [
      ['harbour', false, {}],
      ['harbour', true, {}],
      ['harbour -ferry', true, {}],
      ['story', false, { publishedAfter: new Date('2026-02-02T00:00:00Z') }],
      ['report', false, { publishedBefore: new Date('2026-02-05T00:00:00Z') }],
    ];
    for (const [text, includeHidden, filter] of runs) {
      for (const W of [0, 1, 4]) {
        const expected = expectedOrder(await allMatches(text, filter, includeHidden, own.db), W).map((m) => [
          m.id,
          m.rank,
        ]);
        for (const tuning of tunings) {
          for (const limit of [1, 3, 10]) {
            const seen: [number, number][] = [];
            let after: SearchValues['after'];
            for (let page = 0; page < 100; page += 1) {
              const rows: SearchRow[] = await searchArticles(own.db, {
                text,
                filter,
                includeHidden,
                window: W,
                after,
                limit: limit + 1,
                highlights: false,
                tuning,
              });
              seen.push(...rows.slice(0, limit).map((r): [number, number] => [r.id, r.rank]));
              if (rows.length <= limit) break;
              const last = rows[limit - 1]!;
              after = { window: last.window, rank: last.rank, id: last.id };
            }
            expect(seen, `${text} hidden=${includeHidden} W=${W} limit=${limit} ${JSON.stringify(tuning)}`).toEqual(
              expected,
            );
          }
        }
      }
    }
  });

  it("walks a first page that one window holds through that window alone, with the general walk's rows, ranks and window bounds", {
    timeout: 120_000,
  }, async () => {
    const own = createDatabase(database.url, { poolMax: 2 });
    onTestFinished(() => own.close());
    const tunings: SearchProbeTuning[] = [
      {},
      { firstProbeArticles: 0.01 },
      { firstProbeArticles: 1000 },
      { reachArticles: 0 },
      { reachArticles: 5 },
      { heapRowInEntries: 1e6, reachArticles: 1e9 },
    ];
    let results = 0;
    for (const text of ['harbour', 'harbour -ferry', 'story', 'report', 'nothingmatcheshere']) {
      for (const W of [1, 3, 10, 50]) {
        const expected = expectedOrder(await allMatches(text, {}, false, own.db), W);
        for (const limit of [1, 2, 3, 10, 11].filter((l) => l <= W)) {
          for (const tuning of tunings) {
            const query: SearchValues = { text, filter: {}, includeHidden: false, window: W, limit, highlights: false };
            const lean = { ...query, tuning };
            const general = { ...query, tuning: { ...tuning, generalWalk: true } };
            // The first window's statement reads nothing below a bound and starts no next window.
            const leanSql = searchSqlOf(lean).compile(own.db).sql;
            const generalSql = searchSqlOf(general).compile(own.db).sql;
            for (const branch of ["p.mode = 'below'", "'state', s.win + 1"]) {
              expect(leanSql).not.toContain(branch);
              expect(generalSql).toContain(branch);
            }
            const rows = await searchArticles(own.db, lean);
            const label = `${text} W=${W} limit=${limit} ${JSON.stringify(tuning)}`;
            expect(rows, label).toEqual(await searchArticles(own.db, general));
            expect(
              rows.map((r) => r.id),
              label,
            ).toEqual(expected.slice(0, limit).map((m) => m.id));
            results += rows.length;
          }
        }
      }
    }
    expect(results).toBeGreaterThan(500);
    // Not for a page longer than a window, a cursor, a filter or editors: the general walk.
    const base: SearchValues = {
      text: 'harbour',
      filter: {},
      includeHidden: false,
      window: 3,
      limit: 3,
      highlights: false,
    };
    for (const query of [
      { ...base, limit: 4 },
      { ...base, limitAtMost: 4 },
      { ...base, window: 0 },
      { ...base, includeHidden: true },
      { ...base, filter: { sectionIds: [] } },
      { ...base, after: { window: { top: null, bottom: null, last: true }, rank: 1, id: 1 } },
    ])
      expect(searchSqlOf(query).compile(own.db).sql, JSON.stringify(query)).toContain("p.mode = 'below'");
  });

  it('costs one SQL statement a page, and keeps highlights and rank', async () => {
    const client = createTestClient(database, { searchRankWindow: 3 });
    const first = await client.countStatements(
      '{ search(query: "harbour", first: 4) { edges { cursor node { rank highlights article { slug } } } } }',
    );
    expect(first.result.errors).toBeUndefined();
    expect(first.statements).toBe(1);
    const after = first.result.data.search.edges.at(-1).cursor;
    const next = await client.countStatements(
      `{ search(query: "harbour", first: 4, after: "${after}") { edges { node { rank highlights article { slug } } } } }`,
    );
    expect(next.statements).toBe(1);
    for (const edge of [...first.result.data.search.edges, ...next.result.data.search.edges]) {
      expect(edge.node.highlights.join(' ')).toContain('<mark>');
      expect(edge.node.rank).toBeGreaterThan(0);
    }
  });

  it("writes highlights as ts_headline's passages split, trimmed as String.prototype.trim trims, empty ones left out", async () => {
    // Every character JavaScript's trim removes, and some it keeps (U+0085, U+180E, U+200B), at the
    // edges of the passages and between them.
    const spaces = ['\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a'];
    const more = ['\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u0085', '\u180e', '\u200b'];
    const odd = [...spaces, ...more];
    const bodies = [
      `harbour ${odd.join('')} quay harbour`,
      `${odd.join('harbour')}`,
      `${odd.join(' ')}\n\n${'word '.repeat(40)}harbour${odd.join('')}\n\n${'filler '.repeat(60)}harbour ferry${[...odd].reverse().join('')}`,
      'nothing here matches',
      `ferry quay${odd.join('')}`,
      '',
    ];
    const q = sql`websearch_to_tsquery('english', 'harbour')`;
    for (const body of bodies) {
      // A result whose title and body do not hold the words (a match in the standfirst) is
      // highlighted by their opening words, white space at both ends included.
      for (const title of [
        'Harbour',
        `${odd.join('')}Harbour${odd.join('')}`,
        `${odd.join('')}Story${odd.join('')}`,
        '',
      ]) {
        const { rows } = await sql<{ declared: string[]; raw: string }>`
          select ${searchHighlightsSql(sql.raw('v'), q)} as declared,
                 ts_headline(broadsheet_ts_config(v.language), v.title || E'\n\n' || v.body, ${q}, ${HEADLINE_OPTIONS}) as raw
            from (values ('en'::text, ${title}::text, ${body}::text)) v(language, title, body)`.execute(database.db);
        const row = rows[0]!;
        const expected = row.raw
          .split(HEADLINE_DELIMITER)
          .map((part) => part.trim())
          .filter(Boolean);
        expect(row.declared, JSON.stringify([title, body])).toEqual(expected);
      }
    }
  });

  it('refuses cursors of another query or altered ones with INVALID_CURSOR, and backward paging with BAD_USER_INPUT', async () => {
    const client = createTestClient(database, { searchRankWindow: 3 });
    const cursor: string = (await client.query(SEARCH, { q: 'harbour', first: 2 })).data.search.pageInfo.endCursor;
    const code = async (variables: Record<string, unknown>) =>
      (await client.query(SEARCH, variables)).errors?.[0]?.extensions?.code;
    expect(await code({ q: 'ferry', first: 2, after: cursor })).toBe('INVALID_CURSOR');
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const altered = (index: number, value: unknown) => {
      const copy = [...values];
      copy[index] = value;
      return Buffer.from(JSON.stringify(copy)).toString('base64url');
    };
    for (const [index, value] of [
      [1, '2026-01-01'],
      [1, '99999999999999999999'],
      [1, ''],
      [2, 0],
      [2, 1.5],
      [3, 'now'],
      [4, -1],
      [4, 3_000_000_000],
      [5, 2],
      [5, 'yes'],
      [6, 1e39],
      [6, null],
      [7, 0],
      [7, 2_147_483_648],
      [7, 'x'],
    ] as const) {
      expect(await code({ q: 'harbour', first: 2, after: altered(index, value) }), `${index} ${value}`).toBe(
        'INVALID_CURSOR',
      );
    }
    expect(
      await code({
        q: 'harbour',
        first: 2,
        after: Buffer.from(JSON.stringify(values.slice(0, 3))).toString('base64url'),
      }),
    ).toBe('INVALID_CURSOR');
    // One unbounded side only: no window is like that.
    const halfOpen = Buffer.from(JSON.stringify([values[0], '', 0, ...values.slice(3)])).toString('base64url');
    expect(await code({ q: 'harbour', first: 2, after: halfOpen })).toBe('INVALID_CURSOR');
    expect(await code({ q: 'harbour', first: 2, after: 'not a cursor' })).toBe('INVALID_CURSOR');
    // Search pages forwards only: last/before are not arguments of it (tests/read-api.test.ts, connections).
    expect(
      (await client.query(`{ search(query: "harbour", first: 2, before: "${cursor}") { totalCount } }`)).errors?.[0]
        ?.extensions?.code,
    ).toBe('GRAPHQL_VALIDATION_FAILED');
    // A cursor of a window of every match (SEARCH_RANK_WINDOW=0) stays valid where W is set, and the reverse.
    const whole = createTestClient(database, { searchRankWindow: 0 });
    const wholeCursor = (await whole.query(SEARCH, { q: 'harbour', first: 2 })).data.search.pageInfo.endCursor;
    expect((await client.query(SEARCH, { q: 'harbour', first: 2, after: wholeCursor })).errors).toBeUndefined();
    expect((await whole.query(SEARCH, { q: 'harbour', first: 2, after: cursor })).errors).toBeUndefined();
  });
});

describe('search cursors', () => {
  it('carry their window: a next page is the same after newer matches are published', async () => {
    const fresh = await createTestDatabase();
    for (let i = 0; i < 9; i += 1) {
      await createArticle(fresh.db, {
        slug: `tide-${i}`,
        body: `tide ${'tide '.repeat(i % 3)}report`,
        publishedAt: new Date(Date.UTC(2026, 2, 1, i)).toISOString(),
      });
    }
    const client = createTestClient(fresh, { searchRankWindow: 3 });
    const everything = (await pageThrough(client, 'tide', 100)).seen.map((s) => s.slug);
    const first = await client.query(SEARCH, { q: 'tide', first: 4 });
    for (let i = 0; i < 4; i += 1) {
      await createArticle(fresh.db, {
        slug: `tide-new-${i}`,
        body: 'tide tide tide tide',
        publishedAt: new Date(Date.UTC(2026, 2, 2, i)).toISOString(),
      });
    }
    const rest: string[] = [];
    let after: string | null = first.data.search.pageInfo.endCursor;
    while (after) {
      const page: any = await client.query(SEARCH, { q: 'tide', first: 2, after });
      rest.push(...page.data.search.edges.map((e: any) => e.node.article.slug));
      after = page.data.search.pageInfo.hasNextPage ? page.data.search.pageInfo.endCursor : null;
    }
    expect([...first.data.search.edges.map((e: any) => e.node.article.slug), ...rest]).toEqual(everything);
  });
});
