import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

// The sitemap index (src/feeds/sitemaps.ts) groups visible articles into children by id range and
// dates each child by its newest change: an aggregate over every visible article's id, publication
// and update time. This covering index lets PostgreSQL answer it from the index alone (an
// index-only scan of a few dozen bytes an article), without reading the article rows, whose bodies
// make the table many times larger; a child sitemap reads its id range through it too. Articles in
// the trash (deleted_at) are left out of it, as visibleSql leaves them out, so the scan stays index-only.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index articles_visible_id_sitemap_idx on articles (id) include (published_at, updated_at)
      where status in ('PUBLISHED', 'SCHEDULED') and deleted_at is null;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index articles_visible_id_sitemap_idx`.execute(db);
}
