import { type Kysely, sql } from 'kysely';

// An entity's page lists its newest visible articles. Over article_entities alone PostgreSQL must
// either walk every article newest first until it has found twenty that mention the entity (slow
// for a rare entity: at a million articles, most of the index) or fetch every mention of the entity
// and sort (slow for a common one: hundreds of thousands). A copy of each article's status and
// publication time on its mention rows, with an index in page order per entity, makes the page
// one index range scan of twenty entries whatever the entity. Triggers keep the copy exact for
// every writer (importer, editorial API, scheduler, SQL by hand).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table article_entities add column article_status article_status, add column article_published_at timestamptz;

    update article_entities ae set article_status = a.status, article_published_at = a.published_at
      from articles a where a.id = ae.article_id;

    alter table article_entities alter column article_status set not null;

    create function article_entities_copy_article() returns trigger language plpgsql as $$
    begin
      select a.status, a.published_at into new.article_status, new.article_published_at from articles a where a.id = new.article_id;
      return new;
    end $$;

    create trigger article_entities_copy_article before insert or update of article_id on article_entities
      for each row execute function article_entities_copy_article();

    create function articles_copy_to_mentions() returns trigger language plpgsql as $$
    begin
      update article_entities set article_status = new.status, article_published_at = new.published_at where article_id = new.id;
      return null;
    end $$;

    create trigger articles_copy_to_mentions after update of status, published_at on articles
      for each row when (old.status is distinct from new.status or old.published_at is distinct from new.published_at)
      execute function articles_copy_to_mentions();

    create index article_entities_entity_page_idx on article_entities (entity_id, article_published_at desc, article_id desc)
      where article_status in ('PUBLISHED', 'SCHEDULED');
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index article_entities_entity_page_idx;
    drop trigger articles_copy_to_mentions on articles;
    drop function articles_copy_to_mentions();
    drop trigger article_entities_copy_article on article_entities;
    drop function article_entities_copy_article();
    alter table article_entities drop column article_published_at, drop column article_status;
  `.execute(db);
}
