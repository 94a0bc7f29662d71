import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { SummaryLength, SummaryModelRunRow, SummaryModelState } from '../tables.js';

// summary_model_runs and summary_model_budget: the queue of calls to the summary model and the
// calls per minute it may make.

export interface ModelRunKey {
  articleId: number;
  length: SummaryLength;
  bodyHash: string;
}

/** A run as a claim found it: `claimed` when this statement took it, so this caller calls the model. */
export interface ClaimedRun extends ModelRunKey {
  id: number;
  claimed: boolean;
  state: SummaryModelState;
  text: string | null;
  finishedAt: Date | null;
}

/**
 * Claims the model runs of these keys, in one statement: a key nobody claimed yet, one whose claim
 * is older than `staleAfterMs` and still running (its instance died), or one that failed
 * transiently (TIMEOUT, ERROR, BUDGET) more than `retryAfterMs` ago. The unique key makes the
 * claim hold across instances: of concurrent claims of a key, one inserts or updates, the others
 * find the row. Returns the claimed runs and the existing ones this statement could see.
 */
export async function claimModelRuns(
  db: Db,
  keys: readonly ModelRunKey[],
  run: { model: string; promptVersion: string; staleAfterMs: number; retryAfterMs: number },
): Promise<ClaimedRun[]> {
  if (keys.length === 0) return [];
  const { rows } = await sql<ClaimedRun>`
    with wanted as (
      select * from unnest(${keys.map((k) => k.articleId)}::int[], ${keys.map((k) => k.length)}::summary_length[], ${keys.map((k) => k.bodyHash)}::text[])
        as w (article_id, length, body_hash)
    ), claimed as (
      insert into summary_model_runs as r (article_id, length, body_hash, model, prompt_version)
      select article_id, length, body_hash, ${run.model}, ${run.promptVersion} from wanted
      on conflict (article_id, length, body_hash, model, prompt_version) do update
        set state = 'RUNNING', text = null, detail = null, started_at = now(), finished_at = null
        where (r.state = 'RUNNING' and r.started_at < now() - ${run.staleAfterMs} * interval '1 millisecond')
           or (r.state in ('TIMEOUT', 'ERROR', 'BUDGET') and r.finished_at < now() - ${run.retryAfterMs} * interval '1 millisecond')
      returning r.id, r.article_id, r.length, r.body_hash
    )
    select id, article_id as "articleId", length, body_hash as "bodyHash", true as claimed, 'RUNNING'::summary_model_state as state,
        null::text as text, null::timestamptz as "finishedAt"
      from claimed
    union all
    select r.id, r.article_id, r.length, r.body_hash, false, r.state, r.text, r.finished_at
      from summary_model_runs r join wanted w using (article_id, length, body_hash)
      where r.model = ${run.model} and r.prompt_version = ${run.promptVersion}
        and not exists (select from claimed c where c.id = r.id)`.execute(db);
  return rows;
}

/**
 * Takes up to `wanted` model calls from this minute's budget, shared by every instance (the row
 * lock of ON CONFLICT DO UPDATE serialises concurrent takers); returns how many were granted.
 * Windows older than an hour are dropped on the way.
 */
export async function takeModelBudget(db: Db, wanted: number, perMinute: number): Promise<number> {
  if (wanted <= 0) return 0;
  const { rows } = await sql<{ granted: number }>`
    with expired as (delete from summary_model_budget where window_start < date_trunc('minute', now()) - interval '1 hour')
    insert into summary_model_budget as b (window_start, calls, granted)
    values (date_trunc('minute', now()), least(${wanted}::int, ${perMinute}::int), least(${wanted}::int, ${perMinute}::int))
    on conflict (window_start) do update
      set granted = least(b.calls + ${wanted}::int, ${perMinute}::int) - b.calls, calls = least(b.calls + ${wanted}::int, ${perMinute}::int)
    returning granted`.execute(db);
  return Math.max(0, rows[0]?.granted ?? 0);
}

export interface RunOutcome {
  id: number;
  state: SummaryModelState;
  text: string | null;
  detail: string | null;
}

/** Records how claimed runs ended, in one statement. */
export async function finishModelRuns(db: Db, outcomes: readonly RunOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await sql`
    update summary_model_runs r set state = o.state, text = o.text, detail = o.detail, finished_at = now()
    from unnest(${outcomes.map((o) => o.id)}::int[], ${outcomes.map((o) => o.state)}::summary_model_state[],
      ${outcomes.map((o) => o.text)}::text[], ${outcomes.map((o) => o.detail)}::text[]) as o (id, state, text, detail)
    where r.id = o.id`.execute(db);
}

/** A run waiting for an editor, with what the review needs of its article. */
export type PendingModelRun = Pick<
  SummaryModelRunRow,
  'id' | 'articleId' | 'length' | 'text' | 'model' | 'promptVersion' | 'finishedAt'
>;

/**
 * Model summaries waiting for review, oldest first: of the current model and prompt version and of
 * their article's current body (a changed body makes them moot; its own run replaces them).
 */
export async function listPendingModelRuns(
  db: Db,
  run: { model: string; promptVersion: string },
  limit: number,
): Promise<PendingModelRun[]> {
  return db
    .selectFrom('summaryModelRuns as r')
    .innerJoin('articles as a', (join) => join.onRef('a.id', '=', 'r.articleId').onRef('a.bodyHash', '=', 'r.bodyHash'))
    .select(['r.id', 'r.articleId', 'r.length', 'r.text', 'r.model', 'r.promptVersion', 'r.finishedAt'])
    .where('r.state', '=', 'PENDING_REVIEW')
    .where('r.model', '=', run.model)
    .where('r.promptVersion', '=', run.promptVersion)
    .orderBy('r.finishedAt')
    .orderBy('r.id')
    .limit(limit)
    .execute();
}

/** One run, locked for a review decision. */
export async function lockModelRun(db: Db, id: number): Promise<SummaryModelRunRow | undefined> {
  return db.selectFrom('summaryModelRuns').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setModelRunState(db: Db, id: number, state: SummaryModelState): Promise<void> {
  await db.updateTable('summaryModelRuns').set({ state }).where('id', '=', id).execute();
}
