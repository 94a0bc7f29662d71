import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

// An entity's aliases grow from every article that names it, drafts and embargoed articles too;
// the public may only see the forms a visible article used (src/db/queries/entities.ts,
// publicAliasesSql). So each mention records the forms its article used for the entity, other than
// the entity's name, and leaves with the mention (re-extraction, removal, deletion of the
// article). Existing mentions get the entity's aliases that occur in their article's text: an
// alias no article contains (an old name kept by a rename) is then seen by editors only.
//
// The index finds, for one entity and one form, the mentions of articles that are or will be
// public; the time check is made on the rows, so a scheduled article counts once it is due.
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

    create index article_entities_visible_alias_idx on article_entities using gin (entity_id, aliases)
      where article_status in ('PUBLISHED', 'SCHEDULED');
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index article_entities_visible_alias_idx;
    alter table article_entities drop column aliases;
  `.execute(db);
}
