import DataLoader from 'dataloader';
import type { Db } from '../db/database.js';
import { upsertGeneratedSummaries } from '../db/queries/summaries.js';
import type { ArticleRow, SummaryLength, SummaryRow } from '../db/tables.js';
import { summarize } from './summarize.js';
import { bodyHash, splitParagraphs } from './text.js';

/** What generating a summary reads of its article. */
export type SummarySource = Pick<ArticleRow, 'id' | 'title' | 'body'>;

export interface SummaryRequest {
  article: SummarySource;
  length: SummaryLength;
  bodyHash: string;
}

/** How many summaries this process has generated; tests read it to prove single flight. */
export const summaryStats = { generated: 0 };

// Requests for the same summary of the same body, from any request in this process, share one
// generation and one write while it is under way.
const inFlight = new Map<string, Promise<SummaryRow | null>>();

const flightKey = (r: SummaryRequest) => `${r.article.id}:${r.length}:${r.bodyHash}`;

/**
 * Generates missing or stale extractive summaries: per request batch, one statement stores them
 * all. Concurrent first requests for the same summary generate it once.
 */
export function createSummaryGenerator(db: Db) {
  return new DataLoader<SummaryRequest, SummaryRow | null, string>(
    async (requests) => {
      const fresh: { request: SummaryRequest; text: string; resolve: (row: SummaryRow | null) => void; reject: (e: unknown) => void }[] = [];
      const results = requests.map((request) => {
        const key = flightKey(request);
        const running = inFlight.get(key);
        if (running) return running;
        const sentences = summarize(splitParagraphs(request.article.body), request.length, { title: request.article.title });
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
      const toWrite = fresh.filter((f) => f.text.length > 0);
      for (const f of fresh) if (f.text.length === 0) f.resolve(null);
      try {
        const written = await upsertGeneratedSummaries(
          db,
          toWrite.map((f) => ({ articleId: f.request.article.id, length: f.request.length, text: f.text, bodyHash: f.request.bodyHash })),
        );
        const byKey = new Map(written.map((row) => [`${row.articleId}:${row.length}`, row]));
        for (const f of toWrite) f.resolve(byKey.get(`${f.request.article.id}:${f.request.length}`) ?? null);
      } catch (error) {
        for (const f of toWrite) f.reject(error);
      }
      return Promise.all(results);
    },
    { cacheKeyFn: flightKey },
  );
}

/** Which stored summary answers a request: an editorial one always; a generated one only for the current body. */
export function pickStoredSummary(rows: readonly SummaryRow[], article: SummarySource, length: SummaryLength): { row?: SummaryRow; hash: string } {
  const editorial = rows.find((r) => r.length === length && r.method === 'EDITORIAL');
  const hash = bodyHash(article.body);
  if (editorial) return { row: editorial, hash };
  return { row: rows.find((r) => r.length === length && r.method === 'EXTRACTIVE' && r.bodyHash === hash), hash };
}
