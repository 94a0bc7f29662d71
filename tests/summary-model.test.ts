import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'graphql';
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileOperation } from '../src/compiled/compile.js';
import { loadSummaryModelConfig } from '../src/config.js';
import { SUMMARY_PROMPT_VERSION, summaryGeneratorOf } from '../src/content/summary-model.js';
import { HANDOVER_MARKER } from '../src/schema/codecs.js';
import { schema } from '../src/schema/index.js';
import { checkFaithfulness, numbersIn } from '../src/text/summary-guard.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';
import { send } from './helpers/http.js';
import { recordingLogger } from './helpers/logger.js';

// Model-backed summaries against an OpenAI-compatible test server: no model can be downloaded or
// run on these machines, so this server stands in for vLLM, llama.cpp's server, Ollama or a hosted
// API. It speaks their protocol (POST /v1/chat/completions, Bearer key, choices[0].message.content)
// and answers as the test says: a faithful summary, never (slow), HTTP 500, or a summary naming a
// person or a number the article does not.

const BODY = [
  'The harbour of Portmere reopened on Tuesday after a storm closed it for 12 days, the port authority said.',
  'Mayor Helena Marsh said 1,200 workers had cleared the quays. The Portmere Harbour Board will meet on Friday to count the cost.',
  'Fishing boats returned to the inner basin by noon.',
].join('\n\n');
const EXTRACTIVE =
  'The harbour of Portmere reopened on Tuesday after a storm closed it for 12 days, the port authority said.';
const FAITHFUL =
  'The Portmere harbour is open again after 12 days, and Helena Marsh said 1,200 workers cleared the quays.';

type Mode = 'normal' | 'slow' | 'error' | 'name' | 'number';
const ANSWERS: Record<'normal' | 'name' | 'number', string> = {
  normal: FAITHFUL,
  name: 'Senator Marcus Delgado said the Portmere harbour reopened after 12 days.',
  number: 'The Portmere harbour reopened after 14 days.',
};

interface ModelServer {
  url: string;
  mode: Mode;
  calls: number;
  requests: { path: string | undefined; authorization: string | undefined; body: any }[];
  /** While set, answers wait for it. */
  gate?: Promise<void>;
  /** Resolved by the next call to arrive. */
  arrival?: () => void;
}

async function startModelServer(): Promise<ModelServer> {
  const state = { mode: 'normal' } as ModelServer;
  state.calls = 0;
  state.requests = [];
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    let raw = '';
    for await (const chunk of request) raw += chunk;
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      response.writeHead(404).end();
      return;
    }
    state.calls += 1;
    state.requests.push({ path: request.url, authorization: request.headers.authorization, body: JSON.parse(raw) });
    state.arrival?.();
    if (state.gate) await state.gate;
    const mode = state.mode;
    if (mode === 'slow') {
      // Never answers: the client gives up at its timeout and closes the connection.
      response.on('close', () => response.destroy());
      return;
    }
    if (mode === 'error') {
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"model crashed"}}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: 'chatcmpl-test',
        object: 'chat.completion',
        model: 'test-model',
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: ANSWERS[mode] } }],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return state;
}

let model: ModelServer;
let database: TestDatabase;

const modelEnv = (env: Record<string, string> = {}) =>
  loadSummaryModelConfig({
    SUMMARY_MODEL_URL: model.url,
    SUMMARY_MODEL: 'test-model',
    SUMMARY_MODEL_API_KEY: 'sk-test',
    SUMMARY_MODEL_TIMEOUT_MS: '60000',
    SUMMARY_MODEL_MAX_CALLS_PER_MINUTE: '1000',
    ...env,
  });

const SUMMARY = `query($slug: String!) { article(slug: $slug) { summary(length: SHORT) { text method model promptVersion } } }`;

async function summaryOf(
  client: ReturnType<typeof createTestClient>,
  slug: string,
  headers: Record<string, string> = {},
) {
  const result = await client.query(SUMMARY, { slug }, headers);
  expect(result.errors).toBeUndefined();
  return result.data.article.summary;
}

async function metric(client: ReturnType<typeof createTestClient>, outcome: string): Promise<number> {
  const { text } = await send(client.app, '/metrics');
  const line = text.split('\n').find((l) => l.startsWith(`broadsheet_summary_model_total{outcome="${outcome}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

let articles = 0;
async function article(db = database.db, extra: { summary?: string } = {}) {
  articles += 1;
  return createArticle(db, { slug: `harbour-${articles}`, title: 'Harbour reopens after storm', body: BODY, ...extra });
}

const MODEL_SUMMARY = { text: FAITHFUL, method: 'MODEL', model: 'test-model', promptVersion: SUMMARY_PROMPT_VERSION };
const EXTRACTIVE_SUMMARY = { text: EXTRACTIVE, method: 'EXTRACTIVE', model: null, promptVersion: null };

beforeAll(async () => {
  model = await startModelServer();
  database = await createTestDatabase();
});

describe('a model summary', () => {
  it('is generated on the first request, from POST {url}/chat/completions with the key, and cached by body hash', async () => {
    const client = createTestClient(database, { summaryModel: modelEnv() });
    model.mode = 'normal';
    const { slug } = await article();
    const before = model.calls;
    expect(await summaryOf(client, slug)).toEqual(MODEL_SUMMARY);
    expect(model.calls).toBe(before + 1);
    const call = model.requests.at(-1)!;
    expect(call.path).toBe('/v1/chat/completions');
    expect(call.authorization).toBe('Bearer sk-test');
    expect(call.body).toMatchObject({ model: 'test-model', max_tokens: 400, temperature: 0 });
    expect(call.body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    expect(call.body.messages[1].content).toContain('Headline: Harbour reopens after storm');
    expect(call.body.messages[1].content).toContain('Fishing boats returned');

    // Cached: another request (another app on the database, too) asks the model nothing.
    expect(await summaryOf(client, slug)).toEqual(MODEL_SUMMARY);
    expect(await summaryOf(createTestClient(database, { summaryModel: modelEnv() }), slug)).toEqual(MODEL_SUMMARY);
    expect(model.calls).toBe(before + 1);
    expect(await metric(client, 'ok')).toBe(1);

    // The compiled statement serves the stored summary byte for byte as the executor does.
    const compiled = compileOperation(
      schema,
      parse(`{ article(slug: "${slug}") { summary(length: SHORT) { text method model promptVersion } } }`),
      null,
      {
        summaryGenerator: summaryGeneratorOf(modelEnv()),
      },
    )!;
    const { rows } = await database.db.executeQuery<{ data: string }>(
      CompiledQuery.raw(compiled.text, compiled.parameters({})),
    );
    expect(JSON.parse(rows[0]!.data)).toEqual({ article: { summary: MODEL_SUMMARY } });
    // A server without the model does not serve the model's summary: it makes its own.
    const { rows: plain } = await database.db.executeQuery<{ data: string }>(
      CompiledQuery.raw(
        compileOperation(schema, parse(`{ article(slug: "${slug}") { summary(length: SHORT) { text } } }`))!.text,
        [],
      ),
    );
    expect(JSON.parse(plain[0]!.data)).toEqual({ article: { summary: HANDOVER_MARKER } });
    expect(await summaryOf(createTestClient(database), slug)).toEqual(EXTRACTIVE_SUMMARY);

    // A new body is a new key: one more call.
    await database.db
      .updateTable('articles')
      .set({ body: `${BODY}\n\nThe ferry to Portmere runs again.` })
      .where('slug', '=', slug)
      .execute();
    expect(await summaryOf(client, slug)).toEqual(MODEL_SUMMARY);
    expect(model.calls).toBe(before + 2);
  });

  it('an editorial summary (an import’s) wins and costs no call', async () => {
    const client = createTestClient(database, { summaryModel: modelEnv() });
    const { slug } = await article(database.db, { summary: 'Portmere is open again.' });
    const before = model.calls;
    expect(await summaryOf(client, slug)).toEqual({
      text: 'Portmere is open again.',
      method: 'EDITORIAL',
      model: null,
      promptVersion: null,
    });
    expect(model.calls).toBe(before);
  });

  it('a slow model times out: the extractive summary, counted; tried again only after SUMMARY_MODEL_RETRY_AFTER_MS', async () => {
    const client = createTestClient(database, { summaryModel: modelEnv({ SUMMARY_MODEL_TIMEOUT_MS: '300' }) });
    model.mode = 'slow';
    const { id, slug } = await article();
    const before = model.calls;
    expect(await summaryOf(client, slug)).toEqual(EXTRACTIVE_SUMMARY);
    expect(model.calls).toBe(before + 1);
    expect(await metric(client, 'timeout')).toBe(1);
    // Anonymous requests cannot make it try again before the retry time.
    model.mode = 'normal';
    expect(await summaryOf(client, slug)).toEqual(EXTRACTIVE_SUMMARY);
    expect(model.calls).toBe(before + 1);
    const run = await database.db
      .selectFrom('summaryModelRuns')
      .selectAll()
      .where('articleId', '=', id)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ state: 'TIMEOUT', detail: 'no answer within 300 ms' });
    // Once the retry time has passed, the next request claims the run again.
    await database.db
      .updateTable('summaryModelRuns')
      .set({ finishedAt: new Date(Date.now() - 3_600_000) })
      .where('articleId', '=', id)
      .execute();
    await database.db
      .updateTable('summaries')
      .set({ retryAt: new Date(Date.now() - 1000) })
      .where('articleId', '=', id)
      .execute();
    expect(await summaryOf(client, slug)).toEqual(MODEL_SUMMARY);
    expect(model.calls).toBe(before + 2);
  });

  it('an HTTP 500 is an error: the extractive summary, counted and logged', async () => {
    const { logger, lines } = recordingLogger('warn');
    const client = createTestClient(database, { summaryModel: modelEnv(), httpPlugins: { logger } });
    model.mode = 'error';
    const { id, slug } = await article();
    expect(await summaryOf(client, slug)).toEqual(EXTRACTIVE_SUMMARY);
    expect(await metric(client, 'error')).toBe(1);
    expect(lines.filter((l) => l.msg.startsWith('summary model'))).toMatchObject([
      {
        level: 'warn',
        msg: 'summary model: the extractive summary is served',
        articleId: id,
        length: 'SHORT',
        outcome: 'error',
        detail: 'HTTP 500',
      },
    ]);
    expect(
      await database.db
        .selectFrom('summaryModelRuns')
        .select(['state', 'detail'])
        .where('articleId', '=', id)
        .executeTakeFirst(),
    ).toEqual({ state: 'ERROR', detail: 'HTTP 500' });
  });

  it.each([
    ['a person', 'name', 'Marcus Delgado'],
    ['a number', 'number', '14'],
  ] as const)(
    'naming %s the article does not is refused by the guard: the extractive summary, counted, for good',
    async (_what, mode, unsupported) => {
      const client = createTestClient(database, { summaryModel: modelEnv() });
      model.mode = mode;
      const { id, slug } = await article();
      const before = model.calls;
      const refused = await metric(client, 'refused');
      expect(await summaryOf(client, slug)).toEqual(EXTRACTIVE_SUMMARY);
      expect(await metric(client, 'refused')).toBe(refused + 1);
      const run = await database.db
        .selectFrom('summaryModelRuns')
        .select(['state', 'text', 'detail'])
        .where('articleId', '=', id)
        .executeTakeFirstOrThrow();
      expect(run).toEqual({ state: 'REFUSED', text: ANSWERS[mode], detail: `not in the article: ${unsupported}` });
      model.mode = 'normal';
      expect(await summaryOf(client, slug)).toEqual(EXTRACTIVE_SUMMARY);
      expect(model.calls).toBe(before + 1);
    },
  );

  it('is generated once across two instances sharing the database, however the requests interleave', async () => {
    const one = createTestClient(database, { summaryModel: modelEnv() });
    const two = createTestClient(database, { summaryModel: modelEnv() });
    model.mode = 'normal';
    const { slug } = await article();
    const before = model.calls;
    // The first call to arrive is held until the other instance has answered.
    let open!: () => void;
    model.gate = new Promise((resolve) => (open = resolve));
    const arrived = new Promise<void>((resolve) => (model.arrival = resolve));
    const answers = [summaryOf(one, slug), summaryOf(two, slug)];
    await arrived;
    const first = await Promise.race(answers);
    expect(first).toEqual(EXTRACTIVE_SUMMARY);
    open();
    model.gate = undefined;
    model.arrival = undefined;
    expect((await Promise.all(answers)).map((a) => a.method).sort()).toEqual(['EXTRACTIVE', 'MODEL']);
    expect(model.calls).toBe(before + 1);
    // From then on both serve the stored one.
    expect(await summaryOf(one, slug)).toEqual(MODEL_SUMMARY);
    expect(await summaryOf(two, slug)).toEqual(MODEL_SUMMARY);
    expect(model.calls).toBe(before + 1);
  });

  it('a run held elsewhere gets the extractive summary without a call; one whose instance died is taken over', async () => {
    const client = createTestClient(database, { summaryModel: modelEnv() });
    model.mode = 'normal';
    const held = await article();
    const orphaned = await article();
    for (const [{ id }, startedAt] of [
      [held, new Date()],
      [orphaned, new Date(Date.now() - 3_600_000)],
    ] as const) {
      const { bodyHash } = await database.db
        .selectFrom('articles')
        .select('bodyHash')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      await database.db
        .insertInto('summaryModelRuns')
        .values({
          articleId: id,
          length: 'SHORT',
          bodyHash,
          model: 'test-model',
          promptVersion: SUMMARY_PROMPT_VERSION,
          text: null,
          detail: null,
          startedAt,
        })
        .execute();
    }
    const before = model.calls;
    expect(await summaryOf(client, held.slug)).toEqual(EXTRACTIVE_SUMMARY);
    expect(model.calls).toBe(before);
    expect(await database.db.selectFrom('summaries').select('text').where('articleId', '=', held.id).execute()).toEqual(
      [],
    );
    expect(await summaryOf(client, orphaned.slug)).toEqual(MODEL_SUMMARY);
    expect(model.calls).toBe(before + 1);
  });

  it('past the budget: the extractive summary, counted, and no call', async () => {
    const own = await createTestDatabase();
    const client = createTestClient(own, { summaryModel: modelEnv({ SUMMARY_MODEL_MAX_CALLS_PER_MINUTE: '1' }) });
    model.mode = 'normal';
    const first = await article(own.db);
    const second = await article(own.db);
    const before = model.calls;
    // One request, one batch: both summaries take from the budget in one statement, which grants one.
    const result = await client.query(
      `query($a: String!, $b: String!) { a: article(slug: $a) { ...S } b: article(slug: $b) { ...S } }
       fragment S on Article { summary(length: SHORT) { text method model promptVersion } }`,
      { a: first.slug, b: second.slug },
    );
    expect([result.data.a.summary, result.data.b.summary]).toEqual(
      expect.arrayContaining([MODEL_SUMMARY, EXTRACTIVE_SUMMARY]),
    );
    expect(model.calls).toBe(before + 1);
    expect(await metric(client, 'budget')).toBe(1);
    expect(await metric(client, 'ok')).toBe(1);
    expect(await own.db.selectFrom('summaryModelRuns').select('state').orderBy('state').execute()).toEqual([
      { state: 'OK' },
      { state: 'BUDGET' },
    ]);
  });
});

describe('SUMMARY_REVIEW=required', () => {
  const PENDING = `{ pendingSummaries { id length text model promptVersion article { slug } } }`;
  const REVIEW = (
    mutation: string,
    extra = '',
  ) => `mutation($id: ID!${extra ? ', $text: String!' : ''}) { ${mutation}(id: $id${extra ? ', text: $text' : ''}) {
    __typename ... on MutationError { code field message } ... on ValidationError { reason }
    ... on ${mutation.charAt(0).toUpperCase()}${mutation.slice(1)}Success { article { slug version revisions(first: 1) { action changes { field from to } } } }
  } }`;

  let client: ReturnType<typeof createTestClient>;
  let editor: Record<string, string>;
  beforeAll(async () => {
    client = createTestClient(database, { summaryModel: modelEnv({ SUMMARY_REVIEW: 'required' }) });
    editor = (await createToken(database.db, 'Night desk', ['read:drafts', 'write:articles'])).headers;
  });

  it('keeps model summaries from the public until an editor approves, edits or rejects them', async () => {
    model.mode = 'normal';
    const approved = await article();
    const rejected = await article();
    const edited = await article();
    const before = model.calls;
    for (const { slug } of [approved, rejected, edited])
      expect(await summaryOf(client, slug)).toEqual(EXTRACTIVE_SUMMARY);
    expect(model.calls).toBe(before + 3);
    // Editors see the extractive one too until the review.
    expect(await summaryOf(client, approved.slug, editor)).toEqual(EXTRACTIVE_SUMMARY);

    const pending = await client.query(PENDING, {}, editor);
    const slugs = [approved.slug, rejected.slug, edited.slug];
    const mine = pending.data.pendingSummaries.filter((p: { article: { slug: string } }) =>
      slugs.includes(p.article.slug),
    );
    expect(mine).toEqual(
      slugs.map((slug) => ({
        id: expect.any(String),
        length: 'SHORT',
        text: FAITHFUL,
        model: 'test-model',
        promptVersion: SUMMARY_PROMPT_VERSION,
        article: { slug },
      })),
    );
    const [approveId, rejectId, editId] = mine.map((p: { id: string }) => p.id);

    // The public may not list them, nor review them.
    expect((await client.query(PENDING)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await client.query(REVIEW('approveModelSummary'), { id: approveId })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );

    const approval = await client.query(REVIEW('approveModelSummary'), { id: approveId }, editor);
    expect(approval.data.approveModelSummary).toEqual({
      __typename: 'ApproveModelSummarySuccess',
      article: {
        slug: approved.slug,
        version: 2,
        revisions: [{ action: 'SET_SUMMARY', changes: [{ field: 'summary.SHORT', from: EXTRACTIVE, to: FAITHFUL }] }],
      },
    });
    expect(await summaryOf(client, approved.slug)).toEqual(MODEL_SUMMARY);

    const rejection = await client.query(REVIEW('rejectModelSummary'), { id: rejectId }, editor);
    expect(rejection.data.rejectModelSummary).toMatchObject({
      __typename: 'RejectModelSummarySuccess',
      article: { slug: rejected.slug, version: 1 },
    });
    expect(await summaryOf(client, rejected.slug)).toEqual(EXTRACTIVE_SUMMARY);

    const edit = await client.query(
      REVIEW('editModelSummary', 'text'),
      { id: editId, text: '  Portmere harbour  is open again. ' },
      editor,
    );
    expect(edit.data.editModelSummary).toMatchObject({
      article: {
        version: 2,
        revisions: [
          {
            action: 'SET_SUMMARY',
            changes: [{ field: 'summary.SHORT', from: EXTRACTIVE, to: 'Portmere harbour is open again.' }],
          },
        ],
      },
    });
    expect(await summaryOf(client, edited.slug)).toEqual({
      text: 'Portmere harbour is open again.',
      method: 'EDITORIAL',
      model: null,
      promptVersion: null,
    });

    // Reviewed: off the list, and not reviewable twice; no new model call for any of them.
    const after = await client.query(PENDING, {}, editor);
    expect(
      after.data.pendingSummaries.filter((p: { id: string }) => [approveId, rejectId, editId].includes(p.id)),
    ).toEqual([]);
    expect(
      (await client.query(REVIEW('approveModelSummary'), { id: rejectId }, editor)).data.approveModelSummary,
    ).toEqual({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      field: 'id',
      message: 'This model summary is not waiting for review (it is REJECTED)',
      reason: 'NOT_ALLOWED',
    });
    for (const { slug } of [approved, rejected]) await summaryOf(client, slug);
    expect(model.calls).toBe(before + 3);
  });

  it('typed errors: a malformed or unknown id, an empty edit, a stale body', async () => {
    const review = (mutation: string, variables: Record<string, unknown>) =>
      client
        .query(REVIEW(mutation, 'text' in variables ? 'text' : ''), variables, editor)
        .then((r) => r.data[mutation]);
    expect(await review('approveModelSummary', { id: 'nonsense' })).toMatchObject({
      __typename: 'ValidationError',
      field: 'id',
      reason: 'INVALID_FORMAT',
    });
    expect(await review('approveModelSummary', { id: globalId('Article', 1) })).toMatchObject({
      __typename: 'ValidationError',
      field: 'id',
      reason: 'INVALID_FORMAT',
    });
    expect(await review('rejectModelSummary', { id: globalId('PendingSummary', 999999) })).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
      field: 'id',
    });

    model.mode = 'normal';
    const { slug } = await article();
    await summaryOf(client, slug);
    const pending = (await client.query(PENDING, {}, editor)).data.pendingSummaries.find(
      (p: { article: { slug: string } }) => p.article.slug === slug,
    );
    expect(await review('editModelSummary', { id: pending.id, text: '   ' })).toMatchObject({
      __typename: 'ValidationError',
      field: 'text',
      reason: 'REQUIRED',
    });
    await database.db
      .updateTable('articles')
      .set({ body: `${BODY}\n\nA late paragraph.` })
      .where('slug', '=', slug)
      .execute();
    expect(await review('approveModelSummary', { id: pending.id })).toMatchObject({
      __typename: 'ValidationError',
      field: 'id',
      reason: 'NOT_ALLOWED',
    });
    // A summary of an old body is no longer listed.
    const listed = (await client.query(PENDING, {}, editor)).data.pendingSummaries.map((p: { id: string }) => p.id);
    expect(listed).not.toContain(pending.id);
  });
});

describe('the faithfulness guard', () => {
  const source = { title: 'Harbour reopens after storm', body: BODY };
  it('passes a summary that names only what the article names, in whatever form', () => {
    expect(checkFaithfulness(FAITHFUL, source)).toBeNull();
    expect(
      checkFaithfulness(
        'Marsh said 1200 workers cleared the quays of Portmere; the Portmere Harbour Board meets Friday.',
        source,
      ),
    ).toBeNull();
  });
  it('refuses people, organisations, places and numbers the article does not name', () => {
    expect(checkFaithfulness('Helena Marsh thanked Oxfam and the mayor of Brussels after 12 days.', source)).toEqual({
      unsupported: ['Oxfam', 'Brussels'],
    });
    expect(checkFaithfulness('Portmere reopened after 12 days at a cost of 3.5 million.', source)).toEqual({
      unsupported: ['3.5 million'],
    });
    expect(checkFaithfulness('Ena Marsh said the harbour reopened.', source)).toEqual({ unsupported: ['Ena Marsh'] });
    expect(checkFaithfulness('Portmere reopened after twelve days; 1,201 workers helped.', source)).toEqual({
      unsupported: ['1,201'],
    });
  });
  it('refuses a name the entity extractor leaves out for want of evidence', () => {
    expect(checkFaithfulness('The harbour deal was struck by Varno Kelt after 12 days.', source)).toEqual({
      unsupported: ['Varno Kelt'],
    });
  });
  it('reads numbers as digits, thousands separators dropped', () => {
    expect([...numbersIn('1,200 and 1200, 3.5, 007 and 2026.')]).toEqual(['1200', '3.5', '7', '2026']);
  });
});
