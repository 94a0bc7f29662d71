import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create type article_status as enum ('DRAFT', 'SCHEDULED', 'PUBLISHED', 'ARCHIVED');
    create type entity_kind as enum ('PERSON', 'ORGANIZATION', 'PLACE');
    create type summary_length as enum ('SHORT', 'MEDIUM', 'LONG');
    create type summary_method as enum ('EDITORIAL', 'EXTRACTIVE');
    create type mention_source as enum ('EXTRACTED', 'IMPORTED', 'EDITORIAL');

    create table sections (
      id integer generated always as identity primary key,
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      name text not null,
      description text,
      created_at timestamptz not null default now()
    );

    create table articles (
      id integer generated always as identity primary key,
      external_id text unique,
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      title text not null check (length(title) between 1 and 500),
      standfirst text,
      -- paragraphs separated by one blank line
      body text not null,
      status article_status not null default 'DRAFT',
      published_at timestamptz,
      section_id integer references sections (id) on delete set null,
      word_count integer not null default 0,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      search tsvector generated always as (
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('english', coalesce(standfirst, '')), 'B') ||
        setweight(to_tsvector('english', body), 'C')
      ) stored,
      constraint published_needs_date check (status not in ('PUBLISHED', 'SCHEDULED') or published_at is not null)
    );

    -- Keyset pagination and previous/next over what the public can see.
    create index articles_visible_published_idx on articles (published_at, id)
      where status in ('PUBLISHED', 'SCHEDULED');
    create index articles_visible_section_published_idx on articles (section_id, published_at, id)
      where status in ('PUBLISHED', 'SCHEDULED');
    create index articles_updated_idx on articles (updated_at, id);
    create index articles_search_idx on articles using gin (search);

    create table entities (
      id integer generated always as identity primary key,
      slug text not null unique,
      name text not null,
      kind entity_kind not null,
      aliases text[] not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index entities_name_idx on entities (name, id);
    create index entities_lower_name_prefix_idx on entities (lower(name) text_pattern_ops);
    create index entities_kind_name_idx on entities (kind, name, id);

    create table article_entities (
      article_id integer not null references articles (id) on delete cascade,
      entity_id integer not null references entities (id) on delete cascade,
      mention_count integer not null default 1 check (mention_count >= 0),
      first_offset integer not null default 0,
      salience real not null default 0 check (salience between 0 and 1),
      source mention_source not null default 'EXTRACTED',
      primary key (article_id, entity_id)
    );
    create index article_entities_entity_idx on article_entities (entity_id, article_id);

    create table summaries (
      article_id integer not null references articles (id) on delete cascade,
      length summary_length not null,
      text text not null,
      method summary_method not null,
      body_hash text not null,
      created_at timestamptz not null default now(),
      primary key (article_id, length)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table summaries;
    drop table article_entities;
    drop table entities;
    drop table articles;
    drop table sections;
    drop type mention_source;
    drop type summary_method;
    drop type summary_length;
    drop type entity_kind;
    drop type article_status;
  `.execute(db);
}
