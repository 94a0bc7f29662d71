import { createHash, randomUUID } from 'node:crypto';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSub, Repeater } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { DEFAULT_REDIS_KEY_PREFIX } from './config.js';

/** An article became visible to the public (published now, or a scheduled time came). */
export interface ArticlePublishedEvent {
  articleId: number;
  sectionId: number | null;
  /** The version that became visible (its revision holds what was published; webhooks read it). */
  version: number;
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

/** One event with its topic, as the change feed carries it (src/content/change-feed.ts). */
export type ArticleEvent =
  | { topic: 'article:published'; payload: ArticlePublishedEvent }
  | { topic: 'article:updated'; id: number; payload: ArticleUpdatedEvent };

/** Publishes an event on a bus (a writer, right after its commit). */
export function publishEvent(events: PubSub<ArticleTopics>, event: ArticleEvent): void {
  if (event.topic === 'article:updated') events.publish(event.topic, event.id, event.payload);
  else events.publish(event.topic, event.payload);
}

export interface ArticleEvents extends PubSub<ArticleTopics> {
  /**
   * Names the set of subscribers a `publish` reaches: this bus alone (in-process), or every bus on
   * the same Redis and prefix. The change feed does not fire an event again where it was published.
   */
  readonly scope: string;
  /** Hands an event to this instance's own subscribers only (the change feed: each instance once). */
  deliverLocally(topic: keyof ArticleTopics, id: number | undefined, payload: unknown): void;
  close(): Promise<void>;
}

type FannedOut = Pick<ArticleEvents, 'publish' | 'subscribe' | 'deliverLocally'>;

/**
 * One subscription to the underlying pub/sub per channel (a topic, or a topic and an id), fanned
 * out to every stream on it: a stream costs an entry in a set, not a listener on the event target
 * (which warns past 10) or, with Redis, a handler per stream.
 */
function fanOut(inner: PubSub<ArticleTopics>): FannedOut {
  interface Channel {
    streams: Set<(payload: unknown) => void>;
    close: () => void;
  }
  const channels = new Map<string, Channel>();
  const open = (key: string, topic: keyof ArticleTopics, id: number | undefined): Channel => {
    const source = (inner.subscribe as unknown as (topic: string, id?: number) => AsyncIterable<unknown>)(topic, id)[
      Symbol.asyncIterator
    ]();
    const channel: Channel = { streams: new Set(), close: () => void source.return?.() };
    channels.set(key, channel);
    (async () => {
      for (;;) {
        const step = await source.next();
        if (step.done) return;
        for (const deliver of channel.streams) deliver(step.value);
      }
    })().catch(() => {});
    return channel;
  };
  const subscribe = (topic: keyof ArticleTopics, id?: number): AsyncIterable<unknown> => {
    const key = id === undefined ? topic : `${topic}:${id}`;
    return new Repeater<unknown>(async (push, stop) => {
      const channel = channels.get(key) ?? open(key, topic, id);
      // A stream whose client stopped reading loses what it cannot queue; the others are not held up.
      const deliver = (payload: unknown) => void push(payload).catch(() => {});
      channel.streams.add(deliver);
      await stop;
      channel.streams.delete(deliver);
      if (channel.streams.size === 0 && channels.get(key) === channel) {
        channels.delete(key);
        channel.close();
      }
    });
  };
  const deliverLocally = (topic: keyof ArticleTopics, id: number | undefined, payload: unknown) => {
    const channel = channels.get(id === undefined ? topic : `${topic}:${id}`);
    for (const deliver of channel?.streams ?? []) deliver(payload);
  };
  return {
    publish: inner.publish,
    subscribe: subscribe as unknown as PubSub<ArticleTopics>['subscribe'],
    deliverLocally,
  };
}

/** Events within this process only; other instances hear of its writes through the change feed (src/content/change-feed.ts). */
export function createInProcessEvents(): ArticleEvents {
  return Object.assign(fanOut(createPubSub<ArticleTopics>()), {
    scope: `process:${randomUUID()}`,
    close: async () => {},
  });
}

type EventTarget = NonNullable<Parameters<typeof createPubSub<ArticleTopics>>[0]>['eventTarget'] & {};

/** Namespaces every channel, so that several deployments (or test runs) can share one Redis. */
function prefixed(target: EventTarget, prefix: string): EventTarget {
  return {
    addEventListener: (type, listener, options) => target.addEventListener(`${prefix}${type}`, listener, options),
    removeEventListener: (type, listener, options) => target.removeEventListener(`${prefix}${type}`, listener, options),
    dispatchEvent: (event) =>
      target.dispatchEvent(new CustomEvent(`${prefix}${event.type}`, { detail: event.detail }) as never),
  };
}

/**
 * Events shared by every instance through Redis pub/sub: a publication made through one instance
 * reaches subscribers connected to any other.
 */
export function createRedisEvents(url: string, prefix = DEFAULT_REDIS_KEY_PREFIX): ArticleEvents {
  const publishClient = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(url, { lazyConnect: false });
  // A lost connection is retried by ioredis; it must not crash the process meanwhile.
  publishClient.on('error', () => {});
  subscribeClient.on('error', () => {});
  const eventTarget = prefixed(createRedisEventTarget({ publishClient, subscribeClient }) as EventTarget, prefix);
  return Object.assign(fanOut(createPubSub<ArticleTopics>({ eventTarget })), {
    // The same Redis (its URL, hashed: it may hold a password) and prefix: the same subscribers.
    scope: `redis:${createHash('sha256').update(url).digest('hex').slice(0, 16)}:${prefix}`,
    async close() {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  });
}
