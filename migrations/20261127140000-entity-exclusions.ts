import { type Kysely, sql } from 'kysely';

// An editor who removes an entity from an article has the last word: extraction, which runs again
// whenever the text changes, must not bring it back.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table article_entity_exclusions (
      article_id integer not null references articles (id) on delete cascade,
      entity_id integer not null references entities (id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (article_id, entity_id)
    );
    create index entities_aliases_idx on entities using gin (aliases);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index entities_aliases_idx;
    drop table article_entity_exclusions;
  `.execute(db);
}
