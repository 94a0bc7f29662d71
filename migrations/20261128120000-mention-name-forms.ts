import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

// The public sees an entity's name only when a visible article used it (src/db/queries/entities.ts,
// publicNameSql): a draft that created "Helga Brightwater" must not name her to the readers of a
// published article that says "Brightwater". So each mention's forms (article_entities.aliases)
// now hold the name too when the article used it. Existing extracted mentions get the name when
// their article's text contains it; mentions an import or an editor made name the entity anyway.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update article_entities ae
      set aliases = array_append(ae.aliases, e.name)
      from articles a, entities e
      where a.id = ae.article_id and e.id = ae.entity_id
        and not (ae.aliases @> array[e.name])
        and position(lower(e.name) in lower(a.title || E'\n\n' || a.body)) > 0;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    update article_entities ae
      set aliases = array_remove(ae.aliases, e.name)
      from entities e
      where e.id = ae.entity_id and ae.aliases @> array[e.name];
  `.execute(db);
}
