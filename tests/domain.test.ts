import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { SCOPES } from '../src/auth/scopes.js';
import {
  ARTICLE_CORRECTION_KINDS,
  ARTICLE_STATUSES,
  ENTITY_KINDS,
  MENTION_SOURCES,
  SUMMARY_LENGTHS,
  SUMMARY_METHODS,
  SUMMARY_MODEL_STATES,
  WEBHOOK_DELIVERY_STATUSES,
} from '../src/domain.js';
import { createTestDatabase } from './helpers/db.js';

// The lists in src/domain.ts and src/auth/scopes.ts are what the code checks and the API offers;
// the database's enum types and check constraints were written by migrations, which are frozen.
// A value added on one side only would be refused by the other at run time.
describe('value lists and the database', () => {
  it('each enum type of the database holds the values of its list, in order', async () => {
    const database = await createTestDatabase();
    const lists: Record<string, readonly string[]> = {
      article_status: ARTICLE_STATUSES,
      entity_kind: ENTITY_KINDS,
      summary_length: SUMMARY_LENGTHS,
      summary_method: SUMMARY_METHODS,
      summary_model_state: SUMMARY_MODEL_STATES,
      mention_source: MENTION_SOURCES,
      article_correction_kind: ARTICLE_CORRECTION_KINDS,
    };
    const { rows } = await sql<{ type: string; labels: string[] }>`
      select t.typname as type, array_agg(e.enumlabel::text order by e.enumsortorder) as labels
      from pg_type t join pg_enum e on e.enumtypid = t.oid
      where t.typname in (${sql.join(Object.keys(lists))})
      group by t.typname`.execute(database.db);
    expect(Object.fromEntries(rows.map((row) => [row.type, row.labels]))).toEqual(
      Object.fromEntries(Object.entries(lists).map(([type, values]) => [type, [...values]])),
    );
  });

  it('api_tokens_scopes_check allows exactly the token scopes', async () => {
    const database = await createTestDatabase();
    const { rows } = await sql<{ definition: string }>`
      select pg_get_constraintdef(oid) as definition from pg_constraint where conname = 'api_tokens_scopes_check'`.execute(
      database.db,
    );
    expect(rows).toHaveLength(1);
    const allowed = [...rows[0]!.definition.matchAll(/'([^']+)'::text/g)].map((match) => match[1]);
    expect(allowed).toEqual([...SCOPES]);
  });

  it('webhook_deliveries.status takes exactly the delivery statuses', async () => {
    const database = await createTestDatabase();
    const { rows } = await sql<{ definition: string }>`
      select pg_get_constraintdef(c.oid) as definition from pg_constraint c
      where c.conrelid = 'webhook_deliveries'::regclass and c.contype = 'c'
        and pg_get_constraintdef(c.oid) like '%status%'`.execute(database.db);
    expect(rows).toHaveLength(1);
    const allowed = [...rows[0]!.definition.matchAll(/'([^']+)'::text/g)].map((match) => match[1]);
    expect(allowed).toEqual([...WEBHOOK_DELIVERY_STATUSES]);
  });
});
