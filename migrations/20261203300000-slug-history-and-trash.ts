import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

// Slug history: every slug an article gave up keeps resolving to it (article(slug:) answers with
// the article, whose canonicalSlug is its current slug, so a front end can redirect). A slug is
// held by one article at a time, whether as its current slug or in its history: the primary key
// here, and the writers' check against both (src/db/queries/editorial.ts isArticleSlugTaken), so
// a slug never answers for two articles. An article taking back one of its own old slugs removes
// it from the history. Purging an article frees its old slugs with it. Triggers keep the history
// for every writer (the API, the importer, a revision restore, SQL by hand) and refuse a slug
// another article answers for (unique_violation), the last word behind the writers' typed errors.
//
// Soft delete: deleteArticle moves an article to the trash (deleted_at, deleted_by) instead of
// destroying it; every read leaves trashed articles out (visibleSql and liveSql in
// src/db/queries/articles.ts) and `npm run purge` removes them after TRASH_RETENTION_DAYS.
// A trashed article keeps its slug, its old slugs and its external id until it is purged, so a
// restore never collides.
//
// The copies of an article's status and publication time on its mentions (migration
// 20261127150000) are what the entity pages and the entities' public view (migration
// 20261202100000) read; a trashed article's mentions get a null publication time there, so they
// are never visible under visibleMentionSql, and the refresh of the entities' public view runs
// through the mention trigger that marks them stale.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table article_slug_history (
      slug text primary key,
      article_id integer not null references articles (id) on delete cascade,
      created_at timestamptz not null default now()
    );
    create index article_slug_history_article_idx on article_slug_history (article_id);

    create function articles_keep_old_slug() returns trigger language plpgsql as $$
    begin
      delete from article_slug_history where slug = new.slug and article_id = new.id;
      insert into article_slug_history (slug, article_id) values (old.slug, new.id)
        on conflict (slug) do update set article_id = excluded.article_id, created_at = now();
      return null;
    end $$;
    create trigger articles_keep_old_slug after update of slug on articles
      for each row when (old.slug is distinct from new.slug) execute function articles_keep_old_slug();

    create function articles_slug_not_in_history() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from article_slug_history h where h.slug = new.slug and h.article_id <> new.id) then
        raise exception 'the slug % is an old slug of another article', new.slug using errcode = 'unique_violation';
      end if;
      return new;
    end $$;
    create trigger articles_slug_not_in_history before insert or update of slug on articles
      for each row execute function articles_slug_not_in_history();

    alter table articles add column deleted_at timestamptz, add column deleted_by text;
    create index articles_trash_idx on articles (deleted_at desc, id desc) where deleted_at is not null;

    create or replace function article_entities_copy_article() returns trigger language plpgsql as $$
    begin
      select a.status, case when a.deleted_at is null then a.published_at end into new.article_status, new.article_published_at
        from articles a where a.id = new.article_id;
      return new;
    end $$;

    create or replace function articles_copy_to_mentions() returns trigger language plpgsql as $$
    begin
      update article_entities set article_status = new.status,
          article_published_at = case when new.deleted_at is null then new.published_at end
        where article_id = new.id;
      return null;
    end $$;

    drop trigger articles_copy_to_mentions on articles;
    create trigger articles_copy_to_mentions after update of status, published_at, deleted_at on articles
      for each row when (old.status is distinct from new.status or old.published_at is distinct from new.published_at
        or old.deleted_at is distinct from new.deleted_at)
      execute function articles_copy_to_mentions();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    -- The trash goes with the column: what was in it is deleted, as deleteArticle did before.
    delete from articles where deleted_at is not null;

    drop trigger articles_copy_to_mentions on articles;
    create or replace function articles_copy_to_mentions() returns trigger language plpgsql as $$
    begin
      update article_entities set article_status = new.status, article_published_at = new.published_at where article_id = new.id;
      return null;
    end $$;
    create trigger articles_copy_to_mentions after update of status, published_at on articles
      for each row when (old.status is distinct from new.status or old.published_at is distinct from new.published_at)
      execute function articles_copy_to_mentions();

    create or replace function article_entities_copy_article() returns trigger language plpgsql as $$
    begin
      select a.status, a.published_at into new.article_status, new.article_published_at from articles a where a.id = new.article_id;
      return new;
    end $$;

    drop index articles_trash_idx;
    drop trigger articles_slug_not_in_history on articles;
    drop function articles_slug_not_in_history();
    drop trigger articles_keep_old_slug on articles;
    drop function articles_keep_old_slug();
    alter table articles drop column deleted_by, drop column deleted_at;
    drop table article_slug_history;
  `.execute(db);
}
