import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
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
const ENTITIES_OF = (article: string, fields: string) => `coalesce((
  select json_agg(${fields} order by ae.salience desc, ae.mention_count desc, e.name)
    from article_entities ae join entities e on e.id = ae.entity_id where ae.article_id = ${article}.id), '[]'::json)`;
const SECTION_OF = (article: string) => `(select json_build_object('name', s.name, 'slug', s.slug) from sections s where s.id = ${article}.section_id)`;

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
      'name', e.name, 'kind', e.kind, 'aliases', e.aliases,
      'articles', json_build_object('edges', coalesce((
        select json_agg(json_build_object('node', json_build_object('title', a.title, 'slug', a.slug, 'standfirst', a.standfirst, 'publishedAt', ${ISO('a.published_at')}))
               order by a.published_at desc, a.id desc)
          from (select a.* from articles a
                 where ${VISIBLE('a')} and exists (select 1 from article_entities ae where ae.article_id = a.id and ae.entity_id = e.id)
                 order by a.published_at desc, a.id desc limit 20) a), '[]'::json))
    ) end)::text as data
    from (select 1) one left join entities e on e.slug = $1`,
  Search: `
    select json_build_object('search', json_build_object('edges', coalesce(json_agg(json_build_object('node', json_build_object(
      'rank', r.rank, 'article', json_build_object('title', r.title, 'slug', r.slug))) order by r.rank desc, r.id desc), '[]'::json)))::text as data
    from (select a.id, a.title, a.slug, ts_rank_cd(a.search, q) as rank
            from articles a, websearch_to_tsquery('english', $1) q
           where a.search @@ q and ${VISIBLE('a')}
           order by rank desc, a.id desc limit 10) r`,
};

const PARAMETER: Record<string, string | undefined> = { ArticlePage: 'slug', ArticleList: undefined, EntityPage: 'slug', Search: 'query' };

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

export function createFloorServer(pool: pg.Pool) {
  return createServer(async (request, response) => {
    if (request.method !== 'POST' || request.url !== '/graphql') return send(response, 404, '{"errors":[{"message":"not found"}]}');
    try {
      const { operationName, variables } = JSON.parse(await readBody(request)) as { operationName?: string; variables?: Record<string, unknown> };
      const text = operationName ? FLOOR_SQL[operationName] : undefined;
      if (!text) return send(response, 400, '{"errors":[{"message":"unknown operation"}]}');
      const parameter = PARAMETER[operationName!];
      const values = parameter ? [String(variables?.[parameter] ?? '')] : [];
      const { rows } = await pool.query<{ data: string }>({ name: operationName!, text, values });
      send(response, 200, `{"data":${rows[0]!.data}}`);
    } catch (error) {
      send(response, 500, JSON.stringify({ errors: [{ message: (error as Error).message }] }));
    }
  });
}

if (process.argv[1]?.endsWith('floor-server.ts')) {
  const port = Number(process.env.PORT);
  if (!port || !process.env.DATABASE_URL) {
    console.error('[floor] PORT and DATABASE_URL are required');
    process.exit(2);
  }
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, application_name: 'broadsheet-bench-floor' });
  pool.on('error', () => {});
  const server = createFloorServer(pool);
  server.listen(port, '127.0.0.1', () => console.log(`[floor] listening on http://127.0.0.1:${port}/graphql`));
  const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
