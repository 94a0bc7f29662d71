import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

// Search ranks the newest matches of a query window by window (src/db/queries/article-search.ts,
// searchArticles). Finding where a window ends means counting the matches newer than a moment:
// with the publication time inside the full-text GIN index (btree_gin: a trusted contrib
// extension, in every PostgreSQL package and in the embedded one), GIN intersects the term's
// posting list with the few entries of a recent time range instead of reading all the term's
// matches from the heap. The index serves `search @@ q` alone as well, so the search-only index
// goes. Drafts (no publication time) are searched by editors only and are few: a partial index
// finds them without reading every match of a common term.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create extension if not exists btree_gin;
    create index articles_search_published_idx on articles using gin (search, published_at);
    create index articles_search_unpublished_idx on articles using gin (search) where published_at is null;
    drop index articles_search_idx;
  `.execute(db);
}

// The extension stays: it may have been there before, and other indexes may use it.
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create index articles_search_idx on articles using gin (search);
    drop index articles_search_unpublished_idx;
    drop index articles_search_published_idx;
  `.execute(db);
}
