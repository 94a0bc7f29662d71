import { type Kysely, sql } from 'kysely';

// The name of the API token that last changed an article; null for imports and the demo seed,
// which no token makes.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table articles add column updated_by text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table articles drop column updated_by`.execute(db);
}
