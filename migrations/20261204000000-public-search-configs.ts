import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

// The public's searches parse their words only with the text-search configurations of languages a
// visible article is written in (src/db/queries/article-search.ts, searchQuerySql):
// search_configs_in_use also holds the configuration of every draft, embargoed or deleted article
// ever written, and parsing with it changed public results (a German draft made "stormen" find
// English articles about storms), which told anyone that an article in that language existed.
// This index answers "is a visible article written with this configuration?" with one entry.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index articles_search_config_visible_idx on articles (broadsheet_ts_config(language), published_at)
      where status in ('PUBLISHED', 'SCHEDULED') and deleted_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index articles_search_config_visible_idx`.execute(db);
}
