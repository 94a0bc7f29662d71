import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HttpConfig } from './config.js';
import type { Metrics } from './observability/metrics.js';
import { createStreamGuard } from './stream-guard.js';
import { wantsMultipartSubscription } from './transports/multipart.js';

/**
 * The node:http server the API listens with: slow or stalled requests get node's 408 and their
 * socket closed, and a subscription stream (SSE, multipart or WebSocket) lives at most
 * `sseMaxLifetimeMs`; one whose client stops reading is closed by `streams` (src/stream-guard.ts).
 */
export function createHttpServer(
  http: HttpConfig,
  handle: (request: IncomingMessage, response: ServerResponse) => unknown,
  upgrade?: (request: IncomingMessage, socket: Duplex, head: Buffer) => void,
  metrics?: Pick<Metrics, 'slowStreams'>,
): Server {
  const streams = createStreamGuard({
    maxBufferedBytes: http.subscriptionMaxBufferedBytes,
    maxTotalBufferedBytes: http.subscriptionMaxBufferedBytesTotal,
    onOverflow: (transport) => metrics?.slowStreams.inc({ transport }),
  });
  const server = createServer(
    {
      requestTimeout: http.requestTimeoutMs,
      headersTimeout: http.headersTimeoutMs,
      // How often node looks for such requests (30 s by default, longer than the timeouts).
      connectionsCheckingInterval: Math.max(250, Math.min(5000, Math.floor(http.headersTimeoutMs / 4))),
    },
    (request, response) => {
      // A subscription stream is kept alive by pings, so no socket timeout ends it: its lifetime is
      // bounded instead. Closing it is what a client going away does; EventSource clients reconnect.
      const accept = request.headers.accept;
      if (accept?.includes('text/event-stream') || wantsMultipartSubscription(accept)) {
        const lifetime = setTimeout(() => response.destroy(), http.sseMaxLifetimeMs);
        lifetime.unref();
        const unwatch = streams.watch(request.socket, 'http');
        response.once('close', () => {
          clearTimeout(lifetime);
          unwatch();
        });
      }
      return handle(request, response);
    },
  );
  if (upgrade) {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      // The same bound for a WebSocket; graphql-ws clients reconnect too.
      const lifetime = setTimeout(() => socket.destroy(), http.sseMaxLifetimeMs);
      lifetime.unref();
      socket.once('close', () => clearTimeout(lifetime));
      streams.watch(socket, 'websocket');
      // A peer that resets the connection must not crash the process.
      socket.on('error', () => socket.destroy());
      upgrade(request, socket, head);
    });
  }
  server.once('close', () => streams.stop());
  return server;
}
