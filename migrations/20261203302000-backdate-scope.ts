import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

// The publish:backdate scope (src/auth/scopes.ts): publishing with a time in the past.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table api_tokens drop constraint api_tokens_scopes_check;
    alter table api_tokens add constraint api_tokens_scopes_check check (
      cardinality(scopes) > 0 and scopes <@ array['read:drafts', 'write:articles', 'write:entities', 'publish:backdate', 'admin']
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    update api_tokens set scopes = array_remove(scopes, 'publish:backdate') where 'publish:backdate' = any(scopes);
    delete from api_tokens where cardinality(scopes) = 0;
    alter table api_tokens drop constraint api_tokens_scopes_check;
    alter table api_tokens add constraint api_tokens_scopes_check check (
      cardinality(scopes) > 0 and scopes <@ array['read:drafts', 'write:articles', 'write:entities', 'admin']
    );
  `.execute(db);
}
