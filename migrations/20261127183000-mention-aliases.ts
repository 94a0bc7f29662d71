import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

// An entity's aliases grow from every article that names it, drafts and embargoed articles too;
// the public may only see the forms a visible article used (src/db/queries/entities.ts,
// publicAliasesSql). So each mention records the forms its article used for the entity, other than
// the entity's name, and leaves with the mention (re-extraction, removal, deletion of the
// article). Existing mentions get the entity's aliases that occur in their article's text: an
// alias no article contains (an old name kept by a rename) is then seen by editors only.
//
// Whether a visible article used a form is asked on reads: among the entity's newest visible
// mentions first (article_entities_entity_page_idx, where a common form is found at once), then
// through this index, keyed by entity and form together, so a form only drafts used costs a probe
// of its own few entries (keyed by entity alone, a GIN index reads every mention of a busy entity:
// 18 ms at 100 000). The time check is made on the rows, so a scheduled article counts once due.
// Without fastupdate: article pages read it on every view, and a GIN pending list (filled by
// imports until the next vacuum) is scanned whole by every probe (11 ms after 100 000 mentions,
// 0.01 ms once flushed).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table article_entities add column aliases text[] not null default '{}';

    update article_entities ae
      set aliases = array(
        select u.alias from unnest(e.aliases) with ordinality u(alias, n)
        where u.alias is not null and position(u.alias in a.title || E'\n\n' || a.body) > 0
        order by u.n)
      from articles a, entities e
      where a.id = ae.article_id and e.id = ae.entity_id and e.aliases <> '{}';

    create function article_entity_form_keys(entity_id integer, aliases text[]) returns text[]
      language sql immutable parallel safe
      as $$ select array(select entity_id::text || ':' || form from unnest(aliases) form where form is not null) $$;

    create index article_entities_form_keys_idx on article_entities using gin (article_entity_form_keys(entity_id, aliases))
      with (fastupdate = off) where article_status in ('PUBLISHED', 'SCHEDULED');
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index article_entities_form_keys_idx;
    drop function article_entity_form_keys(integer, text[]);
    alter table article_entities drop column aliases;
  `.execute(db);
}
