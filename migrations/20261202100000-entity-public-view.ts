import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

// What the public sees of an entity (whether it exists, its name, slug and aliases) follows from the
// entity's visible mentions (src/db/queries/entities.ts). Worked out on every read, that cost up to
// 0.5 ms an entity of a popular one, so an anonymous list of 50 articles cost 300 ms of database
// CPU. The answer is now kept on the entity row and read as columns:
//
// - public_shown: whether a visible article mentions the entity; public_name / public_slug /
//   public_aliases: what the public sees of it; name_public: whether its own name and slug are.
// - public_until: the values hold while now() is before it, the time the entity's next scheduled
//   mention comes due ('-infinity': never worked out, as for every row when this migration runs).
// - entity_public_stale: the entities a write changed since; triggers fill it for every writer (the
//   API, the importer, the scheduler, SQL by hand) without locking anything, so two writers never
//   wait on each other. A row there makes the readers work the answer out again.
//
// A reader uses the columns only when they hold, so the answer never depends on when the refresh
// (refreshPublicEntities) runs; the refresh only makes the next reads cheap again.
//
// The rule itself is entity_public_live(entity): the refresh and the readers (for an entity whose
// kept answer does not hold) both call it, so it is written once. A function, not SQL text pasted
// into every read: PostgreSQL plans a function's statements once per connection, where the same
// text inlined for every entity of a page made planning cost ten times the execution. A mention is
// visible under the rule of src/db/queries/articles.ts visibleMentionSql.
//
// entity_slug_redirects.form: the name an old slug was made from (the name before a rename, a
// merged entity's name, or the public name of a derived slug). The public follows a redirect only
// when it sees that form, so renaming an entity a draft named in full does not publish the old
// full-name slug. Redirects made before this have no form and resolve as they did.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table entities
      add column public_shown boolean not null default false,
      add column public_name text,
      add column public_slug text,
      add column public_aliases text[],
      add column name_public boolean not null default false,
      add column public_until timestamptz not null default '-infinity';

    create index entities_public_until_idx on entities (public_until);
    create index entities_public_name_idx on entities (public_name, id) where public_shown;
    create index entities_kind_public_name_idx on entities (kind, public_name, id) where public_shown;
    create index entities_lower_public_name_prefix_idx on entities (lower(public_name) text_pattern_ops) where public_shown;

    alter table entity_slug_redirects add column form text;

    -- src/content/text.ts slugify in SQL (same steps, same result; tests/embargo.test.ts compares
    -- them): ASCII, lower case, hyphen-separated, at most 80 characters, empty when nothing is left.
    create function broadsheet_slugify(value text) returns text language sql immutable strict parallel safe as $fn$
      select trim(trailing '-' from left(trim(both '-' from regexp_replace(regexp_replace(
        replace(replace(replace(replace(replace(replace(replace(replace(replace(
          lower(regexp_replace(normalize(value, NFKD), '[\\u0300-\\u036f]', '', 'g')),
          'ß', 'ss'), 'æ', 'ae'), 'Æ', 'ae'), 'œ', 'oe'), 'Œ', 'oe'), 'ø', 'o'), 'Ø', 'o'), 'ł', 'l'), 'Ł', 'l'),
        '[''’]', '', 'g'), '[^a-z0-9]+', '-', 'g')), 80))
    $fn$;

    -- The slug of entity \`id\` derived from one of its forms: quillfeather-e42 (e42 when the form has
    -- no letters or digits); the id makes it resolvable and unique.
    create function entity_form_slug(form text, id integer) returns text language sql immutable parallel safe as $fn$
      select concat_ws('-', nullif(broadsheet_slugify(form), ''), 'e' || id)
    $fn$;

    create type entity_public_answer as (shown boolean, name text, slug text, aliases text[], name_public boolean);

    -- What the public sees of entity e (src/db/queries/entities.ts explains the rule).
    create function entity_public_live(e entities) returns entity_public_answer language plpgsql stable as $fn$
    declare
      answer entity_public_answer;
      most_used text;
    begin
      -- Public when a visible article mentions it.
      -- (A token reads the entities of its own drafts by this answer too: by the name and slug
      -- made from it, with no aliases.)
      answer.shown := exists (select 1 from article_entities m where m.entity_id = e.id
          and m.article_status in ('PUBLISHED', 'SCHEDULED') and m.article_published_at <= now());
      if not answer.shown then
        return row(false, e.name, entity_form_slug(e.name, e.id), '{}'::text[], false)::entity_public_answer;
      end if;
      -- Its name (and the slug made from it) is public when a visible mention used it or named the
      -- entity explicitly (an import, an editor); one EXISTS that stops at the first such mention.
      answer.name_public := exists (select 1 from article_entities m where m.entity_id = e.id
          and m.article_status in ('PUBLISHED', 'SCHEDULED') and m.article_published_at <= now()
          and (m.source <> 'EXTRACTED' or m.aliases @> array[e.name]));
      if answer.name_public then
        answer.name := e.name;
        answer.slug := e.slug;
      else
        -- Otherwise the public knows it by the form visible mentions used most.
        most_used := coalesce((select f.form from article_entities m cross join unnest(m.aliases) f(form)
            where m.entity_id = e.id and m.article_status in ('PUBLISHED', 'SCHEDULED') and m.article_published_at <= now()
            group by f.form order by count(*) desc, f.form limit 1), e.name);
        answer.name := most_used;
        answer.slug := entity_form_slug(most_used, e.id);
      end if;
      -- An alias is public when a visible mention used it: a form most articles use is among any 20
      -- visible mentions; any other is found through article_entities_form_keys_idx.
      answer.aliases := array(select a.alias from unnest(e.aliases) with ordinality a(alias, n)
        where exists (select 1 from (select r.aliases from article_entities r where r.entity_id = e.id
              and r.article_status in ('PUBLISHED', 'SCHEDULED') and r.article_published_at <= now() limit 20) recent
            where recent.aliases @> array[a.alias])
          or exists (select 1 from article_entities k
            where article_entity_form_keys(k.entity_id, k.aliases) @> array[e.id::text || ':' || a.alias]
              and k.article_status in ('PUBLISHED', 'SCHEDULED') and k.article_published_at <= now())
        order by a.n);
      return answer;
    end
    $fn$;

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
    drop function entity_public_live(entities);
    drop type entity_public_answer;
    drop function entity_form_slug(text, integer);
    drop function broadsheet_slugify(text);
    alter table entity_slug_redirects drop column form;
    alter table entities drop column public_until, drop column name_public, drop column public_aliases,
      drop column public_slug, drop column public_name, drop column public_shown;
  `.execute(db);
}
