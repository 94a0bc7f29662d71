import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import pg from 'pg';

/**
 * The floor: a bare node:http + pg server that answers the benchmark's four operations (chosen by
 * operationName, the query text is not parsed) with ONE hand-written, prepared SQL statement each,
 * the JSON built by PostgreSQL in the exact shape Broadsheet returns. Nothing a GraphQL server does
 * can be cheaper, so Broadsheet's distance to it is the cost of being a GraphQL server.
 *
 *   PORT=4206 DATABASE_URL=postgres://… node --import tsx bench/floor-server.ts
 */

const VISIBLE = (alias: string) => `${alias}.status in ('PUBLISHED', 'SCHEDULED') and ${alias}.published_at <= now()`;
const ISO = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
// (entities in the read model's order, ties by entity id: src/db/queries/article-entities.ts' mentionOrderSql)
const ENTITIES_OF = (article: string, fields: string) => `coalesce((
  select json_agg(${fields} order by ae.salience desc, ae.mention_count desc, ae.entity_id)
    from article_entities ae join entities e on e.id = ae.entity_id where ae.article_id = ${article}.id), '[]'::json)`;
const SEARCH_VISIBLE = (alias: string) =>
  `${alias}.status in ('PUBLISHED', 'SCHEDULED') and (${alias}.published_at <= now()) is true`;
const SEARCH_KEY = (alias: string) => `coalesce(${alias}.published_at, 'infinity'::timestamptz)`;
/** Broadsheet's default SEARCH_RANK_WINDOW. */
const SEARCH_WINDOW = 200;
/** Articles published in a time, at the archive's average rate. */
const ARTICLES_IN = (time: string) =>
  `extract(epoch from ${time})::float8 / greatest(extract(epoch from archive.per_article)::float8, 1e-6)`;
// The aliases a visible article's mention used, in the entity's order (Broadsheet's public rule,
// src/db/queries/entities.ts): among the 20 newest visible mentions, else through the form-keys index.
const PUBLIC_ALIASES = (e: string) => `array(select pa.alias from unnest(${e}.aliases) with ordinality pa(alias, n)
    where exists (select 1 from (select pr.aliases from article_entities pr where pr.entity_id = ${e}.id and ${VISIBLE_MENTION('pr')}
        order by pr.article_published_at desc, pr.article_id desc limit 20) recent where recent.aliases @> array[pa.alias])
      or exists (select 1 from article_entities pk
        where article_entity_form_keys(pk.entity_id, pk.aliases) @> array[${e}.id::text || ':' || pa.alias] and ${VISIBLE_MENTION('pk')})
    order by pa.n)`;
const VISIBLE_MENTION = (alias: string) =>
  `${alias}.article_status in ('PUBLISHED', 'SCHEDULED') and ${alias}.article_published_at <= now()`;
const SECTION_OF = (article: string) =>
  `(select json_build_object('name', s.name, 'slug', s.slug) from sections s where s.id = ${article}.section_id)`;

export const FLOOR_SQL: Record<string, string> = {
  ArticlePage: `
    select json_build_object('article', case when a.id is null then null else json_build_object(
      'title', a.title, 'standfirst', a.standfirst, 'publishedAt', ${ISO('a.published_at')}, 'body', a.body,
      'section', ${SECTION_OF('a')},
      'summary', (select json_build_object('text', su.text) from summaries su where su.article_id = a.id and su.length = 'SHORT'),
      'entities', ${ENTITIES_OF('a', `json_build_object('entity', json_build_object('name', e.name, 'slug', e.slug, 'kind', e.kind), 'mentionCount', ae.mention_count, 'salience', ae.salience)`)},
      'previousArticle', (select json_build_object('title', p.title, 'slug', p.slug) from articles p
         where ${VISIBLE('p')} and (p.published_at, p.id) < (a.published_at, a.id) order by p.published_at desc, p.id desc limit 1),
      'nextArticle', (select json_build_object('title', n.title, 'slug', n.slug) from articles n
         where ${VISIBLE('n')} and (n.published_at, n.id) > (a.published_at, a.id) order by n.published_at asc, n.id asc limit 1)
    ) end)::text as data
    from (select 1) one left join articles a on a.slug = $1 and ${VISIBLE('a')}`,
  ArticleList: `
    select json_build_object('articles', json_build_object('edges', coalesce(json_agg(json_build_object('node', json_build_object(
      'title', a.title, 'slug', a.slug, 'standfirst', a.standfirst, 'publishedAt', ${ISO('a.published_at')},
      'section', ${SECTION_OF('a')},
      'entities', ${ENTITIES_OF('a', `json_build_object('entity', json_build_object('name', e.name, 'slug', e.slug, 'kind', e.kind))`)}
    )) order by a.published_at desc, a.id desc), '[]'::json)))::text as data
    from (select * from articles a where ${VISIBLE('a')} order by a.published_at desc, a.id desc limit 50) a`,
  EntityPage: `
    select json_build_object('entity', case when e.id is null then null else json_build_object(
      'name', e.name, 'kind', e.kind, 'aliases', ${PUBLIC_ALIASES('e')},
      'articles', json_build_object('edges', coalesce((
        select json_agg(json_build_object('node', json_build_object('title', a.title, 'slug', a.slug, 'standfirst', a.standfirst, 'publishedAt', ${ISO('a.published_at')}))
               order by a.published_at desc, a.id desc)
          from (select a.* from article_entities ae join articles a on a.id = ae.article_id
                 where ae.entity_id = e.id and ae.article_status in ('PUBLISHED', 'SCHEDULED') and ae.article_published_at <= now()
                 order by ae.article_published_at desc, ae.article_id desc limit 20) a), '[]'::json))
    ) end)::text as data
    from (select 1) one left join entities e on e.slug = $1`,
  // Relevance within recency windows, as Broadsheet ranks (src/db/queries/article-search.ts): the
  // W newest visible matches, ranked. A page of 10 is within the first window (W = 200, Broadsheet's
  // default SEARCH_RANK_WINDOW, which the bench runs it with). The window is found the same way:
  // probes over growing times back from the newest article (the GIN index on (search,
  // published_at) reads only that range's entries), every match once a probe would be wider than
  // 4 sqrt(N W) articles or reach the oldest. The visibility's time test is written
  // `is true` so that it stays out of the GIN index condition (GIN would read every older entry),
  // and the newest matches are sorted on Broadsheet's key, coalesce(published_at, 'infinity'),
  // which the published_at btree cannot produce: sorted on published_at, the planner walked that
  // btree newest first testing every article with @@ (17 s for a word nothing matches).
  Search: `
    with recursive
    query as (select websearch_to_tsquery('english', $1) as q),
    archive as (
      select newest, oldest, per_article, greatest(per_article * ${SEARCH_WINDOW}, interval '1 millisecond') as first_span,
             4 * sqrt(n * ${SEARCH_WINDOW}) as reach
        from (select newest, oldest, n, (newest - oldest) / n as per_article
                from (select (select published_at from articles where status in ('PUBLISHED', 'SCHEDULED') and published_at <= now()
                               order by published_at desc limit 1) as newest,
                             (select published_at from articles where status in ('PUBLISHED', 'SCHEDULED') order by published_at limit 1) as oldest,
                             greatest((select reltuples from pg_class where oid = 'articles'::regclass), 1)::float8 as n) x) y
    ),
    -- The W newest visible matches published within span of the newest article; a next, wider
    -- probe (as wide as the density found suggests, 2 to 64 times) while fewer and within reach.
    probe(k, span, ids) as (
      select 0, first_span, array(select a.id from articles a, query
                                   where a.search @@ query.q and a.published_at >= archive.newest - archive.first_span and ${SEARCH_VISIBLE('a')}
                                   order by ${SEARCH_KEY('a')} desc, a.id desc limit ${SEARCH_WINDOW})
        from archive
       where ${ARTICLES_IN('archive.first_span')} <= archive.reach and archive.newest - archive.first_span > archive.oldest
      union all
      select p.k + 1, n.span, array(select a.id from articles a, query
                                     where a.search @@ query.q and a.published_at >= archive.newest - n.span and ${SEARCH_VISIBLE('a')}
                                     order by ${SEARCH_KEY('a')} desc, a.id desc limit ${SEARCH_WINDOW})
        from probe p, archive,
             lateral (select p.span * least(64, greatest(2, 1.5 * ${SEARCH_WINDOW} / greatest(cardinality(p.ids), 1))) as span) n
       where cardinality(p.ids) < ${SEARCH_WINDOW} and ${ARTICLES_IN('n.span')} <= archive.reach and archive.newest - n.span > archive.oldest
    ),
    last as (select ids from probe order by k desc limit 1),
    win as (
      select a.id, a.title, a.slug, a.search from last, articles a where a.id = any(last.ids) and cardinality(last.ids) >= ${SEARCH_WINDOW}
      union all
      select * from (select a.id, a.title, a.slug, a.search from articles a, query
                      where coalesce(cardinality((select ids from last)), 0) < ${SEARCH_WINDOW} and a.search @@ query.q and ${SEARCH_VISIBLE('a')}
                      order by ${SEARCH_KEY('a')} desc, a.id desc limit ${SEARCH_WINDOW}) every_match
    )
    select json_build_object('search', json_build_object('edges', coalesce(json_agg(json_build_object('node', json_build_object(
      'rank', r.rank, 'article', json_build_object('title', r.title, 'slug', r.slug))) order by r.rank desc, r.id desc), '[]'::json)))::text as data
    from (select win.id, win.title, win.slug, ts_rank_cd(win.search, (select q from query)) as rank from win order by rank desc, win.id desc limit 10) r`,
};

// The entity page reads the mention rows' copies of each article's status and publication time
// through article_entities_entity_page_idx, in page order, as Broadsheet does (src/db/queries/articles.ts).
export const FLOOR_PARAMETER: Record<string, string | undefined> = {
  ArticlePage: 'slug',
  ArticleList: undefined,
  EntityPage: 'slug',
  Search: 'query',
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** The floor's pool: JIT off, as on Broadsheet's pool (src/db/database.ts): the search walk's estimate would set it off. */
export function createFloorPool(connectionString: string, applicationName: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 10, application_name: applicationName, options: '-c jit=off' });
  pool.on('error', () => {});
  return pool;
}

export function createFloorServer(pool: pg.Pool) {
  return createServer(async (request, response) => {
    if (request.method !== 'POST' || request.url !== '/graphql')
      return send(response, 404, '{"errors":[{"message":"not found"}]}');
    try {
      const { operationName, variables } = JSON.parse(await readBody(request)) as {
        operationName?: string;
        variables?: Record<string, unknown>;
      };
      const text = operationName ? FLOOR_SQL[operationName] : undefined;
      if (!text) return send(response, 400, '{"errors":[{"message":"unknown operation"}]}');
      const parameter = FLOOR_PARAMETER[operationName!];
      const values = parameter ? [String(variables?.[parameter] ?? '')] : [];
      const { rows } = await pool.query<{ data: string }>({ name: operationName!, text, values });
      send(response, 200, `{"data":${rows[0]!.data}}`);
    } catch (error) {
      send(response, 500, JSON.stringify({ errors: [{ message: (error as Error).message }] }));
    }
  });
}

/**
 * Runs a bench server from the command line (PORT and DATABASE_URL from the environment) on the
 * floor's pool, named `name` in the log and in pg_stat_activity, until SIGTERM or SIGINT.
 */
export function serveFromCommandLine(name: string, create: (pool: pg.Pool) => Server): void {
  const port = Number(process.env.PORT);
  if (!port || !process.env.DATABASE_URL) {
    console.error(`[${name}] PORT and DATABASE_URL are required`);
    process.exit(2);
  }
  const pool = createFloorPool(process.env.DATABASE_URL, `broadsheet-bench-${name}`);
  const server = create(pool);
  server.listen(port, '127.0.0.1', () => console.log(`[${name}] listening on http://127.0.0.1:${port}/graphql`));
  const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1]?.endsWith('/floor-server.ts')) serveFromCommandLine('floor', createFloorServer);
