import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';

/** An article became visible to the public (published now, or a scheduled time came). */
export interface ArticlePublishedEvent {
  articleId: number;
  sectionId: number | null;
}

/** An article changed; `deleted` when it is gone. */
export interface ArticleUpdatedEvent {
  articleId: number;
  version: number;
  action: string;
  deleted: boolean;
}

export type ArticleTopics = {
  'article:published': [ArticlePublishedEvent];
  'article:updated': [number, ArticleUpdatedEvent];
};

export interface ArticleEvents extends PubSub<ArticleTopics> {
  close(): Promise<void>;
}

/** Events within this process only: enough for one instance. */
export function createInProcessEvents(): ArticleEvents {
  return Object.assign(createPubSub<ArticleTopics>(), { close: async () => {} });
}

type EventTarget = NonNullable<Parameters<typeof createPubSub<ArticleTopics>>[0]>['eventTarget'] & {};

/** Namespaces every channel, so that several deployments (or test runs) can share one Redis. */
function prefixed(target: EventTarget, prefix: string): EventTarget {
  return {
    addEventListener: (type, listener, options) => target.addEventListener(`${prefix}${type}`, listener, options),
    removeEventListener: (type, listener, options) => target.removeEventListener(`${prefix}${type}`, listener, options),
    dispatchEvent: (event) => target.dispatchEvent(new CustomEvent(`${prefix}${event.type}`, { detail: event.detail }) as never),
  };
}

/**
 * Events shared by every instance through Redis pub/sub: a publication made through one instance
 * reaches subscribers connected to any other.
 */
export function createRedisEvents(url: string, prefix = 'broadsheet:'): ArticleEvents {
  const publishClient = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(url, { lazyConnect: false });
  // A lost connection is retried by ioredis; it must not crash the process meanwhile.
  publishClient.on('error', () => {});
  subscribeClient.on('error', () => {});
  const eventTarget = prefixed(createRedisEventTarget({ publishClient, subscribeClient }) as EventTarget, prefix);
  return Object.assign(createPubSub<ArticleTopics>({ eventTarget }), {
    async close() {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  });
}

/** Resolves once both Redis connections are ready (tests and start-up checks). */
export async function waitForRedis(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
}
