import { type Kysely, sql } from 'kysely';

// Issue #19: authors and ordered bylines, an editorial tag taxonomy, and sections as content
// (a position, one level of nesting, slugs that keep resolving after a rename).
// Frozen once merged: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table authors (
      id integer generated always as identity primary key,
      slug text not null unique check (length(slug) between 1 and 120),
      name text not null check (length(name) between 1 and 200),
      bio text check (length(bio) <= 5000),
      role text check (length(role) <= 200),
      links text[] not null default '{}' check (cardinality(links) <= 10),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    -- An author's former slug keeps resolving to them.
    create table author_slug_redirects (
      slug text primary key,
      author_id integer not null references authors (id) on delete cascade,
      created_at timestamptz not null default now()
    );

    -- An article's byline, in order: an author, or free text such as "Staff and agencies".
    create table article_bylines (
      article_id integer not null references articles (id) on delete cascade,
      position smallint not null check (position between 0 and 19),
      author_id integer references authors (id),
      credit text check (length(credit) between 1 and 200),
      primary key (article_id, position),
      unique (article_id, author_id),
      check ((author_id is null) <> (credit is null))
    );
    create index article_bylines_author_idx on article_bylines (author_id, article_id) where author_id is not null;

    create table tags (
      id integer generated always as identity primary key,
      slug text not null unique check (length(slug) between 1 and 120),
      name text not null check (length(name) between 1 and 200),
      description text check (length(description) <= 2000),
      entity_id integer references entities (id) on delete set null,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    -- A renamed or merged tag's old slug keeps resolving to the tag that holds it now.
    create table tag_slug_redirects (
      slug text primary key,
      tag_id integer not null references tags (id) on delete cascade,
      created_at timestamptz not null default now()
    );
    create index tag_slug_redirects_tag_idx on tag_slug_redirects (tag_id);

    create table article_tags (
      article_id integer not null references articles (id) on delete cascade,
      tag_id integer not null references tags (id) on delete cascade,
      position smallint not null check (position between 0 and 49),
      primary key (article_id, tag_id),
      unique (article_id, position)
    );
    create index article_tags_tag_idx on article_tags (tag_id, article_id);

    alter table sections
      add column parent_id integer references sections (id),
      add column position integer not null default 0,
      add column version integer not null default 1,
      add column updated_at timestamptz not null default now(),
      add constraint sections_not_own_parent check (parent_id <> id);
    create index sections_parent_idx on sections (parent_id, position, name) where parent_id is not null;
    create table section_slug_redirects (
      slug text primary key,
      section_id integer not null references sections (id) on delete cascade,
      created_at timestamptz not null default now()
    );

    -- write:taxonomy, the scope for authors, tags and sections, is allowed by 20261203900000-token-scopes.
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table section_slug_redirects;
    drop index sections_parent_idx;
    alter table sections drop constraint sections_not_own_parent, drop column updated_at, drop column version,
      drop column position, drop column parent_id;
    drop table article_tags;
    drop table tag_slug_redirects;
    drop table tags;
    drop table article_bylines;
    drop table author_slug_redirects;
    drop table authors;
  `.execute(db);
}
