import DataLoader from 'dataloader';
import type { Db } from '../db/database.js';
import { type GeneratedSummaryValues, upsertGeneratedSummaries } from '../db/queries/summaries.js';
import {
  type ClaimedRun,
  claimModelRuns,
  finishModelRuns,
  type RunOutcome,
  takeModelBudget,
} from '../db/queries/summary-model-runs.js';
import type { ArticleRow, SummaryLength, SummaryModelState, SummaryRow } from '../db/tables.js';
import { summarize } from '../text/summarize.js';
import { bodyHash, splitParagraphs } from '../text/text.js';
import {
  askModel,
  EXTRACTIVE_GENERATOR,
  type ModelAnswer,
  SUMMARY_PROMPT_VERSION,
  type SummaryModel,
} from './summary-model.js';

/** What generating a summary reads of its article. */
/** `language`: generated summaries are made for enriched languages only (src/languages.ts). */
export type SummarySource = Pick<ArticleRow, 'id' | 'title' | 'body'> & { language?: string };

export interface SummaryRequest {
  article: SummarySource;
  length: SummaryLength;
  bodyHash: string;
}

/** How many summaries this process has generated; tests read it to prove single flight. */
export const summaryStats = { generated: 0 };

// Requests for the same summary of the same body, from any request in this process, share one
// generation and one write while it is under way (with a model, in this server: SummaryModel.inFlight).
const extractiveInFlight = new Map<string, Promise<SummaryRow | null>>();

const requestKey = (r: { article: { id: number }; length: SummaryLength; bodyHash: string }) =>
  `${r.article.id}:${r.length}:${r.bodyHash}`;
const runKey = (r: { articleId: number; length: SummaryLength; bodyHash: string }) =>
  `${r.articleId}:${r.length}:${r.bodyHash}`;

interface Fresh {
  request: SummaryRequest;
  /** The extractive summary: what is stored without a model, and the fallback with one. */
  text: string;
  resolve: (row: SummaryRow | null) => void;
  reject: (e: unknown) => void;
}

/**
 * Generates missing or stale summaries: per request batch, a few statements for them all.
 * Concurrent first requests for the same summary generate it once. With a model (SUMMARY_MODEL_URL),
 * see generateWithModel.
 */
export function createSummaryGenerator(db: Db, model?: SummaryModel) {
  const inFlight = model?.inFlight ?? extractiveInFlight;
  return new DataLoader<SummaryRequest, SummaryRow | null, string>(
    async (requests) => {
      const fresh: Fresh[] = [];
      const results = requests.map((request) => {
        const key = requestKey(request);
        const running = inFlight.get(key);
        if (running) return running;
        const sentences = summarize(splitParagraphs(request.article.body), request.length, {
          title: request.article.title,
        });
        summaryStats.generated += 1;
        const promise = new Promise<SummaryRow | null>((resolve, reject) => {
          fresh.push({ request, text: sentences.join(' '), resolve, reject });
        });
        inFlight.set(key, promise);
        promise.then(
          () => inFlight.delete(key),
          () => inFlight.delete(key),
        );
        return promise;
      });
      // A body with no sentence has no summary, and nothing for a model to summarise either.
      const toWrite = fresh.filter((f) => f.text.length > 0);
      for (const f of fresh) if (f.text.length === 0) f.resolve(null);
      try {
        if (model) await generateWithModel(db, model, toWrite);
        else {
          const written = await upsertGeneratedSummaries(
            db,
            toWrite.map((f) => extractiveValues(f, EXTRACTIVE_GENERATOR)),
          );
          resolveWritten(toWrite, written);
        }
      } catch (error) {
        for (const f of toWrite) f.reject(error);
      }
      return Promise.all(results);
    },
    { cacheKeyFn: requestKey },
  );
}

function extractiveValues(f: Fresh, generator: string, retryAt: Date | null = null): GeneratedSummaryValues {
  const { article, length, bodyHash } = f.request;
  return { articleId: article.id, length, text: f.text, bodyHash, method: 'EXTRACTIVE', generator, retryAt };
}

function resolveWritten(fresh: readonly Fresh[], written: readonly SummaryRow[]): void {
  const byKey = new Map(written.map((row) => [`${row.articleId}:${row.length}`, row]));
  for (const f of fresh) f.resolve(byKey.get(`${f.request.article.id}:${f.request.length}`) ?? null);
}

const FAILED_STATE = { timeout: 'TIMEOUT', error: 'ERROR', budget: 'BUDGET' } as const satisfies Record<
  string,
  SummaryModelState
>;

/**
 * Summaries from the model, generated once for each (article, length, body hash, model, prompt
 * version) across every instance sharing the database:
 *
 * 1. the runs are claimed (claimModelRuns); a run another request or instance holds is answered
 *    with the extractive summary, not stored (the holder stores the outcome);
 * 2. the claimed ones take calls from the per-minute budget shared by all instances; the rest are
 *    `budget` failures;
 * 3. the model is asked, with a timeout; its summary must pass the faithfulness guard;
 * 4. the outcome is recorded on the run and the summary to serve stored: the model's (MODEL), or,
 *    when it was refused or waits for review (SUMMARY_REVIEW=required), the extractive one for
 *    good; after a timeout, an error or an exhausted budget, the extractive one until
 *    SUMMARY_MODEL_RETRY_AFTER_MS has passed, when a request may claim the run again.
 *
 * Nobody can make the model run twice for a key while a run is held or final, so anonymous
 * traffic costs at most one call per article, length and body, within the budget.
 */
async function generateWithModel(db: Db, model: SummaryModel, fresh: readonly Fresh[]): Promise<void> {
  const { config, generator } = model;
  const runs = await claimModelRuns(
    db,
    fresh.map((f) => ({ articleId: f.request.article.id, length: f.request.length, bodyHash: f.request.bodyHash })),
    {
      model: config.model,
      promptVersion: SUMMARY_PROMPT_VERSION,
      staleAfterMs: 2 * config.timeoutMs + 10_000,
      retryAfterMs: config.retryAfterMs,
    },
  );
  const runOf = new Map<string, ClaimedRun>(runs.map((r) => [runKey(r), r]));
  const keyOf = (f: Fresh) => requestKey(f.request);
  const claimed = fresh.filter((f) => runOf.get(keyOf(f))?.claimed);
  const granted = await takeModelBudget(db, claimed.length, config.maxCallsPerMinute);
  const answers = await Promise.all(
    claimed.map(
      (f, i): Promise<ModelAnswer | { outcome: 'budget'; detail: string }> =>
        i < granted
          ? askModel(config, f.request.article, f.request.length)
          : Promise.resolve({ outcome: 'budget', detail: `over ${config.maxCallsPerMinute} calls a minute` }),
    ),
  );
  const outcomes: RunOutcome[] = [];
  const values = new Map<Fresh, GeneratedSummaryValues>();
  const retryAt = new Date(Date.now() + config.retryAfterMs);
  claimed.forEach((f, i) => {
    const answer = answers[i]!;
    const id = runOf.get(keyOf(f))!.id;
    model.report(
      answer.outcome,
      answer.outcome === 'ok'
        ? undefined
        : { articleId: f.request.article.id, length: f.request.length, detail: answer.detail },
    );
    if (answer.outcome === 'ok') {
      const review = config.review === 'required';
      outcomes.push({ id, state: review ? 'PENDING_REVIEW' : 'OK', text: answer.text, detail: null });
      values.set(f, review ? extractiveValues(f, generator) : modelValues(f, answer.text, model));
    } else if (answer.outcome === 'refused') {
      outcomes.push({ id, state: 'REFUSED', text: answer.text, detail: answer.detail });
      values.set(f, extractiveValues(f, generator));
    } else {
      outcomes.push({ id, state: FAILED_STATE[answer.outcome], text: null, detail: answer.detail });
      values.set(f, extractiveValues(f, generator, retryAt));
    }
  });
  // Runs decided before (the summaries row was since overwritten, by another body say): store what they decided.
  for (const f of fresh) {
    const run = runOf.get(keyOf(f));
    if (!run || run.claimed || run.state === 'RUNNING') continue;
    if ((run.state === 'OK' || run.state === 'APPROVED') && run.text) values.set(f, modelValues(f, run.text, model));
    else if (run.state === 'TIMEOUT' || run.state === 'ERROR' || run.state === 'BUDGET') {
      values.set(
        f,
        extractiveValues(f, generator, new Date((run.finishedAt?.getTime() ?? Date.now()) + config.retryAfterMs)),
      );
    } else values.set(f, extractiveValues(f, generator));
  }
  await finishModelRuns(db, outcomes);
  const stored = fresh.filter((f) => values.has(f));
  resolveWritten(
    stored,
    await upsertGeneratedSummaries(
      db,
      stored.map((f) => values.get(f)!),
    ),
  );
  // Held elsewhere: the extractive summary now, unstored; the holder stores the outcome.
  for (const f of fresh) {
    if (values.has(f)) continue;
    const { article, length, bodyHash } = f.request;
    const now = new Date();
    f.resolve({
      articleId: article.id,
      length,
      text: f.text,
      method: 'EXTRACTIVE',
      bodyHash,
      createdAt: now,
      model: null,
      promptVersion: null,
      generator,
      retryAt: null,
    });
  }
}

function modelValues(f: Fresh, text: string, model: SummaryModel): GeneratedSummaryValues {
  const { article, length, bodyHash } = f.request;
  return {
    articleId: article.id,
    length,
    text,
    bodyHash,
    method: 'MODEL',
    model: model.config.model,
    promptVersion: SUMMARY_PROMPT_VERSION,
    generator: model.generator,
  };
}

/**
 * Which stored summary answers a request: an editorial one always; a generated one only for the
 * current body and the server's current generator, and a fallback marked for retry only until then.
 * The same rule as the summary field's SQL (src/schema/article.ts).
 */
export function pickStoredSummary(
  rows: readonly SummaryRow[],
  article: SummarySource,
  length: SummaryLength,
  generator: string,
  now = new Date(),
): { row?: SummaryRow; hash: string } {
  const editorial = rows.find((r) => r.length === length && r.method === 'EDITORIAL');
  const hash = bodyHash(article.body);
  if (editorial) return { row: editorial, hash };
  return {
    row: rows.find(
      (r) =>
        r.length === length &&
        r.method !== 'EDITORIAL' &&
        r.bodyHash === hash &&
        r.generator === generator &&
        (r.retryAt === null || r.retryAt > now),
    ),
    hash,
  };
}
