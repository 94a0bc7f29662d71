import { createPubSub } from 'graphql-yoga';
import type { App } from '../../src/app.js';
import type { ArticleEvents, ArticleTopics } from '../../src/events.js';

export interface Subscription {
  /** The next `next` event's payload ({ data, errors }); rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<any>;
  /** Payloads received so far and not yet taken by next(). */
  pending(): any[];
  /** Resolves when the stream ends (the server closed it, or close()), with what next() did not take. */
  ended: Promise<any[]>;
  close(): Promise<void>;
  status: number;
}

/** Opens a GraphQL subscription over server-sent events, as a browser's EventSource would. */
export async function subscribe(
  app: App,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Subscription> {
  const controller = new AbortController();
  const response = await app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  const queue: any[] = [];
  const waiters: ((value: any) => void)[] = [];
  let buffer = '';
  const decoder = new TextDecoder();
  const reader = response.body!.getReader();
  const pump = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(message)?.[1];
          const data = /^data: (.*)$/m.exec(message)?.[1];
          if (event !== 'next' || data === undefined) continue;
          const payload = JSON.parse(data);
          const waiter = waiters.shift();
          if (waiter) waiter(payload);
          else queue.push(payload);
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: response.status,
    next(timeoutMs = 5000) {
      const queued = queue.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(done), 1);
          reject(new Error(`no subscription event within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (value: any) => {
          clearTimeout(timer);
          resolve(value);
        };
        waiters.push(done);
      });
    },
    pending: () => [...queue],
    ended: pump.then(() => [...queue]),
    async close() {
      controller.abort();
      await reader.cancel().catch(() => {});
      await pump;
    },
  };
}

/**
 * In-process events that tell when a subscriber is listening: subscriptions attach their
 * listener lazily, once the stream is read, and a test must not publish before that.
 */
export function observableEvents(): ArticleEvents & { listening(topic: string, count?: number): Promise<void> } {
  const target = new EventTarget();
  const counts = new Map<string, number>();
  const wrapped = {
    addEventListener(type: string, listener: any, options?: any) {
      counts.set(type, (counts.get(type) ?? 0) + 1);
      target.addEventListener(type, listener, options);
    },
    removeEventListener(type: string, listener: any, options?: any) {
      counts.set(type, (counts.get(type) ?? 1) - 1);
      target.removeEventListener(type, listener, options);
    },
    dispatchEvent: (event: Event) => target.dispatchEvent(event),
  };
  const pubsub = createPubSub<ArticleTopics>({ eventTarget: wrapped as never });
  return Object.assign(pubsub, {
    scope: `test:${Math.random()}`,
    deliverLocally: (topic: keyof ArticleTopics, id: number | undefined, payload: unknown) =>
      (pubsub.publish as (...args: unknown[]) => void)(...(id === undefined ? [topic, payload] : [topic, id, payload])),
    close: async () => {},
    async listening(topic: string, count = 1) {
      const deadline = Date.now() + 5000;
      while ((counts.get(topic) ?? 0) < count) {
        if (Date.now() > deadline) throw new Error(`nobody listens on ${topic}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  });
}
