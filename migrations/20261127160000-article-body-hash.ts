import { type Kysely, sql } from 'kysely';

// A generated summary is current while its body_hash equals the hash of the article's body
// (src/content/text.ts bodyHash: the first 32 hex digits of SHA-256). Compiled reads checked that
// by hashing the body inside every article page's statement, a fifth of the page's database time.
// The hash is now a stored column, computed once per write by PostgreSQL for every writer, and
// the page compares two short strings. convert_to is only STABLE (it depends on the database's
// encoding, which never changes for a database), so the generated column calls it through a
// function declared IMMUTABLE.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function broadsheet_body_hash(body text) returns text
      language sql immutable strict parallel safe
      as $$ select left(encode(sha256(convert_to(body, 'UTF8')), 'hex'), 32) $$;

    alter table articles add column body_hash text not null generated always as (broadsheet_body_hash(body)) stored;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table articles drop column body_hash;
    drop function broadsheet_body_hash(text);
  `.execute(db);
}
