import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

// A deleted article's history is the newsroom's record of what was published and who removed it:
// revisions outlive their article (the last one, action DELETE, holds its final text), so the
// foreign key that cascaded the delete goes. Article ids come from an identity column and are
// never reused, so an orphaned revision can never be mistaken for another article's.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table article_revisions drop constraint article_revisions_article_id_fkey`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    delete from article_revisions where not exists (select 1 from articles where articles.id = article_revisions.article_id);
    alter table article_revisions add constraint article_revisions_article_id_fkey
      foreign key (article_id) references articles (id) on delete cascade;
  `.execute(db);
}
