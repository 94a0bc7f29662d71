import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

// Corrections, updates and clarifications: an append-only public record on the article (no
// mutation edits or removes one; they go only when the article is purged). Readers see them
// while they can see the article.
//
// articles.substantive_updated_at: when the article last changed in a way readers are told about
// (an appended correction or update, or an edit marked substantive). What readers see as
// `updatedAt`; updated_at stays the internal time of any write (`modifiedAt`).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create type article_correction_kind as enum ('CORRECTION', 'UPDATE', 'CLARIFICATION');
    create table article_corrections (
      id integer generated always as identity primary key,
      article_id integer not null references articles (id) on delete cascade,
      kind article_correction_kind not null,
      text text not null,
      created_at timestamptz not null default now(),
      created_by text
    );
    create index article_corrections_article_idx on article_corrections (article_id, created_at, id);

    alter table articles add column substantive_updated_at timestamptz;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table articles drop column substantive_updated_at;
    drop table article_corrections;
    drop type article_correction_kind;
  `.execute(db);
}
