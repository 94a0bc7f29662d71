import { createServer, type IncomingMessage, maxHeaderSize, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HttpConfig } from './config.js';
import { ErrorCode, errorsJson } from './errors.js';
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
  server.on('clientError', answerClientError);
  server.once('close', () => streams.stop());
  return server;
}

/**
 * Errors node:http meets before there is a request to hand over: a request line and headers over
 * node's maxHeaderSize (16 kB; a long GET query), a malformed request, one that timed out. Node answers them with
 * a bare status line and no body; here the status is the same and the body a GraphQL error a
 * client can read, with a code. As node does, nothing is written once a response has begun on the
 * socket, and the socket is closed either way.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  const answer = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
  if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
    const body = errorsJson(answer.message, { code: answer.code });
    socket.write(
      `HTTP/1.1 ${answer.status}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

interface ClientErrorAnswer {
  status: string;
  code: ErrorCode;
  message: string;
}

const MALFORMED: ClientErrorAnswer = {
  status: '400 Bad Request',
  code: ErrorCode.BAD_REQUEST,
  message: 'The HTTP request is malformed',
};

const CLIENT_ERRORS: Record<string, ClientErrorAnswer> = {
  HPE_HEADER_OVERFLOW: {
    status: '431 Request Header Fields Too Large',
    code: ErrorCode.REQUEST_TOO_LARGE,
    message: `The request line and headers are over ${Math.floor(maxHeaderSize / 1024)} kB: send a long query in a POST body, or by its hash (persisted queries)`,
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: '413 Payload Too Large',
    code: ErrorCode.REQUEST_TOO_LARGE,
    message: 'The chunk extensions of the request body are too large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: '408 Request Timeout',
    code: ErrorCode.BAD_REQUEST,
    message: 'The request was not received in time',
  },
};
