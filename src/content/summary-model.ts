// Summaries written by a language model behind any OpenAI-compatible chat-completions endpoint
// (a hosted service, vLLM, llama.cpp's server, Ollama): the request, the prompt and what is made of
// the answer. When to call, caching and the fallback are summary-cache.ts's.
import type { SummaryModelConfig } from '../config.js';
import type { SummaryLength, SummaryRow } from '../db/tables.js';
import { SUMMARY_MAX_CHARS, SUMMARY_SENTENCES } from '../text/summarize.js';
import { checkFaithfulness } from '../text/summary-guard.js';

/**
 * The prompt's version: part of every model summary's cache key and reported with it. Change it
 * with the prompt (buildPrompt): the summaries of the old prompt are then regenerated on request.
 */
export const SUMMARY_PROMPT_VERSION = 'news-v1';

/**
 * The generator of extractive summaries (summaries.generator, migration 20261202120000). Change it with the
 * ranking in summarize.ts: stored extractive summaries of the old ranking then stop answering and are made again
 * on request. v2: MEDIUM and LONG by position-biased TextRank centrality, bare quotations kept with their speaker.
 */
export const EXTRACTIVE_GENERATOR = 'extractive-v2';

/** What made (or decided) the generated summaries a server serves: they answer only while it is the same. */
export function summaryGeneratorOf(config: SummaryModelConfig | undefined): string {
  return config ? `model:${config.model}@${SUMMARY_PROMPT_VERSION}` : EXTRACTIVE_GENERATOR;
}

/** How a model call ended: counted in /metrics as broadsheet_summary_model_total{outcome}. */
export const MODEL_OUTCOMES = ['ok', 'refused', 'timeout', 'error', 'budget'] as const;
export type ModelOutcome = (typeof MODEL_OUTCOMES)[number];

/** The model as a server uses it: its settings, its generator string and where outcomes are counted. */
export interface SummaryModel {
  config: SummaryModelConfig;
  generator: string;
  /** Counts each call's outcome (/metrics); `failure` says why one gave no model summary (for the log). */
  report(outcome: ModelOutcome, failure?: { articleId: number; length: SummaryLength; detail: string }): void;
  /**
   * The generations under way in this server: concurrent requests of one instance share one. The
   * database's claim (claimModelRuns) is what holds across instances; kept per server, not per
   * process, so that two servers in one process (the tests) behave as two instances do.
   */
  inFlight: Map<string, Promise<SummaryRow | null>>;
}

export function createSummaryModel(
  config: SummaryModelConfig,
  report: SummaryModel['report'] = () => {},
): SummaryModel {
  return { config, generator: summaryGeneratorOf(config), report, inFlight: new Map() };
}

export type ModelAnswer =
  | { outcome: 'ok'; text: string }
  | { outcome: 'refused'; text: string; detail: string }
  | { outcome: 'timeout' | 'error'; detail: string };

function buildPrompt(article: { title: string; body: string }, length: SummaryLength, maxInputChars: number) {
  const sentences = SUMMARY_SENTENCES[length];
  const body = article.body.length > maxInputChars ? `${article.body.slice(0, maxInputChars)} …` : article.body;
  return [
    {
      role: 'system',
      content:
        `You summarise news articles for readers with no time. Write ${sentences === 1 ? 'one sentence' : `${sentences} sentences`} of plain text, ` +
        'no heading, no list, no preamble. Use only facts from the article: name no person, organisation or place and give no number that the article does not.',
    },
    { role: 'user', content: `Headline: ${article.title}\n\n${body}` },
  ];
}

/** The model's text made plain: one paragraph, no wrapping quotes or "Summary:" label. */
function cleanAnswer(text: string): string {
  return text
    .replace(/^\s*(?:summary|tl;dr)\s*:\s*/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^"(.*)"$/s, '$1')
    .trim();
}

/**
 * Asks the model for a summary of the article. Never throws: a slow answer is a timeout, a failed
 * request or an answer with no usable text an error, and a summary naming what the article does not
 * is refused (checkFaithfulness).
 */
export async function askModel(
  config: SummaryModelConfig,
  article: { title: string; body: string },
  length: SummaryLength,
): Promise<ModelAnswer> {
  let response: Response;
  let payload: unknown;
  const signal = AbortSignal.timeout(config.timeoutMs);
  try {
    response = await fetch(`${config.url.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: config.model,
        messages: buildPrompt(article, length, config.maxInputChars),
        max_tokens: config.maxTokens,
        temperature: 0,
        stream: false,
      }),
      signal,
    });
    if (!response.ok) {
      await response.body?.cancel();
      return { outcome: 'error', detail: `HTTP ${response.status}` };
    }
    payload = await response.json();
  } catch (error) {
    if (signal.aborted) return { outcome: 'timeout', detail: `no answer within ${config.timeoutMs} ms` };
    return { outcome: 'error', detail: error instanceof Error ? error.message : String(error) };
  }
  const content = (payload as { choices?: { message?: { content?: unknown } }[] } | null)?.choices?.[0]?.message
    ?.content;
  if (typeof content !== 'string') return { outcome: 'error', detail: 'the answer has no choices[0].message.content' };
  const text = cleanAnswer(content);
  if (!text) return { outcome: 'error', detail: 'the answer is empty' };
  if (text.length > SUMMARY_MAX_CHARS)
    return {
      outcome: 'refused',
      text: text.slice(0, SUMMARY_MAX_CHARS),
      detail: `longer than ${SUMMARY_MAX_CHARS} characters`,
    };
  const refusal = checkFaithfulness(text, article);
  if (refusal) return { outcome: 'refused', text, detail: `not in the article: ${refusal.unsupported.join(', ')}` };
  return { outcome: 'ok', text };
}
