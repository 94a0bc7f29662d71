import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- A signed, expiring, read-only link to one article (a draft, usually) that an editor shares.
    create table preview_links (
      id integer generated always as identity primary key,
      article_id integer not null references articles (id) on delete cascade,
      -- sha256 (hex) of the link's token; the token itself is shown once and never stored
      secret_hash text not null unique check (secret_hash ~ '^[0-9a-f]{64}$'),
      created_by_token_id integer references api_tokens (id) on delete set null,
      created_by text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      check (expires_at > created_at)
    );
    create index preview_links_article on preview_links (article_id, created_at desc);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table preview_links`.execute(db);
}
