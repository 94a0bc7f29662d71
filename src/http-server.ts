import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HttpConfig } from './config.js';

/**
 * The node:http server the API listens with: slow or stalled requests get node's 408 and their
 * socket closed, and a subscription stream lives at most `sseMaxLifetimeMs`.
 */
export function createHttpServer(http: HttpConfig, handle: (request: IncomingMessage, response: ServerResponse) => unknown): Server {
  return createServer(
    {
      requestTimeout: http.requestTimeoutMs,
      headersTimeout: http.headersTimeoutMs,
      // How often node looks for such requests (30 s by default, longer than the timeouts).
      connectionsCheckingInterval: Math.max(250, Math.min(5000, Math.floor(http.headersTimeoutMs / 4))),
    },
    (request, response) => {
      // A subscription stream is kept alive by pings, so no socket timeout ends it: its lifetime is
      // bounded instead. Closing it is what a client going away does; EventSource clients reconnect.
      if (request.headers.accept?.includes('text/event-stream')) {
        const lifetime = setTimeout(() => response.destroy(), http.sseMaxLifetimeMs);
        lifetime.unref();
        response.once('close', () => clearTimeout(lifetime));
      }
      return handle(request, response);
    },
  );
}
