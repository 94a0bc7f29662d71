import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../src/db/database.js';
import { createToken } from './helpers/auth.js';
import { createArticle } from './helpers/factories.js';
import { runImportCli } from './helpers/processes.js';
import { type Instance, startTopology, type Topology, until } from './topology/topology.js';

// A primary, a streaming replica, PgBouncer, Redis and two Broadsheet instances (tests/topology/topology.ts).
let topology: Topology;
let a: Instance;
let b: Instance;
let primaryDb: DatabaseHandle;
let editor: Record<string, string>;

async function gql(
  instance: Instance,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${instance.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: unknown[] } };
}

async function ready(instance: Instance) {
  const response = await fetch(`${instance.base}/ready`);
  return (await response.json()) as {
    status: string;
    replicas?: { healthy: boolean; lagMs: number | null; reason?: string }[];
  };
}

async function onNode<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const CREATE =
  'mutation($input: CreateArticleInput!) { createArticle(input: $input) { __typename ... on CreateArticleSuccess { article { id version } } } }';
const PUBLISH = 'mutation($id: ID!) { publishArticle(id: $id) { __typename } }';
const BY_SLUG = 'query($slug: String!) { article(slug: $slug) { title status } }';

async function createDraft(instance: Instance, slug: string, title = `Title ${slug}`) {
  const result = await gql(instance, CREATE, { input: { title, body: 'Body.', slug, section: 'world' } }, editor);
  expect(result.body.data?.createArticle.__typename).toBe('CreateArticleSuccess');
  return result.body.data!.createArticle.article.id as string;
}

beforeAll(async () => {
  topology = await startTopology();
  try {
    a = await topology.startInstance('A');
    b = await topology.startInstance('B');
    primaryDb = createDatabase(topology.primary.url);
    await createArticle(primaryDb.db, { slug: 'topology-seed', section: 'World' });
    editor = (await createToken(primaryDb.db, 'Topology desk', ['write:articles', 'read:drafts'])).headers;
    await until(
      async () => (await ready(a)).replicas?.[0]?.healthy === true && (await ready(b)).replicas?.[0]?.healthy === true,
      60_000,
      'the replica to join the rotation',
    );
  } catch (error) {
    await primaryDb?.close();
    await topology.stop();
    throw error;
  }
}, 300_000);

afterAll(async () => {
  await primaryDb?.close();
  await topology?.stop();
}, 120_000);

describe('a topology of two instances over a primary, a replica, PgBouncer and Redis', () => {
  it('reads a write made on instance A back through instance B at once, and sends public reads to the replica', async () => {
    // Through PgBouncer: its connect_query gave the sessions what Broadsheet did not send (checked at start).
    expect(a.env.DATABASE_URL).toBe(topology.bouncerUrl);
    expect(a.output()).not.toContain('DATABASE_PGBOUNCER:');
    const id = await createDraft(a, 'ryw-draft', 'Written on A');
    // The same token on B reads the primary: its own write, with no wait.
    const onB = await gql(b, BY_SLUG, { slug: 'ryw-draft' }, editor);
    expect(onB.body).toEqual({ data: { article: { title: 'Written on A', status: 'DRAFT' } } });
    expect((await gql(a, PUBLISH, { id }, editor)).body.data).toEqual({
      publishArticle: { __typename: 'PublishArticleSuccess' },
    });
    // A public reader on B, right after the publication answered: the replica had replayed it.
    const publicOnB = await gql(b, BY_SLUG, { slug: 'ryw-draft' });
    expect(publicOnB.body).toEqual({ data: { article: { title: 'Written on A', status: 'PUBLISHED' } } });
    // Public reads are the replica's: Broadsheet's connections are open there.
    for (let i = 0; i < 5; i += 1)
      expect((await gql(b, `{ r${i}: articles(first: ${i + 1}) { totalCount } }`)).status).toBe(200);
    const onReplica = await onNode(
      topology.replica.url,
      async (c) =>
        (await c.query(`select count(*)::int as n from pg_stat_activity where application_name = 'broadsheet'`)).rows[0]
          .n,
    );
    expect(onReplica).toBeGreaterThan(0);
    // A public read that writes (a generated summary is stored) is refused by the hot standby and runs on the primary.
    const seedSummaries = `select count(*)::int as n from summaries s join articles a on a.id = s.article_id where a.slug = 'topology-seed' and s.length = 'SHORT'`;
    await onNode(topology.primary.url, (c) =>
      c.query(`delete from summaries where article_id = (select id from articles where slug = 'topology-seed')`),
    );
    await until(
      async () => (await onNode(topology.replica.url, (c) => c.query(seedSummaries))).rows[0].n === 0,
      30_000,
      'the replica to replay the delete',
    );
    const summary = await gql(
      b,
      'query($slug: String!) { article(slug: $slug) { summary(length: SHORT) { method } } }',
      { slug: 'topology-seed' },
    );
    expect(summary.body).toEqual({ data: { article: { summary: { method: 'EXTRACTIVE' } } } });
    expect((await onNode(topology.primary.url, (c) => c.query(seedSummaries))).rows[0].n).toBe(1);
    const metrics = await (await fetch(`${b.base}/metrics`)).text();
    expect(metrics).toMatch(/broadsheet_db_replica_healthy\{replica="1"\} 1/);
    expect(metrics).toMatch(/broadsheet_db_replica_lag_seconds\{replica="1"\} [0-9.]+/);
  }, 120_000);

  it('sends a publication on A to a subscriber on B', async () => {
    const id = await createDraft(a, 'live-on-a');
    const controller = new AbortController();
    const stream = await fetch(`${b.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { articlePublished { slug status } }' }),
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    let text = '';
    const received = (async () => {
      while (!text.includes('live-on-a')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      return text;
    })();
    // The subscription is in place once B's Redis subscriber counts it; publish until it is heard.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await gql(a, PUBLISH, { id }, editor)).body.data).toEqual({
      publishArticle: { __typename: 'PublishArticleSuccess' },
    });
    const heard = await Promise.race([
      received,
      new Promise<string>((resolve) => setTimeout(() => resolve('timed out'), 30_000)),
    ]);
    controller.abort();
    expect(heard).toContain('"articlePublished":{"slug":"live-on-a","status":"PUBLISHED"}');
  }, 60_000);

  it("drops B's cached answer when A edits the article", async () => {
    const { id } = await createArticle(primaryDb.db, { slug: 'cached-on-b', title: 'Before', section: 'World' });
    // Anonymous, twice: the second answer is the cached one.
    await until(
      async () => (await gql(b, BY_SLUG, { slug: 'cached-on-b' })).body.data?.article?.title === 'Before',
      30_000,
      'B to see the article',
    );
    expect((await gql(b, BY_SLUG, { slug: 'cached-on-b' })).body.data.article.title).toBe('Before');
    const version = (
      await primaryDb.db.selectFrom('articles').select('version').where('id', '=', id).executeTakeFirstOrThrow()
    ).version;
    const relayId = Buffer.from(`Article:${id}`).toString('base64');
    const edit = await gql(
      a,
      'mutation($id: ID!, $v: Int!) { updateArticle(input: { id: $id, expectedVersion: $v, title: "After" }) { __typename } }',
      { id: relayId, v: version },
      editor,
    );
    expect(edit.body.data).toEqual({ updateArticle: { __typename: 'UpdateArticleSuccess' } });
    expect((await gql(b, BY_SLUG, { slug: 'cached-on-b' })).body.data.article.title).toBe('After');
  }, 60_000);

  it('brings an import run by the CLI to both instances: their cached answers drop and their subscribers hear it', async () => {
    const line = (title: string) => ({
      externalId: 'topology-cli-1',
      slug: 'cli-on-topology',
      title,
      body: 'Imported through PgBouncer.',
      section: 'World',
      publishedAt: '2026-03-01T09:00:00Z',
      status: 'PUBLISHED',
    });
    const first = await runImportCli(topology.bouncerUrl, [line('Imported before')], topology.env);
    expect(first.code, first.output).toBe(0);
    // Each instance caches the answer (the second request is the cached one).
    for (const instance of [a, b]) {
      await until(
        async () =>
          (await gql(instance, BY_SLUG, { slug: 'cli-on-topology' })).body.data?.article?.title === 'Imported before',
        30_000,
        'the imported article',
      );
      expect((await gql(instance, BY_SLUG, { slug: 'cli-on-topology' })).body.data.article.title).toBe(
        'Imported before',
      );
    }
    const streams = [a, b].map((instance) => {
      const controller = new AbortController();
      const text = (async () => {
        const response = await fetch(`${instance.base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
          body: JSON.stringify({ query: 'subscription { articlePublished { slug } }' }),
          signal: controller.signal,
        });
        const reader = response.body!.getReader();
        let seen = '';
        while (!seen.includes('cli-second')) {
          const { value, done } = await reader.read();
          if (done) break;
          seen += new TextDecoder().decode(value);
        }
        return seen;
      })().catch(() => 'aborted');
      return { controller, text };
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await runImportCli(
      topology.bouncerUrl,
      [
        line('Imported after'),
        {
          externalId: 'topology-cli-2',
          slug: 'cli-second',
          title: 'A second import',
          body: 'Body.',
          section: 'World',
          publishedAt: '2026-03-02T09:00:00Z',
          status: 'PUBLISHED',
        },
      ],
      topology.env,
    );
    expect(second.code, second.output).toBe(0);
    // The cached answers go well before their TTL (60 s): the change feed reached both instances.
    for (const instance of [a, b]) {
      await until(
        async () =>
          (await gql(instance, BY_SLUG, { slug: 'cli-on-topology' })).body.data?.article?.title === 'Imported after',
        20_000,
        'the cached answer to drop',
      );
    }
    const heard = await Promise.all(
      streams.map(({ text }) =>
        Promise.race([text, new Promise<string>((resolve) => setTimeout(() => resolve('timed out'), 30_000))]),
      ),
    );
    for (const { controller } of streams) controller.abort();
    for (const text of heard) expect(text).toContain('"articlePublished":{"slug":"cli-second"}');
  }, 180_000);

  it('keeps answering while the replica is stopped under load, reads the primary meanwhile, and takes the replica back when it restarts', async () => {
    let sent = 0;
    const failures: unknown[] = [];
    let loading = true;
    const load = Promise.all(
      [a, b, a, b].map(async (instance, worker) => {
        while (loading) {
          sent += 1;
          // A new document each time: the response cache answers none of them.
          const result = await gql(
            instance,
            `{ w${worker}n${sent}: articles(first: 3) { totalCount edges { node { title } } } }`,
          ).catch((error: Error) => ({ status: 0, body: { errors: [error.message] } }));
          if (result.status !== 200 || result.body.errors) failures.push(result);
        }
      }),
    );
    await until(() => sent > 40, 60_000, 'load to start');
    await topology.replica.stop('immediate');
    await until(
      async () =>
        (await ready(a)).replicas?.[0]?.healthy === false && (await ready(b)).replicas?.[0]?.healthy === false,
      60_000,
      'the replica to leave the rotation',
    );
    const whileDown = sent;
    await until(() => sent > whileDown + 40, 60_000, 'reads while the replica is down');
    await topology.replica.start();
    await until(
      async () => (await ready(a)).replicas?.[0]?.healthy === true && (await ready(b)).replicas?.[0]?.healthy === true,
      120_000,
      'the replica to rejoin',
    );
    const rejoined = sent;
    await until(() => sent > rejoined + 40, 60_000, 'reads after the replica is back');
    loading = false;
    await load;
    expect(failures).toEqual([]);
  }, 300_000);

  it('takes a replica whose replay is paused out of the rotation, and back once it resumes', async () => {
    await onNode(topology.replica.url, (c) => c.query('select pg_wal_replay_pause()'));
    try {
      // Writes the replica does not replay: it falls behind by the time since the first.
      await onNode(topology.primary.url, (c) =>
        c.query('create table if not exists lag_marker (at timestamptz); insert into lag_marker values (now())'),
      );
      await until(
        async () => /replication lag/.test((await ready(a)).replicas?.[0]?.reason ?? ''),
        60_000,
        'the lagging replica to leave the rotation',
      );
      const metrics = await (await fetch(`${a.base}/metrics`)).text();
      expect(metrics).toMatch(/broadsheet_db_replica_healthy\{replica="1"\} 0/);
      // Public reads meanwhile come from the primary: what the replica has not replayed is there.
      const { id } = await createArticle(primaryDb.db, { slug: 'while-lagging', title: 'Lagging', section: 'World' });
      expect(id).toBeGreaterThan(0);
      expect((await gql(a, BY_SLUG, { slug: 'while-lagging' })).body.data.article.title).toBe('Lagging');
    } finally {
      await onNode(topology.replica.url, (c) => c.query('select pg_wal_replay_resume()'));
    }
    await until(
      async () => (await ready(a)).replicas?.[0]?.healthy === true,
      60_000,
      'the replica to rejoin after resuming',
    );
  }, 180_000);

  it('continues on the promoted replica after the primary stops, with nothing committed lost', async () => {
    const before = await primaryDb.db
      .selectFrom('articles')
      .select(['slug', 'title', 'status'])
      .orderBy('slug')
      .execute();
    // Everything committed has reached the replica (synchronous_commit is local: wait for replay).
    const lsn = (await primaryDb.pool.query('select pg_current_wal_lsn()::text as lsn')).rows[0].lsn as string;
    await until(
      async () =>
        onNode(
          topology.replica.url,
          async (c) => (await c.query('select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok', [lsn])).rows[0].ok,
        ),
      60_000,
      'the replica to replay',
    );
    await primaryDb.close();
    await topology.primary.stop('fast');
    await onNode(topology.replica.url, (c) => c.query('select pg_promote(true, 60)'));
    // The configuration now names the promoted node: PgBouncer in front of it, no replica.
    await topology.repointBouncer(topology.replica);
    await Promise.all([a.stop(), b.stop()]);
    const failover = { DATABASE_DIRECT_URL: topology.replica.url, DATABASE_REPLICA_URLS: '' };
    a = await topology.startInstance('A2', failover);
    b = await topology.startInstance('B2', failover);
    primaryDb = createDatabase(topology.replica.url);
    const after = await primaryDb.db
      .selectFrom('articles')
      .select(['slug', 'title', 'status'])
      .orderBy('slug')
      .execute();
    expect(after).toEqual(before);
    const id = await createDraft(a, 'after-failover', 'After failover');
    expect(id).toBeTruthy();
    expect((await gql(b, BY_SLUG, { slug: 'after-failover' }, editor)).body).toEqual({
      data: { article: { title: 'After failover', status: 'DRAFT' } },
    });
    expect((await gql(b, BY_SLUG, { slug: 'cached-on-b' })).body.data.article.title).toBe('After');
  }, 300_000);
});
