import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table api_tokens (
      id integer generated always as identity primary key,
      name text not null check (length(name) between 1 and 100),
      -- sha256 (hex) of the token; the token itself is shown once and never stored
      secret_hash text not null unique check (secret_hash ~ '^[0-9a-f]{64}$'),
      scopes text[] not null check (
        cardinality(scopes) > 0 and scopes <@ array['read:drafts', 'write:articles', 'write:entities', 'admin']
      ),
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      last_used_at timestamptz
    );

    create table article_revisions (
      id integer generated always as identity primary key,
      article_id integer not null references articles (id) on delete cascade,
      -- the article's version after this change
      version integer not null,
      action text not null,
      actor_token_id integer references api_tokens (id) on delete set null,
      actor_name text not null,
      -- [{ field, from, to }] of what this change altered
      changes jsonb not null,
      -- the editorial fields after the change, so any revision can be restored
      snapshot jsonb not null,
      created_at timestamptz not null default now(),
      unique (article_id, version)
    );

    -- A merged (or re-slugged) entity's old slug keeps resolving to the entity that absorbed it.
    create table entity_slug_redirects (
      slug text primary key,
      entity_id integer not null references entities (id) on delete cascade,
      created_at timestamptz not null default now()
    );
    create index entity_slug_redirects_entity_idx on entity_slug_redirects (entity_id);

    -- When the articlePublished event went out; the scheduler claims due SCHEDULED articles by
    -- setting it, so that with several instances each publication is announced exactly once.
    alter table articles add column published_event_at timestamptz;
    update articles set published_event_at = published_at
      where status in ('PUBLISHED', 'SCHEDULED') and published_at <= now();
    create index articles_scheduled_unannounced_idx on articles (published_at)
      where status = 'SCHEDULED' and published_event_at is null;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index articles_scheduled_unannounced_idx;
    alter table articles drop column published_event_at;
    drop table entity_slug_redirects;
    drop table article_revisions;
    drop table api_tokens;
  `.execute(db);
}
