import { parse } from 'graphql';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileOperation } from '../src/compiled/compile.js';
import { startPublicationScheduler } from '../src/content/scheduler.js';
import { refreshAllPublicEntities, refreshPublicEntities } from '../src/db/queries/entities.js';
import { createInProcessEvents } from '../src/events.js';
import { schema } from '../src/schema/index.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';

// What the public sees of an entity is kept on its row (migration 20261202100000) and read from
// there while it holds; a write, by any writer, makes it be worked out live until the next refresh
// (src/db/queries/entities.ts). tests/embargo.test.ts checks every public answer both ways; here,
// the bookkeeping: what triggers mark, what the refresh keeps, and that reads take the kept answer.

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;

beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database, { compiledReads: false });
  await createArticle(database.db, {
    slug: 'keel-opens-dock',
    title: 'Keel opens the dock',
    body: 'Marta Keelhaven opened the new dock in Port Vale on Monday.\n\nThe crowd cheered Keelhaven. Keelhaven thanked the crew.',
    publishedAt: '2026-01-05T09:00:00Z',
  });
  await createArticle(database.db, {
    slug: 'draft-about-tobin',
    title: 'Draft: Tobin Ashgrove to leave',
    body: 'Tobin Ashgrove will leave the harbour board.',
    status: 'DRAFT',
    publishedAt: null,
    entities: [{ name: 'Tobin Ashgrove', kind: 'PERSON' }],
  });
});

async function entityRow(slug: string) {
  return sql<{
    id: number;
    publicShown: boolean;
    publicName: string | null;
    publicSlug: string | null;
    publicAliases: string[] | null;
    namePublic: boolean;
    publicUntil: string;
  }>`
    select id, public_shown, public_name, public_slug, public_aliases, name_public, public_until::text from entities where slug = ${slug}`
    .execute(database.db)
    .then((result) => result.rows[0]!);
}

async function staleIds(): Promise<number[]> {
  const { rows } = await sql<{
    entityId: number;
  }>`select distinct entity_id from entity_public_stale order by entity_id`.execute(database.db);
  return rows.map((row) => row.entityId);
}

describe('what the public sees of entities, kept on their rows', () => {
  it('a new entity is worked out live until refreshed; the refresh keeps the answer and clears the marks', async () => {
    const marta = await entityRow('marta-keelhaven');
    expect(marta.publicUntil).toBe('-infinity');
    expect(await staleIds()).toContain(marta.id);
    expect(await refreshAllPublicEntities(database.db)).toBeGreaterThanOrEqual(2);
    expect(await staleIds()).toEqual([]);
    expect(await entityRow('marta-keelhaven')).toMatchObject({
      publicName: 'Marta Keelhaven',
      publicSlug: 'marta-keelhaven',
      publicAliases: ['Keelhaven'],
      namePublic: true,
      publicUntil: 'infinity',
    });
    // Only a draft mentions Tobin Ashgrove: the public does not see him at all.
    expect(await entityRow('tobin-ashgrove')).toMatchObject({
      publicShown: false,
      publicAliases: [],
      namePublic: false,
    });
    expect(await refreshPublicEntities(database.db)).toBe(0);
  });

  it('reads take the kept answer while it holds, and the live rule once a write marks the entity', async () => {
    const marta = await entityRow('marta-keelhaven');
    const query = '{ entity(slug: "marta-keelhaven") { name aliases } }';
    // Proof that the columns are what is read: an answer only they hold.
    await sql`update entities set public_name = 'Kept Name', public_aliases = array['Kept alias'] where id = ${marta.id}`.execute(
      database.db,
    );
    expect((await client.query(query)).data).toEqual({ entity: { name: 'Kept Name', aliases: ['Kept alias'] } });
    // Any write to its mentions marks it: here, SQL by hand.
    await sql`update article_entities set salience = salience where entity_id = ${marta.id}`.execute(database.db);
    expect(await staleIds()).toEqual([marta.id]);
    expect((await client.query(query)).data).toEqual({ entity: { name: 'Marta Keelhaven', aliases: ['Keelhaven'] } });
    await refreshAllPublicEntities(database.db);
    expect(await entityRow('marta-keelhaven')).toMatchObject({
      publicName: 'Marta Keelhaven',
      publicAliases: ['Keelhaven'],
    });
  });

  it('publishing, unpublishing and renaming mark the entities they touch, through the triggers', async () => {
    const tobin = await entityRow('tobin-ashgrove');
    await sql`update articles set status = 'PUBLISHED', published_at = '2026-02-01T00:00:00Z' where slug = 'draft-about-tobin'`.execute(
      database.db,
    );
    expect(await staleIds()).toEqual([tobin.id]);
    expect((await client.query('{ entity(slug: "tobin-ashgrove") { name } }')).data).toEqual({
      entity: { name: 'Tobin Ashgrove' },
    });
    await refreshAllPublicEntities(database.db);
    expect(await entityRow('tobin-ashgrove')).toMatchObject({
      publicShown: true,
      publicName: 'Tobin Ashgrove',
      namePublic: true,
    });

    await sql`update articles set status = 'DRAFT', published_at = null where slug = 'draft-about-tobin'`.execute(
      database.db,
    );
    expect(await staleIds()).toEqual([tobin.id]);
    expect((await client.query('{ entity(slug: "tobin-ashgrove") { name } }')).data).toEqual({ entity: null });
    await refreshAllPublicEntities(database.db);
    expect(await entityRow('tobin-ashgrove')).toMatchObject({ publicShown: false });

    const marta = await entityRow('marta-keelhaven');
    await sql`update entities set aliases = array['Keelhaven', 'M. Keelhaven'] where id = ${marta.id}`.execute(
      database.db,
    );
    expect(await staleIds()).toEqual([marta.id]);
    await refreshAllPublicEntities(database.db);
  });

  it('a scheduled mention sets when the kept answer stops holding; once due, reads work it out live with no write', async () => {
    const due = new Date(Date.now() + 1500);
    await createArticle(database.db, {
      slug: 'ashgrove-returns',
      title: 'Ashgrove returns',
      body: 'Tobin Ashgrove returns to the harbour board.',
      status: 'SCHEDULED',
      publishedAt: due.toISOString(),
      entities: [{ name: 'Tobin Ashgrove', kind: 'PERSON' }],
    });
    await refreshAllPublicEntities(database.db);
    expect(await entityRow('tobin-ashgrove')).toMatchObject({ publicShown: false });
    expect(new Date((await entityRow('tobin-ashgrove')).publicUntil)).toEqual(due);
    expect(await staleIds()).toEqual([]);
    while (Date.now() < due.getTime() + 200) await new Promise((resolve) => setTimeout(resolve, 100));
    // No write and no refresh since: the time alone makes the entity public.
    expect((await client.query('{ entity(slug: "tobin-ashgrove") { name } }')).data).toEqual({
      entity: { name: 'Tobin Ashgrove' },
    });
    // The scheduler's tick refreshes what came due.
    const scheduler = startPublicationScheduler({ db: database.db, events: createInProcessEvents(), intervalMs: 0 });
    await scheduler.tick();
    await scheduler.stop();
    expect(await entityRow('tobin-ashgrove')).toMatchObject({
      publicShown: true,
      publicName: 'Tobin Ashgrove',
      publicUntil: 'infinity',
    });
  });

  it('the public entity list reads both kinds in one order: kept rows and the ones worked out live', async () => {
    const names = async () =>
      (
        await client.query<{ entities: { edges: { node: { name: string } }[] } }>(
          '{ entities(first: 10) { edges { node { name } } } }',
        )
      ).data!.entities.edges.map((edge) => edge.node.name);
    const kept = await names();
    expect(kept).toEqual(['Marta Keelhaven', 'Port Vale', 'Tobin Ashgrove']);
    const marta = await entityRow('marta-keelhaven');
    await sql`insert into entity_public_stale (entity_id) values (${marta.id})`.execute(database.db);
    expect(await names()).toEqual(kept);
    await refreshAllPublicEntities(database.db);
  });

  it('the entity page works the guard out once per entity row it reads, and answers kept or live by it', async () => {
    // The bench's entity page (bench/scenarios.ts), compiled.
    const page = compileOperation(
      schema,
      parse(`query EntityPage($slug: String!) {
        entity(slug: $slug) { name kind aliases articles(first: 20) { edges { node { title slug } } } }
      }`),
    )!;
    const parameters = page.parameters({ slug: 'marta-keelhaven' });
    interface PlanNode {
      'Relation Name'?: string;
      Plans?: PlanNode[];
    }
    // The plan the server runs: the generic plan of the prepared statement.
    const connection = await database.pool.connect();
    let plan: PlanNode;
    try {
      await connection.query('set plan_cache_mode = force_generic_plan');
      expect(parameters).toEqual(['marta-keelhaven']);
      await connection.query(`prepare entity_page_plan as ${page.text}`);
      const { rows } = await connection.query(`explain (format json) execute entity_page_plan('marta-keelhaven')`);
      plan = (rows[0] as { 'QUERY PLAN': [{ Plan: PlanNode }] })['QUERY PLAN'][0].Plan;
    } finally {
      await connection.query('deallocate all; reset plan_cache_mode');
      connection.release();
    }
    let queueReads = 0;
    const walk = (node: PlanNode) => {
      if (node['Relation Name'] === 'entity_public_stale') queueReads += 1;
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(plan);
    // Four entity rows (the page's, and the slug lookup's three candidates: by slug, by derived
    // slug, by redirect), each asking once whether the queue holds anything and once for itself.
    // With a copy of the guard per field it was 26, each set up on every execution.
    expect(queueReads).toBe(4 * 2);
    const read = async () =>
      JSON.parse((await database.pool.query(page.text, parameters)).rows[0].data).entity as {
        name: string;
        aliases: string[];
      };
    const marta = await entityRow('marta-keelhaven');
    await sql`update entities set public_name = 'Kept Name', public_aliases = array['Kept alias'] where id = ${marta.id}`.execute(
      database.db,
    );
    expect(await read()).toMatchObject({ name: 'Kept Name', aliases: ['Kept alias'] });
    await sql`insert into entity_public_stale (entity_id) values (${marta.id})`.execute(database.db);
    expect(await read()).toMatchObject({ name: 'Marta Keelhaven', aliases: ['Keelhaven'] });
    await refreshAllPublicEntities(database.db);
    expect(await read()).toMatchObject({ name: 'Marta Keelhaven', aliases: ['Keelhaven'] });
  });

  it('one refresh runs at a time: another that finds it running does nothing and returns 0', async () => {
    await sql`insert into entity_public_stale (entity_id) select id from entities`.execute(database.db);
    await database.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('broadsheet:entity-public-view'))`.execute(trx);
      expect(await refreshPublicEntities(database.db)).toBe(0);
    });
    expect(await refreshPublicEntities(database.db)).toBeGreaterThanOrEqual(2);
    expect(await staleIds()).toEqual([]);
  });
});
