import type { Db } from '../db/database.js';
import { claimDueScheduledArticles } from '../db/queries/editorial.js';
import type { ArticleEvents } from '../events.js';
import { notifyContentChanged, reportContentChanged } from './after-write.js';

export interface PublicationScheduler {
  /** Announces every scheduled article that has come due; returns how many. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Scheduled articles become visible by themselves (the read API compares publishedAt with now);
 * what needs a timer is telling subscribers. Every instance polls, and the claim in the database
 * makes sure each publication is announced by exactly one of them.
 */
export function startPublicationScheduler(options: {
  db: Db;
  events: ArticleEvents;
  intervalMs: number;
  log?: (message: string) => void;
}): PublicationScheduler {
  const { db, events, intervalMs } = options;
  const log = options.log ?? (() => {});
  let running: Promise<number> | undefined;

  const tick = async (): Promise<number> => {
    const due = await claimDueScheduledArticles(db);
    for (const article of due) {
      events.publish('article:published', { articleId: article.id, sectionId: article.sectionId });
      events.publish('article:updated', article.id, { articleId: article.id, version: article.version, action: 'PUBLISH', deleted: false });
    }
    const change = { articleIds: due.map((a) => a.id), entityIds: [] };
    await notifyContentChanged(db, change);
    await reportContentChanged(change);
    return due.length;
  };

  const timer =
    intervalMs > 0
      ? setInterval(() => {
          if (running) return;
          running = tick()
            .catch((error) => {
              log(`scheduler: ${error instanceof Error ? error.message : String(error)}`);
              return 0;
            })
            .finally(() => {
              running = undefined;
            });
        }, intervalMs)
      : undefined;
  timer?.unref();

  return {
    tick,
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
