import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { EXTRACTIVE_GENERATOR } from '../src/content/summary-model.js';
import { createDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import {
  type ArticleSeed,
  buildEntities,
  buildSections,
  createArticleFactory,
  createRandom,
  loadSentences,
} from './data.js';

/**
 * Fills a database with benchmark content through the real schema: migrations first, then
 * sections, ~20,000 entities, N articles with bodies recombined from the news corpus, ~5 mentions
 * an article (Zipf over entities) and summaries for most. Rows go in as large multi-row inserts
 * (`select from unnest(arrays)`), several batches in flight; secondary indexes are dropped for the
 * load and rebuilt from their own definitions afterwards, so the schema ends exactly as migrated.
 *
 *   npx tsx bench/generate.ts --articles 100000 [--database bench_100k] [--admin-url postgres://…]
 */

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_CORPUS = path.resolve(here, '../../shared/corpus/wikinews.ndjson');

export interface GenerateOptions {
  articles: number;
  entities: number;
  sections: number;
  seed: number;
  summaryShare: number;
  corpus: string | undefined;
  batchSize: number;
  /** Batches written at once (each on its own connection). */
  concurrency: number;
  log?: (message: string) => void;
}

export const defaultGenerateOptions: GenerateOptions = {
  articles: 100_000,
  entities: 20_000,
  sections: 8,
  seed: 7,
  summaryShare: 0.9,
  corpus: DEFAULT_CORPUS,
  batchSize: 1000,
  concurrency: 2,
};

export interface GenerateReport {
  articles: number;
  entities: number;
  sections: number;
  mentions: number;
  summaries: number;
  seconds: number;
}

/** Drops and recreates `database` on the server of `adminUrl`, migrates it, returns its URL. */
export async function createFreshDatabase(adminUrl: string, database: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`database name must be a plain identifier: ${database}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.query(`create database ${database}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const handle = createDatabase(url.toString());
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
  return url.toString();
}

const BULK_TABLES = ['articles', 'article_entities', 'entities', 'summaries'];

interface IndexDefinition {
  name: string;
  definition: string;
}

/** Secondary indexes (not backing a constraint) of the bulk-loaded tables. */
export async function secondaryIndexes(pool: pg.Pool): Promise<IndexDefinition[]> {
  const { rows } = await pool.query<IndexDefinition>(
    `select i.indexname as name, i.indexdef as definition
       from pg_indexes i
      where i.schemaname = 'public' and i.tablename = any($1::text[])
        and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
      order by i.indexname`,
    [BULK_TABLES],
  );
  return rows;
}

async function insertArticles(client: pg.Pool, batch: ArticleSeed[]): Promise<void> {
  await client.query(
    `insert into articles (id, slug, title, standfirst, body, status, published_at, section_id, word_count, created_at, updated_at)
     overriding system value
     select id, slug, title, standfirst, body, status, published_at, section_id, word_count, published_at, published_at
       from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::article_status[], $7::timestamptz[], $8::int[], $9::int[])
         as t(id, slug, title, standfirst, body, status, published_at, section_id, word_count)`,
    [
      batch.map((a) => a.id),
      batch.map((a) => a.slug),
      batch.map((a) => a.title),
      batch.map((a) => a.standfirst),
      batch.map((a) => a.body),
      batch.map((a) => a.status),
      batch.map((a) => a.publishedAt.toISOString()),
      batch.map((a) => a.sectionId),
      batch.map((a) => a.wordCount),
    ],
  );
  const mentions = batch.flatMap((a) => a.mentions.map((m) => ({ articleId: a.id, ...m })));
  await client.query(
    // Each mention used every form of its entity, its name too, so the name and every alias are
    // public (the synthetic text names them all; src/db/queries/entities.ts publicNameSql and
    // publicAliasesSql).
    `insert into article_entities (article_id, entity_id, mention_count, first_offset, salience, source, aliases)
     select t.article_id, t.entity_id, t.mention_count, t.first_offset, t.salience, 'EXTRACTED', array_prepend(e.name, e.aliases)
       from unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::real[]) as t(article_id, entity_id, mention_count, first_offset, salience)
       join entities e on e.id = t.entity_id`,
    [
      mentions.map((m) => m.articleId),
      mentions.map((m) => m.entityId),
      mentions.map((m) => m.mentionCount),
      mentions.map((m) => m.firstOffset),
      mentions.map((m) => m.salience),
    ],
  );
  const summaries = batch.flatMap((a) => a.summaries.map((s) => ({ articleId: a.id, ...s })));
  await client.query(
    // Tagged with the server's own extractive generator: a stored summary answers only for the
    // generator that made it, so another tag would have every first read of an article make its
    // summaries again (statements and writes the peer never pays). The text is the article's
    // opening sentences, not summarize.ts's choice: the bench measures reading a stored summary.
    `insert into summaries (article_id, length, text, method, body_hash, generator)
     select article_id, length, text, 'EXTRACTIVE', body_hash, $5::text
       from unnest($1::int[], $2::summary_length[], $3::text[], $4::text[]) as t(article_id, length, text, body_hash)`,
    [
      summaries.map((s) => s.articleId),
      summaries.map((s) => s.length),
      summaries.map((s) => s.text),
      summaries.map((s) => s.bodyHash),
      EXTRACTIVE_GENERATOR,
    ],
  );
}

/** Writes the content into an empty, migrated database. */
export async function generate(url: string, overrides: Partial<GenerateOptions> = {}): Promise<GenerateReport> {
  const options = { ...defaultGenerateOptions, ...overrides };
  const log = options.log ?? (() => {});
  const started = performance.now();
  const random = createRandom(options.seed);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.concurrency + 1,
    application_name: 'broadsheet-bench-generate',
  });
  try {
    const sections = buildSections(options.sections);
    const entities = buildEntities(options.entities, random);
    await pool.query(
      `insert into sections (id, slug, name) overriding system value
       select * from unnest($1::int[], $2::text[], $3::text[])`,
      [sections.map((s) => s.id), sections.map((s) => s.slug), sections.map((s) => s.name)],
    );
    const indexes = await secondaryIndexes(pool);
    for (const index of indexes) await pool.query(`drop index ${index.name}`);
    for (let i = 0; i < entities.length; i += 5000) {
      const chunk = entities.slice(i, i + 5000);
      await pool.query(
        `insert into entities (id, slug, name, kind, aliases) overriding system value
         select id, slug, name, kind, coalesce(string_to_array(nullif(alias, ''), '|'), '{}')
           from unnest($1::int[], $2::text[], $3::text[], $4::entity_kind[], $5::text[]) as t(id, slug, name, kind, alias)`,
        [
          chunk.map((e) => e.id),
          chunk.map((e) => e.slug),
          chunk.map((e) => e.name),
          chunk.map((e) => e.kind),
          chunk.map((e) => e.aliases.join('|')),
        ],
      );
    }
    const factory = createArticleFactory(
      {
        sentences: loadSentences(options.corpus, random),
        sectionCount: sections.length,
        entityCount: entities.length,
        newest: new Date(Date.UTC(2026, 0, 1)),
        // Five years of news, whatever the size: denser archives for larger N.
        spacingMinutes: (5 * 365 * 24 * 60) / options.articles,
        summaryShare: options.summaryShare,
        total: options.articles,
      },
      random,
    );
    let mentions = 0;
    let summaries = 0;
    const inFlight = new Set<Promise<void>>();
    let lastLog = performance.now();
    for (let first = 1; first <= options.articles; first += options.batchSize) {
      const batch: ArticleSeed[] = [];
      for (let id = first; id < first + options.batchSize && id <= options.articles; id += 1) batch.push(factory(id));
      mentions += batch.reduce((n, a) => n + a.mentions.length, 0);
      summaries += batch.reduce((n, a) => n + a.summaries.length, 0);
      const write: Promise<void> = insertArticles(pool, batch).finally(() => inFlight.delete(write));
      inFlight.add(write);
      if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`  ${first + batch.length - 1} articles in ${((lastLog - started) / 1000).toFixed(0)} s`);
      }
    }
    await Promise.all(inFlight);
    log(
      `  rows written in ${((performance.now() - started) / 1000).toFixed(1)} s; rebuilding ${indexes.length} indexes`,
    );
    // Rebuilt side by side: the GIN index on the search vector dominates, the others are quick.
    await Promise.all(indexes.map((index) => pool.query(index.definition)));
    for (const table of ['sections', 'entities', 'articles']) {
      await pool.query(
        `select setval(pg_get_serial_sequence('${table}', 'id'), (select coalesce(max(id), 1) from ${table}))`,
      );
    }
    await pool.query('vacuum analyze');
    return {
      articles: options.articles,
      entities: entities.length,
      sections: sections.length,
      mentions,
      summaries,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await pool.end();
  }
}

export function parseCount(raw: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(raw.replace(/[_,]/g, ''));
  if (!match) throw new Error(`not a count: ${raw} (examples: 10000, 100k, 1m)`);
  const factor = { '': 1, k: 1000, m: 1_000_000 }[match[2]!.toLowerCase() as '' | 'k' | 'm'];
  const value = Math.round(Number(match[1]) * factor);
  if (value < 1) throw new Error(`count must be at least 1: ${raw}`);
  return value;
}

export function defaultDatabaseName(articles: number): string {
  if (articles % 1_000_000 === 0) return `bench_${articles / 1_000_000}m`;
  if (articles % 1000 === 0) return `bench_${articles / 1000}k`;
  return `bench_${articles}`;
}

export interface CliArgs {
  [name: string]: string | boolean;
}

/** `--name value` and `--flag` pairs; unknown names are the caller's to refuse. */
export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument: ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) args[name] = inline;
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) args[name] = argv[++i]!;
    else args[name] = true;
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const articles = parseCount(String(args.articles ?? defaultGenerateOptions.articles));
  const adminUrl = String(
    args['admin-url'] ?? process.env.BENCH_ADMIN_URL ?? 'postgres://root@127.0.0.1:5432/postgres',
  );
  const database = String(args.database ?? defaultDatabaseName(articles));
  console.log(`[generate] ${articles} articles into ${database}`);
  const url = await createFreshDatabase(adminUrl, database);
  const report = await generate(url, {
    articles,
    entities: args.entities ? parseCount(String(args.entities)) : defaultGenerateOptions.entities,
    seed: args.seed ? Number(args.seed) : defaultGenerateOptions.seed,
    corpus: args.corpus ? String(args.corpus) : DEFAULT_CORPUS,
    log: (m) => console.log(`[generate]${m}`),
  });
  console.log(`[generate] done: ${JSON.stringify(report)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error('[generate] failed:', error);
    process.exit(1);
  });
}
