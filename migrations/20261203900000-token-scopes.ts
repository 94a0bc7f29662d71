import { type Kysely, sql } from 'kysely';

// The scopes this round adds to API tokens (src/auth/scopes.ts lists what each allows), in one
// migration after the tables they guard, so that the check's list is written once per change:
// write:taxonomy (authors, tags, sections), manage:webhooks (webhook endpoints).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table api_tokens drop constraint api_tokens_scopes_check, add constraint api_tokens_scopes_check check (
      cardinality(scopes) > 0
      and scopes <@ array['read:drafts', 'write:articles', 'write:entities', 'write:taxonomy', 'manage:webhooks', 'admin']
    )`.execute(db);
}

// Tokens lose the scopes; one left with none is revoked and kept for its history (a token needs a scope).
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    update api_tokens
      set scopes = array(select s from unnest(scopes) s where s in ('read:drafts', 'write:articles', 'write:entities', 'admin'));
    update api_tokens set scopes = array['read:drafts'], revoked_at = coalesce(revoked_at, now()) where cardinality(scopes) = 0;
    alter table api_tokens drop constraint api_tokens_scopes_check, add constraint api_tokens_scopes_check check (
      cardinality(scopes) > 0 and scopes <@ array['read:drafts', 'write:articles', 'write:entities', 'admin']
    )`.execute(db);
}
