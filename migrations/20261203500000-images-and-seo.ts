import { type Kysely, sql } from 'kysely';

// Images (issue #19): an image is stored once and used by any number of articles, as their lead
// image, their social (sharing) image or in the body's place after a paragraph. An image has its
// original either in the media store (`storage_key`) or at an external URL (agency copy, an
// archive), never both. The sharing fields (meta title and description, canonical URL, noindex)
// are columns of the article.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table images (
      id integer generated always as identity primary key,
      external_id text unique,
      storage_key text unique,
      external_url text,
      mime_type text not null,
      byte_size integer,
      width integer not null check (width between 1 and 100000),
      height integer not null check (height between 1 and 100000),
      alt text,
      caption text,
      credit text,
      licence text,
      focal_x real not null default 0.5 check (focal_x between 0 and 1),
      focal_y real not null default 0.5 check (focal_y between 0 and 1),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((storage_key is null) <> (external_url is null))
    )
  `.execute(db);
  await sql`
    alter table articles
      add column lead_image_id integer references images (id) on delete set null,
      add column social_image_id integer references images (id) on delete set null,
      add column meta_title text,
      add column meta_description text,
      add column canonical_url text,
      add column noindex boolean not null default false
  `.execute(db);
  // Images in the body: each after the paragraph it names (0: before the first), in position order.
  await sql`
    create table article_images (
      article_id integer not null references articles (id) on delete cascade,
      position integer not null,
      image_id integer not null references images (id) on delete cascade,
      after_paragraph integer not null check (after_paragraph >= 0),
      primary key (article_id, position)
    )
  `.execute(db);
  await sql`create index article_images_image_idx on article_images (image_id)`.execute(db);
  // Which articles show an image: the public may see an image once a visible article does.
  await sql`create index articles_lead_image_idx on articles (lead_image_id) where lead_image_id is not null`.execute(db);
  await sql`create index articles_social_image_idx on articles (social_image_id) where social_image_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table article_images`.execute(db);
  await sql`
    alter table articles
      drop column lead_image_id,
      drop column social_image_id,
      drop column meta_title,
      drop column meta_description,
      drop column canonical_url,
      drop column noindex
  `.execute(db);
  await sql`drop table images`.execute(db);
}
