import { type ContentChanges, createContentChanges } from '../changes.js';
import type { Db } from '../db/database.js';
import { claimDueScheduledArticles } from '../db/queries/articles.js';
import { refreshAllPublicEntities } from '../db/queries/entities.js';
import { type ArticleEvent, type ArticleEvents, publishEvent } from '../events.js';
import { recordContentChange } from './after-write.js';

export interface PublicationScheduler {
  /** Announces every scheduled article that has come due; returns how many. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Scheduled articles become visible by themselves (the read API compares publishedAt with now);
 * what needs a timer is telling subscribers. Every instance polls, and the claim in the database
 * makes sure each publication is announced by exactly one of them.
 *
 * The same timer keeps what the public sees of entities worked out on their rows
 * (refreshPublicEntities): for the entities of scheduled articles come due, and, soon after any
 * committed write this process hears of, for the entities it touched. Reads are right without it;
 * it keeps them cheap.
 */
export function startPublicationScheduler(options: {
  db: Db;
  events: ArticleEvents;
  /**
   * The app's port (src/changes.ts): told of each publication, and heard for the entities' refresh.
   * Without one, nobody in this process hears of its publications but through the change feed.
   */
  changes?: ContentChanges;
  intervalMs: number;
  log?: (message: string) => void;
}): PublicationScheduler {
  const { db, events, intervalMs } = options;
  const changes = options.changes ?? createContentChanges();
  const log = options.log ?? (() => {});
  let running: Promise<number> | undefined;
  let refreshing: Promise<unknown> | undefined;
  let refreshAgain = false;

  const refresh = (): void => {
    if (refreshing) {
      refreshAgain = true;
      return;
    }
    refreshAgain = false;
    refreshing = refreshAllPublicEntities(db)
      .catch((error) => log(`entity refresh: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        refreshing = undefined;
        if (refreshAgain) refresh();
      });
  };
  const stopListening = intervalMs > 0 ? changes.subscribe(() => refresh()) : undefined;
  if (intervalMs > 0) refresh();

  const tick = async (): Promise<number> => {
    // The claim and its entry in the change feed commit together: a claimed article is announced
    // to every instance (through the feed), and one whose claim rolled back is claimed again.
    const { due, announced } = await db.transaction().execute(async (trx) => {
      const claimed = await claimDueScheduledArticles(trx);
      const list = claimed.flatMap((article): ArticleEvent[] => [
        {
          topic: 'article:published',
          payload: { articleId: article.id, sectionId: article.sectionId, version: article.version },
        },
        {
          topic: 'article:updated',
          id: article.id,
          payload: { articleId: article.id, version: article.version, action: 'PUBLISH', deleted: false },
        },
      ]);
      await recordContentChange(trx, { articleIds: claimed.map((a) => a.id), entityIds: [] }, list, {
        origin: changes.origin,
        scope: events.scope,
      });
      return { due: claimed, announced: list };
    });
    for (const event of announced) publishEvent(events, event);
    await changes.notify({ articleIds: due.map((a) => a.id), entityIds: [] });
    await refreshAllPublicEntities(db);
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
      stopListening?.();
      refreshAgain = false;
      await running;
      await refreshing;
    },
  };
}
