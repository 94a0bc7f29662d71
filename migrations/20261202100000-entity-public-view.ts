import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

// What the public sees of an entity (whether it exists, its name, slug and aliases) follows from the
// entity's visible mentions (src/db/queries/entities.ts). Worked out on every read, that cost up to
// 0.5 ms an entity of a popular one, so an anonymous list of 50 articles cost 300 ms of database
// CPU. The answer is now kept on the entity row and read as columns:
//
// - public_name / public_slug / public_aliases: what the public sees (public_name null: no visible
//   article mentions the entity); name_public: whether its own name and slug are public.
// - public_until: the values hold while now() is before it, the time the entity's next scheduled
//   mention comes due ('-infinity': never worked out, as for every row when this migration runs).
// - entity_public_stale: the entities a write changed since; triggers fill it for every writer (the
//   API, the importer, the scheduler, SQL by hand) without locking anything, so two writers never
//   wait on each other. A row there makes the readers work the answer out again.
//
// A reader uses the columns only when they hold, so the answer never depends on when the refresh
// (refreshPublicEntities) runs; the refresh only makes the next reads cheap again.
//
// entity_slug_redirects.form: the name an old slug was made from (the name before a rename, a
// merged entity's name, or the public name of a derived slug). The public follows a redirect only
// when it sees that form, so renaming an entity a draft named in full does not publish the old
// full-name slug. Redirects made before this have no form and resolve as they did.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table entities
      add column public_name text,
      add column public_slug text,
      add column public_aliases text[],
      add column name_public boolean not null default false,
      add column public_until timestamptz not null default '-infinity';

    create index entities_public_until_idx on entities (public_until);
    create index entities_public_name_idx on entities (public_name, id) where public_name is not null;
    create index entities_kind_public_name_idx on entities (kind, public_name, id) where public_name is not null;
    create index entities_lower_public_name_prefix_idx on entities (lower(public_name) text_pattern_ops) where public_name is not null;

    alter table entity_slug_redirects add column form text;

    create table entity_public_stale (entity_id integer not null);
    create index entity_public_stale_entity_idx on entity_public_stale (entity_id);

    create function entity_public_stale_from_mentions() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        insert into entity_public_stale (entity_id) select distinct entity_id from new_mentions;
      elsif tg_op = 'DELETE' then
        insert into entity_public_stale (entity_id) select distinct entity_id from old_mentions;
      else
        insert into entity_public_stale (entity_id) select entity_id from old_mentions union select entity_id from new_mentions;
      end if;
      return null;
    end $$;

    create trigger article_entities_public_stale_insert after insert on article_entities
      referencing new table as new_mentions for each statement execute function entity_public_stale_from_mentions();
    create trigger article_entities_public_stale_update after update on article_entities
      referencing old table as old_mentions new table as new_mentions for each statement execute function entity_public_stale_from_mentions();
    create trigger article_entities_public_stale_delete after delete on article_entities
      referencing old table as old_mentions for each statement execute function entity_public_stale_from_mentions();

    create function entity_public_stale_from_entity() returns trigger language plpgsql as $$
    begin
      insert into entity_public_stale (entity_id) values (new.id);
      return null;
    end $$;

    create trigger entities_public_stale after update of name, slug, aliases on entities for each row
      when (old.name is distinct from new.name or old.slug is distinct from new.slug or old.aliases is distinct from new.aliases)
      execute function entity_public_stale_from_entity();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger entities_public_stale on entities;
    drop function entity_public_stale_from_entity();
    drop trigger article_entities_public_stale_delete on article_entities;
    drop trigger article_entities_public_stale_update on article_entities;
    drop trigger article_entities_public_stale_insert on article_entities;
    drop function entity_public_stale_from_mentions();
    drop table entity_public_stale;
    alter table entity_slug_redirects drop column form;
    alter table entities drop column public_until, drop column name_public, drop column public_aliases,
      drop column public_slug, drop column public_name;
  `.execute(db);
}
