import { parse } from 'graphql';
import pg from 'pg';
import { compileOperation } from '../src/compiled/compile.js';
import { schema } from '../src/schema/index.js';
import { FLOOR_SQL } from './floor-server.js';
import { defaultDatabaseName, parseArgs, parseCount } from './generate.js';
import { BROADSHEET_QUERIES, type Inputs, sampleInputs } from './scenarios.js';

/**
 * The plans of the bench's statements, outside the timed run: Broadsheet's compiled statements,
 * the floor's, and the SQL the peer's functions put into PostGraphile's statements (inlined as
 * PostGraphile inlines them), each prepared and explained as a generic plan (what a prepared
 * statement runs once PostgreSQL stops planning it per call) and as a custom plan, with the
 * indexes each reads. `npm run bench -- --explain` prints them after the counting pass;
 * --analyze runs each plan (twice, the second printed: warm caches, as under load) and prints
 * its EXPLAIN (ANALYZE, BUFFERS): rows, timings and the pages each node read.
 *
 *   npx tsx bench/explain.ts --articles 10k [--database bench_10k] [--analyze]
 */

const PEER_SQL: Record<string, { text: string; parameter?: keyof Inputs }> = {
  // PostGraphile selects the article by slug and joins the inlined previous/next functions laterally.
  'ArticlePage previous/next': {
    text: `select a.slug, p.slug as previous, n.slug as next from articles a
             left join lateral articles_previous(a) p on true left join lateral articles_next(a) n on true
            where a.slug = $1`,
    parameter: 'articleSlugs',
  },
  'EntityPage recentArticles(first: 20)': {
    text: `select r.slug from entities e cross join lateral (select * from entities_recent_articles(e) limit 21) r where e.slug = $1`,
    parameter: 'entitySlugs',
  },
  // PostGraphile inlines the SQL function and puts `first` (plus one) as a LIMIT around it.
  'Search searchArticles(first: 10)': {
    text: `select s.slug from search_articles($1) s limit 11`,
    parameter: 'searchTerms',
  },
  'ArticleList (condition status as a parameter)': {
    text: `select a.slug from articles a where a.status = $1::article_status order by a.published_at desc, a.id desc limit 51`,
  },
};

const FLOOR_PARAMETER: Record<string, keyof Inputs | undefined> = {
  ArticlePage: 'articleSlugs',
  ArticleList: undefined,
  EntityPage: 'entitySlugs',
  Search: 'searchTerms',
};
const BROADSHEET_VARIABLE: Record<string, [string, keyof Inputs] | undefined> = {
  ArticlePage: ['slug', 'articleSlugs'],
  ArticleList: undefined,
  EntityPage: ['slug', 'entitySlugs'],
  Search: ['query', 'searchTerms'],
};

/** Index names a plan reads, in order of first appearance. */
const indexesOf = (plan: string) => [
  ...new Set(
    [...plan.matchAll(/(?:(?:Index|Index Only) Scan(?: Backward)? using|Bitmap Index Scan on) (\S+)/g)].map(
      (m) => m[1]!,
    ),
  ),
];

async function explain(
  client: pg.PoolClient,
  text: string,
  values: unknown[],
  analyze: boolean,
): Promise<{ generic: string; custom: string }> {
  await client.query('deallocate all');
  await client.query(`prepare bench_explain as ${text}`);
  const run = async (mode: string) => {
    await client.query(`set plan_cache_mode = ${mode}`);
    const list = values
      .map((v) =>
        v === null ? 'null' : `'${String(typeof v === 'object' ? JSON.stringify(v) : v).replace(/'/g, "''")}'`,
      )
      .join(', ');
    const statement = `explain ${analyze ? '(analyze, buffers)' : '(costs off)'} execute bench_explain${values.length ? `(${list})` : ''}`;
    if (analyze) await client.query(statement);
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(statement);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  };
  const generic = await run('force_generic_plan');
  const custom = await run('force_custom_plan');
  await client.query('reset plan_cache_mode');
  await client.query('deallocate bench_explain');
  return { generic, custom };
}

export async function explainPlans(
  databaseUrl: string,
  inputs: Inputs,
  print: (line: string) => void = console.log,
  analyze = false,
): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1, options: '-c jit=off -c TimeZone=UTC' });
  const client = await pool.connect();
  const report = async (server: string, name: string, text: string, values: unknown[]) => {
    try {
      const { generic, custom } = await explain(client, text, values, analyze);
      print(
        `${server} ${name}: generic plan reads ${indexesOf(generic).join(', ') || 'no index'}; custom plan reads ${indexesOf(custom).join(', ') || 'no index'}`,
      );
      print(generic.replace(/^/gm, '    '));
      if (analyze) print(`  custom plan:\n${custom.replace(/^/gm, '    ')}`);
    } catch (error) {
      print(`${server} ${name}: not explained (${(error as Error).message})`);
    }
  };
  try {
    for (const [name, query] of Object.entries(BROADSHEET_QUERIES)) {
      const compiled = compileOperation(schema, parse(query), name);
      if (!compiled) {
        print(`broadsheet ${name}: not compiled (the executor answers it)`);
        continue;
      }
      const variable = BROADSHEET_VARIABLE[name];
      const values = compiled.parameters(variable ? { [variable[0]]: inputs[variable[1]][0] } : {});
      await report('broadsheet', name, compiled.text, values);
    }
    for (const [name, text] of Object.entries(FLOOR_SQL)) {
      const parameter = FLOOR_PARAMETER[name];
      await report('floor', name, text, parameter ? [inputs[parameter][0]] : []);
    }
    for (const [name, { text, parameter }] of Object.entries(PEER_SQL)) {
      await report('peer', name, text, parameter ? [inputs[parameter][0]] : ['PUBLISHED']);
    }
  } finally {
    client.release();
    await pool.end();
  }
}

if (process.argv[1]?.endsWith('explain.ts')) {
  const args = parseArgs(process.argv.slice(2));
  const articles = parseCount(String(args.articles ?? '10k'));
  const url = new URL(String(args['admin-url'] ?? 'postgres://root@127.0.0.1:5432/postgres'));
  url.pathname = `/${String(args.database ?? defaultDatabaseName(articles))}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
  const inputs = await sampleInputs(pool, 5, 7);
  await pool.end();
  await explainPlans(url.toString(), inputs, console.log, args.analyze === true);
}
