import { type Kysely, sql } from 'kysely';

// Issue #19, the gaps left by its first pass.
//
// 1. An author's image (a portrait): an Image of the images table, shown under the images' own
//    public rule (src/db/queries/images.ts imageShownSql).
// 2. Author and tag pages on a big archive. Over article_bylines or article_tags alone an author's
//    page must fetch every byline of a prolific author and sort them by the articles' publication
//    time (or walk every article newest first for a rare one). As for entity pages (migration
//    20261127150000), each byline and tag row carries a copy of its article's status and
//    publication time (null while the article is in the trash), kept exact by triggers for every
//    writer, and an index in page order per author and per tag makes the page one index range of
//    `limit` entries.
// Frozen once merged: change the schema with a new migration, never by editing this one.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table authors add column image_id integer references images (id) on delete set null;
    create index authors_image_idx on authors (image_id) where image_id is not null;

    alter table article_bylines add column article_status article_status, add column article_published_at timestamptz;
    alter table article_tags add column article_status article_status, add column article_published_at timestamptz;
    update article_bylines b set article_status = a.status, article_published_at = case when a.deleted_at is null then a.published_at end
      from articles a where a.id = b.article_id;
    update article_tags t set article_status = a.status, article_published_at = case when a.deleted_at is null then a.published_at end
      from articles a where a.id = t.article_id;
    alter table article_bylines alter column article_status set not null;
    alter table article_tags alter column article_status set not null;

    -- Both tables name the article in article_id: one function fills the copy of either.
    create function article_listing_copy_article() returns trigger language plpgsql as $$
    begin
      select a.status, case when a.deleted_at is null then a.published_at end into new.article_status, new.article_published_at
        from articles a where a.id = new.article_id;
      return new;
    end $$;
    create trigger article_bylines_copy_article before insert or update of article_id on article_bylines
      for each row execute function article_listing_copy_article();
    create trigger article_tags_copy_article before insert or update of article_id on article_tags
      for each row execute function article_listing_copy_article();

    create function articles_copy_to_listings() returns trigger language plpgsql as $$
    declare
      published timestamptz := case when new.deleted_at is null then new.published_at end;
    begin
      update article_bylines set article_status = new.status, article_published_at = published where article_id = new.id;
      update article_tags set article_status = new.status, article_published_at = published where article_id = new.id;
      return null;
    end $$;
    create trigger articles_copy_to_listings after update of status, published_at, deleted_at on articles
      for each row when (old.status is distinct from new.status or old.published_at is distinct from new.published_at
        or old.deleted_at is distinct from new.deleted_at)
      execute function articles_copy_to_listings();

    create index article_bylines_author_page_idx on article_bylines (author_id, article_published_at desc, article_id desc)
      where author_id is not null and article_status in ('PUBLISHED', 'SCHEDULED');
    create index article_tags_tag_page_idx on article_tags (tag_id, article_published_at desc, article_id desc)
      where article_status in ('PUBLISHED', 'SCHEDULED');
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index article_tags_tag_page_idx;
    drop index article_bylines_author_page_idx;
    drop trigger articles_copy_to_listings on articles;
    drop function articles_copy_to_listings();
    drop trigger article_tags_copy_article on article_tags;
    drop trigger article_bylines_copy_article on article_bylines;
    drop function article_listing_copy_article();
    alter table article_tags drop column article_published_at, drop column article_status;
    alter table article_bylines drop column article_published_at, drop column article_status;
    drop index authors_image_idx;
    alter table authors drop column image_id;
  `.execute(db);
}
